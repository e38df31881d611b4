import { z } from 'zod';
import { OPINION_FIELDS } from '../../domain/meetingTypes';
import { pageQuery } from '../../http/route';
import { dateTime, decision } from '../committees/schema';

const fraction = z
  .tuple([z.number().int().min(1).max(100), z.number().int().min(1).max(100)])
  .refine(([n, d]) => n <= d, 'numerator ≤ denominator')
  .readonly();
export const voteRules = z
  .object({
    quorum: z.object({ fraction, inclusive: z.boolean() }).strict(),
    pass: z.object({ base: z.enum(['present', 'members', 'cast']), fraction, inclusive: z.boolean() }).strict(),
  })
  .strict();

export const meetingOptions = z
  .object({
    blindReview: z.boolean(),
    defense: z.boolean(),
    ballotMode: z.enum(['secret', 'named']),
    signInBy: z.enum(['staff', 'self', 'both']),
    closeWhenAllVoted: z.boolean(),
    enforceOddCommittee: z.boolean(),
    /** 小组投票 before the committee vote; the live meeting reads it, so setup must be able to set it. */
    requireGroupVote: z.boolean(),
    sharedOpinionFields: z.array(z.enum(OPINION_FIELDS)).max(OPINION_FIELDS.length),
  })
  .strict();

const ids = z.array(z.number().int().positive()).max(50);
const fields = {
  name: z.string().trim().min(2).max(200),
  startsAt: dateTime,
  endsAt: dateTime,
  address: z.string().trim().max(200).nullable().optional(),
  notes: z.string().trim().max(5000).nullable().optional(),
  committeeIds: ids.min(1),
  staffAccountIds: ids.optional(),
  options: meetingOptions.partial().optional(),
  voteRules: voteRules.optional(),
};
export const createMeetingBody = z.object(fields).strict();
export const updateMeetingBody = z.object(fields).partial().strict();

export const listMeetingsQuery = z
  .object({ ...pageQuery, state: z.enum(['active', 'history', 'all']).default('active'), status: z.enum(['setup', 'ready', 'running', 'closed']).optional() })
  .strict();

const criterion = z.object({
  key: z.string().trim().regex(/^[\w-]{1,32}$/, 'letters, digits, _ or -'),
  name: z.string().trim().min(1).max(100),
  weight: z.number().int().min(0).max(100),
  max: z.number().min(0).max(1000),
});
export const standardBody = z.object({ criteria: z.array(criterion.strict()).max(50) }).strict();
export const planBody = z.object({ kind: z.enum(['normal', 'special']), text: z.string().trim().min(1).max(20000) }).strict();
export { decision };

const problem = z.object({ code: z.string(), message: z.string(), groupId: z.number().optional(), meetingApplicantId: z.number().optional(), count: z.number().optional() });
export const readinessView = z.object({ ready: z.boolean(), blocking: z.array(problem), warnings: z.array(problem), committeeSize: z.number() });

export const meetingView = z.object({
  id: z.number(),
  name: z.string(),
  ownerOrgId: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  status: z.enum(['setup', 'ready', 'running', 'closed']),
  options: meetingOptions,
  voteRules,
  planKind: z.enum(['normal', 'special']),
  planText: z.string().nullable(),
  planStatus: z.enum(['draft', 'submitted', 'handler_approved', 'approved', 'returned']),
  planOfficeOrgId: z.number().nullable(),
  standard: z.array(criterion),
  standardStatus: z.enum(['draft', 'submitted', 'approved', 'confirmed', 'returned']),
});

export const groupSummary = z.object({
  id: z.number(),
  name: z.string(),
  specialties: z.array(z.string()),
  size: z.number(),
  room: z.string().nullable(),
  position: z.number(),
  stage: z.string(),
  experts: z.number(),
  applicants: z.number(),
  leaderId: z.number().nullable(),
});

export const meetingDetail = meetingView.extend({
  committees: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), seriesCode: z.string() })),
  staffAccountIds: z.array(z.number()),
  groups: z.array(groupSummary),
  readiness: readinessView,
  /** The signed-in expert's own place in the meeting. */
  me: z.object({ meetingExpertId: z.number(), title: z.string(), groupId: z.number().nullable(), isGroupLeader: z.boolean() }).nullable(),
  can: z.array(z.string()),
});

export const meetingListItem = meetingView.pick({ id: true, name: true, ownerOrgId: true, startsAt: true, endsAt: true, address: true, status: true, planStatus: true, standardStatus: true });

export const logView = z.object({ items: z.array(z.object({ id: z.number(), subject: z.string(), action: z.string(), actorName: z.string(), opinion: z.string().nullable(), createdAt: z.string() })) });
