import { z } from 'zod';
import { pageQuery } from '../../http/route';
import { COMMITTEE_TYPES, LEVELS } from '../../domain/titles';

const when = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const committeeBody = z
  .object({
    /** 评委会编码: the committees' own numbering. */
    code: z.string().regex(/^[A-Za-z0-9_-]{2,40}$/),
    name: z.string().trim().min(2).max(200),
    seriesCode: z.string().regex(/^[\w-]{1,40}$/),
    type: z.enum(COMMITTEE_TYPES),
    ownerOrgId: z.number().int().positive(),
    levels: z.array(z.enum(LEVELS)).min(1).max(5),
    specialties: z.array(z.string().regex(/^[\w-]{1,40}$/)).max(100).default([]),
    materialDeadline: when.nullable().optional(),
    validFrom: when.nullable().optional(),
    validUntil: when.nullable().optional(),
    note: z.string().trim().max(2000).nullable().optional(),
  })
  .strict();

export const committeePatch = committeeBody
  .pick({ name: true, levels: true, specialties: true, materialDeadline: true, validFrom: true, validUntil: true, note: true })
  .partial()
  .extend({ status: z.enum(['active', 'disabled']).optional(), statusReason: z.string().trim().max(500).nullable().optional() })
  .strict();

export const committeeQuery = z
  .object({
    ...pageQuery,
    seriesCode: z.string().regex(/^[\w-]{1,40}$/).optional(),
    level: z.enum(LEVELS).optional(),
    ownerOrgId: z.coerce.number().int().positive().optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict();

export const committeeView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  seriesCode: z.string(),
  type: z.enum(COMMITTEE_TYPES),
  typeName: z.string(),
  owner: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
  levels: z.array(z.enum(LEVELS)),
  specialties: z.array(z.string()),
  status: z.string(),
  statusReason: z.string().nullable(),
  materialDeadline: z.string().nullable(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  note: z.string().nullable(),
});
