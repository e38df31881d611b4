import crypto from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { Op, type Transaction } from 'sequelize';
import { Account, RefreshToken } from '../../models';
import { SIGNING_ALG, type SigningKeys } from './keys';
import { unauthenticated } from '../errors';

export interface AccessClaims {
  sub: string;
  /** token version: must equal the account's, else the token was revoked */
  tv: number;
  role: string;
  org: number;
  exp: number;
}

export interface TokenSettings {
  keys: SigningKeys;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

let settings: TokenSettings | null = null;
export function configureTokens(s: TokenSettings) {
  settings = s;
}
function cfg(): TokenSettings {
  if (!settings) throw new Error('tokens not configured');
  return settings;
}

const ISSUER = 'zhicheng';

export async function issueAccessToken(account: Account): Promise<{ token: string; expiresAt: number }> {
  const { keys, accessTtlSeconds } = cfg();
  const expiresAt = Math.floor(Date.now() / 1000) + accessTtlSeconds;
  const token = await new SignJWT({ tv: account.tokenVersion, role: account.role, org: account.orgId })
    .setProtectedHeader({ alg: SIGNING_ALG, kid: keys.kid })
    .setSubject(String(account.id))
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(keys.privateKey);
  return { token, expiresAt };
}

export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  const { keys } = cfg();
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, { issuer: ISSUER, algorithms: [SIGNING_ALG] });
    if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number' || typeof payload.exp !== 'number') {
      throw unauthenticated('token_invalid', 'Malformed token');
    }
    return payload as unknown as AccessClaims;
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthenticated('token_expired', 'The token has expired');
    if (e instanceof joseErrors.JOSEError) throw unauthenticated('token_invalid', 'The token is not valid');
    throw e;
  }
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export async function issueRefreshToken(account: Account, t: Transaction, familyId: string = crypto.randomUUID()): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await RefreshToken.create(
    {
      accountId: account.id,
      tokenHash: sha256(token),
      familyId,
      expiresAt: new Date(Date.now() + cfg().refreshTtlSeconds * 1000),
    },
    { transaction: t },
  );
  return token;
}

/**
 * Rotation: a refresh token works once. Presenting a used one means it was copied, so the whole
 * family (every token descended from that sign-in) is revoked.
 */
export async function rotateRefreshToken(
  token: string,
  t: Transaction,
): Promise<{ account: Account; refreshToken: string } | { reused: true }> {
  const row = await RefreshToken.findOne({ where: { tokenHash: sha256(token) }, transaction: t, lock: t.LOCK.UPDATE });
  if (row?.revokedAt) {
    // Say why when the account itself is the reason (disabled, expired), not just "invalid".
    const owner = await Account.findByPk(row.accountId, { transaction: t });
    if (owner?.disabledAt) throw unauthenticated('account_disabled', 'This account is disabled');
    if (owner?.expiresAt && owner.expiresAt.getTime() <= Date.now()) throw unauthenticated('account_expired', 'This account has expired');
    // Revoked by a password change or reset, a sign-out, a disabled org or a reused sibling.
    throw unauthenticated('token_revoked', 'The refresh token was revoked; sign in again');
  }
  if (!row || row.revokedAt || row.expiresAt.getTime() < Date.now()) {
    throw unauthenticated('token_invalid', 'The refresh token is not valid');
  }
  if (row.usedAt) {
    // Returned, not thrown: the revocation must commit before the caller answers 401.
    await RefreshToken.update({ revokedAt: new Date() }, { where: { familyId: row.familyId }, transaction: t });
    return { reused: true };
  }
  row.usedAt = new Date();
  await row.save({ transaction: t });
  const account = await Account.findByPk(row.accountId, { transaction: t });
  if (!account) throw unauthenticated('token_invalid', 'The refresh token is not valid');
  return { account, refreshToken: await issueRefreshToken(account, t, row.familyId) };
}

export async function revokeRefreshFamily(token: string, t: Transaction) {
  const row = await RefreshToken.findOne({ where: { tokenHash: sha256(token) }, transaction: t });
  if (row) await RefreshToken.update({ revokedAt: new Date() }, { where: { familyId: row.familyId, revokedAt: null }, transaction: t });
}

export async function revokeAllRefreshTokens(accountId: number, t: Transaction) {
  await RefreshToken.update(
    { revokedAt: new Date() },
    { where: { accountId, revokedAt: null, expiresAt: { [Op.gt]: new Date() } }, transaction: t },
  );
}
