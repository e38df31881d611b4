import { Op, type Transaction } from 'sequelize';
import { Account, Expert, MeetingExpert, MeetingLogin, type Meeting } from '../../../models';
import { conflict, unprocessable } from '../../errors';
import type { Actor } from '../../policies';
import { generateInitialPassword, hashPassword } from '../../auth/passwords';
import { revokeAllRefreshTokens } from '../../auth/tokens';
import { sessionsRevoked } from '../../sessions';
import { setupFor } from './context';
import { finishSetupChange } from './readiness';

/**
 * 专家登录信息 (seed 002 五): a login made for one meeting, with a generated username and password,
 * that stops working when the meeting ends (the account's `expiresAt` is the meeting's end, kept in
 * step when the end moves). The meeting expert then acts in the meeting through it; the password is
 * shown once, to the staff who hand it over, and never stored in clear.
 */
export interface LoginSecret {
  password: string;
  hash: string;
}

/** Hashing is slow on purpose: do it before the transaction, several at a time. */
export async function prepareLoginSecrets(n: number): Promise<LoginSecret[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const password = generateInitialPassword();
      return { password, hash: await hashPassword(password) };
    }),
  );
}

/** How many secrets issueLogins will need, read before its transaction. */
export async function loginsNeeded(meetingId: number, meetingExpertIds: number[] | undefined, reissue: boolean) {
  const where = { meetingId, ...(meetingExpertIds ? { id: { [Op.in]: meetingExpertIds } } : {}) };
  const experts = await MeetingExpert.findAll({ where, attributes: ['id'] });
  if (reissue) return experts.length;
  const have = await MeetingLogin.count({ where: { meetingExpertId: { [Op.in]: experts.map((e) => e.id) } } });
  return experts.length - have;
}

export interface IssuedLogin {
  meetingExpertId: number;
  expertName: string;
  username: string;
  password: string;
  expiresAt: string;
}

export async function issueLogins(
  actor: Actor,
  meetingId: number,
  input: { meetingExpertIds?: number[]; reissue?: boolean },
  secrets: LoginSecret[],
  t: Transaction,
): Promise<IssuedLogin[]> {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  const where = { meetingId, ...(input.meetingExpertIds ? { id: { [Op.in]: input.meetingExpertIds } } : {}) };
  const targets = await MeetingExpert.findAll({ where, order: [['id', 'ASC']], transaction: t });
  if (input.meetingExpertIds && targets.length !== new Set(input.meetingExpertIds).size) {
    throw unprocessable('not_in_meeting', 'Some experts are not in this meeting', [{ path: 'body.meetingExpertIds', message: 'unknown' }]);
  }
  const logins = await MeetingLogin.findAll({ where: { meetingId }, transaction: t });
  const byExpert = new Map(logins.map((l) => [l.meetingExpertId, l]));
  const names = new Map(
    (await Expert.findAll({ where: { id: { [Op.in]: targets.map((m) => m.expertId) } }, attributes: ['id', 'name'], transaction: t })).map((e) => [e.id, e.name]),
  );
  const issued: IssuedLogin[] = [];
  let serial = logins.length;
  for (const me of targets) {
    const existing = byExpert.get(me.id);
    if (existing && !input.reissue) continue;
    const secret = secrets.shift();
    if (!secret) throw conflict('experts_changed', 'The meeting’s experts changed meanwhile; try again');
    let account: Account;
    if (existing) {
      account = (await Account.findByPk(existing.accountId, { transaction: t, lock: t.LOCK.UPDATE }))!;
      Object.assign(account, { passwordHash: secret.hash, tokenVersion: account.tokenVersion + 1, failedLogins: 0, lockedAt: null, disabledAt: null, expiresAt: meeting.endsAt });
      await account.save({ transaction: t });
      await revokeAllRefreshTokens(account.id, t);
      const id = account.id;
      t.afterCommit(() => sessionsRevoked(id));
    } else {
      account = await createLogin(actor, meeting, me, names.get(me.expertId) ?? '评审专家', secret, () => ++serial, t);
    }
    issued.push({ meetingExpertId: me.id, expertName: account.name, username: account.username, password: secret.password, expiresAt: meeting.endsAt.toISOString() });
  }
  await finishSetupChange(actor, meeting, ['logins'], t);
  return issued;
}

/** A new temporary login for one meeting expert: `m{meetingId}-NN`, dead when the meeting ends. */
async function createLogin(actor: Actor, meeting: Meeting, me: MeetingExpert, name: string, secret: LoginSecret, nextSerial: () => number, t: Transaction) {
  let username: string;
  do username = `m${meeting.id}-${String(nextSerial()).padStart(2, '0')}`;
  while (await Account.count({ where: { username, loginYear: 0 }, transaction: t }));
  const account = await Account.create(
    {
      username,
      loginYear: 0,
      passwordHash: secret.hash,
      role: 'expert',
      orgId: meeting.ownerOrgId,
      name,
      // A disposable login handed over at the meeting: no forced change; it dies with the meeting.
      mustChangePassword: false,
      expiresAt: meeting.endsAt,
      createdById: actor.id,
    },
    { transaction: t },
  );
  await MeetingLogin.create({ meetingId: meeting.id, meetingExpertId: me.id, accountId: account.id, createdById: actor.id }, { transaction: t });
  me.accountId = account.id;
  await me.save({ transaction: t });
  return account;
}

/**
 * The logins of a copied meeting (演练副本, live/copy): every expert of the copy gets a login of its
 * own, valid until the copy ends, never the original's (whose logins die with the original). The
 * caller has checked the right to copy; the passwords are returned once, like issueLogins'.
 */
export async function issueCopyLogins(actor: Actor, copy: Meeting, secrets: LoginSecret[], t: Transaction): Promise<IssuedLogin[]> {
  const targets = await MeetingExpert.findAll({ where: { meetingId: copy.id }, order: [['id', 'ASC']], transaction: t });
  if (targets.length > secrets.length) throw conflict('experts_changed', 'The meeting’s experts changed meanwhile; try again');
  const names = new Map(
    (await Expert.findAll({ where: { id: { [Op.in]: targets.map((m) => m.expertId) } }, attributes: ['id', 'name'], transaction: t })).map((e) => [e.id, e.name]),
  );
  let serial = 0;
  const issued: IssuedLogin[] = [];
  for (const me of targets) {
    const secret = secrets.shift()!;
    const account = await createLogin(actor, copy, me, names.get(me.expertId) ?? '评审专家', secret, () => ++serial, t);
    issued.push({ meetingExpertId: me.id, expertName: account.name, username: account.username, password: secret.password, expiresAt: copy.endsAt.toISOString() });
  }
  return issued;
}

export async function expireMeetingLogins(meetingId: number, endsAt: Date, t: Transaction) {
  const logins = await MeetingLogin.findAll({ where: { meetingId }, attributes: ['accountId'], transaction: t });
  if (logins.length) await Account.update({ expiresAt: endsAt }, { where: { id: { [Op.in]: logins.map((l) => l.accountId) } }, transaction: t });
}

/**
 * A removed meeting expert (or a deleted meeting) takes its temporary login along: disabled at once,
 * sessions ended.
 */
export async function disableMeetingLogins(meetingId: number, meetingExpertId: number | null, t: Transaction) {
  const logins = await MeetingLogin.findAll({ where: { meetingId, ...(meetingExpertId ? { meetingExpertId } : {}) }, transaction: t });
  for (const l of logins) {
    const account = await Account.findByPk(l.accountId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!account) continue;
    Object.assign(account, { disabledAt: new Date(), tokenVersion: account.tokenVersion + 1 });
    await account.save({ transaction: t });
    await revokeAllRefreshTokens(account.id, t);
    t.afterCommit(() => sessionsRevoked(l.accountId));
  }
}

/** The temporary login of each meeting expert (username, expiry), for the staff's list. */
export async function loginsOf(meetingId: number, t?: Transaction) {
  const logins = await MeetingLogin.findAll({ where: { meetingId }, transaction: t });
  const accounts = await Account.findAll({ where: { id: { [Op.in]: logins.map((l) => l.accountId) } }, transaction: t });
  return new Map(
    logins.map((l) => {
      const a = accounts.find((x) => x.id === l.accountId)!;
      return [l.meetingExpertId, { username: a.username, expiresAt: a.expiresAt?.toISOString() ?? null, disabled: !!a.disabledAt }];
    }),
  );
}
