import { expect } from 'chai';
import { api, errorOf, login } from '../helpers/api';
import { buildAccount, buildOrg, rootAdmin, tokenFor, withKnownPassword } from '../helpers/factories';
import { TEST_PASSWORD } from '../helpers/env';
import { Account, RefreshToken } from '../../models';
import { spawnNode } from '../helpers/nodes';

describe('sign-in (POST /api/auth/login)', () => {
  it('signs in and returns tokens, the account and the forced-change flag', async () => {
    const org = await buildOrg();
    const res = await api().post('/auth/login', { username: org.admin.username, password: TEST_PASSWORD });
    expect(res.status).to.equal(200);
    expect(res.body.accessToken).to.be.a('string');
    expect(res.body.refreshToken).to.be.a('string');
    expect(res.body.account).to.include({ id: org.admin.id, role: 'admin', mustChangePassword: false });
    expect(res.body.account).not.to.have.property('passwordHash');
    expect(res.body.org).to.include({ id: org.org.id, code: org.org.code });
    expect(res.headers.get('set-cookie')).to.match(/zc_refresh=.*HttpOnly/i);
  });

  it('answers unknown fields and wrong types with validation_failed and the field', async () => {
    const res = await api().post('/auth/login', { username: 'x', password: 1, extra: true });
    expect(res.status).to.equal(400);
    const err = errorOf(res);
    expect(err.code).to.equal('validation_failed');
    const paths = err.details!.map((d) => d.path);
    expect(paths).to.include('body.password');
    expect(paths).to.include('body.extra');
  });

  it('refuses a body that is not JSON or is too large, with a JSON error', async () => {
    const bad = await api().raw('POST', '/auth/login', '{"username":', { 'content-type': 'application/json' });
    expect(bad.status).to.equal(400);
    expect(errorOf(bad).code).to.equal('invalid_json');
    const big = await api().post('/auth/login', { username: 'x', password: 'y'.repeat(300_000) });
    expect(big.status).to.equal(413);
    expect(errorOf(big).code).to.equal('payload_too_large');
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const org = await buildOrg();
    const a = await api().post('/auth/login', { username: 'nobody-here', password: 'whatever' });
    const b = await api().post('/auth/login', { username: org.admin.username, password: 'wrong' });
    expect(a.status).to.equal(401);
    expect(b.status).to.equal(401);
    expect(errorOf(a).code).to.equal('invalid_credentials');
    expect(errorOf(b).code).to.equal('invalid_credentials');
  });

  it('locks after five wrong passwords in a row (423) until an admin resets it', async () => {
    const org = await buildOrg();
    const staff = await buildAccount(org, { role: 'staff', staffKind: 'handler' });
    for (let i = 0; i < 4; i++) expect((await api().post('/auth/login', { username: staff.username, password: 'wrong' })).status).to.equal(401);
    const fifth = await api().post('/auth/login', { username: staff.username, password: 'wrong' });
    expect(fifth.status).to.equal(423);
    expect(errorOf(fifth).code).to.equal('account_locked');
    // Even the right password is refused now.
    const right = await api().post('/auth/login', { username: staff.username, password: TEST_PASSWORD });
    expect(right.status).to.equal(423);

    const adminToken = await tokenFor(org.admin);
    const reset = await api(adminToken).post(`/accounts/${staff.id}/reset-password`);
    expect(reset.status).to.equal(200);
    const after = await api().post('/auth/login', { username: staff.username, password: reset.body.initialPassword });
    expect(after.status).to.equal(200);
    expect(after.body.mustChangePassword).to.equal(true);
  });

  it('a success resets the failure count', async () => {
    const org = await buildOrg();
    const staff = await buildAccount(org, { role: 'staff' });
    for (let i = 0; i < 4; i++) await api().post('/auth/login', { username: staff.username, password: 'wrong' });
    expect((await api().post('/auth/login', { username: staff.username, password: TEST_PASSWORD })).status).to.equal(200);
    for (let i = 0; i < 4; i++) await api().post('/auth/login', { username: staff.username, password: 'wrong' });
    expect((await api().post('/auth/login', { username: staff.username, password: TEST_PASSWORD })).status).to.equal(200);
  });

  it('signs applicants in by ID number (a lower-case x works too) and picks the newest year', async () => {
    const org = await buildOrg({ kind: 'employer', category: 'enterprise' });
    const idNumber = '11010519491231002X';
    const old = await buildAccount(org, { role: 'applicant', idNumber, year: 2025 });
    const current = await buildAccount(org, { role: 'applicant', idNumber, year: 2026 });
    const res = await api().post('/auth/login', { username: idNumber.toLowerCase(), password: TEST_PASSWORD });
    expect(res.status).to.equal(200);
    expect(res.body.account.id).to.equal(current.id);
    expect(res.body.account.id).not.to.equal(old.id);
  });
});

describe('forced password change and token revocation', () => {
  it('blocks every other call with 403 password_change_required until the password is changed', async () => {
    const org = await buildOrg();
    const staff = await buildAccount(org, { role: 'staff' }, { mustChange: true });
    const { accessToken } = await login(staff.username, TEST_PASSWORD);
    const blocked = await api(accessToken).get('/orgs/tree');
    expect(blocked.status).to.equal(403);
    expect(errorOf(blocked).code).to.equal('password_change_required');
    // "me" still answers so the client knows what to show.
    expect((await api(accessToken).get('/auth/me')).status).to.equal(200);

    const weak = await api(accessToken).post('/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.status).to.equal(400);
    expect(errorOf(weak)).to.deep.include({ code: 'password_too_short' });
    expect(errorOf(weak).details![0].path).to.equal('body.newPassword');
    const simple = await api(accessToken).post('/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'alllowercase' });
    expect(errorOf(simple).code).to.equal('password_too_simple');
    const wrong = await api(accessToken).post('/auth/password', { currentPassword: 'nope', newPassword: 'Good#Pass99' });
    expect(errorOf(wrong).code).to.equal('wrong_password');

    const changed = await api(accessToken).post('/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Good#Pass99' });
    expect(changed.status).to.equal(200);
    expect(changed.body.mustChangePassword).to.equal(false);
    // The old token died with the change; the new one works.
    const old = await api(accessToken).get('/orgs/tree');
    expect(old.status).to.equal(401);
    expect(errorOf(old).code).to.equal('token_revoked');
    expect((await api(changed.body.accessToken).get('/orgs/tree')).status).to.equal(200);
  });

  it('revokes every token of an account that is disabled, and refuses its sign-in', async () => {
    const org = await buildOrg();
    const staff = await buildAccount(org, { role: 'staff' });
    const session = await login(staff.username, TEST_PASSWORD);
    const adminToken = await tokenFor(org.admin);
    expect((await api(adminToken).post(`/accounts/${staff.id}/disable`)).status).to.equal(200);
    const res = await api(session.accessToken).get('/auth/me');
    expect(res.status).to.equal(401);
    const refresh = await api().post('/auth/refresh', { refreshToken: session.refreshToken });
    expect(refresh.status).to.equal(401);
    expect(errorOf(refresh).code).to.equal('account_disabled');
    const again = await api().post('/auth/login', { username: staff.username, password: TEST_PASSWORD });
    expect(again.status).to.equal(403);
    expect(errorOf(again).code).to.equal('account_disabled');
  });
});

describe('refresh tokens', () => {
  it('rotate on use; a reused token revokes the whole family', async () => {
    const org = await buildOrg();
    const first = await login(org.admin.username, TEST_PASSWORD);
    const r1 = await api().post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(r1.status).to.equal(200);
    expect(r1.body.refreshToken).not.to.equal(first.refreshToken);
    expect((await api(r1.body.accessToken).get('/auth/me')).status).to.equal(200);

    const replay = await api().post('/auth/refresh', { refreshToken: first.refreshToken });
    expect(replay.status).to.equal(401);
    expect(errorOf(replay).code).to.equal('token_reused');
    // The thief's replay also killed the legitimate newer token.
    const r2 = await api().post('/auth/refresh', { refreshToken: r1.body.refreshToken });
    expect(r2.status).to.equal(401);
  });

  it('are stored only as hashes', async () => {
    const org = await buildOrg();
    const s = await login(org.admin.username, TEST_PASSWORD);
    const rows = await RefreshToken.findAll({ where: { accountId: org.admin.id } });
    expect(rows.length).to.be.greaterThan(0);
    for (const r of rows) expect(r.tokenHash).not.to.equal(s.refreshToken);
    const account = await Account.findByPk(org.admin.id);
    expect(account!.passwordHash).to.match(/^scrypt\$/);
  });

  it('work from the httpOnly cookie after a page reload', async () => {
    const org = await buildOrg();
    const res = await api().post('/auth/login', { username: org.admin.username, password: TEST_PASSWORD });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const r = await api().post('/auth/refresh', {}, { cookie });
    expect(r.status).to.equal(200);
    expect(r.body.account.id).to.equal(org.admin.id);
  });
});

describe('tokens', () => {
  it('refuses a missing, forged or tampered token with 401', async () => {
    expect(errorOf(await api().get('/auth/me')).code).to.equal('unauthenticated');
    const org = await buildOrg();
    const token = await tokenFor(org.admin);
    const [h, p, s] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: '1' })).toString('base64url');
    const forged = await api(`${h}.${forgedPayload}.${s}`).get('/auth/me');
    expect(forged.status).to.equal(401);
    expect(errorOf(forged).code).to.equal('token_invalid');
    await withKnownPassword(org.admin);
  });
});

describe('GET /api/auth/me', () => {
  it('offers a move only to a unit that has a parent, and menus only after the forced change', async () => {
    const root = await rootAdmin();
    const rootMe = await api(await tokenFor(root)).get('/auth/me');
    expect(rootMe.body.can).to.include('org:create');
    expect(rootMe.body.can).not.to.include('org:requestMove');
    const org = await buildOrg({ kind: 'employer', category: 'enterprise' });
    expect((await api(await tokenFor(org.admin)).get('/auth/me')).body.can).to.include('org:requestMove');
    const staff = await buildAccount(org, { role: 'staff' }, { mustChange: true });
    expect((await api((await login(staff.username, TEST_PASSWORD)).accessToken).get('/auth/me')).body.can).to.deep.equal([]);
  });
});

describe('refresh tokens die with the password', () => {
  it('a password change revokes every earlier refresh token (401 token_revoked); the new one works', async () => {
    const org = await buildOrg();
    const staff = await buildAccount(org, { role: 'staff' });
    const a = await login(staff.username, TEST_PASSWORD);
    const b = await login(staff.username, TEST_PASSWORD);
    const changed = await api(a.accessToken).post('/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'Chg#Pass2027' });
    expect(changed.status).to.equal(200);
    for (const old of [a.refreshToken, b.refreshToken]) {
      const res = await api().post('/auth/refresh', { refreshToken: old });
      expect(res.status).to.equal(401);
      expect(errorOf(res).code).to.equal('token_revoked');
    }
    const rows = await RefreshToken.findAll({ where: { accountId: staff.id } });
    expect(rows.filter((r) => !r.revokedAt).length, 'only the session issued by the change stays').to.equal(1);
    const fresh = await api().post('/auth/refresh', { refreshToken: changed.body.refreshToken });
    expect(fresh.status).to.equal(200);
  });

  it('a reset by the parent revokes the child admin\'s refresh tokens (401 token_revoked)', async () => {
    const city = await buildOrg();
    const child = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
    const session = await login(child.admin.username, TEST_PASSWORD);
    // Still good before the reset (the assertion below is about the reset, not the token).
    const before = await api().post('/auth/refresh', { refreshToken: session.refreshToken });
    expect(before.status).to.equal(200);
    const reset = await api(await tokenFor(city.admin)).post(`/orgs/${child.org.id}/reset-admin-password`);
    expect(reset.status).to.equal(200);
    const res = await api().post('/auth/refresh', { refreshToken: before.body.refreshToken });
    expect(res.status).to.equal(401);
    expect(errorOf(res).code).to.equal('token_revoked');
    expect(await RefreshToken.count({ where: { accountId: child.admin.id, revokedAt: null } })).to.equal(0);
  });

  it('an admin\'s reset of a staff password revokes its refresh tokens too', async () => {
    const org = await buildOrg();
    const staff = await buildAccount(org, { role: 'staff' });
    const session = await login(staff.username, TEST_PASSWORD);
    expect((await api(await tokenFor(org.admin)).post(`/accounts/${staff.id}/reset-password`)).status).to.equal(200);
    const res = await api().post('/auth/refresh', { refreshToken: session.refreshToken });
    expect(res.status).to.equal(401);
    expect(errorOf(res).code).to.equal('token_revoked');
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the presented refresh token (and its rotations) and clears the cookie; other sessions live on', async () => {
    const org = await buildOrg();
    const staff = await buildAccount(org, { role: 'staff' });
    const a = await login(staff.username, TEST_PASSWORD);
    const other = await login(staff.username, TEST_PASSWORD);
    const rotated = await api().post('/auth/refresh', { refreshToken: a.refreshToken });
    expect(rotated.status).to.equal(200);
    const out = await api().post('/auth/logout', { refreshToken: rotated.body.refreshToken });
    expect(out.status).to.be.oneOf([200, 204]);
    expect(out.headers.get('set-cookie')).to.match(/zc_refresh=;/);
    const res = await api().post('/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(res.status).to.equal(401);
    expect(errorOf(res).code).to.equal('token_revoked');
    // Another sign-in of the same account is another family and is not touched.
    expect((await api().post('/auth/refresh', { refreshToken: other.refreshToken })).status).to.equal(200);
  });

  it('signs out from the cookie too', async () => {
    const org = await buildOrg();
    const res = await api().post('/auth/login', { username: org.admin.username, password: TEST_PASSWORD });
    const cookie = res.headers.get('set-cookie')!.split(';')[0];
    const out = await api().post('/auth/logout', {}, { cookie });
    expect(out.status).to.be.oneOf([200, 204]);
    const again = await api().post('/auth/refresh', {}, { cookie });
    expect(again.status).to.equal(401);
    expect(errorOf(again).code).to.equal('token_revoked');
  });

  it('without a token: a refresh then answers 401 and nothing is revoked', async () => {
    const org = await buildOrg();
    const s = await login(org.admin.username, TEST_PASSWORD);
    const out = await api().post('/auth/logout', {});
    expect(out.status).to.be.oneOf([200, 204]);
    const none = await api().post('/auth/refresh', {});
    expect(none.status).to.equal(401);
    expect(errorOf(none).code).to.equal('token_invalid');
    expect((await api().post('/auth/refresh', { refreshToken: s.refreshToken })).status).to.equal(200);
  });

  it('400 on an unknown field', async () => {
    const res = await api().post('/auth/logout', { refreshToken: 'x'.repeat(20), extra: 1 });
    expect(res.status).to.equal(400);
    expect(errorOf(res).code).to.equal('validation_failed');
  });
});

describe('LOGIN_MAX_FAILURES', () => {
  it('a node started with LOGIN_MAX_FAILURES=3 locks at the third wrong password; the default node at the fifth', async function () {
    this.timeout(90_000);
    const node = await spawnNode({ LOGIN_MAX_FAILURES: '3' });
    try {
      const org = await buildOrg();
      const onThree = await buildAccount(org, { role: 'staff' });
      const wrong = (u: string, base?: string) => api(null, base).post('/auth/login', { username: u, password: 'Wrong#Pass1' });
      expect((await wrong(onThree.username, node.url)).status).to.equal(401);
      expect((await wrong(onThree.username, node.url)).status).to.equal(401);
      const third = await wrong(onThree.username, node.url);
      expect(third.status).to.equal(423);
      expect(errorOf(third).code).to.equal('account_locked');
      expect((await api(null, node.url).post('/auth/login', { username: onThree.username, password: TEST_PASSWORD })).status).to.equal(423);
      expect((await Account.findByPk(onThree.id))!.lockedAt).to.be.instanceOf(Date);

      // The same three wrong passwords on the default node (5) only count.
      const onFive = await buildAccount(org, { role: 'staff' });
      for (let i = 0; i < 3; i++) expect((await wrong(onFive.username)).status).to.equal(401);
      expect((await Account.findByPk(onFive.id))!.lockedAt).to.equal(null);
      expect((await wrong(onFive.username)).status).to.equal(401);
      expect((await wrong(onFive.username)).status).to.equal(423);
    } finally {
      await node.stop();
    }
  });
});
