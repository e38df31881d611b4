import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Account } from '../../models';
import { api, errorOf, login } from '../helpers/api';
import { server } from '../helpers/setup';
import { buildAccount, buildOrg, newIdNumber, tokenFor, withKnownPassword } from '../helpers/factories';
import { buildWorld, expectStatus, type World } from './world';

describe('committees and the expert library (评委会, 评委库, 备案, 推荐, 专家个人信息)', function () {
  this.timeout(60000);
  let w: World;

  before(async () => {
    w = await buildWorld();
  });

  it('creates, changes and disables (注销) committees with founding units and fees; the history keeps them', async () => {
    const office = api(w.tokens.cityAdmin);
    const created = expectStatus(
      await office.post('/committees', {
        code: `PW-T-${w.unit.org.id}`,
        name: '测试卫生评审委员会',
        seriesCode: 'weisheng',
        type: 'social',
        ownerOrgId: w.unit.org.id,
        levels: ['fugao'],
        specialties: ['neike'],
        materialDeadline: new Date(Date.now() - 3600_000).toISOString(),
        foundingUnits: [{ orgId: w.city.org.id }, { name: '某学会', creditCode: '51130000MJ0000000X' }],
        feeItems: [{ item: '评审费', amount: 280.5 }],
      }),
      201,
    );
    expect(created.foundingUnits.map((u: { name: string }) => u.name)).to.deep.equal([w.city.org.name, '某学会']);
    expect(created.feeItems[0]).to.deep.include({ amount: 280.5, amountFen: 28050 });
    expect(created.materialDeadlinePassed).to.equal(true);
    expect(created.can).to.include('committee:manage');

    const dup = await office.post('/committees', { code: created.code, name: '重复', seriesCode: 'weisheng', type: 'social', ownerOrgId: w.unit.org.id, levels: ['fugao'] });
    expect(dup.status).to.equal(409);
    expect(errorOf(dup)).to.deep.include({ code: 'duplicate_code' });
    const badLevel = await office.post('/committees', { name: '无员级', seriesCode: 'gaoxiao', type: 'social', ownerOrgId: w.unit.org.id, levels: ['yuan'] });
    expect(errorOf(badLevel)).to.deep.include({ code: 'level_not_in_series' });
    expect(errorOf(badLevel).details![0].path).to.equal('body.levels.0');
    const badFee = await office.patch(`/committees/${created.id}`, { feeItems: [{ item: '评审费', amount: 1.234 }] });
    expect(errorOf(badFee).details![0].path).to.equal('body.feeItems.0.amount');
    const selfType = await office.post('/committees', { name: '自主', seriesCode: 'weisheng', type: 'self', ownerOrgId: w.unit.org.id, levels: ['fugao'] });
    expect(errorOf(selfType).code).to.equal('self_needs_self_evaluating_unit');
    // The unit itself does not manage its committee record; the office above does.
    expect((await api(w.tokens.unitAdmin).patch(`/committees/${created.id}`, { name: '自己改名' })).status).to.equal(403);

    const changed = expectStatus(await office.patch(`/committees/${created.id}`, { name: '改名后的委员会', feeItems: [] }), 200);
    expect(changed).to.deep.include({ name: '改名后的委员会' });
    expect(changed.feeItems).to.deep.equal([]);
    expect(changed.foundingUnits).to.have.length(2);
    const disabled = expectStatus(await office.post(`/committees/${created.id}/disable`, { reason: '届满' }), 200);
    expect(disabled).to.deep.include({ status: 'disabled', statusReason: '届满' });
    const history = expectStatus(await api(w.tokens.unitAdmin).get(`/committees?state=history&ownerOrgId=${w.unit.org.id}`), 200);
    expect(history.items.map((c: { id: number }) => c.id)).to.include(created.id);
    const active = expectStatus(await api(w.tokens.unitAdmin).get(`/committees?ownerOrgId=${w.unit.org.id}`), 200);
    expect(active.items.map((c: { id: number }) => c.id)).to.deep.equal([w.committeeId]);
  });

  it('lets a unit commission another unit’s committee (委托评审), answered by the committee unit', async () => {
    const employer = w.employers[2];
    const asker = api(await tokenFor(employer.admin));
    const req = expectStatus(await asker.post(`/committees/${w.committeeId}/commissions`, { year: 2026, note: '本单位无评委会' }), 201);
    expect(req.status).to.equal('pending');
    expect((await asker.post(`/committees/${w.committeeId}/commissions`, { year: 2026 })).status).to.equal(409);
    expect((await api(w.tokens.otherAdmin).post(`/commissions/${req.id}/decide`, { accept: true })).status).to.equal(403);
    const noReason = await api(w.tokens.handler).post(`/commissions/${req.id}/decide`, { accept: false });
    expect(errorOf(noReason).code).to.equal('opinion_required');
    const incoming = expectStatus(await api(w.tokens.handler).get('/commissions?side=incoming'), 200).items;
    expect(incoming.map((x: { id: number }) => x.id)).to.include(req.id);
    const accepted = expectStatus(await api(w.tokens.handler).post(`/commissions/${req.id}/decide`, { accept: true }), 200);
    expect(accepted).to.deep.include({ status: 'accepted', orgName: employer.org.name });
    expect((await asker.post(`/commissions/${req.id}/withdraw`)).status).to.equal(409);
    expect(expectStatus(await asker.get('/commissions?side=outgoing'), 200).items[0].status).to.equal('accepted');
  });

  it('adds one expert by ID number (account made or reused), files library changes with the office, exports the list', async () => {
    const unit = api(w.tokens.unitAdmin);
    const idNumber = newIdNumber('1965-09-09');
    const bad = await unit.post(`/committees/${w.committeeId}/experts`, { idNumber, name: '钱专家', employerOrgId: w.employers[0].org.id, specialties: ['neike', 'xinli'] });
    expect(bad.status).to.equal(400);
    expect(errorOf(bad)).to.deep.include({ code: 'unknown_specialty' });
    expect(errorOf(bad).details![0].path).to.equal('body.specialties.1');
    const badId = await unit.post(`/committees/${w.committeeId}/experts`, { idNumber: idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0'), name: '钱专家', employerOrgId: w.employers[0].org.id, specialties: ['neike'] });
    expect(errorOf(badId).code).to.equal('id_number_check_digit');

    const added = expectStatus(await unit.post(`/committees/${w.committeeId}/experts`, { idNumber, name: '钱专家', employerOrgId: w.employers[0].org.id, specialties: ['neike'], titleLevel: 'zhenggao' }), 201);
    expect(added.entry).to.deep.include({ libraryStatus: 'pending', employerName: w.employers[0].org.name });
    expect(added.initialPassword).to.match(/^[A-Z][a-z]{6}#\d{3}$/);
    expect((await login(idNumber, added.initialPassword)).account.mustChangePassword).to.equal(true);
    // The other unit reuses the same expert: no new account, no password.
    const reused = expectStatus(await api(w.tokens.otherAdmin).post(`/committees/${w.otherCommitteeId}/experts`, { idNumber, name: '钱专家', employerOrgId: w.employers[0].org.id, specialties: ['neike'] }), 201);
    expect(reused.initialPassword).to.equal(null);
    expect(reused.entry.expertId).to.equal(added.entry.expertId);
    expect((await unit.post(`/committees/${w.committeeId}/experts`, { idNumber, name: '钱专家', employerOrgId: w.employers[0].org.id, specialties: ['neike'] })).status).to.equal(409);

    // 专家库更新备案: only the office's approval activates; a returned filing changes nothing.
    const filing = expectStatus(await unit.post(`/committees/${w.committeeId}/filings`, { items: [{ expertId: added.entry.expertId, action: 'add' }] }), 201);
    expect(filing).to.deep.include({ status: 'submitted', officeOrgId: w.city.org.id });
    const wrong = await unit.post(`/committees/${w.committeeId}/filings`, { items: [{ expertId: added.entry.expertId, action: 'remove' }] });
    expect(wrong.status).to.equal(422);
    expect(errorOf(wrong).details![0]).to.deep.include({ path: 'body.items.0.expertId', code: 'not_active' });
    const queue = expectStatus(await api(w.tokens.cityHandler).get('/library-filings'), 200).items;
    expect(queue.map((f: { id: number }) => f.id)).to.include(filing.id);
    expect((await api(w.tokens.otherAdmin).post(`/library-filings/${filing.id}/decide`, { approve: true })).status).to.equal(403);
    const returned = expectStatus(await api(w.tokens.cityHandler).post(`/library-filings/${filing.id}/decide`, { approve: false, opinion: '材料不全' }), 200);
    expect(returned.status).to.equal('returned');
    const again = expectStatus(await unit.post(`/committees/${w.committeeId}/filings`, { items: [{ expertId: added.entry.expertId, action: 'add' }] }), 201);
    expectStatus(await api(w.tokens.cityHandler).post(`/library-filings/${again.id}/decide`, { approve: true }), 200);
    const list = expectStatus(await unit.get(`/committees/${w.committeeId}/experts?status=active&q=钱专家`), 200);
    expect(list.items.map((e: { idNumber: string }) => e.idNumber)).to.deep.equal([idNumber]);
    expect((await unit.delete(`/committees/${w.committeeId}/experts/${added.entry.expertId}`)).status).to.equal(409);

    const res = await fetch(`${server().url}/api/committees/${w.committeeId}/experts/export?status=active`, { headers: { authorization: `Bearer ${w.tokens.supervisor}` } });
    expect(res.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const ws = wb.getWorksheet('专家名单')!;
    expect(ws.getRow(1).getCell(3).value).to.equal('身份证号');
    expect(ws.getRow(2).getCell(3).value).to.equal(idNumber);
    expect(ws.getRow(2).getCell(9).value).to.equal('已入库');
  });

  it('takes recommendations from units (专家推荐) and runs the expert’s own profile up its approval chain', async () => {
    // A department with a hospital below it, under the city office: the chain is hospital → department → city.
    const dept = await buildOrg({ parent: w.city, kind: 'department' });
    const hospital = await buildOrg({ parent: dept, kind: 'employer', category: 'hospital' });
    const idNumber = newIdNumber('1972-12-12');
    const rec = expectStatus(
      await api(await tokenFor(hospital.admin)).post('/expert-recommendations', { committeeId: w.committeeId, idNumber, name: '孙推荐', specialties: ['waike'], note: '业务骨干' }),
      201,
    );
    expect(rec.status).to.equal('pending');
    expect(rec.initialPassword).to.be.a('string');
    const incoming = expectStatus(await api(w.tokens.handler).get('/expert-recommendations?side=incoming&status=pending'), 200).items;
    expect(incoming.map((x: { id: number }) => x.id)).to.include(rec.id);
    expectStatus(await api(w.tokens.handler).post(`/expert-recommendations/${rec.id}/decide`, { accept: true }), 200);
    const entry = expectStatus(await api(w.tokens.unitAdmin).get(`/committees/${w.committeeId}/experts?q=${idNumber}`), 200).items[0];
    expect(entry).to.deep.include({ libraryStatus: 'pending', addedVia: 'recommendation', employerOrgId: hospital.org.id });

    const account = await withKnownPassword((await Account.findOne({ where: { username: idNumber } }))!);
    const me = api(await tokenFor(account));
    const empty = await me.post('/me/expert-profile/submit');
    expect(errorOf(empty).code).to.equal('profile_incomplete');
    expectStatus(await me.put('/me/expert-profile', { profile: { education: [{ school: '河北医科大学', degree: '博士' }], papers: [{ title: '论文一', year: 2020 }] } }), 200);
    const submitted = expectStatus(await me.post('/me/expert-profile/submit'), 200);
    expect(submitted.profileChain).to.deep.equal([hospital.org.id, dept.org.id, w.city.org.id]);
    expect(submitted.waitingAtOrgId).to.equal(hospital.org.id);
    expect((await me.put('/me/expert-profile', { profile: {} })).status).to.equal(409);

    const deptHandler = await buildAccount(dept, { role: 'staff', staffKind: 'handler' });
    expect((await api(await tokenFor(deptHandler)).post(`/experts/${entry.expertId}/profile-review`, { approve: true })).status).to.equal(403);
    const hospitalHandler = await buildAccount(hospital, { role: 'staff', staffKind: 'handler' });
    const q = expectStatus(await api(await tokenFor(hospitalHandler)).get('/expert-profiles/queue'), 200).items;
    expect(q.map((e: { id: number }) => e.id)).to.deep.equal([entry.expertId]);
    expectStatus(await api(await tokenFor(hospitalHandler)).post(`/experts/${entry.expertId}/profile-review`, { approve: true }), 200);
    const back = expectStatus(await api(await tokenFor(deptHandler)).post(`/experts/${entry.expertId}/profile-review`, { approve: false, opinion: '补充论文' }), 200);
    expect(back.profileStatus).to.equal('returned');
    expectStatus(await me.post('/me/expert-profile/submit'), 200);
    for (const reviewer of [hospitalHandler, deptHandler, w.cityHandler]) {
      expectStatus(await api(await tokenFor(reviewer)).post(`/experts/${entry.expertId}/profile-review`, { approve: true, opinion: '同意' }), 200);
    }
    const final = expectStatus(await api(w.tokens.unitAdmin).get(`/experts/${entry.expertId}`), 200);
    expect(final.profileStatus).to.equal('approved');
    expect(final.log.map((l: { action: string }) => l.action)).to.deep.equal(['submit', 'approve', 'return', 'submit', 'approve', 'approve', 'final']);
    expect((await api(w.tokens.otherAdmin).get(`/experts/${entry.expertId}`)).status).to.equal(403);
  });
});
