import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import { Account, BlacklistEntry, Declaration, DeclarationSection, MeetingLogin } from '../../models';
import { api, errorOf, login } from '../helpers/api';
import { TEST_PASSWORD } from '../helpers/env';
import { buildOrg, tokenFor } from '../helpers/factories';
import { server } from '../helpers/setup';
import { connect, waitFor } from '../helpers/sockets';
import { buildChain, readyDraft } from '../declarations/fixtures';
import { decidedMeeting, endPublicity, filedMeeting, must, unitWithRange } from './fixtures';
import { pdfFonts } from './pdf';
import { chinaToday } from '../../server/domain/workingDays';

describe('after the meeting: blacklist, closure, appeals, statistics', function () {
  this.timeout(180_000);

  it('blacklist: add by ID number (allowed periods only), edit, public notice masked, blocks declaring until lifted', async () => {
    const chain = await buildChain();
    const draft = await readyDraft(chain.employer);
    const person = (await Account.findByPk(draft.account.id))!;
    const office = await tokenFor(chain.city.admin);
    const people = must(await api(office).get(`/blacklist/people?q=${person.idNumber}`), 'people').body.items;
    expect(people).to.have.length(1);
    expect(people[0]).to.include({ name: person.name, blacklisted: false, declarationId: draft.id });
    const twoYears = await api(office).post('/blacklist', { idNumber: person.idNumber, name: person.name, years: 2, reason: '论文造假' });
    expect(errorOf(twoYears)).to.include({ code: 'years_required' });
    const badId = await api(office).post('/blacklist', { idNumber: '130102198506150013', name: person.name, years: 1, reason: '论文造假' });
    expect(errorOf(badId)).to.include({ code: 'id_number_check_digit' });
    const entry = must(await api(office).post('/blacklist', { idNumber: person.idNumber, name: person.name, years: 3, reason: '论文造假，取消申报资格' }), 'add').body;
    expect(entry).to.include({ years: 3, source: 'manual', publicNotice: true });
    expect(errorOf(await api(office).post('/blacklist', { idNumber: person.idNumber, name: person.name, years: 1, reason: 'x' })).code).to.equal('already_blacklisted');

    const submit = await api(draft.token).post(`/declarations/${draft.id}/submit`);
    expect(submit.status).to.equal(403);
    expect(errorOf(submit).code).to.equal('blacklisted');

    const notice = must(await api().get('/public/blacklist-notice'), 'notice').body.items.find((n: any) => n.id === entry.id);
    expect(notice.name).to.not.equal(person.name);
    expect(notice.name[0]).to.equal(person.name[0]);
    expect(JSON.stringify(notice)).to.not.contain(person.idNumber);
    const edited = must(await api(office).patch(`/blacklist/${entry.id}`, { years: 1, publicNotice: false }), 'edit').body;
    expect(new Date(edited.endsAt).getUTCFullYear() - new Date(edited.startsAt).getUTCFullYear()).to.equal(1);
    expect(edited.history[0].changes).to.deep.equal({ years: 1, publicNotice: false });
    expect(must(await api().get('/public/blacklist-notice'), 'notice').body.items.some((n: any) => n.id === entry.id)).to.equal(false);
    // One table, one list: the declarations area's list and lift see the entry.
    const list = must(await api(office).get(`/blacklist?q=${person.idNumber}`), 'list').body.items;
    expect(list.map((e: any) => e.id)).to.deep.equal([entry.id]);
    must(await api(office).post(`/blacklist/${entry.id}/lift`, { reason: '核查后解除' }), 'lift');
    expect(errorOf(await api(office).patch(`/blacklist/${entry.id}`, { reason: 'x' })).code).to.equal('already_lifted');
    expect((await api(draft.token).post(`/declarations/${draft.id}/submit`)).status).to.equal(200);
    expect(await BlacklistEntry.count({ where: { idNumber: person.idNumber! } })).to.equal(1);
  });

  it('closing a meeting makes it read-only, stops its temporary logins and moves it to history', async () => {
    const shared = '（评议组共同起草）该同志临床经验丰富，科研成果突出，同意晋升。';
    const d = await decidedMeeting({ applicants: 2, sharedOverall: shared });
    const { m } = d;
    const temp = m.accounts[3];
    await MeetingLogin.create({ meetingId: m.meeting.id, meetingExpertId: m.experts[3].id, accountId: temp.id, createdById: null });
    must(await api(d.staffToken).post(`/meetings/${m.meeting.id}/results/publish`, {}), 'publish');
    // Published results stand: a supervisor can no longer send the committee vote back.
    const back = await api(await tokenFor(m.supervisor)).post(`/rounds/${d.roundId}/send-back`, { reason: '重新表决' });
    expect(errorOf(back).code).to.equal('results_published');
    expect((await api(d.tokens.get(temp.id)).post(`/meetings/${m.meeting.id}/close`, {})).status).to.equal(403);
    const closed = must(await api(d.staffToken).post(`/meetings/${m.meeting.id}/close`, { note: '评审工作结束' }), 'close').body;
    expect(closed.status).to.equal('closed');
    expect(errorOf(await api(d.staffToken).post(`/meetings/${m.meeting.id}/close`, {})).code).to.equal('meeting_closed');
    const refusals = await Promise.all([
      api(d.chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' }),
      api(d.staffToken).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: m.experts[0].id, present: false }),
      api(d.chairToken).post(`/rounds/${d.roundId}/confirm`),
      api(d.tokens.get(m.leaders[0].account.id)).post(`/groups/${m.groups[0].id}/confirm`),
    ]);
    expect(refusals.map((r) => [r.status, errorOf(r).code])).to.deep.equal(Array(4).fill([409, 'meeting_closed']));
    const tempLogin = await api().post('/auth/login', { username: temp.username, password: TEST_PASSWORD });
    expect(tempLogin.status).to.equal(403);
    expect(errorOf(tempLogin).code).to.equal('account_disabled');
    expect((await api(d.tokens.get(temp.id)).get('/auth/me')).status).to.equal(401);
    // A regular account of the meeting signs in as before.
    expect((await api().post('/auth/login', { username: m.accounts[0].username, password: TEST_PASSWORD })).status).to.equal(200);
    const history = must(await api(d.staffToken).get('/after/meetings?state=history'), 'history').body.items;
    expect(history.map((x: any) => x.id)).to.include(m.meeting.id);
    expect(history.find((x: any) => x.id === m.meeting.id)).to.include({ state: 'in_publicity', passed: 1, failed: 1 });
    expect(must(await api(d.staffToken).get('/after/meetings?state=open'), 'open').body.items.map((x: any) => x.id)).to.not.include(m.meeting.id);
    const form = await fetch(`${server().url}/api/meeting-applicants/${m.applicants[0].id}/review-form`, { headers: { authorization: `Bearer ${d.office.token}` } });
    expect(form.status).to.equal(200);
    expect(form.headers.get('content-type')).to.equal('application/pdf');
    // 评审表: the name, the main reviewer's scores against the standard, the opinions (the shared
    // overall opinion as frozen at "finish"), and the committee vote's counts.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-form-'));
    const file = path.join(dir, 'form.pdf');
    fs.writeFileSync(file, Buffer.from(await form.arrayBuffer()));
    const text = (await promisify(execFile)('pdftotext', ['-layout', file, '-'])).stdout.replace(/[ \t]+/g, ' ');
    const flat = text.replace(/\s+/g, '');
    const decl = (await Declaration.findByPk(m.applicants[0].declarationId))!;
    expect(text).to.contain('职称评审表');
    expect(text).to.contain(decl.applicantName);
    expect(text).to.match(/职业道德\s+18 \/ 20/);
    expect(text).to.match(/专业能力\s+35 \/ 40/);
    expect(text).to.match(/业绩成果\s+30 \/ 40/);
    expect(text).to.match(/总分\s+83/);
    expect(flat).to.contain('学术水平较高，业绩突出。');
    expect(flat).to.contain(shared);
    expect(flat).to.not.contain('同意推荐。'); // the main's typed text gave way to the frozen shared one
    const members = m.experts.length;
    expect(flat).to.contain(`应到${members}人，实到${members}人，有表决权${members}人；同意${members}票，不同意0票，弃权0票；通过`);
    expect(flat).to.contain('评审通过');
    expect((await pdfFonts(file)).some((f) => /NotoSansCJK/.test(f.name) && f.embedded)).to.equal(true);
  });

  it('appeals: the applicant asks for a re-check while the list is public and hears every step', async () => {
    const d = await decidedMeeting({ applicants: 2 });
    const failed = (await Declaration.findByPk(d.m.applicants[1].declarationId))!;
    const token = (await login((await Account.findByPk(failed.applicantAccountId))!.username, TEST_PASSWORD)).accessToken;
    const before = await api(token).post('/appeals', { declarationId: failed.id, kind: 'recheck', content: '请求复查' });
    expect(before.status).to.equal(404);
    const pub = must(await api(d.staffToken).post(`/meetings/${d.m.meeting.id}/results/publish`, {}), 'publish').body;
    const mine = must(await api(token).get('/my/results'), 'mine').body.items;
    expect(mine[0]).to.include({ result: 'failed', outcome: 'failed', status: 'review_failed' });
    const socket = await connect(token);
    const appeal = must(await api(token).post('/appeals', { declarationId: failed.id, kind: 'recheck', content: '本人对评审结果有异议，申请复查' }), 'appeal').body;
    expect(appeal).to.include({ status: 'submitted', kind: 'recheck' });
    expect(errorOf(await api(token).post('/appeals', { declarationId: failed.id, kind: 'recheck', content: '再次' })).code).to.equal('appeal_pending');
    const accepted = waitFor<any>(socket, 'appeal:changed', (e) => e.data.status === 'accepted');
    must(await api(d.staffToken).post(`/appeals/${appeal.id}/handle`, { status: 'accepted' }), 'accept');
    expect((await accepted).data).to.include({ appealId: appeal.id, declarationId: failed.id });
    expect(errorOf(await api(d.staffToken).post(`/appeals/${appeal.id}/handle`, { status: 'rejected', opinion: 'x' })).code).to.equal('appeal_move_not_allowed');
    const concluded = waitFor<any>(socket, 'appeal:changed', (e) => e.data.status === 'concluded');
    must(await api(d.staffToken).post(`/appeals/${appeal.id}/handle`, { status: 'concluded', opinion: '经复查，表决程序符合规定，维持原评审结果' }), 'conclude');
    expect((await concluded).data.handlingOpinion).to.contain('维持原评审结果');
    const listed = must(await api(d.staffToken).get(`/appeals?meetingId=${d.m.meeting.id}`), 'list').body;
    expect(listed.items.map((a: any) => a.statusName)).to.deep.equal(['已办结']);
    await endPublicity(pub.id);
    must(await api(d.staffToken).post(`/result-publicities/${pub.id}/complete`, {}), 'complete');
    expect(errorOf(await api(token).post('/appeals', { declarationId: failed.id, kind: 'complaint', content: '投诉' })).code).to.equal('appeal_period_over');
    socket.close();
  });

  it('statistics of the office’s subtree by level, unit level and age, and the numbers as a workbook', async () => {
    const d = await decidedMeeting({ applicants: 3 });
    const { filingId } = await filedMeeting(d, `统计${crypto.randomInt(1e9)}`);
    const { unit } = await unitWithRange(d, 10);
    must(await api(d.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id }), 'issue');
    const get = async (q: string) => must(await api(d.office.token).get(`/statistics?year=2026&${q}`), q).body;
    const declared = await get('dimension=level&measure=declared');
    expect(declared.rows.find((r: any) => r.key === 'fugao').total).to.equal(3);
    expect((await get('dimension=level&measure=passed')).total).to.equal(2);
    expect((await get('dimension=unitLevel&measure=certified')).rows.find((r: any) => r.key === 'city').counts[1]).to.equal(2);
    const age = await get('dimension=age&measure=declared');
    expect(age.rows.map((r: any) => r.key)).to.include('41_45');
    expect(age.total).to.equal(3);
    // Another office sees nothing of this subtree.
    const other = await decidedMeeting({ applicants: 2 });
    const theirs = must(await api(other.office.token).get('/statistics?year=2026&dimension=level&measure=certified'), 'other').body;
    expect(theirs.total).to.equal(0);
    const res = await fetch(`${server().url}/api/statistics/export?year=2026&measure=declared`, { headers: { authorization: `Bearer ${d.office.token}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['按系列', '按级别', '按学历', '按单位级别', '按年龄', '按年度']);
    expect(wb.getWorksheet('按级别')!.getRow(1).values).to.include.members(['级别', '正高级', '副高级', '合计']);
  });

  it('statistics by series, by education and by year as a trend across years (table, export)', async () => {
    const d = await decidedMeeting({ applicants: 3 });
    const year = Number(chinaToday().slice(0, 4));
    const [a, b, c] = d.m.applicants.map((x) => x.declarationId);
    // Education as the declarations say it: the best 学习资历 entry, else the 第一学历, else 其他.
    await DeclarationSection.create({ declarationId: a, sectionKey: 'education', data: { items: [{ educationLevel: '本科' }, { educationLevel: '博士研究生' }] } });
    await DeclarationSection.create({ declarationId: b, sectionKey: 'basicInfo', data: { firstEducation: '硕士研究生' } });
    const get = async (q: string) => must(await api(d.office.token).get(`/statistics?${q}`), q).body;
    const series = await get(`year=${year}&dimension=series&measure=declared`);
    expect(series.rows.map((r: any) => [r.key, r.label, r.total])).to.deep.equal([['weisheng', '卫生', 3]]);
    expect(series.rows[0].counts[series.levels.findIndex((l: any) => l.key === 'fugao')]).to.equal(3);
    const edu = await get(`year=${year}&dimension=education&measure=declared`);
    const eduTotals = Object.fromEntries(edu.rows.map((r: any) => [r.key, r.total]));
    expect(eduTotals).to.deep.include({ 博士研究生: 1, 硕士研究生: 1, 本科: 0, 其他: 1 });
    expect(edu.rows.map((r: any) => r.key).slice(0, 3)).to.deep.equal(['博士研究生', '硕士研究生', '本科']);

    // Two of the three declared in earlier years: the trend has one number per year.
    await Declaration.update({ year: year - 1 }, { where: { id: b } });
    await Declaration.update({ year: year - 3 }, { where: { id: c } });
    const trend = must(await api(d.office.token).get(`/statistics/trend?from=${year - 4}&to=${year}&dimension=level&measure=declared`), 'trend').body;
    expect(trend.years).to.deep.equal([year - 4, year - 3, year - 2, year - 1, year]);
    expect(trend.rows.find((r: any) => r.key === 'fugao').counts).to.deep.equal([0, 1, 0, 1, 1]);
    expect(trend.totals).to.deep.equal([0, 1, 0, 1, 1]);
    expect(trend.total).to.equal(3);
    const bySeries = must(await api(d.office.token).get(`/statistics/trend?from=${year - 4}&to=${year}&dimension=series`), 'trend series').body;
    expect(bySeries.rows.map((r: any) => [r.key, r.counts])).to.deep.equal([['weisheng', [0, 1, 0, 1, 1]]]);
    const byEdu = must(await api(d.office.token).get(`/statistics/trend?from=${year - 4}&to=${year}&dimension=education`), 'trend education').body;
    expect(byEdu.rows.find((r: any) => r.key === '硕士研究生').counts).to.deep.equal([0, 0, 0, 1, 0]);
    expect(byEdu.rows.find((r: any) => r.key === '其他').counts).to.deep.equal([0, 1, 0, 0, 0]);
    // The default span is the last five years; a span too long or backwards is refused with the field.
    expect(must(await api(d.office.token).get('/statistics/trend'), 'default').body.years).to.have.length(5);
    const back = await api(d.office.token).get(`/statistics/trend?from=${year}&to=${year - 2}`);
    expect(back.status).to.equal(400);
    expect(errorOf(back).details!.map((x) => x.path)).to.include('query.from');
    expect((await api(d.office.token).get(`/statistics/trend?from=${year - 20}&to=${year}`)).status).to.equal(400);
    // The single-year table is still a filter: this year counts one declaration now.
    expect((await get(`year=${year}&dimension=level&measure=declared`)).total).to.equal(1);
    // Another office's trend holds none of it.
    const other = await buildOrg();
    expect(must(await api(await tokenFor(other.admin)).get(`/statistics/trend?from=${year - 4}&to=${year}`), 'other').body.total).to.equal(0);

    // The numbers as spreadsheets: the trend export, and 按年度 in the statistics workbook.
    const load = async (path: string) => {
      const res = await fetch(`${server().url}/api${path}`, { headers: { authorization: `Bearer ${d.office.token}` } });
      expect(res.status).to.equal(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      return wb;
    };
    const cells = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    const tw = (await load(`/statistics/trend/export?from=${year - 4}&to=${year}&dimension=level`)).worksheets[0];
    expect(cells(tw, 1)).to.deep.equal(['年度', '正高级', '副高级', '中级', '助理级', '员级', '合计']);
    expect(tw.rowCount).to.equal(6);
    const fugaoCol = cells(tw, 1).indexOf('副高级');
    expect([2, 3, 4, 5, 6].map((n) => cells(tw, n)[0])).to.deep.equal(trend.years);
    expect([2, 3, 4, 5, 6].map((n) => cells(tw, n)[fugaoCol])).to.deep.equal([0, 1, 0, 1, 1]);
    const yearly = (await load(`/statistics/export?year=${year}&measure=declared`)).getWorksheet('按年度')!;
    expect([2, 3, 4, 5, 6].map((n) => cells(yearly, n)[cells(yearly, 1).indexOf('合计')])).to.deep.equal([0, 1, 0, 1, 1]);
  });
});
