import { z } from 'zod';
import { ORG_CATEGORIES, ORG_KINDS, ORG_NATURES, ORG_STATUSES } from '../../domain/orgTypes';
import { pageQuery } from '../../http/route';

const name = z.string().trim().min(2).max(100);

export const orgProfile = z
  .object({
    contactName: z.string().trim().max(50).optional(),
    contactPhone: z
      .string()
      .trim()
      .regex(/^[\d+\- ]{5,20}$/, 'digits, spaces, + and - only')
      .optional(),
    email: z.email().max(100).optional(),
    address: z.string().trim().max(200).optional(),
    nature: z.enum(ORG_NATURES).optional(),
    creditCode: z
      .string()
      .trim()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, '18-character unified social credit code')
      .optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict();

export const createOrgBody = z
  .object({
    parentId: z.number().int().positive(),
    name,
    kind: z.enum(ORG_KINDS),
    category: z.enum(ORG_CATEGORIES).optional(),
    serial: z.number().int().min(1).max(9999).optional(),
    adminUsername: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,64}$/)
      .optional(),
    adminName: z.string().trim().min(2).max(50).optional(),
    profile: orgProfile.optional(),
  })
  .strict();

export const submitProfileBody = z.object({ name: name.optional(), profile: orgProfile }).strict();

export const decisionBody = z
  .object({
    approve: z.boolean(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict()
  .refine((b) => b.approve || b.reason, { message: 'A refusal needs a reason', path: ['reason'] });

export const moveBody = z.object({ newParentId: z.number().int().positive() }).strict();

export const orgView = z.object({
  id: z.number(),
  code: z.string(),
  parentId: z.number().nullable(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  category: z.enum(ORG_CATEGORIES),
  level: z.string().nullable(),
  status: z.enum(ORG_STATUSES),
  statusReason: z.string().nullable(),
  pendingParentId: z.number().nullable(),
  profile: orgProfile,
  createdAt: z.string(),
});

export const orgDetailView = orgView.extend({
  parent: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
  pendingParent: z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable(),
  /** What the viewer may do to this organisation. */
  can: z.array(z.string()),
});

export const listOrgsQuery = z
  .object({
    ...pageQuery,
    q: z.string().trim().max(100).optional(),
    kind: z.enum(ORG_KINDS).optional(),
    status: z.enum(ORG_STATUSES).optional(),
    parentId: z.coerce.number().int().positive().optional(),
  })
  .strict();

export const treeQuery = z.object({ rootId: z.coerce.number().int().positive().optional() }).strict();

export const lookupQuery = z.object({ code: z.string().regex(/^\d{2,40}$/) }).strict();

export const createdOrgView = z.object({
  org: orgView,
  admin: z.object({ id: z.number(), username: z.string(), initialPassword: z.string() }),
});

export const resetView = z.object({ username: z.string(), initialPassword: z.string() });
