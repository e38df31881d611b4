import type { Response } from 'express';
import { Account, Organisation } from '../../../models';
import type { Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { changePassword, login, refreshSession } from '../../commands/auth';
import { rotateRefreshToken, revokeRefreshFamily } from '../../auth/tokens';
import { accountLocked, invalidCredentials, notFound, unauthenticated, forbidden } from '../../errors';
import { presentAccount } from '../../presenters/account';
import { accountBlock } from '../../http/authenticate';
import { can, type Action, type Actor } from '../../policies';
import { changePasswordBody, loginBody, meView, refreshBody, sessionView } from './schema';

const REFRESH_COOKIE = 'zc_refresh';

function setRefreshCookie(res: Response, token: string, secure: boolean, maxAgeSeconds: number) {
  res.cookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/api/auth',
    maxAge: maxAgeSeconds * 1000,
  });
}

const orgBriefOf = (o: Organisation) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind, level: o.level, status: o.status });

/** Menu-level actions the client may show; checked again on every call. */
const MENU_ACTIONS: Action[] = [
  'org:create',
  'org:approve',
  'org:requestMove',
  'org:approveMove',
  'account:list',
  'account:create',
];

export function registerAuthRoutes(r: Routes, opts: { maxFailures: number; secureCookies: boolean; refreshTtlSeconds: number }) {
  r.add({
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with a username (or ID number) and password',
    tags: ['auth'],
    needs: 'public',
    body: loginBody,
    response: sessionView,
    async handler({ body, res }) {
      const result = await inTransaction((t) => login(body.username, body.password, opts.maxFailures, t));
      // The failure counter is committed before the error goes out, so the lock holds.
      if ('failed' in result) throw result.failed === 'locked' ? accountLocked() : invalidCredentials();
      setRefreshCookie(res, result.tokens.refreshToken, opts.secureCookies, opts.refreshTtlSeconds);
      return {
        ...result.tokens,
        account: presentAccount(result.account),
        org: orgBriefOf(result.org),
        mustChangePassword: result.account.mustChangePassword,
      };
    },
  });

  r.add({
    method: 'post',
    path: '/auth/refresh',
    summary: 'Exchange a refresh token (body or cookie) for a new access token; the refresh token rotates',
    tags: ['auth'],
    needs: 'public',
    body: refreshBody,
    response: sessionView,
    async handler({ body, req, res }) {
      const presented = body.refreshToken ?? (req.cookies?.[REFRESH_COOKIE] as string | undefined);
      if (!presented) throw unauthenticated('token_invalid', 'No refresh token');
      const rotated = await inTransaction((t) => rotateRefreshToken(presented, t));
      if ('reused' in rotated) throw unauthenticated('token_reused', 'The refresh token was already used; sign in again');
      const { account, refreshToken } = rotated;
      const block = accountBlock(account);
      if (block) throw unauthenticated(block.code, block.message);
      const org = await Organisation.findByPk(account.orgId);
      setRefreshCookie(res, refreshToken, opts.secureCookies, opts.refreshTtlSeconds);
      return {
        ...(await refreshSession(account)),
        refreshToken,
        account: presentAccount(account),
        org: orgBriefOf(org!),
        mustChangePassword: account.mustChangePassword,
      };
    },
  });

  r.add({
    method: 'post',
    path: '/auth/logout',
    summary: 'Revoke the refresh token (and its rotations)',
    tags: ['auth'],
    needs: 'public',
    body: refreshBody,
    async handler({ body, req, res }) {
      const presented = body.refreshToken ?? (req.cookies?.[REFRESH_COOKIE] as string | undefined);
      if (presented) await inTransaction((t) => revokeRefreshFamily(presented, t));
      res.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
    },
  });

  r.add({
    method: 'post',
    path: '/auth/password',
    summary: 'Change the password (required at first sign-in and after a reset); every other session ends',
    tags: ['auth'],
    needs: 'signedIn',
    body: changePasswordBody,
    response: sessionView,
    async handler({ actor, body, res }) {
      const result = await inTransaction(async (t) => {
        const account = await Account.findByPk(actor.id, { transaction: t, lock: t.LOCK.UPDATE });
        if (!account) throw notFound('account');
        const tokens = await changePassword(account, body.currentPassword, body.newPassword, t);
        return { account, tokens };
      });
      const org = await Organisation.findByPk(actor.orgId);
      setRefreshCookie(res, result.tokens.refreshToken, opts.secureCookies, opts.refreshTtlSeconds);
      return {
        ...result.tokens,
        account: presentAccount(result.account),
        org: orgBriefOf(org!),
        mustChangePassword: false,
      };
    },
  });

  r.add({
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in account, its organisation and the menus it may use',
    tags: ['auth'],
    needs: 'signedIn',
    response: meView,
    async handler({ actor }) {
      const account = await Account.findByPk(actor.id);
      const org = await Organisation.findByPk(actor.orgId);
      if (!account || !org) throw forbidden();
      return { account: presentAccount(account), org: orgBriefOf(org), can: menuActions(actor, org) };
    },
  });
}

/**
 * Menu-level actions. Actions about one's own organisation are checked against it (a province
 * office has no parent, so it is never offered a move); the rest at role level.
 */
export function menuActions(actor: Actor, org: Organisation): string[] {
  if (actor.mustChangePassword) return [];
  return MENU_ACTIONS.filter((a) => {
    if (a === 'org:requestMove' || a === 'org:create') return can(actor, a, org);
    return can(actor, a);
  });
}
