import { z } from 'zod';
import { COMMITTEE_TYPES, LEVELS } from '../../domain/titles';
import { pageQuery } from '../../http/route';

/** An ISO date-time with an offset, as a Date. */
export const dateTime = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
export const opinion = z.string().trim().min(1).max(500).nullable().optional();
export const decision = z.object({ approve: z.boolean(), opinion }).strict();
export const specialtyCodes = z.array(z.string().trim().min(1).max(40)).max(100);

const foundingUnit = z
  .object({
    orgId: z.number().int().positive().nullable().optional(),
    name: z.string().trim().min(2).max(200).optional(),
    creditCode: z
      .string()
      .trim()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '18-character unified social credit code')
      .nullable()
      .optional(),
  })
  .strict();
const feeItem = z
  .object({ item: z.string().trim().min(1).max(100), amount: z.number().min(0).max(1_000_000), note: z.string().trim().max(200).nullable().optional() })
  .strict();

const fields = {
  name: z.string().trim().min(2).max(200),
  levels: z.array(z.enum(LEVELS)).min(1).max(5),
  specialties: specialtyCodes.optional(),
  materialDeadline: dateTime.nullable().optional(),
  validFrom: dateTime.nullable().optional(),
  validUntil: dateTime.nullable().optional(),
  note: z.string().trim().max(2000).nullable().optional(),
  foundingUnits: z.array(foundingUnit).max(50).optional(),
  feeItems: z.array(feeItem).max(50).optional(),
};

export const createCommitteeBody = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{2,40}$/, 'letters, digits and -')
      .optional(),
    seriesCode: z.string().trim().min(1).max(40),
    type: z.enum(COMMITTEE_TYPES),
    ownerOrgId: z.number().int().positive(),
    ...fields,
  })
  .strict();

export const updateCommitteeBody = z.object(fields).partial().strict();
export const disableBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();

export const listCommitteesQuery = z
  .object({
    ...pageQuery,
    state: z.enum(['active', 'history', 'all']).default('active'),
    q: z.string().trim().max(50).optional(),
    seriesCode: z.string().trim().max(40).optional(),
    /** Only committees that review this level. */
    level: z.enum(LEVELS).optional(),
    ownerOrgId: z.coerce.number().int().positive().optional(),
  })
  .strict();

export const committeeView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  seriesCode: z.string(),
  type: z.enum(COMMITTEE_TYPES),
  typeLabel: z.string(),
  ownerOrgId: z.number(),
  ownerOrgName: z.string().nullable(),
  levels: z.array(z.string()),
  specialties: z.array(z.string()),
  status: z.enum(['active', 'disabled']),
  statusReason: z.string().nullable(),
  materialDeadline: z.string().nullable(),
  materialDeadlinePassed: z.boolean(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  note: z.string().nullable(),
});

export const committeeDetail = committeeView.extend({
  foundingUnits: z.array(z.object({ id: z.number(), orgId: z.number().nullable(), name: z.string(), creditCode: z.string().nullable() })),
  feeItems: z.array(z.object({ id: z.number(), item: z.string(), amount: z.number(), amountFen: z.number(), note: z.string().nullable() })),
  can: z.array(z.string()),
});

export const commissionBody = z.object({ year: z.number().int().min(2000).max(2100), note: z.string().trim().max(500).nullable().optional() }).strict();
export const commissionDecision = z.object({ accept: z.boolean(), opinion }).strict();
export const commissionView = z.object({
  id: z.number(),
  committeeId: z.number(),
  committeeName: z.string().nullable(),
  orgId: z.number(),
  orgName: z.string().nullable(),
  year: z.number(),
  status: z.enum(['pending', 'accepted', 'refused', 'withdrawn']),
  note: z.string().nullable(),
  opinion: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const listCommissionsQuery = z.object({ side: z.enum(['incoming', 'outgoing']).default('incoming'), status: z.enum(['pending', 'accepted', 'refused', 'withdrawn']).optional() }).strict();
