import { expect } from 'chai';
import { api, errorOf, login } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor } from '../helpers/factories';
import { TEST_PASSWORD } from '../helpers/env';
import { Account, Organisation } from '../../models';
import { inTransaction } from '../../server/tx';
import { bootstrapProvince } from '../../server/commands/orgs';

describe('organisations', () => {
  describe('POST /api/orgs (create a child)', () => {
    it('creates a child with a code from the category range and an admin that must change its password', async () => {
      const city = await buildOrg();
      const token = await tokenFor(city.admin);
      const res = await api(token).post('/orgs', { parentId: city.org.id, name: '某某大学', kind: 'self_evaluating', category: 'university' });
      expect(res.status).to.equal(201);
      expect(res.body.org.code).to.equal(`${city.org.code}3501`);
      expect(res.body.org.status).to.equal('pending_profile');
      expect(res.body.admin.username).to.equal(res.body.org.code);
      const first = await login(res.body.admin.username, res.body.admin.initialPassword);
      expect(first.account.mustChangePassword).to.equal(true);

      const second = await api(token).post('/orgs', { parentId: city.org.id, name: '另一所大学', kind: 'self_evaluating', category: 'university' });
      expect(second.body.org.code).to.equal(`${city.org.code}3502`);
      const office = await api(token).post('/orgs', { parentId: city.org.id, name: '某县职改办', kind: 'office' });
      expect(office.body.org).to.include({ code: `${city.org.code}6001`, level: 'county' });
    });

    it('400: unknown kind, a serial outside the range, an unknown field', async () => {
      const city = await buildOrg();
      const token = await tokenFor(city.admin);
      const kind = await api(token).post('/orgs', { parentId: city.org.id, name: '某单位', kind: 'castle' });
      expect(kind.status).to.equal(400);
      expect(errorOf(kind).details!.map((d) => d.path)).to.include('body.kind');
      const range = await api(token).post('/orgs', { parentId: city.org.id, name: '某医院', kind: 'employer', category: 'hospital', serial: 3600 });
      expect(range.status).to.equal(400);
      expect(errorOf(range)).to.deep.include({ code: 'serial_out_of_range' });
      expect(errorOf(range).details![0].path).to.equal('body.serial');
      const extra = await api(token).post('/orgs', { parentId: city.org.id, name: '某单位', kind: 'employer', code: '123' });
      expect(errorOf(extra).details!.map((d) => d.path)).to.include('body.code');
      expect(await Organisation.count({ where: { parentId: city.org.id } })).to.equal(0);
    });

    it('409: a duplicate serial; nothing written', async () => {
      const city = await buildOrg();
      const token = await tokenFor(city.admin);
      const body = { parentId: city.org.id, name: '某医院', kind: 'employer', category: 'hospital', serial: 3310 };
      expect((await api(token).post('/orgs', body)).status).to.equal(201);
      const dup = await api(token).post('/orgs', { ...body, name: '另一医院' });
      expect(dup.status).to.equal(409);
      expect(errorOf(dup).code).to.equal('duplicate_code');
      expect(await Organisation.count({ where: { parentId: city.org.id } })).to.equal(1);
    });

    it('401 without a token; 403 for another organisation and for non-admins', async () => {
      const a = await buildOrg();
      const b = await buildOrg();
      expect((await api().post('/orgs', { parentId: a.org.id, name: '某单位', kind: 'employer' })).status).to.equal(401);
      const res = await api(await tokenFor(b.admin)).post('/orgs', { parentId: a.org.id, name: '某单位', kind: 'employer' });
      expect(res.status).to.equal(403);
      const staff = await buildAccount(a, { role: 'staff' });
      expect((await api(await tokenFor(staff)).post('/orgs', { parentId: a.org.id, name: '某单位', kind: 'employer' })).status).to.equal(403);
    });

    it('refuses an office under a county office', async () => {
      const city = await buildOrg();
      const county = await buildOrg({ parent: city });
      const res = await api(await tokenFor(county.admin)).post('/orgs', { parentId: county.org.id, name: '某乡', kind: 'office' });
      expect(res.status).to.equal(400);
      expect(errorOf(res).code).to.equal('office_too_deep');
    });
  });

  describe('profile and approval', () => {
    it('a new child completes its profile, can do nothing else, and acts once the parent approves', async () => {
      const city = await buildOrg();
      const parentToken = await tokenFor(city.admin);
      const created = await api(parentToken).post('/orgs', { parentId: city.org.id, name: '新单位', kind: 'employer', category: 'enterprise' });
      const s = await login(created.body.admin.username, created.body.admin.initialPassword);
      const changed = await api(s.accessToken).post('/auth/password', { currentPassword: created.body.admin.initialPassword, newPassword: 'New#Unit2026' });
      const token = changed.body.accessToken;

      const early = await api(token).post('/accounts', { orgId: created.body.org.id, role: 'staff', staffKind: 'handler', name: '张三', username: 'early-staff' });
      expect(early.status).to.equal(403);
      expect(errorOf(early).code).to.equal('org_not_approved');

      const bad = await api(token).put(`/orgs/${created.body.org.id}/profile`, { profile: { contactPhone: 'abc' } });
      expect(bad.status).to.equal(400);
      expect(errorOf(bad).details![0].path).to.equal('body.profile.contactPhone');
      const prof = await api(token).put(`/orgs/${created.body.org.id}/profile`, { profile: { contactName: '李四', contactPhone: '0311-12345678', nature: '企业' } });
      expect(prof.status).to.equal(200);
      expect(prof.body.status).to.equal('pending_approval');

      // Someone beside the parent may not approve.
      const other = await buildOrg();
      expect((await api(await tokenFor(other.admin)).post(`/orgs/${created.body.org.id}/approval`, { approve: true })).status).to.equal(403);
      const noReason = await api(parentToken).post(`/orgs/${created.body.org.id}/approval`, { approve: false });
      expect(errorOf(noReason).details![0].path).to.equal('body.reason');
      const ok = await api(parentToken).post(`/orgs/${created.body.org.id}/approval`, { approve: true });
      expect(ok.body.status).to.equal('active');

      const now = await api(token).post('/accounts', { orgId: created.body.org.id, role: 'staff', staffKind: 'handler', name: '张三', username: `staff-${created.body.org.code}` });
      expect(now.status).to.equal(201);
    });

    it('the parent resets a child admin password: old sessions end, the new one must be changed', async () => {
      const city = await buildOrg();
      const child = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
      const old = await login(child.admin.username, TEST_PASSWORD);
      const res = await api(await tokenFor(city.admin)).post(`/orgs/${child.org.id}/reset-admin-password`);
      expect(res.status).to.equal(200);
      expect(res.body.username).to.equal(child.admin.username);
      expect((await api(old.accessToken).get('/auth/me')).status).to.equal(401);
      const fresh = await login(child.admin.username, res.body.initialPassword);
      expect(fresh.account.mustChangePassword).to.equal(true);
      // A grandparent is not the parent.
      const grand = await buildOrg({ parent: child, kind: 'employer', category: 'party' });
      expect((await api(await tokenFor(city.admin)).post(`/orgs/${grand.org.id}/reset-admin-password`)).status).to.equal(403);
    });
  });

  describe('subtree', () => {
    it('lists only the own subtree, ordered by code, and 403s on anything outside', async () => {
      const city = await buildOrg();
      const county = await buildOrg({ parent: city });
      const unit = await buildOrg({ parent: county, kind: 'employer', category: 'government' });
      const stranger = await buildOrg();
      const tree = await api(await tokenFor(county.admin)).get('/orgs/tree');
      expect(tree.status).to.equal(200);
      expect(tree.body.items.map((o: { id: number }) => o.id)).to.deep.equal([county.org.id, unit.org.id]);
      const cityTree = await api(await tokenFor(city.admin)).get('/orgs/tree');
      expect(cityTree.body.items.map((o: { code: string }) => o.code)).to.deep.equal([city.org.code, county.org.code, unit.org.code]);
      expect((await api(await tokenFor(county.admin)).get(`/orgs/${city.org.id}`)).status).to.equal(403);
      expect((await api(await tokenFor(stranger.admin)).get(`/orgs/${unit.org.id}`)).status).to.equal(403);
      const search = await api(await tokenFor(city.admin)).get(`/orgs?kind=employer&pageSize=5`);
      expect(search.body).to.include({ total: 1, page: 1, pageSize: 5 });
      const badPage = await api(await tokenFor(city.admin)).get(`/orgs?pageSize=1000`);
      expect(errorOf(badPage).details![0].path).to.equal('query.pageSize');
    });
  });

  describe('GET /orgs/lookup (an organisation of the province by its exact code)', () => {
    it('answers admins and staff (a meeting handler entrusting an office, a library keeper), not applicants; another province is not found', async () => {
      const city = await buildOrg();
      const unit = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
      const handler = await buildAccount(unit, { role: 'staff', staffKind: 'handler', permissions: [] });
      const applicant = await buildAccount(unit, { role: 'applicant' });
      for (const who of [unit.admin, handler]) {
        const res = await api(await tokenFor(who)).get(`/orgs/lookup?code=${city.org.code}`);
        expect(res.status, who.username).to.equal(200);
        expect(res.body).to.deep.equal({ id: city.org.id, code: city.org.code, name: city.org.name, kind: city.org.kind });
      }
      expect((await api(await tokenFor(applicant)).get(`/orgs/lookup?code=${city.org.code}`)).status).to.equal(403);
      expect((await api().get(`/orgs/lookup?code=${city.org.code}`)).status).to.equal(401);

      // Another province's office, though active, is not found.
      let code = 60;
      while (await Organisation.findOne({ where: { code: String(code) } })) code -= 1;
      await inTransaction((t) => bootstrapProvince({ code: String(code), name: '别省职改办', adminUsername: `other-prov-${code}-${Date.now()}`, adminName: '别省管理员', password: TEST_PASSWORD }, t));
      const other = await api(await tokenFor(handler)).get(`/orgs/lookup?code=${code}`);
      expect(other.status).to.equal(404);
      expect(errorOf(other).code).to.equal('not_found');
      const bad = await api(await tokenFor(handler)).get('/orgs/lookup?code=abc');
      expect(bad.status).to.equal(400);
    });
  });

  describe('moving a unit (单位归口)', () => {
    it('the unit asks, the new parent approves, and the subtree takes new codes', async () => {
      const cityA = await buildOrg();
      const cityB = await buildOrg();
      const unit = await buildOrg({ parent: cityA, kind: 'employer', category: 'enterprise' });
      const sub = await buildOrg({ parent: unit, kind: 'employer', category: 'enterprise' });
      const unitToken = await tokenFor(unit.admin);

      const lookup = await api(unitToken).get(`/orgs/lookup?code=${cityB.org.code}`);
      expect(lookup.body.id).to.equal(cityB.org.id);
      const self = await api(unitToken).post(`/orgs/${unit.org.id}/move`, { newParentId: sub.org.id });
      expect(errorOf(self).code).to.equal('move_into_own_subtree');
      const asked = await api(unitToken).post(`/orgs/${unit.org.id}/move`, { newParentId: cityB.org.id });
      expect(asked.status).to.equal(200);
      expect(asked.body.pendingParentId).to.equal(cityB.org.id);
      expect(errorOf(await api(unitToken).post(`/orgs/${unit.org.id}/move`, { newParentId: cityB.org.id })).code).to.equal('move_pending');

      // The old parent cannot approve; the new one can.
      expect((await api(await tokenFor(cityA.admin)).post(`/orgs/${unit.org.id}/move/decision`, { approve: true })).status).to.equal(403);
      const bToken = await tokenFor(cityB.admin);
      const pending = await api(bToken).get('/orgs/pending-moves');
      expect(pending.body.items.map((o: { id: number }) => o.id)).to.deep.equal([unit.org.id]);
      const done = await api(bToken).post(`/orgs/${unit.org.id}/move/decision`, { approve: true });
      expect(done.status).to.equal(200);
      expect(done.body.parentId).to.equal(cityB.org.id);
      expect(done.body.code).to.equal(`${cityB.org.code}2001`);
      const movedSub = await Organisation.findByPk(sub.org.id);
      expect(movedSub!.code).to.equal(`${cityB.org.code}20012001`);
      const bTree = await api(bToken).get('/orgs/tree');
      expect(bTree.body.items.map((o: { id: number }) => o.id)).to.include.members([unit.org.id, sub.org.id]);
      const aTree = await api(await tokenFor(cityA.admin)).get('/orgs/tree');
      expect(aTree.body.items.map((o: { id: number }) => o.id)).not.to.include(unit.org.id);
    });

    it('a refusal keeps the unit where it is, with the reason', async () => {
      const cityA = await buildOrg();
      const cityB = await buildOrg();
      const unit = await buildOrg({ parent: cityA, kind: 'employer', category: 'enterprise' });
      await api(await tokenFor(unit.admin)).post(`/orgs/${unit.org.id}/move`, { newParentId: cityB.org.id });
      const res = await api(await tokenFor(cityB.admin)).post(`/orgs/${unit.org.id}/move/decision`, { approve: false, reason: '不属于本单位主管' });
      expect(res.body).to.include({ parentId: cityA.org.id, pendingParentId: null, statusReason: '不属于本单位主管' });
    });
  });

  it('creating an organisation writes its admin and nothing else when the username is taken', async () => {
    const city = await buildOrg();
    const token = await tokenFor(city.admin);
    const dup = await api(token).post('/orgs', { parentId: city.org.id, name: '某单位', kind: 'employer', adminUsername: city.admin.username });
    expect(dup.status).to.equal(409);
    expect(errorOf(dup).code).to.equal('duplicate_username');
    expect(await Organisation.count({ where: { parentId: city.org.id } })).to.equal(0);
    expect(await Account.count({ where: { username: city.admin.username } })).to.equal(1);
  });
});
