import type { Account } from '../../models';

/** Never the hash; the ID number only to those who manage the account (the route decides). */
export function presentAccount(a: Account) {
  return {
    id: a.id,
    username: a.username,
    name: a.name,
    role: a.role,
    staffKind: a.staffKind ?? null,
    orgId: a.orgId,
    idNumber: a.idNumber ?? null,
    phone: a.phone ?? null,
    loginYear: a.loginYear,
    permissions: a.permissions,
    seriesScope: a.seriesScope,
    specialtyScope: a.specialtyScope,
    mustChangePassword: a.mustChangePassword,
    locked: a.lockedAt !== null && a.lockedAt !== undefined,
    disabled: a.disabledAt !== null && a.disabledAt !== undefined,
    expiresAt: a.expiresAt ? a.expiresAt.toISOString() : null,
    lastLoginAt: a.lastLoginAt ? a.lastLoginAt.toISOString() : null,
    createdAt: a.createdAt.toISOString(),
  };
}
export type AccountView = ReturnType<typeof presentAccount>;
