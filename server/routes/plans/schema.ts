import { z } from 'zod';
import { pageQuery } from '../../http/route';
import { LEVELS, PLAN_STATUSES, TRANSFER_STATUSES } from '../../domain/titles';

export const planBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    seriesCode: z.string().regex(/^[\w-]{1,40}$/),
    level: z.enum(LEVELS),
    quota: z.number().int().min(0).max(100000),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export const planPatch = planBody.pick({ quota: true, note: true }).partial().strict();
export const decisionBody = z.object({ approve: z.boolean(), reason: z.string().trim().max(500).optional() }).strict();

export const planQuery = z
  .object({
    ...pageQuery,
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    status: z.enum(PLAN_STATUSES).optional(),
    /** Only plans waiting for my org's approval. */
    pendingMine: z.enum(['true', 'false']).default('false'),
  })
  .strict();

export const planView = z.object({
  id: z.number(),
  org: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
  year: z.number(),
  seriesCode: z.string(),
  level: z.enum(LEVELS),
  levelName: z.string(),
  quota: z.number(),
  note: z.string().nullable(),
  status: z.enum(PLAN_STATUSES),
  statusName: z.string(),
  approvingOrg: z.object({ id: z.number(), name: z.string() }).nullable(),
  history: z.array(z.object({ orgName: z.string(), byName: z.string(), action: z.string(), reason: z.string().nullable(), at: z.string() })),
  approvedAt: z.string().nullable(),
  can: z.array(z.string()),
});

export const statsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) }).strict();
export const statsRow = z.object({
  org: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  seriesCode: z.string(),
  level: z.enum(LEVELS),
  levelName: z.string(),
  quota: z.number(),
  used: z.number(),
  remaining: z.number(),
  submitted: z.number(),
  passed: z.number(),
});

export const transferBody = z
  .object({ idNumber: z.string().trim().min(15).max(18), year: z.number().int().min(2000).max(2100).optional(), note: z.string().trim().max(500).optional() })
  .strict();
export const transferQuery = z
  .object({ ...pageQuery, direction: z.enum(['incoming', 'outgoing', 'all']).default('all'), status: z.enum(TRANSFER_STATUSES).optional() })
  .strict();
export const transferView = z.object({
  id: z.number(),
  person: z.object({ accountId: z.number(), name: z.string(), idNumber: z.string().nullable() }),
  fromOrg: z.object({ id: z.number(), name: z.string() }).nullable(),
  toOrg: z.object({ id: z.number(), name: z.string() }).nullable(),
  status: z.enum(TRANSFER_STATUSES),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  can: z.array(z.string()),
});
