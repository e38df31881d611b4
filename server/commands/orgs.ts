import { Op, type Transaction } from 'sequelize';
import { Account, Organisation, RefreshToken } from '../../models';
import { announce } from '../announce';
import { conflict, invalidField, notFound, unprocessable } from '../errors';
import {
  categoriesFor,
  checkChildCode,
  childOfficeLevel,
  defaultCategory,
  formatSerial,
  nextSerial,
  serialInRange,
} from '../domain/orgCode';
import type { OrgCategory, OrgKind, OrgProfile } from '../domain/orgTypes';
import { authorize, type Actor } from '../policies';
import { rooms } from '../../realtime/rooms';
import { generateInitialPassword, hashPassword } from '../auth/passwords';
import { revokeAllRefreshTokens } from '../auth/tokens';
import { sessionsRevoked } from '../sessions';

export async function loadOrgForUpdate(id: number, t: Transaction): Promise<Organisation> {
  const org = await Organisation.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!org) throw notFound('organisation');
  return org;
}

export interface NewOrgInput {
  parentId: number;
  name: string;
  kind: OrgKind;
  category?: OrgCategory;
  /** A chosen 4-digit serial within the category's range; otherwise the lowest free one. */
  serial?: number;
  /** Admin username; the code by default (the seeds hand out the code as the account). */
  adminUsername?: string;
  adminName?: string;
  profile?: OrgProfile;
}

/**
 * 创建次级机构: the parent creates a child, its code from the parent's path and the category's
 * range, and the child's admin account with a one-time initial password.
 */
export async function createOrg(actor: Actor, input: NewOrgInput, t: Transaction) {
  const parent = await loadOrgForUpdate(input.parentId, t);
  authorize(actor, 'org:create', parent);
  const category = input.category ?? defaultCategory(input.kind);
  if (!categoriesFor(input.kind).includes(category)) {
    throw invalidField('body.category', 'category_not_allowed', `A ${input.kind} cannot use the ${category} range`);
  }
  let level = null;
  if (input.kind === 'office') {
    if (parent.kind !== 'office') throw invalidField('body.kind', 'office_under_non_office', 'An office can only be under an office');
    level = childOfficeLevel(parent.level);
    if (!level) throw invalidField('body.kind', 'office_too_deep', 'A county office has no office below it');
  }
  const siblings = await Organisation.findAll({
    attributes: ['code'],
    where: { code: { [Op.like]: `${parent.code}____` } },
    transaction: t,
  });
  let serial: number;
  if (input.serial !== undefined) {
    if (!serialInRange(category, input.serial)) {
      throw invalidField('body.serial', 'serial_out_of_range', `Serial ${input.serial} is outside the ${category} range`);
    }
    serial = input.serial;
  } else {
    const free = nextSerial(category, siblings.map((s) => s.code), parent.code);
    if (free === null) throw conflict('code_range_full', `No free ${category} code under ${parent.code}`);
    serial = free;
  }
  const code = parent.code + formatSerial(serial);
  const problem = checkChildCode(code, parent.code, category);
  if (problem) throw invalidField('body.serial', `code_${problem}`, `Code ${code} is not valid: ${problem}`);
  if (siblings.some((s) => s.code === code)) {
    throw conflict('duplicate_code', `Code ${code} is taken`, [{ path: 'body.serial', message: 'taken' }]);
  }
  const org = await Organisation.create(
    {
      code,
      parentId: parent.id,
      name: input.name,
      kind: input.kind,
      category,
      level,
      status: 'pending_profile',
      profile: input.profile ?? {},
    },
    { transaction: t },
  );
  const username = input.adminUsername ?? code;
  const taken = await Account.count({ where: { username, loginYear: 0 }, transaction: t });
  if (taken) throw conflict('duplicate_username', `Username ${username} is taken`, [{ path: 'body.adminUsername', message: 'taken' }]);
  const initialPassword = generateInitialPassword();
  const admin = await Account.create(
    {
      username,
      passwordHash: await hashPassword(initialPassword),
      role: 'admin',
      orgId: org.id,
      // An account name is at most 50 characters (as adminName is); an org name may be 100.
      name: input.adminName ?? `${Array.from(input.name).slice(0, 47).join('')}管理员`,
      mustChangePassword: true,
      createdById: actor.id,
    },
    { transaction: t },
  );
  await announce(t, rooms.org(parent.id), 'org:changed', { orgId: parent.id, change: 'created', childId: org.id });
  return { org, admin, initialPassword };
}

/** 完善本单位信息: the new child's admin fills in its profile and submits it to the parent. */
export async function submitOrgProfile(actor: Actor, orgId: number, profile: OrgProfile, name: string | undefined, t: Transaction) {
  const org = await loadOrgForUpdate(orgId, t);
  authorize(actor, 'org:updateProfile', org);
  org.profile = { ...org.profile, ...profile };
  if (name) org.name = name;
  if (org.status === 'pending_profile') {
    org.status = 'pending_approval';
    org.statusReason = null;
  }
  await org.save({ transaction: t });
  if (org.parentId && org.status === 'pending_approval') {
    await announce(t, rooms.org(org.parentId), 'org:changed', { orgId: org.parentId, change: 'profile_submitted', childId: org.id });
  }
  return org;
}

export async function decideOrgApproval(actor: Actor, orgId: number, approve: boolean, reason: string | undefined, t: Transaction) {
  const org = await loadOrgForUpdate(orgId, t);
  if (org.status !== 'pending_approval') {
    throw conflict('org_not_pending', 'This organisation is not waiting for approval');
  }
  authorize(actor, 'org:approve', org);
  org.status = approve ? 'active' : 'pending_profile';
  org.statusReason = approve ? null : (reason ?? null);
  await org.save({ transaction: t });
  const change = approve ? 'approved' : 'rejected';
  await announce(t, rooms.org(org.id), 'org:changed', { orgId: org.id, change });
  await announce(t, rooms.org(org.parentId!), 'org:changed', { orgId: org.parentId!, change, childId: org.id });
  return org;
}

/** 初始化密码: the parent resets the child admin's password; every session of that admin ends. */
export async function resetOrgAdminPassword(actor: Actor, orgId: number, t: Transaction) {
  const org = await loadOrgForUpdate(orgId, t);
  authorize(actor, 'org:resetAdminPassword', org);
  const admin = await Account.findOne({
    where: { orgId: org.id, role: 'admin' },
    order: [['id', 'ASC']],
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
  if (!admin) throw notFound('admin account');
  const initialPassword = await resetPassword(admin, t);
  return { admin, initialPassword };
}

/** Shared by every reset: a new initial password, unlocked, forced change, all tokens dead. */
export async function resetPassword(account: Account, t: Transaction): Promise<string> {
  const initialPassword = generateInitialPassword();
  account.passwordHash = await hashPassword(initialPassword);
  account.mustChangePassword = true;
  account.failedLogins = 0;
  account.lockedAt = null;
  account.tokenVersion += 1;
  await account.save({ transaction: t });
  await revokeAllRefreshTokens(account.id, t);
  t.afterCommit(() => sessionsRevoked(account.id));
  return initialPassword;
}

export async function disableOrg(actor: Actor, orgId: number, t: Transaction) {
  const org = await loadOrgForUpdate(orgId, t);
  authorize(actor, 'org:disable', org);
  org.status = 'disabled';
  await org.save({ transaction: t });
  // Its people's sessions end the way a disabled account's do: access tokens, refresh tokens, sockets.
  const members = await Account.findAll({ where: { orgId: org.id }, attributes: ['id'], transaction: t });
  const ids = members.map((a) => a.id);
  if (ids.length) {
    await Account.increment('tokenVersion', { by: 1, where: { id: { [Op.in]: ids } }, transaction: t });
    await RefreshToken.update({ revokedAt: new Date() }, { where: { accountId: { [Op.in]: ids }, revokedAt: null }, transaction: t });
    t.afterCommit(() => ids.forEach((id) => sessionsRevoked(id)));
  }
  await announce(t, rooms.org(org.parentId!), 'org:changed', { orgId: org.parentId!, change: 'disabled', childId: org.id });
  return org;
}

/** 主管部门更改: a unit asks to move under another parent. */
export async function requestOrgMove(actor: Actor, orgId: number, newParentId: number, t: Transaction) {
  const org = await loadOrgForUpdate(orgId, t);
  authorize(actor, 'org:requestMove', org);
  if (org.kind === 'office') throw unprocessable('office_cannot_move', 'Title offices do not move');
  const target = await Organisation.findByPk(newParentId, { transaction: t });
  if (!target) throw invalidField('body.newParentId', 'not_found', 'No such organisation');
  if (target.id === org.parentId) throw invalidField('body.newParentId', 'same_parent', 'That is already the parent');
  if (target.code.startsWith(org.code)) throw invalidField('body.newParentId', 'move_into_own_subtree', 'Cannot move under itself');
  if (target.code.slice(0, 2) !== org.code.slice(0, 2)) {
    throw invalidField('body.newParentId', 'other_province', 'The new parent is in another province');
  }
  if (target.status !== 'active') throw invalidField('body.newParentId', 'parent_not_active', 'The new parent is not active');
  if (org.pendingParentId) throw conflict('move_pending', 'A move is already waiting for approval');
  org.pendingParentId = target.id;
  await org.save({ transaction: t });
  await announce(t, rooms.org(target.id), 'org:changed', { orgId: target.id, change: 'move_requested', childId: org.id });
  return org;
}

/**
 * The new parent's side approves or refuses. On approval the unit and everything below it take
 * new codes under the new parent, so subtree queries by prefix stay right.
 */
export async function decideOrgMove(actor: Actor, orgId: number, approve: boolean, reason: string | undefined, t: Transaction) {
  const org = await loadOrgForUpdate(orgId, t);
  if (!org.pendingParentId) throw conflict('no_move_pending', 'No move is waiting for approval');
  const target = await loadOrgForUpdate(org.pendingParentId, t);
  authorize(actor, 'org:approveMove', { ...org.get(), pendingParentCode: target.code });
  const oldParentId = org.parentId!;
  if (!approve) {
    org.pendingParentId = null;
    org.statusReason = reason ?? null;
    await org.save({ transaction: t });
    await announce(t, rooms.org(org.id), 'org:changed', { orgId: org.id, change: 'move_rejected' });
    return org;
  }
  const siblings = await Organisation.findAll({
    attributes: ['code'],
    where: { code: { [Op.like]: `${target.code}____` } },
    transaction: t,
  });
  const serial = nextSerial(org.category, siblings.map((s) => s.code), target.code);
  if (serial === null) throw conflict('code_range_full', `No free ${org.category} code under ${target.code}`);
  const oldCode = org.code;
  const newCode = target.code + formatSerial(serial);
  const subtree = await Organisation.findAll({
    where: { code: { [Op.like]: `${oldCode}%` } },
    order: [['code', 'ASC']],
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
  for (const o of subtree) {
    o.code = newCode + o.code.slice(oldCode.length);
    if (o.id === org.id) {
      o.parentId = target.id;
      o.pendingParentId = null;
      o.statusReason = null;
    }
    await o.save({ transaction: t });
  }
  await announce(t, rooms.org(org.id), 'org:changed', { orgId: org.id, change: 'moved' });
  await announce(t, rooms.org(oldParentId), 'org:changed', { orgId: oldParentId, change: 'moved', childId: org.id });
  await announce(t, rooms.org(target.id), 'org:changed', { orgId: target.id, change: 'moved', childId: org.id });
  return subtree.find((o) => o.id === org.id)!;
}

/**
 * The top of a tree (a province office) has no parent to create it: it is set up once, by the
 * installation (demo seed, or an operator), with a 2-digit code.
 */
export async function bootstrapProvince(
  input: { code: string; name: string; adminUsername: string; adminName: string; password?: string },
  t: Transaction,
) {
  if (!/^\d{2}$/.test(input.code)) throw invalidField('body.code', 'code_format', 'A province code has 2 digits');
  const existing = await Organisation.findOne({ where: { code: input.code }, transaction: t });
  if (existing) throw conflict('duplicate_code', `Code ${input.code} is taken`);
  const org = await Organisation.create(
    { code: input.code, parentId: null, name: input.name, kind: 'office', category: 'office', level: 'province', status: 'active', profile: { nature: '机关' } },
    { transaction: t },
  );
  const initialPassword = input.password ?? generateInitialPassword();
  const admin = await Account.create(
    {
      username: input.adminUsername,
      passwordHash: await hashPassword(initialPassword),
      role: 'admin',
      orgId: org.id,
      name: input.adminName,
      mustChangePassword: input.password === undefined,
    },
    { transaction: t },
  );
  return { org, admin, initialPassword };
}
