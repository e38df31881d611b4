import { type Transaction } from 'sequelize';
import { Account, Organisation } from '../../models';
import { conflict, invalidField, notFound } from '../errors';
import { authorize, type Actor } from '../policies';
import { DEFAULT_PERMISSIONS, LEADER_ONLY, type Permission, type Role, type StaffKind } from '../domain/accountTypes';
import { checkIdNumber, normaliseIdNumber } from '../domain/idNumber';
import { generateInitialPassword, hashPassword } from '../auth/passwords';
import { revokeAllRefreshTokens } from '../auth/tokens';
import { sessionsRevoked } from '../sessions';
import { resetPassword } from './orgs';

export interface NewAccountInput {
  orgId: number;
  role: Exclude<Role, 'admin'>;
  name: string;
  username?: string;
  idNumber?: string;
  phone?: string;
  staffKind?: StaffKind;
  permissions?: Permission[];
  seriesScope?: string[];
  specialtyScope?: string[];
  /** Applicant accounts: the declaration year (one account per person per year). */
  year?: number;
}

/** End of the year in China (UTC+8): policy-review accounts work for one year only (seed 004). */
export function endOfYear(year: number): Date {
  return new Date(Date.UTC(year, 11, 31, 15, 59, 59));
}

export const currentYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

export function checkIdNumberField(raw: string | undefined, path = 'body.idNumber'): string {
  if (!raw) throw invalidField(path, 'id_number_required', 'An ID number is required');
  const v = normaliseIdNumber(raw);
  const problem = checkIdNumber(v);
  if (problem) throw invalidField(path, `id_number_${problem}`, `The ID number is not valid (${problem})`);
  return v;
}

function checkPermissions(kind: StaffKind, permissions: Permission[]) {
  if (kind === 'handler') {
    const bad = permissions.find((p) => LEADER_ONLY.includes(p));
    if (bad) throw invalidField('body.permissions', 'leader_only_permission', `${bad} is for leaders only`);
  }
}

export async function createAccount(actor: Actor, input: NewAccountInput, t: Transaction) {
  const org = await Organisation.findByPk(input.orgId, { transaction: t });
  if (!org) throw invalidField('body.orgId', 'not_found', 'No such organisation');
  authorize(actor, 'account:create', { orgId: org.id, orgCode: org.code, orgStatus: org.status, role: input.role });

  let username: string;
  let loginYear = 0;
  let idNumber: string | null = null;
  let expiresAt: Date | null = null;
  let staffKind: StaffKind | null = null;
  let permissions: Permission[] = [];

  switch (input.role) {
    case 'applicant':
      idNumber = checkIdNumberField(input.idNumber);
      username = idNumber;
      loginYear = input.year ?? currentYear();
      break;
    case 'expert':
      idNumber = checkIdNumberField(input.idNumber);
      username = idNumber;
      break;
    case 'staff':
      if (!input.staffKind) throw invalidField('body.staffKind', 'staff_kind_required', 'Choose handler or leader');
      if (!input.username) throw invalidField('body.username', 'username_required', 'A username is required');
      staffKind = input.staffKind;
      permissions = input.permissions ?? DEFAULT_PERMISSIONS[staffKind];
      checkPermissions(staffKind, permissions);
      username = input.username;
      break;
    case 'policy_reviewer': {
      if (!input.seriesScope?.length) throw invalidField('body.seriesScope', 'series_scope_required', 'Choose at least one series');
      const year = input.year ?? currentYear();
      username = input.username ?? `zs${org.code}${year}${String(Date.now() % 100000).padStart(5, '0')}`;
      expiresAt = endOfYear(year);
      break;
    }
    case 'supervisor':
      if (!input.username) throw invalidField('body.username', 'username_required', 'A username is required');
      username = input.username;
      break;
  }
  if (input.idNumber && !idNumber) idNumber = checkIdNumberField(input.idNumber);

  const existing = await Account.findOne({ where: { username, loginYear }, transaction: t });
  if (existing) {
    const path = input.role === 'applicant' || input.role === 'expert' ? 'body.idNumber' : 'body.username';
    const code = input.role === 'applicant' ? 'duplicate_applicant_year' : 'duplicate_username';
    throw conflict(code, `An account ${username} already exists${loginYear ? ` for ${loginYear}` : ''}`, [{ path, message: 'taken' }]);
  }
  const initialPassword = generateInitialPassword();
  const account = await Account.create(
    {
      username,
      loginYear,
      passwordHash: await hashPassword(initialPassword),
      role: input.role,
      staffKind,
      orgId: org.id,
      name: input.name,
      idNumber,
      phone: input.phone ?? null,
      permissions,
      seriesScope: input.seriesScope ?? [],
      specialtyScope: input.specialtyScope ?? [],
      expiresAt,
      mustChangePassword: true,
      createdById: actor.id,
    },
    { transaction: t },
  );
  return { account, initialPassword };
}

export async function loadAccountSubject(id: number, t: Transaction) {
  const account = await Account.findByPk(id, {
    include: [{ model: Organisation, as: 'org' }],
    transaction: t,
    lock: { level: t.LOCK.UPDATE, of: Account },
  });
  if (!account) throw notFound('account');
  const org = (account as Account & { org: Organisation }).org;
  return { account, subject: { id: account.id, role: account.role, orgId: account.orgId, orgCode: org.code } };
}

export interface AccountChanges {
  name?: string;
  phone?: string | null;
  staffKind?: StaffKind;
  permissions?: Permission[];
  seriesScope?: string[];
  specialtyScope?: string[];
}

export async function updateAccount(actor: Actor, id: number, changes: AccountChanges, t: Transaction) {
  const { account, subject } = await loadAccountSubject(id, t);
  authorize(actor, 'account:update', subject);
  if ((changes.staffKind || changes.permissions) && account.role !== 'staff') {
    throw invalidField('body.permissions', 'not_staff', 'Only staff accounts have permissions');
  }
  const kind = changes.staffKind ?? account.staffKind;
  if (kind) checkPermissions(kind, changes.permissions ?? account.permissions);
  Object.assign(account, changes);
  await account.save({ transaction: t });
  return account;
}

/** Accounts with history are never deleted (seed 004): disabling ends every session at once. */
export async function setAccountDisabled(actor: Actor, id: number, disabled: boolean, t: Transaction) {
  const { account, subject } = await loadAccountSubject(id, t);
  authorize(actor, disabled ? 'account:disable' : 'account:enable', subject);
  if (disabled) {
    if (account.disabledAt) throw conflict('already_disabled', 'The account is already disabled');
    account.disabledAt = new Date();
    account.tokenVersion += 1;
    await account.save({ transaction: t });
    await revokeAllRefreshTokens(account.id, t);
    t.afterCommit(() => sessionsRevoked(account.id));
  } else {
    account.disabledAt = null;
    await account.save({ transaction: t });
  }
  return account;
}

export async function resetAccountPassword(actor: Actor, id: number, t: Transaction) {
  const { account, subject } = await loadAccountSubject(id, t);
  authorize(actor, 'account:resetPassword', subject);
  const initialPassword = await resetPassword(account, t);
  return { account, initialPassword };
}

/** Only an account that never signed in may be deleted; anything else is disabled instead. */
export async function deleteAccount(actor: Actor, id: number, t: Transaction) {
  const { account, subject } = await loadAccountSubject(id, t);
  authorize(actor, 'account:delete', subject);
  if (account.lastLoginAt) throw conflict('account_has_history', 'This account has history; disable it instead');
  await account.destroy({ transaction: t });
}
