import { z } from 'zod';
import { pageQuery } from '../../http/route';
import { APPEAL_KINDS, APPEAL_STATUSES, FILING_ATTACHMENTS, FILING_STATUSES, ITEM_OUTCOMES, REPORT_STATUSES } from '../../domain/after';
import { isDay } from '../../domain/workingDays';

/** Schemas shared by the after-meeting routes (issue 7); each router adds its own bodies. */
export const day = z.string().refine(isDay, 'A day as YYYY-MM-DD');
export const text = (max: number) => z.string().trim().min(1).max(max);

export const orgRef = z.object({ id: z.number(), name: z.string() });

export const publicityView = z.object({
  id: z.number(),
  meetingId: z.number(),
  org: orgRef,
  year: z.number(),
  title: z.string(),
  content: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  workingDays: z.number(),
  status: z.enum(['open', 'completed']),
  running: z.boolean(),
  over: z.boolean(),
  completedAt: z.string().nullable(),
});

export const itemView = z.object({
  id: z.number(),
  name: z.string(),
  employer: z.string().nullable(),
  seriesName: z.string(),
  level: z.string(),
  levelName: z.string(),
  qualification: z.string().nullable(),
  specialty: z.string().nullable(),
  meetingApplicantId: z.number().nullable(),
  declarationId: z.number().nullable(),
  result: z.enum(['passed', 'failed']).nullable(),
  votes: z.object({ members: z.number().nullable(), eligible: z.number().nullable(), yes: z.number().nullable(), no: z.number().nullable(), abstain: z.number().nullable() }).nullable(),
  outcome: z.enum(ITEM_OUTCOMES).nullable(),
  outcomeName: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  reports: z.object({ total: z.number(), open: z.number(), upheld: z.number() }).nullable(),
  certificate: z.object({ id: z.number(), number: z.string(), status: z.string() }).nullable(),
});

export const reportView = z.object({
  id: z.number(),
  itemId: z.number(),
  itemName: z.string().nullable(),
  reporterName: z.string().nullable(),
  contact: z.string().nullable(),
  content: z.string(),
  status: z.enum(REPORT_STATUSES),
  statusName: z.string(),
  handlingOpinion: z.string().nullable(),
  handledAt: z.string().nullable(),
  createdAt: z.string(),
});

export const appealView = z.object({
  id: z.number(),
  itemId: z.number(),
  declarationId: z.number(),
  name: z.string(),
  meetingName: z.string().nullable(),
  kind: z.enum(APPEAL_KINDS),
  kindName: z.string(),
  content: z.string(),
  status: z.enum(APPEAL_STATUSES),
  statusName: z.string(),
  handlingOpinion: z.string().nullable(),
  handledAt: z.string().nullable(),
  createdAt: z.string(),
});

export const filingView = z.object({
  id: z.number(),
  meetingId: z.number(),
  meetingName: z.string().nullable(),
  publicityId: z.number(),
  org: orgRef,
  office: orgRef,
  status: z.enum(FILING_STATUSES),
  statusName: z.string(),
  note: z.string().nullable(),
  files: z.object(Object.fromEntries(FILING_ATTACHMENTS.map((k) => [k, z.number().nullable()])) as Record<(typeof FILING_ATTACHMENTS)[number], z.ZodNullable<z.ZodNumber>>),
  filingNumber: z.string().nullable(),
  filedOn: z.string().nullable(),
  reviewOpinion: z.string().nullable(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  history: z.array(z.object({ action: z.string(), by: z.string(), opinion: z.string().nullable(), at: z.string() })),
  can: z.array(z.string()),
});

export const certificateView = z.object({
  id: z.number(),
  number: z.string(),
  verifyCode: z.string(),
  status: z.enum(['valid', 'revoked']),
  source: z.enum(['issued', 'imported']),
  name: z.string(),
  idNumber: z.string(),
  employerName: z.string().nullable(),
  seriesCode: z.string(),
  seriesName: z.string(),
  level: z.string(),
  levelName: z.string(),
  qualificationName: z.string(),
  specialtyName: z.string().nullable(),
  committeeName: z.string().nullable(),
  filingNumber: z.string().nullable(),
  approvedOn: z.string().nullable(),
  issuedOn: z.string(),
  year: z.number(),
  issuingUnit: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
  declarationId: z.number().nullable(),
  revokeReason: z.string().nullable(),
  revokedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  reportBatch: z.string().nullable(),
});

export const verificationView = z.object({
  status: z.enum(['valid', 'revoked']),
  number: z.string(),
  name: z.string(),
  maskedIdNumber: z.string(),
  employerName: z.string().nullable(),
  seriesName: z.string(),
  levelName: z.string(),
  qualificationName: z.string(),
  specialtyName: z.string().nullable(),
  issuingUnit: z.string().nullable(),
  issuedOn: z.string(),
  revokedOn: z.string().nullable(),
});

export const meetingsQuery = z.object({ ...pageQuery, state: z.enum(['open', 'history', 'all']).default('open') }).strict();
export const filingsQuery = z.object({ ...pageQuery, status: z.enum(FILING_STATUSES).optional() }).strict();
export const appealsQuery = z.object({ ...pageQuery, status: z.enum(APPEAL_STATUSES).optional(), meetingId: z.coerce.number().int().positive().optional() }).strict();
export const attachmentParams = z.object({ id: z.coerce.number().int().positive(), kind: z.enum(FILING_ATTACHMENTS) }).strict();
