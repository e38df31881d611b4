import { z } from 'zod';
import { DECLARATION_STATUSES, DECLARATION_TYPES, LEVELS, ROUTES, STEPS } from '../../domain/titles';
import { SECTION_KEYS, type SectionKey } from '../../domain/sections';

export const settingsBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    seriesCode: z.string().regex(/^[\w-]{1,40}$/),
    level: z.enum(LEVELS),
    qualificationId: z.number().int().positive(),
    specialtyId: z.number().int().positive().nullable().optional(),
    route: z.enum(ROUTES),
    declType: z.enum(DECLARATION_TYPES),
  })
  .strict();

export const settingsPatchBody = settingsBody.omit({ year: true }).partial().strict();

export const declarationView = z.object({
  id: z.number(),
  year: z.number(),
  applicant: z.object({ id: z.number(), name: z.string() }),
  org: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
  seriesCode: z.string(),
  seriesName: z.string().nullable(),
  level: z.enum(LEVELS),
  levelName: z.string(),
  qualificationId: z.number(),
  qualificationName: z.string().nullable(),
  specialty: z.object({ code: z.string(), name: z.string() }).nullable(),
  route: z.enum(ROUTES),
  routeName: z.string(),
  declType: z.enum(DECLARATION_TYPES),
  declTypeName: z.string(),
  status: z.enum(DECLARATION_STATUSES),
  statusName: z.string(),
  step: z.enum(STEPS).nullable(),
  stepName: z.string().nullable(),
  currentOrg: z.object({ id: z.number(), name: z.string() }).nullable(),
  committee: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
  policyResubmit: z.boolean(),
  version: z.number(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  can: z.array(z.string()),
});

export const flowEntryView = z.object({
  id: z.number(),
  seq: z.number(),
  action: z.string(),
  actorName: z.string().nullable(),
  actorRole: z.string(),
  orgId: z.number().nullable(),
  orgName: z.string().nullable(),
  step: z.string().nullable(),
  fromStatus: z.string(),
  toStatus: z.string(),
  opinion: z.string().nullable(),
  at: z.string(),
});

export const fileView = z.object({
  id: z.number(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  purpose: z.string(),
  slot: z.string().nullable(),
  sha256: z.string(),
  createdAt: z.string(),
});

export const declarationDetail = declarationView.extend({
  idNumber: z.string(),
  path: z.array(z.object({ id: z.number(), name: z.string() })),
  sections: z.record(z.string(), z.unknown()),
  files: z.array(fileView),
  flow: z.array(flowEntryView),
  requiredMaterials: z.array(z.object({ key: z.string(), name: z.string(), required: z.boolean() })),
  policyFirst: z.object({ result: z.string(), opinion: z.string().nullable(), byName: z.string().nullable(), at: z.string() }).nullable(),
});

export const sectionParams = z.object({ id: z.coerce.number().int().positive() }).strict();
export const fileParams = z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() }).strict();

export const uploadFields = z
  .object({
    section: z.enum([...SECTION_KEYS, 'photo'] as unknown as [SectionKey | 'photo', ...Array<SectionKey | 'photo'>]),
    slot: z.string().regex(/^[\w-]{1,64}$/).optional(),
  })
  .strict();

export const withdrawBody = z.object({ reason: z.string().trim().max(500).optional() }).strict();
