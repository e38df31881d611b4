import { z } from 'zod';
import { ROLES, STAFF_KINDS, PERMISSIONS } from '../../domain/accountTypes';

export const loginBody = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict();

export const refreshBody = z.object({ refreshToken: z.string().min(10).max(200).optional() }).strict();

export const changePasswordBody = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(1).max(256),
  })
  .strict();

export const accountView = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  staffKind: z.enum(STAFF_KINDS).nullable(),
  orgId: z.number(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  loginYear: z.number(),
  permissions: z.array(z.enum(PERMISSIONS)),
  seriesScope: z.array(z.string()),
  specialtyScope: z.array(z.string()),
  mustChangePassword: z.boolean(),
  locked: z.boolean(),
  disabled: z.boolean(),
  expiresAt: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

export const orgBrief = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: z.string().nullable(),
  status: z.string(),
});

export const sessionView = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.number(),
  refreshToken: z.string(),
  account: accountView,
  org: orgBrief,
  mustChangePassword: z.boolean(),
});

export const meView = z.object({
  account: accountView,
  org: orgBrief,
  /** Actions the account could take somewhere, so the client shows only its menus. */
  can: z.array(z.string()),
});
