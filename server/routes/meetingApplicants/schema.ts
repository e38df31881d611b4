import { z } from 'zod';

const ids = z.array(z.number().int().positive()).min(1).max(1000);
export const addApplicantsBody = z
  .object({ declarationIds: ids.optional(), all: z.boolean().optional(), groupId: z.number().int().positive().nullable().optional() })
  .strict()
  .refine((b) => !!b.all !== !!b.declarationIds, { message: 'Give declarationIds or all: true', path: ['declarationIds'] });
export const assignBody = z.object({ meetingApplicantIds: ids, groupId: z.number().int().positive().nullable() }).strict();
export const applicantQuery = z
  .object({ groupId: z.coerce.number().int().positive().optional(), result: z.enum(['pending', 'passed', 'failed']).optional() })
  .strict();

export const applicantView = z.object({
  id: z.number(),
  declarationId: z.number(),
  blindCode: z.string(),
  groupId: z.number().nullable(),
  employerOrgId: z.number().nullable(),
  stage: z.string(),
  result: z.enum(['pending', 'passed', 'failed']),
  position: z.number(),
  recusedExperts: z.number(),
  name: z.string().nullable(),
  orgName: z.string().nullable(),
  seriesCode: z.string().nullable(),
  level: z.string().nullable(),
  qualification: z.string().nullable(),
  specialty: z.string().nullable(),
  specialtyCode: z.string().nullable(),
});
export const candidateView = z.object({
  declarationId: z.number(),
  committeeId: z.number().nullable(),
  name: z.string(),
  orgName: z.string().nullable(),
  level: z.string(),
  qualification: z.string().nullable(),
  specialty: z.string().nullable(),
  specialtyCode: z.string().nullable(),
});
export const groupAllView = z.object({
  grouped: z.number(),
  unmatched: z.array(z.object({ meetingApplicantId: z.number(), blindCode: z.string(), specialty: z.string().nullable() })),
});

export const recusalBody = z
  .object({
    expertId: z.number().int().positive(),
    meetingApplicantId: z.number().int().positive(),
    reason: z.enum(['declared', 'ordered']),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export const recusalView = z.object({
  id: z.number(),
  expertId: z.number(),
  meetingApplicantId: z.number(),
  reason: z.enum(['same_employer', 'declared', 'ordered']),
  note: z.string().nullable(),
  createdAt: z.string(),
});

/** Multipart fields arrive as text. */
export const blindOpinionFields = z
  .object({
    reviewerCode: z.string().trim().regex(/^[\w-]{1,40}$/, 'a code, not a name: letters, digits, _ or -'),
    conclusion: z.enum(['agree', 'disagree']),
    score: z.coerce.number().min(0).max(100).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export const blindOpinionUpload = blindOpinionFields.extend({ file: z.string().meta({ format: 'binary', description: 'the signed opinion (PDF), optional' }).optional() });
export const blindOpinionView = z.object({
  id: z.number(),
  meetingApplicantId: z.number(),
  reviewerCode: z.string(),
  conclusion: z.enum(['agree', 'disagree']),
  score: z.number().nullable(),
  fileId: z.number().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
