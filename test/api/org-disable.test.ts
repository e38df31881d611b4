import { expect } from 'chai';
import { io } from 'socket.io-client';
import { api, errorOf, login } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor } from '../helpers/factories';
import { connect, waitFor } from '../helpers/sockets';
import { server } from '../helpers/setup';
import { TEST_PASSWORD } from '../helpers/env';
import { Organisation, RefreshToken } from '../../models';

/** Resolves with the handshake's error code, or 'connected' when the token still opens a socket. */
async function handshake(token: string): Promise<string> {
  const s = io(server().url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    return await new Promise<string>((resolve) => {
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (e: Error & { data?: { code?: string } }) => resolve(e.data?.code ?? e.message));
    });
  } finally {
    s.close();
  }
}

describe('POST /api/orgs/:id/disable', () => {
  it('disables the child and ends its accounts\' sessions: sockets told and dropped, access and refresh tokens refused', async () => {
    const city = await buildOrg();
    const child = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
    const sibling = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
    const staff = await buildAccount(child, { role: 'staff' });
    const adminSession = await login(child.admin.username, TEST_PASSWORD);
    const staffSession = await login(staff.username, TEST_PASSWORD);
    const siblingSession = await login(sibling.admin.username, TEST_PASSWORD);

    const adminSocket = await connect(adminSession.accessToken);
    const staffSocket = await connect(staffSession.accessToken);
    const siblingSocket = await connect(siblingSession.accessToken);
    try {
      const ended = [adminSocket, staffSocket].map((s) => waitFor(s, 'session:ended'));
      const gone = [adminSocket, staffSocket].map((s) => new Promise<string>((r) => s.once('disconnect', (reason) => r(reason))));
      let siblingEnded = false;
      siblingSocket.on('session:ended', () => (siblingEnded = true));

      const cityToken = await tokenFor(city.admin);
      const res = await api(cityToken).post(`/orgs/${child.org.id}/disable`);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: child.org.id, status: 'disabled' });
      expect((await Organisation.findByPk(child.org.id))!.status).to.equal('disabled');

      for (const e of await Promise.all(ended)) expect(e).to.deep.equal({ reason: 'revoked' });
      for (const reason of await Promise.all(gone)) expect(reason).to.equal('io server disconnect');

      for (const s of [adminSession, staffSession]) {
        const me = await api(s.accessToken).get('/auth/me');
        expect(me.status).to.equal(401);
        expect(errorOf(me).code).to.equal('token_revoked');
        expect(await handshake(s.accessToken)).to.equal('token_revoked');
        const refresh = await api().post('/auth/refresh', { refreshToken: s.refreshToken });
        expect(refresh.status).to.equal(401);
        expect(errorOf(refresh).code).to.equal('token_revoked');
      }
      expect(await RefreshToken.count({ where: { accountId: [child.admin.id, staff.id], revokedAt: null } })).to.equal(0);

      // The sibling and the parent are untouched.
      expect(siblingEnded).to.equal(false);
      expect(siblingSocket.connected).to.equal(true);
      expect((await api(siblingSession.accessToken).get('/auth/me')).status).to.equal(200);
      expect((await api().post('/auth/refresh', { refreshToken: siblingSession.refreshToken })).status).to.equal(200);
      expect((await api(cityToken).get('/auth/me')).status).to.equal(200);

      // A disabled org's accounts cannot sign in again (the right password, not counted as a failure).
      const again = await api().post('/auth/login', { username: staff.username, password: TEST_PASSWORD });
      expect(again.status).to.equal(403);
      expect(errorOf(again).code).to.equal('org_disabled');
      expect(again.body).to.not.have.property('accessToken');
      expect((await api().post('/auth/login', { username: sibling.admin.username, password: TEST_PASSWORD })).status).to.equal(200);
    } finally {
      for (const s of [adminSocket, staffSocket, siblingSocket]) s.close();
    }
  });

  it('400 on an id that is not a positive number', async () => {
    const city = await buildOrg();
    const token = await tokenFor(city.admin);
    for (const id of ['abc', '0', '-3', '1.5']) {
      const res = await api(token).post(`/orgs/${id}/disable`);
      expect(res.status, id).to.equal(400);
      expect(errorOf(res).code).to.equal('validation_failed');
      expect(errorOf(res).details!.map((d) => d.path)).to.include('params.id');
    }
  });

  it('401 without a token or with a bad one; nothing changes', async () => {
    const city = await buildOrg();
    const child = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
    const none = await api().post(`/orgs/${child.org.id}/disable`);
    expect(none.status).to.equal(401);
    expect(errorOf(none).code).to.equal('unauthenticated');
    expect((await api('not.a.token').post(`/orgs/${child.org.id}/disable`)).status).to.equal(401);
    expect((await Organisation.findByPk(child.org.id))!.status).to.equal('active');
  });

  it('403 for anyone but the direct parent\'s admin: the unit itself, a grandparent, a sibling, the parent\'s staff', async () => {
    const city = await buildOrg();
    const county = await buildOrg({ parent: city });
    const unit = await buildOrg({ parent: county, kind: 'employer', category: 'enterprise' });
    const sibling = await buildOrg({ parent: county, kind: 'employer', category: 'enterprise' });
    const stranger = await buildOrg();
    const countyStaff = await buildAccount(county, { role: 'staff' });
    const unitSession = await login(unit.admin.username, TEST_PASSWORD);
    for (const who of [unit.admin, city.admin, sibling.admin, stranger.admin, countyStaff]) {
      const res = await api(await tokenFor(who)).post(`/orgs/${unit.org.id}/disable`);
      expect(res.status, who.username).to.equal(403);
    }
    expect((await Organisation.findByPk(unit.org.id))!.status).to.equal('active');
    // Nobody's session ended on a refusal.
    expect((await api(unitSession.accessToken).get('/auth/me')).status).to.equal(200);
    expect((await api().post('/auth/refresh', { refreshToken: unitSession.refreshToken })).status).to.equal(200);
  });
});

describe('GET /api/accounts/:id', () => {
  it('shows an account of the own subtree to its admin and staff', async () => {
    const org = await buildOrg();
    const unit = await buildOrg({ parent: org, kind: 'employer', category: 'enterprise' });
    const staff = await buildAccount(unit, { role: 'staff', staffKind: 'handler', seriesScope: ['weisheng'] });
    const res = await api(await tokenFor(unit.admin)).get(`/accounts/${staff.id}`);
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ id: staff.id, username: staff.username, role: 'staff', staffKind: 'handler' });
    expect(res.body.seriesScope).to.deep.equal(['weisheng']);
    expect(res.body.org).to.deep.include({ id: unit.org.id, code: unit.org.code });
    expect(res.body.can).to.include('account:update');
    expect(res.body).not.to.have.property('passwordHash');
    // The parent office sees it too (its subtree), and so does a staff member of the unit (read only).
    expect((await api(await tokenFor(org.admin)).get(`/accounts/${staff.id}`)).status).to.equal(200);
    const colleague = await buildAccount(unit, { role: 'staff' });
    const seen = await api(await tokenFor(colleague)).get(`/accounts/${staff.id}`);
    expect(seen.status).to.equal(200);
    expect(seen.body.can).not.to.include('account:update');
  });

  it('400 on a bad id, 404 on an unknown one', async () => {
    const org = await buildOrg();
    const token = await tokenFor(org.admin);
    const bad = await api(token).get('/accounts/abc');
    expect(bad.status).to.equal(400);
    expect(errorOf(bad).code).to.equal('validation_failed');
    const unknown = await api(token).get('/accounts/999999999');
    expect(unknown.status).to.equal(404);
  });

  it('401 without a token', async () => {
    const org = await buildOrg();
    const res = await api().get(`/accounts/${org.admin.id}`);
    expect(res.status).to.equal(401);
    expect(errorOf(res).code).to.equal('unauthenticated');
  });

  it('403 for another organisation\'s account, for one above, and for an applicant', async () => {
    const city = await buildOrg();
    const unit = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
    const stranger = await buildOrg();
    const staff = await buildAccount(unit, { role: 'staff' });
    const foreign = await api(await tokenFor(stranger.admin)).get(`/accounts/${staff.id}`);
    expect(foreign.status).to.equal(403);
    expect(errorOf(foreign).code).to.equal('forbidden');
    // A unit does not see its parent's accounts.
    expect((await api(await tokenFor(unit.admin)).get(`/accounts/${city.admin.id}`)).status).to.equal(403);
    const applicant = await buildAccount(unit, { role: 'applicant' });
    expect((await api(await tokenFor(applicant)).get(`/accounts/${staff.id}`)).status).to.equal(403);
  });
});
