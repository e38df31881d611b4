import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Account } from '../../models';
import { inTransaction } from '../../server/tx';
import { createAccount } from '../../server/commands/accounts';
import { api, errorOf } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor, withKnownPassword } from '../helpers/factories';
import { server } from '../helpers/setup';
import { act, buildChain, must, newApplicant, PDF, qualificationOf, readyDraft, staffOf, YEAR } from './fixtures';

async function xlsx(token: string, path: string) {
  const res = await fetch(`${server().url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, rows: [] as string[][], type: res.headers.get('content-type') };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return { status: res.status, rows, type: res.headers.get('content-type') };
}

describe('around the review: blacklist, quotas, transfers, publicity, exports', function () {
  this.timeout(60_000);
  let c: Awaited<ReturnType<typeof buildChain>>;
  before(async () => {
    c = await buildChain();
  });

  it('a blacklisted person cannot declare again (403 blacklisted) until the entry is lifted', async () => {
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    const res = await must(act(c.employerStaff.handlerToken, d.id, { action: 'blacklist', opinion: '学历造假', years: 3 }));
    expect(res.body.status).to.equal('blacklisted');
    // Next year's account for the same person (same ID number).
    const { account } = await inTransaction((t) =>
      createAccount(c.employer.adminActor, { orgId: c.employer.org.id, role: 'applicant', name: d.account.name, idNumber: d.account.idNumber!, year: YEAR + 1 }, t),
    );
    const next = await withKnownPassword(account);
    const token = (await api().post('/auth/login', { username: next.username, password: 'Test#Pass2026' })).body.accessToken;
    expect(token).to.be.a('string');
    const q = await qualificationOf('weisheng', '副主任医师');
    const body = { year: YEAR + 1, seriesCode: 'weisheng', level: 'fugao', qualificationId: q.id, route: 'review', declType: 'normal' };
    const refused = await api(token).post('/declarations', body);
    expect(refused.status).to.equal(403);
    expect(errorOf(refused).code).to.equal('blacklisted');

    const list = await must(api(c.provinceStaff.leaderToken).get(`/blacklist?q=${d.account.idNumber}`));
    expect(list.body.items).to.have.length(1);
    expect(list.body.items[0]).to.include({ years: 3, active: true, reason: '学历造假' });
    expect((await api(c.employerStaff.handlerToken).get('/blacklist')).status).to.equal(403); // not an office
    const adminToken = await tokenFor(c.city.admin);
    const lifted = await must(api(adminToken).post(`/blacklist/${list.body.items[0].id}/lift`, { reason: '经复核属误报' }));
    expect(lifted.body.active).to.equal(false);
    expect((await api(adminToken).post(`/blacklist/${list.body.items[0].id}/lift`, {})).status).to.equal(400);
    expect((await api(token).post('/declarations', body)).status).to.equal(201);
  });

  it('a plan climbs the chain; beyond the approved quota a submission is refused with quota_exceeded', async () => {
    const unit = await buildOrg({ parent: c.county, kind: 'employer', category: 'hospital' });
    const staff = await staffOf(unit);
    const plan = await must(api(staff.handlerToken).post('/plans', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', quota: 1 }), 201);
    const dup = await api(staff.handlerToken).post('/plans', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', quota: 2 });
    expect(dup.status).to.equal(409);
    const bad = await api(staff.handlerToken).post('/plans', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', quota: -1 });
    expect(errorOf(bad).details![0].path).to.equal('body.quota');
    await must(api(staff.handlerToken).post(`/plans/${plan.body.id}/submit`));
    // The city may not approve what waits at the county.
    expect((await api(c.cityStaff.handlerToken).post(`/plans/${plan.body.id}/decision`, { approve: true })).status).to.equal(403);
    const atCounty = await must(api(c.countyStaff.handlerToken).get('/plans?pendingMine=true'));
    expect(atCounty.body.items.map((p: any) => p.id)).to.include(plan.body.id);
    await must(api(c.countyStaff.leaderToken).post(`/plans/${plan.body.id}/decision`, { approve: true }));
    await must(api(c.cityStaff.handlerToken).post(`/plans/${plan.body.id}/decision`, { approve: true }));
    const approved = await must(api(c.provinceStaff.leaderToken).post(`/plans/${plan.body.id}/decision`, { approve: true, reason: '同意' }));
    expect(approved.body).to.include({ status: 'approved', approvingOrg: null });
    expect(approved.body.history.map((h: any) => h.action)).to.deep.equal(['submit', 'forward', 'forward', 'approve']);

    const first = await readyDraft(unit);
    await must(api(first.token).post(`/declarations/${first.id}/submit`));
    const second = await readyDraft(unit);
    const refused = await api(second.token).post(`/declarations/${second.id}/submit`);
    expect(refused.status).to.equal(409);
    expect(errorOf(refused).code).to.equal('quota_exceeded');
    expect((await must(api(second.token).get(`/declarations/${second.id}`))).body.status).to.equal('draft');

    const stats = await must(api(c.countyStaff.leaderToken).get(`/plans/stats?year=${YEAR}`));
    const row = stats.body.items.find((x: any) => x.org.id === unit.org.id);
    expect(row).to.include({ quota: 1, used: 1, remaining: 0, submitted: 1 });
    const sheet = await xlsx(c.countyStaff.leaderToken, `/plans/stats/export?year=${YEAR}`);
    expect(sheet.rows[0]).to.deep.equal(['单位', '系列', '层级', '职数', '已占用', '剩余', '已提交', '已通过审查']);
    expect(sheet.rows.some((r) => r[0] === unit.org.name && r[3] === '1' && r[4] === '1')).to.equal(true);
  });

  it('transfer: the new unit asks, the old unit agrees; the account and the draft move', async () => {
    const newUnit = await buildOrg({ parent: c.county, kind: 'employer', category: 'hospital' });
    const newAdmin = await tokenFor(newUnit.admin);
    const oldAdmin = await tokenFor(c.employer.admin);
    const person = await newApplicant(c.employer);
    const q = await qualificationOf('weisheng', '副主任医师');
    const d = await must(
      api(person.token).post('/declarations', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: q.id, route: 'review', declType: 'normal' }),
      201,
    );
    expect((await api(newAdmin).post('/transfers', { idNumber: '123' })).status).to.equal(400);
    expect((await api().post('/transfers', { idNumber: person.account.idNumber })).status).to.equal(401);
    const asked = await must(api(newAdmin).post('/transfers', { idNumber: person.account.idNumber, year: YEAR, note: '调入' }), 201);
    expect(asked.body).to.include({ status: 'pending' });
    expect((await api(newAdmin).post('/transfers', { idNumber: person.account.idNumber, year: YEAR })).status).to.equal(409);
    // Only the old unit decides.
    expect((await api(newAdmin).post(`/transfers/${asked.body.id}/decision`, { approve: true })).status).to.equal(403);
    const outgoing = await must(api(oldAdmin).get('/transfers?direction=outgoing&status=pending'));
    expect(outgoing.body.items.map((x: any) => x.id)).to.include(asked.body.id);
    const done = await must(api(oldAdmin).post(`/transfers/${asked.body.id}/decision`, { approve: true, reason: '同意调出' }));
    expect(done.body.status).to.equal('accepted');
    expect((await Account.findByPk(person.account.id))!.orgId).to.equal(newUnit.org.id);
    const moved = await must(api(person.token).get(`/declarations/${d.body.id}`));
    expect(moved.body.org.id).to.equal(newUnit.org.id);

    // Under review, a person cannot move.
    const busy = await readyDraft(c.employer);
    await must(api(busy.token).post(`/declarations/${busy.id}/submit`));
    const blocked = await api(newAdmin).post('/transfers', { idNumber: busy.account.idNumber, year: YEAR });
    expect(blocked.status).to.equal(409);
    expect(errorOf(blocked).code).to.equal('declaration_in_progress');
  });

  it('unit publicity is public: anyone lists it and reports, without signing in; staff read the reports', async () => {
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    await must(act(c.employerStaff.leaderToken, d.id, { action: 'pass' }));
    const now = Date.now();
    const pub = await must(
      api(c.employerStaff.handlerToken).post('/publicities', {
        kind: 'unit',
        title: '2026年度职称申报公示',
        startsAt: new Date(now - 3600_000).toISOString(),
        endsAt: new Date(now + 5 * 86400_000).toISOString(),
        declarationIds: [d.id],
      }),
      201,
    );
    const open = await must(api().get('/public/publicities?kind=unit&pageSize=200'));
    expect(open.body.items.map((p: any) => p.id)).to.include(pub.body.id);
    const list = await must(api().get(`/public/publicities/${pub.body.id}`));
    expect(list.body.items[0]).to.include({ declarationId: d.id, seriesName: '卫生', levelName: '副高级', qualificationName: '副主任医师' });
    expect(JSON.stringify(list.body)).to.not.include(d.account.idNumber!);
    const rep = await api().post(`/public/publicities/${pub.body.id}/reports`, { declarationId: d.id, reporterName: '群众', content: '该同志论文存在抄袭嫌疑，请核查。' });
    expect(rep.status).to.equal(201);
    const notListed = await api().post(`/public/publicities/${pub.body.id}/reports`, { declarationId: 1, content: '这个人不在名单上吗？请核查' });
    expect(notListed.status).to.equal(400);
    expect(errorOf(notListed).code).to.equal('not_on_list');
    const tooShort = await api().post(`/public/publicities/${pub.body.id}/reports`, { declarationId: d.id, content: '短' });
    expect(errorOf(tooShort).details![0].path).to.equal('body.content');
    const reports = await must(api(c.employerStaff.handlerToken).get(`/publicities/${pub.body.id}/reports`));
    expect(reports.body.items[0]).to.include({ declarationId: d.id, content: '该同志论文存在抄袭嫌疑，请核查。' });
    const other = await staffOf(await buildOrg({ kind: 'employer' }));
    expect((await api(other.handlerToken).get(`/publicities/${pub.body.id}/reports`)).status).to.equal(403);
    expect((await api().get(`/publicities/${pub.body.id}/reports`)).status).to.equal(401);
    const early = await api(c.employerStaff.handlerToken).post(`/publicities/${pub.body.id}/complete`);
    expect(early.status).to.equal(409);
    expect(errorOf(early).code).to.equal('publicity_not_over');
    const sheet = await xlsx(c.employerStaff.handlerToken, `/publicities/${pub.body.id}/export`);
    expect(sheet.rows[0].slice(0, 3)).to.deep.equal(['序号', '姓名', '工作单位']);
    expect(sheet.rows[1][1]).to.equal(d.account.name);
    expect(sheet.rows[1][9]).to.equal('1');
  });

  it('recommendation carries the unit’s handling details and proof files', async () => {
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    await must(act(c.employerStaff.leaderToken, d.id, { action: 'pass' }));
    const now = Date.now();
    const pub = await must(
      api(c.employerStaff.handlerToken).post('/publicities', {
        kind: 'unit',
        title: '公示',
        startsAt: new Date(now - 86400_000 * 6).toISOString(),
        endsAt: new Date(now - 1000).toISOString(),
        declarationIds: [d.id],
      }),
      201,
    );
    const tooEarly = await api(c.employerStaff.handlerToken).post('/recommendations', { declarationIds: [d.id], handlerName: '王五', handlerPhone: '0311-1234567', opinion: '同意' });
    expect(tooEarly.status).to.equal(409);
    await must(api(c.employerStaff.handlerToken).post(`/publicities/${pub.body.id}/complete`));
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)]), '推荐证明.pdf');
    const proof = await must(api(c.employerStaff.handlerToken).post('/recommendations/files', form), 201);
    const rec = await must(
      api(c.employerStaff.handlerToken).post('/recommendations', {
        declarationIds: [d.id],
        handlerName: '王五',
        handlerPhone: '0311-1234567',
        opinion: '经单位推荐小组评议，同意推荐',
        details: { method: '推荐小组评议', groupSize: 7, publicityResult: '公示期满无异议' },
        fileIds: [proof.body.id],
      }),
      201,
    );
    expect(rec.body.files[0]).to.include({ id: proof.body.id, name: '推荐证明.pdf' });
    expect(rec.body.details).to.include({ groupSize: 7 });
    const up = await must(api(c.countyStaff.handlerToken).get(`/recommendations/${rec.body.id}`));
    expect(up.body.declarationIds).to.deep.equal([d.id]);
    const file = await fetch(`${server().url}/api/files/${proof.body.id}`, { headers: { authorization: `Bearer ${c.countyStaff.handlerToken}` } });
    expect(file.status).to.equal(200);
    const stranger = await staffOf(await buildOrg({ kind: 'employer' }));
    expect((await api(stranger.handlerToken).get(`/recommendations/${rec.body.id}`)).status).to.equal(403);
    expect((await must(api(d.token).get(`/declarations/${d.id}`))).body.currentOrg.id).to.equal(c.county.org.id);
  });

  it('exports: the queue as xlsx with Chinese headers; handlers without the export permission get 403', async () => {
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    const sheet = await xlsx(c.employerStaff.leaderToken, '/review/queue/export?step=leader');
    expect(sheet.status).to.equal(200);
    expect(sheet.type).to.include('spreadsheetml');
    expect(sheet.rows[0].slice(0, 4)).to.deep.equal(['序号', '姓名', '身份证号', '申报单位']);
    const row = sheet.rows.find((r) => r[2] === d.account.idNumber)!;
    expect(row[1]).to.equal(d.account.name);
    expect(row[3]).to.equal(c.employer.org.name);
    expect(row.slice(5, 8)).to.deep.equal(['卫生', '副高级', '副主任医师']);
    expect((await xlsx(c.employerStaff.handlerToken, '/review/queue/export?step=leader')).status).to.equal(403);
    expect((await xlsx('', '/review/queue/export?step=leader')).status).to.equal(401);
    expect((await api(c.employerStaff.leaderToken).get('/review/queue/export?step=nope')).status).to.equal(400);
    const search = await xlsx(c.provinceStaff.leaderToken, `/review/declarations/export?q=${d.account.idNumber}`);
    expect(search.rows).to.have.length(2);
    const committees = await xlsx(c.provinceStaff.leaderToken, '/committees/export?seriesCode=weisheng');
    expect(committees.rows[0].slice(0, 3)).to.deep.equal(['序号', '评委会编码', '评委会名称']);
  });

  it('common opinions are each reviewer’s own', async () => {
    const mine = await must(api(c.employerStaff.handlerToken).post('/opinions', { text: '材料齐全，同意推荐' }), 201);
    expect((await api(c.employerStaff.handlerToken).post('/opinions', { text: '' })).status).to.equal(400);
    const list = await must(api(c.employerStaff.handlerToken).get('/opinions'));
    expect(list.body.items.map((o: any) => o.text)).to.include('材料齐全，同意推荐');
    expect((await api(c.employerStaff.leaderToken).patch(`/opinions/${mine.body.id}`, { text: '改' })).status).to.equal(403);
    expect((await api().get('/opinions')).status).to.equal(401);
    const applicant = await newApplicant(c.employer);
    expect((await api(applicant.token).get('/opinions')).status).to.equal(403);
    await must(api(c.employerStaff.handlerToken).delete(`/opinions/${mine.body.id}`), 204);
    const staffOnly = await buildAccount(c.employer, { role: 'staff', staffKind: 'handler' });
    expect((await api(await tokenFor(staffOnly)).get('/opinions')).body.items).to.deep.equal([]);
  });
});
