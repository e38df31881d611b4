import { expect } from 'chai';
import { api, errorOf, login } from '../helpers/api';
import { buildAccount, buildOrg, newIdNumber, tokenFor } from '../helpers/factories';
import { TEST_PASSWORD } from '../helpers/env';
import { Account } from '../../models';

describe('accounts', () => {
  describe('POST /api/accounts', () => {
    it('creates staff with the default permissions of their kind and a one-time password', async () => {
      const org = await buildOrg();
      const token = await tokenFor(org.admin);
      const res = await api(token).post('/accounts', { orgId: org.org.id, role: 'staff', staffKind: 'leader', name: '王五', username: `leader-${org.org.code}` });
      expect(res.status).to.equal(201);
      expect(res.body.account.permissions).to.include('qualification.leader_review');
      expect(res.body.account.mustChangePassword).to.equal(true);
      expect(res.body.initialPassword).to.match(/^[A-Z][a-z]{6}#\d{3}$/);
      expect((await login(`leader-${org.org.code}`, res.body.initialPassword)).account.mustChangePassword).to.equal(true);
    });

    it('refuses leader-only permissions for a handler', async () => {
      const org = await buildOrg();
      const res = await api(await tokenFor(org.admin)).post('/accounts', {
        orgId: org.org.id,
        role: 'staff',
        staffKind: 'handler',
        name: '赵六',
        username: `h-${org.org.code}`,
        permissions: ['qualification.handler_review', 'qualification.leader_review'],
      });
      expect(res.status).to.equal(400);
      expect(errorOf(res)).to.deep.include({ code: 'leader_only_permission' });
    });

    it('creates applicants by ID number, validating the check digit, one per person per year', async () => {
      const org = await buildOrg({ kind: 'employer', category: 'enterprise' });
      const token = await tokenFor(org.admin);
      const idNumber = newIdNumber('1988-03-02');
      const bad = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');
      const r1 = await api(token).post('/accounts', { orgId: org.org.id, role: 'applicant', name: '钱七', idNumber: bad });
      expect(r1.status).to.equal(400);
      expect(errorOf(r1)).to.deep.include({ code: 'id_number_check_digit' });
      expect(errorOf(r1).details![0].path).to.equal('body.idNumber');

      const ok = await api(token).post('/accounts', { orgId: org.org.id, role: 'applicant', name: '钱七', idNumber, year: 2026 });
      expect(ok.status).to.equal(201);
      expect(ok.body.account).to.include({ username: idNumber, loginYear: 2026 });
      const dup = await api(token).post('/accounts', { orgId: org.org.id, role: 'applicant', name: '钱七', idNumber, year: 2026 });
      expect(dup.status).to.equal(409);
      expect(errorOf(dup).code).to.equal('duplicate_applicant_year');
      const next = await api(token).post('/accounts', { orgId: org.org.id, role: 'applicant', name: '钱七', idNumber, year: 2027 });
      expect(next.status).to.equal(201);
    });

    it('policy reviewers need a series scope and expire at the end of the year', async () => {
      const org = await buildOrg();
      const token = await tokenFor(org.admin);
      const none = await api(token).post('/accounts', { orgId: org.org.id, role: 'policy_reviewer', name: '政审一', username: `pr-${org.org.code}` });
      expect(errorOf(none).code).to.equal('series_scope_required');
      const ok = await api(token).post('/accounts', { orgId: org.org.id, role: 'policy_reviewer', name: '政审一', username: `pr-${org.org.code}`, seriesScope: ['weisheng'], year: 2026 });
      expect(ok.status).to.equal(201);
      expect(ok.body.account.expiresAt).to.equal('2026-12-31T15:59:59.000Z');
    });

    it('an expired account cannot sign in', async () => {
      const org = await buildOrg();
      const pr = await buildAccount(org, { role: 'policy_reviewer', year: 2020 });
      const res = await api().post('/auth/login', { username: pr.username, password: TEST_PASSWORD });
      expect(res.status).to.equal(403);
      expect(errorOf(res).code).to.equal('account_expired');
    });

    it('401 without a token, 403 for another organisation, 403 for a role an employer may not create', async () => {
      const a = await buildOrg();
      const b = await buildOrg();
      const body = { orgId: a.org.id, role: 'staff', staffKind: 'handler', name: '孙八', username: `x-${a.org.code}` };
      expect((await api().post('/accounts', body)).status).to.equal(401);
      expect((await api(await tokenFor(b.admin)).post('/accounts', body)).status).to.equal(403);
      const employer = await buildOrg({ parent: a, kind: 'employer', category: 'enterprise' });
      const sup = await api(await tokenFor(employer.admin)).post('/accounts', { orgId: employer.org.id, role: 'supervisor', name: '监督', username: `sup-${employer.org.code}` });
      expect(sup.status).to.equal(403);
      expect(await Account.count({ where: { username: `x-${a.org.code}` } })).to.equal(0);
    });
  });

  describe('GET /api/accounts', () => {
    it('searches by name, username or ID number with paging, over the subtree when asked', async () => {
      const city = await buildOrg();
      const unit = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
      const idNumber = newIdNumber('1990-01-01');
      await buildAccount(unit, { role: 'applicant', name: '欧阳修', idNumber });
      for (let i = 0; i < 5; i++) await buildAccount(unit, { role: 'applicant', name: `申报人${i}` });
      const token = await tokenFor(city.admin);
      const own = await api(token).get('/accounts?role=applicant');
      expect(own.body.total).to.equal(0);
      const sub = await api(token).get('/accounts?role=applicant&subtree=true&pageSize=4&page=2');
      expect(sub.body).to.include({ total: 6, page: 2, pageSize: 4 });
      expect(sub.body.items).to.have.length(2);
      const byName = await api(token).get(`/accounts?subtree=true&q=${encodeURIComponent('欧阳')}`);
      expect(byName.body.items.map((a: { name: string }) => a.name)).to.deep.equal(['欧阳修']);
      const byId = await api(token).get(`/accounts?subtree=true&q=${idNumber.toLowerCase()}`);
      expect(byId.body.total).to.equal(1);
      expect(byId.body.items[0].org.id).to.equal(unit.org.id);
      const stranger = await buildOrg();
      expect((await api(await tokenFor(stranger.admin)).get(`/accounts?orgId=${unit.org.id}`)).status).to.equal(403);
      const bad = await api(token).get('/accounts?role=king');
      expect(errorOf(bad).details![0].path).to.equal('query.role');
    });
  });

  describe('changing accounts', () => {
    it('disables instead of deleting an account with history; deletes one that never signed in', async () => {
      const org = await buildOrg();
      const token = await tokenFor(org.admin);
      const used = await buildAccount(org, { role: 'staff' });
      await login(used.username, TEST_PASSWORD);
      const del = await api(token).delete(`/accounts/${used.id}`);
      expect(del.status).to.equal(409);
      expect(errorOf(del).code).to.equal('account_has_history');
      const fresh = await buildAccount(org, { role: 'staff' });
      expect((await api(token).delete(`/accounts/${fresh.id}`)).status).to.equal(204);
      expect(await Account.findByPk(fresh.id)).to.equal(null);
      const dis = await api(token).post(`/accounts/${used.id}/disable`);
      expect(dis.body.disabled).to.equal(true);
      expect(errorOf(await api(token).post(`/accounts/${used.id}/disable`)).code).to.equal('already_disabled');
      expect((await api(token).post(`/accounts/${used.id}/enable`)).body.disabled).to.equal(false);
    });

    it('edits permissions and scope; 403 on an account outside the subtree or on oneself', async () => {
      const org = await buildOrg();
      const token = await tokenFor(org.admin);
      const staff = await buildAccount(org, { role: 'staff', staffKind: 'handler' });
      const res = await api(token).patch(`/accounts/${staff.id}`, { seriesScope: ['weisheng', 'gaoxiao'], permissions: ['qualification.handler_review'] });
      expect(res.status).to.equal(200);
      expect(res.body.seriesScope).to.deep.equal(['weisheng', 'gaoxiao']);
      const other = await buildOrg();
      expect((await api(await tokenFor(other.admin)).patch(`/accounts/${staff.id}`, { name: '改名' })).status).to.equal(403);
      expect((await api(token).post(`/accounts/${org.admin.id}/disable`)).status).to.equal(403);
      const unknown = await api(token).patch(`/accounts/${staff.id}`, { role: 'admin' });
      expect(errorOf(unknown).details![0].path).to.equal('body.role');
    });
  });
});
