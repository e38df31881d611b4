import { z } from 'zod';
import { LEVELS, PATH_ENDS, ROUTES } from '../../domain/titles';
import { ORG_KINDS } from '../../domain/orgTypes';

const code = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits, _');
const name = (max: number) => z.string().trim().min(1).max(max);
const status = z.enum(['active', 'disabled']);
const material = z.object({ key: z.string().regex(/^[a-z_]{2,40}$/), name: name(100), required: z.boolean() }).strict();

export const seriesBody = z
  .object({
    code,
    name: name(50),
    levels: z.array(z.enum(LEVELS)).min(1).max(5),
    requiredMaterials: z.array(material).max(30).default([]),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
export const seriesPatch = seriesBody.omit({ code: true }).partial().extend({ status: status.optional() }).strict();

export const qualificationBody = z
  .object({ seriesId: z.number().int().positive(), level: z.enum(LEVELS), name: name(50), position: z.number().int().min(0).max(1000).optional() })
  .strict();
export const qualificationPatch = z
  .object({ level: z.enum(LEVELS).optional(), name: name(50).optional(), position: z.number().int().min(0).max(1000).optional(), status: status.optional() })
  .strict();

export const specialtyBody = z
  .object({
    seriesId: z.number().int().positive(),
    parentId: z.number().int().positive().nullable().optional(),
    code: z.string().regex(/^[\w-]{1,40}$/),
    name: name(100),
    position: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
export const specialtyPatch = z
  .object({ name: name(100).optional(), parentId: z.number().int().positive().nullable().optional(), position: z.number().int().min(0).max(1000).optional(), status: status.optional() })
  .strict();

const qualificationView = z.object({ id: z.number(), level: z.enum(LEVELS), name: z.string(), position: z.number(), status: z.string() });
const specialtyView = z.object({ id: z.number(), parentId: z.number().nullable(), code: z.string(), name: z.string(), position: z.number(), status: z.string() });
export const seriesView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  levels: z.array(z.object({ level: z.enum(LEVELS), name: z.string(), qualifications: z.array(qualificationView) })),
  specialties: z.array(specialtyView),
  requiredMaterials: z.array(material),
  position: z.number(),
  status: z.string(),
});
export { qualificationView, specialtyView };

export const catalogueQuery = z.object({ includeDisabled: z.enum(['true', 'false']).default('false') }).strict();
export const seriesCodeParams = z.object({ code }).strict();

export const reviewPathBody = z
  .object({
    seriesCode: z.union([z.literal('*'), code]).default('*'),
    level: z.enum(LEVELS),
    route: z.enum(ROUTES),
    endsAt: z.enum(PATH_ENDS),
    skipKinds: z.array(z.enum(ORG_KINDS)).max(6).default([]),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict();
export const reviewPathPatch = reviewPathBody.pick({ endsAt: true, skipKinds: true, note: true }).partial().strict();
export const reviewPathView = z.object({
  id: z.number(),
  seriesCode: z.string(),
  level: z.enum(LEVELS),
  levelName: z.string(),
  route: z.enum(ROUTES),
  routeName: z.string(),
  endsAt: z.enum(PATH_ENDS),
  endsAtName: z.string(),
  skipKinds: z.array(z.string()),
  note: z.string().nullable(),
});
