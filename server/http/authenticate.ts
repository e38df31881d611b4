import { Account, Organisation } from '../../models';
import { unauthenticated } from '../errors';
import { verifyAccessToken, type AccessClaims } from '../auth/tokens';
import type { Actor } from '../policies';

export function toActor(account: Account, org: Organisation): Actor {
  return {
    id: account.id,
    name: account.name,
    username: account.username,
    role: account.role,
    staffKind: account.staffKind ?? null,
    permissions: account.permissions,
    seriesScope: account.seriesScope,
    specialtyScope: account.specialtyScope,
    orgId: org.id,
    orgCode: org.code,
    orgKind: org.kind,
    orgLevel: org.level,
    orgStatus: org.status,
    mustChangePassword: account.mustChangePassword,
  };
}

/** Why an account may not act right now, whatever token it holds; null when it may. */
export function accountBlock(account: Account): { code: string; message: string } | null {
  if (account.disabledAt) return { code: 'account_disabled', message: 'This account is disabled' };
  if (account.expiresAt && account.expiresAt.getTime() <= Date.now()) {
    return { code: 'account_expired', message: 'This account has expired' };
  }
  return null;
}

/**
 * Shared by HTTP and the Socket.IO handshake: a valid signature is not enough, the token's version
 * must still be the account's (password change, reset and disable bump it).
 */
export async function authenticateToken(token: string): Promise<{ actor: Actor; account: Account; claims: AccessClaims }> {
  const claims = await verifyAccessToken(token);
  const account = await Account.findByPk(Number(claims.sub), { include: [{ model: Organisation, as: 'org' }] });
  if (!account) throw unauthenticated('token_invalid', 'The token is not valid');
  if (account.tokenVersion !== claims.tv) throw unauthenticated('token_revoked', 'The token was revoked; sign in again');
  const block = accountBlock(account);
  if (block) throw unauthenticated(block.code, block.message);
  const org = (account as Account & { org: Organisation }).org;
  return { actor: toActor(account, org), account, claims };
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m ? m[1] : null;
}
