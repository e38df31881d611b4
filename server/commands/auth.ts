import { Op, type Transaction } from 'sequelize';
import { Account, Organisation } from '../../models';
import { accountLocked, forbidden, invalidCredentials, invalidField } from '../errors';
import { dummyHash, hashPassword, verifyPassword } from '../auth/passwords';
import { issueAccessToken, issueRefreshToken, revokeAllRefreshTokens } from '../auth/tokens';
import { checkPasswordPolicy } from '../domain/passwordPolicy';
import { accountBlock } from '../http/authenticate';
import { sessionsRevoked } from '../sessions';

export interface SessionTokens {
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken: string;
}

async function issueSession(account: Account, t: Transaction): Promise<SessionTokens> {
  const { token, expiresAt } = await issueAccessToken(account);
  return { accessToken: token, accessTokenExpiresAt: expiresAt, refreshToken: await issueRefreshToken(account, t) };
}

/**
 * Applicants and experts sign in with an ID number (upper-case X); an applicant has one account
 * per year, and the newest one is the one that signs in.
 */
async function findLoginAccount(username: string, t: Transaction) {
  const candidates = [username];
  if (/^\d{17}[xX]$/.test(username)) candidates.push(username.toUpperCase());
  return Account.findOne({
    where: { username: { [Op.in]: candidates } },
    order: [['loginYear', 'DESC']],
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
}

/**
 * A wrong password counts towards the lock (LOGIN_MAX_FAILURES in a row); the lock holds until an
 * administrator resets the password. Unknown usernames cost the same time as wrong passwords.
 */
export async function login(username: string, password: string, maxFailures: number, t: Transaction) {
  const account = await findLoginAccount(username.trim(), t);
  if (!account) {
    await verifyPassword(password, await dummyHash());
    throw invalidCredentials();
  }
  if (account.lockedAt) throw accountLocked();
  const ok = await verifyPassword(password, account.passwordHash);
  if (!ok) {
    account.failedLogins += 1;
    if (account.failedLogins >= maxFailures) account.lockedAt = new Date();
    await account.save({ transaction: t });
    return { failed: account.lockedAt ? ('locked' as const) : ('wrong' as const) };
  }
  const block = accountBlock(account);
  if (block) throw forbidden(block.code, block.message);
  const org = await Organisation.findByPk(account.orgId, { transaction: t });
  // A disabled unit's people cannot act anywhere; a fresh sign-in would only meet 403s.
  if (org!.status === 'disabled') throw forbidden('org_disabled', 'Your organisation has been disabled');
  account.failedLogins = 0;
  account.lastLoginAt = new Date();
  await account.save({ transaction: t });
  return { account, org: org!, tokens: await issueSession(account, t) };
}

export async function changePassword(account: Account, currentPassword: string, newPassword: string, t: Transaction) {
  if (!(await verifyPassword(currentPassword, account.passwordHash))) {
    throw invalidField('body.currentPassword', 'wrong_password', 'The current password is wrong');
  }
  const problem = checkPasswordPolicy(newPassword, account.username);
  if (problem) throw invalidField('body.newPassword', `password_${problem}`, `The new password is ${problem.replace('_', ' ')}`);
  if (currentPassword === newPassword) {
    throw invalidField('body.newPassword', 'password_unchanged', 'The new password must differ from the current one');
  }
  account.passwordHash = await hashPassword(newPassword);
  account.mustChangePassword = false;
  account.tokenVersion += 1;
  await account.save({ transaction: t });
  await revokeAllRefreshTokens(account.id, t);
  t.afterCommit(() => sessionsRevoked(account.id));
  return issueSession(account, t);
}

export async function refreshSession(account: Account): Promise<{ accessToken: string; accessTokenExpiresAt: number }> {
  const { token, expiresAt } = await issueAccessToken(account);
  return { accessToken: token, accessTokenExpiresAt: expiresAt };
}
