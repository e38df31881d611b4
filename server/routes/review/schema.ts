import { z } from 'zod';
import { pageQuery } from '../../http/route';
import { DECLARATION_STATUSES, LEVELS, REVIEW_ACTIONS, STEPS } from '../../domain/titles';

const filters = {
  seriesCode: z.string().regex(/^[\w-]{1,40}$/).optional(),
  level: z.enum(LEVELS).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  /** Name or ID number. */
  q: z.string().trim().min(1).max(40).optional(),
  /** Only declarations whose employer is this org or below it (申报单位 filter). */
  orgId: z.coerce.number().int().positive().optional(),
};

export const queueQuery = z.object({ ...pageQuery, ...filters, step: z.enum(STEPS) }).strict();
export const queueExportQuery = queueQuery.omit({ page: true, pageSize: true });

export const searchQuery = z
  .object({
    ...pageQuery,
    ...filters,
    status: z.enum(DECLARATION_STATUSES).optional(),
    committeeId: z.coerce.number().int().positive().optional(),
    /** Only those this org has acted on (已审核列表). */
    handledByMyOrg: z.enum(['true', 'false']).default('false'),
  })
  .strict();
export const searchExportQuery = searchQuery.omit({ page: true, pageSize: true });

const actionFields = {
  action: z.enum(REVIEW_ACTIONS),
  opinion: z.string().trim().max(2000).optional(),
  years: z.union([z.literal(1), z.literal(3), z.literal(5)]).optional(),
  committeeId: z.number().int().positive().optional(),
};

export const actionBody = z.object({ ...actionFields, version: z.number().int().positive().optional() }).strict();
export const batchBody = z.object({ ...actionFields, ids: z.array(z.number().int().positive()).min(1).max(200) }).strict();
export const batchResult = z.object({
  results: z.array(
    z.object({
      id: z.number(),
      ok: z.boolean(),
      status: z.string().optional(),
      version: z.number().optional(),
      error: z.object({ code: z.string(), message: z.string(), status: z.number() }).optional(),
    }),
  ),
  succeeded: z.number(),
  failed: z.number(),
});

export const opinionBody = z.object({ text: z.string().trim().min(1).max(500) }).strict();
export const opinionPatch = z.object({ text: z.string().trim().min(1).max(500).optional(), position: z.number().int().min(0).max(100).optional() }).strict();
export const opinionView = z.object({ id: z.number(), text: z.string(), position: z.number() });

export const blacklistQuery = z
  .object({ ...pageQuery, q: z.string().trim().max(40).optional(), active: z.enum(['true', 'false', 'all']).default('true') })
  .strict();
export const blacklistView = z.object({
  id: z.number(),
  idNumber: z.string(),
  name: z.string(),
  declarationId: z.number().nullable(),
  org: z.object({ id: z.number(), name: z.string() }).nullable(),
  years: z.number(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string().nullable(),
  liftedAt: z.string().nullable(),
  liftReason: z.string().nullable(),
  active: z.boolean(),
  source: z.string(),
  publicNotice: z.boolean(),
});
export const liftBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
