import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import { Account, Certificate, CommonOpinion } from '../../models';
import { api } from '../helpers/api';
import { buildAccount, buildOrg, newIdNumber, tokenFor, unique, withKnownPassword } from '../helpers/factories';
import { buildMeeting, recuse } from '../helpers/meeting';
import { server } from '../helpers/setup';
import { act, buildChain, must as mustStatus, publicise, readyDraft, recommendUp, YEAR } from '../declarations/fixtures';
import { buildWorld, expectStatus } from '../setup/world';
import { byKey, streamXlsx, XLSX_MIME } from '../../server/exports/xlsx';
import { decidedMeeting, filedMeeting, must, unitWithRange } from './fixtures';

/**
 * Every list exports (issue 7 item 7): each export is read back with exceljs and compared with its
 * list — Chinese header row, one row per list entry, the same entries — and refuses whom the list
 * refuses. A list longer than a batch exports whole, and a client that reads nothing holds the
 * export back instead of letting it pile up.
 */

interface Sheet {
  status: number;
  header: string[];
  rows: string[][];
  column: (name: string) => string[];
}

async function sheet(token: string | null, path: string): Promise<Sheet> {
  const res = await fetch(`${server().url}/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status !== 200) {
    await res.arrayBuffer();
    return { status: res.status, header: [], rows: [], column: () => [] };
  }
  expect(res.headers.get('content-type')).to.equal(XLSX_MIME);
  expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="export.xlsx"; filename\*=UTF-8''/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.worksheets[0];
  const cells = (n: number) => ((ws.getRow(n).values as unknown[]) ?? []).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
  const header = cells(1);
  const rows: string[][] = [];
  for (let n = 2; n <= ws.rowCount; n++) rows.push(cells(n));
  return {
    status: 200,
    header,
    rows,
    column: (name: string) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`no column ${name} in ${header.join(',')}`);
      return rows.map((r) => r[i] ?? '');
    },
  };
}

const itemsOf = (body: any): any[] => body.items;

/**
 * The export of `listPath` (at `exportPath`) holds the same entries as the list, with `header` as
 * its first columns; `key` picks what identifies an entry in the list and `column` in the sheet.
 */
async function matchesList(token: string, listPath: string, exportPath: string, opts: { header: string[]; column: string; key: (item: any) => string; min?: number }) {
  const list = must(await api(token).get(listPath), listPath).body;
  const items = itemsOf(list);
  if ('total' in list) expect(list.total, `${listPath} fits one page`).to.equal(items.length);
  expect(items.length, `${listPath} has entries`).to.be.at.least(opts.min ?? 1);
  const s = await sheet(token, exportPath);
  expect(s.status, exportPath).to.equal(200);
  expect(s.header.slice(0, opts.header.length), `${exportPath} header`).to.deep.equal(opts.header);
  expect(s.rows, `${exportPath} rows`).to.have.length(items.length);
  expect(s.column('序号')).to.deep.equal(items.map((_x, i) => String(i + 1)));
  expect(s.column(opts.column), `${exportPath} in the list's order`).to.deep.equal(items.map(opts.key));
  return s;
}

/**
 * Whoever the list refuses, the export refuses the same way (401 without a token, 403 …); whom it
 * answers with only their own part (an empty list), the export answers with as many rows.
 */
async function refusedLikeList(token: string | null, listPath: string, exportPath: string, status: number) {
  const list = await api(token).get(listPath);
  expect(list.status, `${listPath} for this caller`).to.equal(status);
  const s = await sheet(token, exportPath);
  expect(s.status, `${exportPath} for this caller`).to.equal(status);
  if (status === 200) expect(s.rows, `${exportPath} for this caller`).to.have.length(list.body.items.length);
}

describe('exports: every list as a spreadsheet, like the list', function () {
  this.timeout(240_000);

  it('accounts and organisations (账号, 机构): same filters, same rights', async () => {
    const office = await buildOrg({ name: `导出测试职改办${unique('')}` });
    const employer = await buildOrg({ parent: office, kind: 'employer', category: 'hospital', name: `导出测试医院${unique('')}` });
    await buildAccount(office, { role: 'staff', staffKind: 'leader', name: '李领导' });
    await buildAccount(employer, { role: 'applicant', name: '张申报' });
    await buildAccount(employer, { role: 'applicant', name: '王申报' });
    const token = await tokenFor(office.admin);
    const q = `orgId=${office.org.id}&subtree=true`;
    const all = await matchesList(token, `/accounts?${q}&pageSize=200`, `/accounts/export?${q}`, {
      header: ['序号', '用户名', '姓名', '角色', '人员类别', '身份证号', '手机号', '所属单位', '单位编码', '状态'],
      column: '用户名',
      key: (a) => a.username,
      min: 5,
    });
    expect(all.column('角色')).to.include.members(['单位管理员', '工作人员', '申报人']);
    expect(all.column('所属单位')).to.include(employer.org.name);
    const applicants = await matchesList(token, `/accounts?${q}&role=applicant&pageSize=200`, `/accounts/export?${q}&role=applicant`, { header: ['序号', '用户名', '姓名'], column: '姓名', key: (a) => a.name });
    expect(applicants.rows).to.have.length(2);
    const stranger = await buildOrg();
    await refusedLikeList(null, `/accounts?${q}`, `/accounts/export?${q}`, 401);
    await refusedLikeList(await tokenFor(stranger.admin), `/accounts?${q}`, `/accounts/export?${q}`, 403);
    const applicant = await buildAccount(employer, { role: 'applicant' });
    await refusedLikeList(await tokenFor(applicant), `/accounts?${q}`, `/accounts/export?${q}`, 403);

    const orgs = await matchesList(token, '/orgs?pageSize=200', '/orgs/export', {
      header: ['序号', '机构编码', '机构名称', '机构类型', '类别', '级别', '上级机构', '状态'],
      column: '机构编码',
      key: (o) => o.code,
      min: 2,
    });
    expect(orgs.column('机构名称')).to.deep.equal([office.org.name, employer.org.name]);
    expect(orgs.column('机构类型')).to.deep.equal(['职改办（人社）', '用人（申报）单位']);
    expect(orgs.column('状态')).to.deep.equal(['正常', '正常']);
    await matchesList(token, '/orgs?kind=employer&pageSize=200', '/orgs/export?kind=employer', { header: ['序号', '机构编码'], column: '机构名称', key: (o) => o.name });
    await refusedLikeList(null, '/orgs', '/orgs/export', 401);
    // An applicant reads only their own unit's part of the tree, in the list as in the export.
    await refusedLikeList(await tokenFor(applicant), '/orgs?pageSize=200', '/orgs/export', 200);
    await refusedLikeList(await tokenFor(stranger.admin), '/orgs?pageSize=200', '/orgs/export', 200);
  });

  it('publicities, their reports, recommendations, the flow log and common opinions', async () => {
    const c = await buildChain();
    const h = c.employerStaff.handlerToken;
    // One declaration publicised (period over) and recommended up; another on an open list, reported.
    const d1 = await readyDraft(c.employer);
    const d2 = await readyDraft(c.employer);
    for (const d of [d1, d2]) {
      await mustStatus(api(d.token).post(`/declarations/${d.id}/submit`));
      await mustStatus(act(h, d.id, { action: 'pass' }));
      await mustStatus(act(c.employerStaff.leaderToken, d.id, { action: 'pass' }));
    }
    await publicise(h, [d1.id]);
    await recommendUp(h, [d1.id]);
    const open = (
      await mustStatus(
        api(h).post('/publicities', { kind: 'unit', title: '导出测试公示', startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 5 * 86400_000).toISOString(), declarationIds: [d2.id] }),
        201,
      )
    ).body;
    await mustStatus(api().post(`/public/publicities/${open.id}/reports`, { declarationId: d2.id, reporterName: '群众甲', content: '该同志业绩材料存在疑问，请核查。' }), 201);
    await mustStatus(api().post(`/public/publicities/${open.id}/reports`, { declarationId: d2.id, content: '论文发表时间与任职时间不符，请核查。' }), 201);

    const pubs = await matchesList(h, '/publicities?pageSize=200', '/publicities/export', {
      header: ['序号', '公示标题', '类型', '发布单位', '年度', '开始时间', '结束时间', '公示人数', '举报数', '状态'],
      column: '公示标题',
      key: (p) => p.title,
      min: 2,
    });
    expect(pubs.column('举报数')).to.deep.equal(['2', '0']);
    await matchesList(h, '/publicities?status=completed&pageSize=200', '/publicities/export?status=completed', { header: ['序号', '公示标题'], column: '状态', key: () => '已完成' });
    const reports = await matchesList(h, `/publicities/${open.id}/reports`, `/publicities/${open.id}/reports/export`, {
      header: ['序号', '被反映人', '反映内容', '反映人', '联系方式', '反映时间'],
      column: '反映内容',
      key: (x) => x.content,
      min: 2,
    });
    expect(reports.column('被反映人')).to.deep.equal([d2.account.name, d2.account.name]);
    const recs = await matchesList(h, '/recommendations?pageSize=200', '/recommendations/export', {
      header: ['序号', '推荐单位', '年度', '推荐人数', '推荐人员', '经办人', '联系电话'],
      column: '推荐人员',
      key: () => d1.account.name,
    });
    expect(recs.column('单位意见')).to.deep.equal(['同意推荐']);

    // The flow log: the applicant sees roles, staff see names.
    const mine = await matchesList(d1.token, `/declarations/${d1.id}/flow`, `/declarations/${d1.id}/flow/export`, {
      header: ['序号', '时间', '操作', '环节', '单位', '操作人', '原状态', '新状态', '意见'],
      column: '操作',
      key: (e) => ({ submit: '提交申报', pass: '审核通过', publicity_open: '开始申报公示', publicity_complete: '完成公示', recommend: '单位推荐上报' })[e.action as string] ?? e.action,
      min: 4,
    });
    expect(mine.column('操作人')).to.include('经办人');
    expect(mine.column('操作人')).to.not.include(c.employerStaff.handler.name);
    const staffView = await sheet(h, `/declarations/${d1.id}/flow/export`);
    expect(staffView.column('操作人')).to.include(c.employerStaff.handler.name);
    const stranger = await buildOrg();
    await refusedLikeList(await tokenFor(stranger.admin), `/declarations/${d1.id}/flow`, `/declarations/${d1.id}/flow/export`, 403);
    await refusedLikeList(null, `/declarations/${d1.id}/flow`, `/declarations/${d1.id}/flow/export`, 401);
    // Another unit sees none of these publicities: the same empty list, an empty sheet.
    const otherUnit = await tokenFor(stranger.admin);
    expect(must(await api(otherUnit).get('/publicities'), 'other').body.total).to.equal(0);
    expect((await sheet(otherUnit, '/publicities/export')).rows).to.have.length(0);
    await refusedLikeList(otherUnit, `/publicities/${open.id}/reports`, `/publicities/${open.id}/reports/export`, 403);
    await refusedLikeList(null, '/recommendations', '/recommendations/export', 401);
    await refusedLikeList(d1.token, '/recommendations', '/recommendations/export', 403);

    // 常用意见, in their order.
    await CommonOpinion.destroy({ where: { accountId: c.employerStaff.handler.id } });
    for (const text of ['材料齐全，同意推荐', '业绩突出，同意上报']) await mustStatus(api(h).post('/opinions', { text }), 201);
    await matchesList(h, '/opinions', '/opinions/export', { header: ['序号', '常用意见'], column: '常用意见', key: (o) => o.text, min: 2 });
    await refusedLikeList(d1.token, '/opinions', '/opinions/export', 403);

    // Review paths: anyone signed in reads them.
    await matchesList(h, '/review-paths', '/review-paths/export', { header: ['序号', '系列', '级别', '申报途径', '审核终点', '跳过的机构类型', '说明'], column: '审核终点', key: (p) => p.endsAtName });
    await refusedLikeList(null, '/review-paths', '/review-paths/export', 401);
  });

  it('meetings, recusals, after-meeting lists, filings and the ministry report batches', async () => {
    const d = await decidedMeeting({ applicants: 2 });
    const { m } = d;
    await recuse(m, m.experts[1], m.applicants[0]);
    await recuse(m, m.experts[2], m.applicants[1]);
    const staff = d.staffToken;
    const meetings = await matchesList(staff, '/meetings?state=all&pageSize=200', '/meetings/export?state=all', {
      header: ['序号', '评审会议', '组建单位', '开始时间', '结束时间', '地点', '状态', '评审方案', '评分标准'],
      column: '评审会议',
      key: (x) => x.name,
    });
    expect(meetings.column('组建单位')).to.deep.equal([m.unit.org.name]);
    expect(meetings.column('状态')).to.deep.equal(['进行中']);
    expect((await sheet(staff, '/meetings/export?state=history')).rows).to.have.length(0);
    await refusedLikeList(null, '/meetings', '/meetings/export', 401);
    const recusals = await matchesList(staff, `/meetings/${m.meeting.id}/recusals`, `/meetings/${m.meeting.id}/recusals/export`, {
      header: ['序号', '回避专家', '专家工作单位', '参评人员', '材料编号', '回避类型', '说明', '登记时间'],
      column: '材料编号',
      key: (r) => m.applicants.find((a) => a.id === r.meetingApplicantId)!.blindCode,
      min: 2,
    });
    expect(recusals.column('回避类型')).to.deep.equal(['本人申请回避', '本人申请回避']);
    const stranger = await buildOrg();
    await refusedLikeList(await tokenFor(stranger.admin), `/meetings/${m.meeting.id}/recusals`, `/meetings/${m.meeting.id}/recusals/export`, 403);

    const { filingId } = await filedMeeting(d, `导出${crypto.randomInt(1e9)}`);
    const after = await matchesList(staff, '/after/meetings?state=all&pageSize=200', '/after/meetings/export?state=all', {
      header: ['序号', '评审会议', '组建单位', '开始时间', '参评人数', '通过', '未通过', '进度', '备案文号'],
      column: '评审会议',
      key: (x) => x.name,
    });
    expect(after.column('进度')).to.deep.equal(['已备案']);
    const filings = await matchesList(d.office.token, '/filings?pageSize=200', '/filings/export', {
      header: ['序号', '评审会议', '报送单位', '审核单位', '状态', '提交时间', '备案文号', '备案日期', '审查意见'],
      column: '评审会议',
      key: (f) => f.meetingName,
    });
    expect(filings.column('状态')).to.deep.equal(['已备案']);
    await refusedLikeList(null, '/filings', '/filings/export', 401);

    const { unit } = await unitWithRange(d, 10);
    must(await api(d.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id }), 'issue');
    const batch = must(await api(d.office.token).post('/certificates/report', {}), 'report').body;
    const batches = await matchesList(d.office.token, '/certificates/reports', '/certificates/reports/export', {
      header: ['序号', '报送批次', '证书数', '报送时间'],
      column: '报送批次',
      key: (b) => b.batch,
    });
    expect(batches.column('证书数')).to.deep.equal([String(batch.count)]);
    await refusedLikeList(staff, '/certificates/reports', '/certificates/reports/export', 403);
    await refusedLikeList(null, '/certificates/reports', '/certificates/reports/export', 401);
  });

  it('the expert library’s filings, recommendations and profile queue', async () => {
    const w = await buildWorld();
    const unit = api(w.tokens.unitAdmin);
    const added = [];
    for (const name of ['赵入库', '钱入库']) {
      added.push(expectStatus(await unit.post(`/committees/${w.committeeId}/experts`, { idNumber: newIdNumber('1968-03-03'), name, employerOrgId: w.employers[0].org.id, specialties: ['neike'] }), 201));
    }
    expectStatus(await unit.post(`/committees/${w.committeeId}/filings`, { items: added.map((a) => ({ expertId: a.entry.expertId, action: 'add' })), note: '新增两名专家' }), 201);
    const filings = await matchesList(w.tokens.cityHandler, '/library-filings', '/library-filings/export', {
      header: ['序号', '评委会', '新增专家人数', '新增专家', '移出专家人数', '移出专家', '备案说明', '状态'],
      column: '备案说明',
      key: (f) => f.note,
    });
    expect(filings.column('新增专家')).to.deep.equal(['赵入库、钱入库']);
    expect(filings.column('新增专家人数')).to.deep.equal(['2']);
    await refusedLikeList(w.tokens.otherAdmin, '/library-filings', '/library-filings/export', 200);
    await refusedLikeList(w.tokens.supervisor, '/library-filings', '/library-filings/export', 403);

    const dept = await buildOrg({ parent: w.city, kind: 'department' });
    const hospital = await buildOrg({ parent: dept, kind: 'employer', category: 'hospital' });
    const idNumber = newIdNumber('1972-12-12');
    const hospitalToken = await tokenFor(hospital.admin);
    expectStatus(await api(hospitalToken).post('/expert-recommendations', { committeeId: w.committeeId, idNumber, name: '孙推荐', specialties: ['waike'], note: '业务骨干' }), 201);
    const incoming = await matchesList(w.tokens.handler, '/expert-recommendations?side=incoming', '/expert-recommendations/export?side=incoming', {
      header: ['序号', '专家姓名', '工作单位', '职称', '专业代码', '推荐单位', '评委会', '状态', '推荐说明'],
      column: '专家姓名',
      key: (x) => x.expertName,
    });
    expect(incoming.column('推荐单位')).to.deep.equal([hospital.org.name]);
    expect(incoming.column('状态')).to.deep.equal(['待处理']);
    await matchesList(hospitalToken, '/expert-recommendations?side=outgoing', '/expert-recommendations/export?side=outgoing', { header: ['序号', '专家姓名'], column: '推荐说明', key: (x) => x.note });
    await refusedLikeList(null, '/expert-recommendations', '/expert-recommendations/export', 401);

    // The recommended expert submits a profile; it waits at the hospital.
    const rec = must(await api(w.tokens.handler).get('/expert-recommendations?side=incoming'), 'incoming').body.items[0];
    expectStatus(await api(w.tokens.handler).post(`/expert-recommendations/${rec.id}/decide`, { accept: true }), 200);
    const me = api(await tokenFor(await withKnownPassword((await Account.findOne({ where: { username: idNumber } }))!)));
    expectStatus(await me.put('/me/expert-profile', { profile: { education: [{ school: '河北医科大学', degree: '博士' }], papers: [{ title: '论文一', year: 2020 }] } }), 200);
    expectStatus(await me.post('/me/expert-profile/submit'), 200);
    const hospitalHandler = await tokenFor(await buildAccount(hospital, { role: 'staff', staffKind: 'handler' }));
    const queue = await matchesList(hospitalHandler, '/expert-profiles/queue', '/expert-profiles/queue/export', {
      header: ['序号', '姓名', '身份证号', '工作单位', '系列', '专业代码', '职称级别', '职称名称', '手机号码', '提交时间'],
      column: '身份证号',
      key: (e) => e.idNumber,
    });
    expect(queue.column('姓名')).to.deep.equal(['孙推荐']);
    await refusedLikeList(w.tokens.supervisor, '/expert-profiles/queue', '/expert-profiles/queue/export', 403);
  });

  it('a list longer than a batch exports whole: 2,500 certificates, every one once, in the list’s order', async () => {
    const office = await buildOrg({ name: `大批量导出职改办${unique('')}` });
    const token = await tokenFor(office.admin);
    const code = String(crypto.randomInt(10_000_000, 99_999_999));
    const issuing = must(await api(token).post('/issuing-units', { code, name: '批量发证单位' }), 'issuing unit').body;
    const N = 2500;
    const rows = Array.from({ length: N }, (_x, i) => {
      const idNumber = newIdNumber('1980-01-01');
      return {
        number: `${code}${YEAR}${String(i + 1).padStart(6, '0')}`,
        verifyCode: crypto.randomBytes(8).toString('hex').toUpperCase(),
        holderKey: `${idNumber}|fugao`,
        source: 'imported' as const,
        orgId: office.org.id,
        declarationId: null,
        meetingId: null,
        filingId: null,
        issuingUnitId: issuing.id,
        rangeId: null,
        serial: i + 1,
        year: YEAR,
        idNumber,
        name: `批量${i + 1}`,
        employerName: '测试单位',
        seriesCode: 'weisheng',
        seriesName: '卫生',
        level: 'fugao',
        qualificationName: '副主任医师',
        specialtyName: null,
        committeeName: null,
        filingNumber: null,
        approvedOn: null,
        issuedOn: `${YEAR}-01-01`,
        issuedById: null,
      };
    });
    for (let i = 0; i < N; i += 500) await Certificate.bulkCreate(rows.slice(i, i + 500));
    const list = must(await api(token).get('/certificates?pageSize=1'), 'list').body;
    expect(list.total).to.equal(N);
    const s = await sheet(token, '/certificates/export');
    expect(s.header.slice(0, 4)).to.deep.equal(['序号', '姓名', '性别', '身份证号']);
    expect(s.rows).to.have.length(N);
    const numbers = s.column('证书编号');
    expect(new Set(numbers).size).to.equal(N);
    expect(numbers).to.deep.equal(rows.map((r) => r.number));
    expect(s.column('序号')[N - 1]).to.equal(String(N));
    // A filter narrows the export exactly as it narrows the list.
    const one = must(await api(token).get(`/certificates?q=${encodeURIComponent('批量2499')}`), 'q').body;
    expect((await sheet(token, `/certificates/export?q=${encodeURIComponent('批量2499')}`)).rows).to.have.length(one.total);
  });

  it('waits for a slow client (drain) instead of reading the whole list into memory', async () => {
    let fetched = 0;
    let consumed = 0;
    let paused = true;
    const pending: Array<() => void> = [];
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        consumed += chunk.length;
        if (paused) pending.push(cb);
        else setImmediate(cb);
      },
    });
    const res = Object.assign(out, { status: () => res, setHeader: () => res, headersSent: false }) as unknown as Response;
    const batches = 300;
    const rows = (async function* () {
      for (let b = 0; b < batches; b++) {
        fetched += 1;
        await new Promise((r) => setImmediate(r));
        yield Array.from({ length: 100 }, (_x, i) => ({ n: b * 100 + i, text: `第${b}批第${i}行 ${crypto.randomBytes(12).toString('hex')}` }));
      }
    })();
    type Row = { n: number; text: string };
    const done = streamXlsx<Row>(res, 'slow', 'slow', [{ header: '序号', value: (r) => r.n }, { header: '内容', value: (r) => r.text }], rows);
    const finished = new Promise<void>((r) => out.on('finish', () => r()));
    await new Promise((r) => setTimeout(r, 1500));
    const stalledAt = fetched;
    await new Promise((r) => setTimeout(r, 1000));
    // The client has read nothing: the writer stopped after a few batches and stays there.
    expect(fetched, 'batches read while the client is stalled').to.equal(stalledAt);
    expect(stalledAt).to.be.below(30);
    paused = false;
    pending.splice(0).forEach((cb) => cb());
    await done;
    await finished;
    expect(fetched).to.equal(batches);
    expect(consumed).to.be.above(1_000_000);
  });

  it('pages by key: a row whose sort key moves past the cursor during the export is written once', async () => {
    // Ordered by updatedAt then id, as a queue is; row 3 is changed (a newer updatedAt) after the first batch.
    const rows = Array.from({ length: 6 }, (_x, i) => ({ id: i + 1, updatedAt: 100 + i }));
    // A model holds the values it was read with.
    const asModel = (r: { id: number; updatedAt: number }) => {
      const read: Record<string, number> = { ...r };
      return { ...read, get: (k: string) => read[k] };
    };
    let calls = 0;
    const fetch = async (after: any, _order: unknown, limit: number) => {
      calls += 1;
      let list = [...rows].sort((a, b) => a.updatedAt - b.updatedAt || a.id - b.id);
      if (calls > 1) {
        const ors: any[] = after[Object.getOwnPropertySymbols(after)[0]];
        const value = (cond: any) => (typeof cond === 'object' ? cond[Object.getOwnPropertySymbols(cond)[0]] : cond);
        const [u, id] = [value(ors[0].updatedAt), value(ors[1].id)];
        list = list.filter((r) => r.updatedAt > u || (r.updatedAt === u && r.id > id));
      }
      const batch = list.slice(0, limit).map(asModel);
      if (calls === 1) rows[2].updatedAt = 999; // changed meanwhile: now after the cursor
      return batch as never[];
    };
    const seen: number[] = [];
    for await (const b of byKey([['updatedAt', 'ASC'], ['id', 'ASC']], fetch, (rs: any[]) => rs.map((r) => r.id as number), 3)) seen.push(...b);
    expect(seen.slice().sort()).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(seen.filter((x) => x === 3)).to.have.length(1);
  });

  it('pages by key: rows added while an export runs are neither skipped nor repeated', async () => {
    // byKey asks for the rows after the last one seen, so a row inserted before the cursor does not shift later pages.
    const seen: number[] = [];
    const data = Array.from({ length: 1200 }, (_x, i) => ({ id: 1200 - i, get: (k: string) => (k === 'id' ? 1200 - i : null) }));
    let inserted = false;
    const fetch = async (after: any, _order: unknown, limit: number) => {
      const ops = after && Object.getOwnPropertySymbols(after.id ?? {});
      const below = ops && ops.length ? (after.id as Record<symbol, number>)[ops[0]] : Infinity;
      const batch = data.filter((r) => r.id < below).slice(0, limit);
      if (!inserted) {
        inserted = true;
        data.unshift({ id: 5000, get: (k: string) => (k === 'id' ? 5000 : null) }); // newer than the cursor: not part of this export
      }
      return batch as never[];
    };
    for await (const b of byKey([['id', 'DESC']], fetch, (rs: any[]) => rs.map((r) => r.id as number), 500)) seen.push(...b);
    expect(seen).to.have.length(1200);
    expect(new Set(seen).size).to.equal(1200);
    expect(seen[0]).to.equal(1200);
    expect(seen[1199]).to.equal(1);
  });
});
