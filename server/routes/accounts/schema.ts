import { z } from 'zod';
import { PERMISSIONS, ROLES, STAFF_KINDS } from '../../domain/accountTypes';
import { pageQuery } from '../../http/route';
import { accountView } from '../auth/schema';

const username = z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, '3–64 letters, digits, _ . or -');
const creatableRoles = ROLES.filter((r) => r !== 'admin') as ['staff', 'applicant', 'expert', 'policy_reviewer', 'supervisor'];
const series = z.array(z.string().regex(/^[\w-]{1,40}$/)).max(50);

export const createAccountBody = z
  .object({
    orgId: z.number().int().positive(),
    role: z.enum(creatableRoles),
    name: z.string().trim().min(2).max(50),
    username: username.optional(),
    idNumber: z.string().trim().max(18).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[\d+\- ]{5,20}$/)
      .optional(),
    staffKind: z.enum(STAFF_KINDS).optional(),
    permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).optional(),
    seriesScope: series.optional(),
    specialtyScope: series.optional(),
    year: z.number().int().min(2000).max(2100).optional(),
  })
  .strict();

export const updateAccountBody = z
  .object({
    name: z.string().trim().min(2).max(50).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[\d+\- ]{5,20}$/)
      .nullable()
      .optional(),
    staffKind: z.enum(STAFF_KINDS).optional(),
    permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length).optional(),
    seriesScope: series.optional(),
    specialtyScope: series.optional(),
  })
  .strict();

export const listAccountsQuery = z
  .object({
    ...pageQuery,
    orgId: z.coerce.number().int().positive().optional(),
    /** Include the organisations below orgId (default: only orgId itself). */
    subtree: z.enum(['true', 'false']).default('false'),
    role: z.enum(ROLES).optional(),
    q: z.string().trim().max(64).optional(),
    state: z.enum(['active', 'disabled', 'locked', 'must_change']).optional(),
  })
  .strict();

export const accountListItem = accountView.extend({
  org: z.object({ id: z.number(), code: z.string(), name: z.string() }),
  can: z.array(z.string()),
});

export const createdAccountView = z.object({ account: accountView, initialPassword: z.string() });
