import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { CommitteeExpert, ImportJob, MeetingApplicant, MeetingExpert } from '../../models';
import { inTransaction } from '../../server/tx';
import { addExpertToLibrary } from '../../server/commands/setup/library';
import { api, errorOf } from '../helpers/api';
import { server } from '../helpers/setup';
import { actorFor, newIdNumber, unique } from '../helpers/factories';
import { collect, connect, waitFor } from '../helpers/sockets';
import { buildWorld, createMeeting, expectStatus, libraryExperts, readyDeclarations, type World } from './world';

/**
 * Smaller gaps of the setup area: the fail list's content (评审未通过清单), a large import's
 * progress, and the entrusted office picking experts by hand (委托选取专家, 确定专家信息).
 */
async function sheetOf(path: string, token: string) {
  const raw = await fetch(`${server().url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(raw.status).to.equal(200);
  expect(raw.headers.get('content-type')).to.contain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await raw.arrayBuffer()) as ArrayBuffer);
  return wb;
}

describe('meeting setup: fail list, large imports, entrusted picks by hand', function () {
  this.timeout(120_000);
  let w: World;
  before(async () => {
    w = await buildWorld();
  });

  it('exports the fail list (评审未通过清单) with the failed applicants only, and the pass list without them', async () => {
    const meeting = await createMeeting(w);
    const m = `/meetings/${meeting.id}`;
    const g = expectStatus(await api(w.tokens.handler).post(`${m}/groups`, { name: '内科组', specialties: ['neike'], size: 3 }), 201);
    const ds = await readyDeclarations(w, 4, { employer: w.employers[0], specialty: 'neike' });
    expectStatus(await api(w.tokens.handler).post(`${m}/applicants`, { declarationIds: ds.map((d) => d.id) }), 201);
    expectStatus(await api(w.tokens.handler).post(`${m}/applicants/group-all`), 200);
    const byCode = async (code: string) => (await MeetingApplicant.findOne({ where: { meetingId: meeting.id, blindCode: code } }))!;
    await MeetingApplicant.update({ result: 'passed' }, { where: { meetingId: meeting.id, blindCode: 'A001' } });
    await MeetingApplicant.update({ result: 'failed' }, { where: { meetingId: meeting.id, blindCode: ['A002', 'A004'] } });
    // A003 has no result yet: on neither list.

    const raw = await fetch(`${server().url}/api${m}/exports/results?result=failed`, { headers: { authorization: `Bearer ${w.tokens.unitAdmin}` } });
    expect(raw.status).to.equal(200);
    expect(decodeURIComponent(raw.headers.get('content-disposition')!)).to.contain('评审未通过清单');
    const failed = await sheetOf(`${m}/exports/results?result=failed`, w.tokens.cityHandler);
    expect(failed.worksheets.map((s) => s.name)).to.deep.equal(['评审未通过清单']);
    const ws = failed.getWorksheet('评审未通过清单')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).to.deep.equal(['序号', '盲评编号', '姓名', '工作单位', '申报级别', '资格名称', '专业', '评议组', '评审结果']);
    expect(ws.rowCount).to.equal(3);
    const rows = [2, 3].map((i) => (ws.getRow(i).values as unknown[]).slice(1));
    const expected = [];
    for (const [i, code] of ['A002', 'A004'].entries()) {
      const a = await byCode(code);
      const d = ds.find((x) => x.id === a.declarationId)!;
      expected.push([i + 1, code, d.applicantName, w.employers[0].org.name, '副高级', rows[i][5], rows[i][6], g.name, '未通过']);
    }
    expect(rows).to.deep.equal(expected);
    expect(rows.every((r) => typeof r[5] === 'string' && (r[5] as string).length > 0)).to.equal(true);

    const passed = (await sheetOf(`${m}/exports/results?result=passed`, w.tokens.supervisor)).getWorksheet('评审通过清单')!;
    expect(passed.rowCount).to.equal(2);
    expect(passed.getRow(2).getCell(2).value).to.equal('A001');
    expect(passed.getRow(2).getCell(9).value).to.equal('通过');

    // Only 通过 or 未通过; and not for someone outside the meeting.
    const bad = await api(w.tokens.unitAdmin).get(`${m}/exports/results?result=pending`);
    expect(bad.status).to.equal(400);
    expect(errorOf(bad).details![0].path).to.equal('query.result');
    expect((await api(w.tokens.otherAdmin).get(`${m}/exports/results?result=failed`)).status).to.equal(403);
  });

  it('a large import (450 rows) reports its progress as it goes: every 200 rows checked, then applying, then done', async () => {
    const res = await fetch(`${server().url}/api/committees/${w.committeeId}/experts/template`, { headers: { authorization: `Bearer ${w.tokens.unitAdmin}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const sheet = wb.getWorksheet('专家信息')!;
    const ids: string[] = [];
    for (let i = 0; i < 450; i++) {
      const id = newIdNumber('1966-01-01');
      ids.push(id);
      sheet.addRow([`导入专家${i + 1}`, id, w.city.org.code, w.city.org.name, i % 2 ? 'neike' : 'waike', '副高级', '副主任医师', '']);
    }
    const socket = await connect(w.tokens.unitAdmin);
    const heard = collect(socket, 'import:progress');
    try {
      const fd = new FormData();
      fd.append('file', new Blob([await wb.xlsx.writeBuffer()]), '大批量专家导入.xlsx');
      const started = await api(w.tokens.unitAdmin).post(`/committees/${w.committeeId}/experts/import`, fd);
      expect(started.status).to.equal(202);
      const jobId = started.body.id as number;
      await waitFor(socket, 'import:progress', (e: { data: { jobId: number; status: string } }) => e.data.jobId === jobId && ['done', 'failed'].includes(e.data.status), 60_000);
      const mine = heard.filter((e) => e.data.jobId === jobId).map((e) => e.data as { status: string; total: number; processed: number; errors: number });
      expect(mine.at(-1)).to.deep.include({ status: 'done', total: 450, processed: 450, errors: 0 });
      // Checked rows counted up while validating, never going back.
      const validating = mine.filter((p) => p.status === 'validating');
      expect(validating.map((p) => p.processed)).to.include.members([200, 400]);
      expect(validating.filter((p) => p.processed > 0).every((p) => p.total === 450)).to.equal(true);
      const processed = mine.map((p) => p.processed);
      expect(processed).to.deep.equal([...processed].sort((a, b) => a - b));
      expect(mine.map((p) => p.status).filter((s, i, all) => s !== all[i - 1])).to.deep.equal(['validating', 'applying', 'done']);
      // Room sequence numbers: consecutive, so a client could tell it missed one.
      const seqs = heard.filter((e) => e.data.jobId === jobId).map((e) => e.seq as number);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).to.equal(seqs[i - 1] + 1);

      const job = expectStatus(await api(w.tokens.unitAdmin).get(`/import-jobs/${jobId}`), 200);
      expect(job).to.deep.include({ status: 'done', total: 450, processed: 450 });
      expect(job.result).to.deep.equal({ accountsCreated: 450, expertsCreated: 450, addedToLibrary: 450 });
      expect((await ImportJob.findByPk(jobId))!.finishedAt).to.not.equal(null);
      expect(await CommitteeExpert.count({ where: { committeeId: w.committeeId, addedVia: 'import', status: 'pending' } })).to.be.at.least(450);
    } finally {
      socket.close();
    }
  });

  it('the entrusted office picks experts by hand (确定专家信息) from the libraries under it; bad picks place nobody', async () => {
    const pool = await libraryExperts(w, 4, { specialties: ['waike'], committeeId: w.otherCommitteeId });
    const own = await libraryExperts(w, 1, { specialties: ['waike'] });
    // An expert added to a library but never filed: not active, not in the pool.
    const pending = await inTransaction(async (t) =>
      (await addExpertToLibrary(await actorFor(w.otherUnit.admin), w.otherCommitteeId, { idNumber: newIdNumber('1971-01-01'), name: `专家${unique('')}`, employerOrgId: w.city.org.id, specialties: ['waike'] }, t)).expert,
    );
    const meeting = await createMeeting(w);
    const m = `/meetings/${meeting.id}`;
    const g1 = expectStatus(await api(w.tokens.handler).post(`${m}/groups`, { name: '外科一组', specialties: ['waike'] }), 201);
    const g2 = expectStatus(await api(w.tokens.handler).post(`${m}/groups`, { name: '外科二组', specialties: ['waike'] }), 201);
    // The unit itself put one expert into the other group already.
    expectStatus(await api(w.tokens.handler).post(`${m}/experts`, { expertIds: [own[0].id], groupId: g2.id }), 201);
    const e = expectStatus(
      await api(w.tokens.handler).post(`${m}/entrustments`, { groupId: g1.id, officeOrgId: w.city.org.id, needs: [{ specialty: 'waike', count: 3 }], note: '请职改办确定专家' }),
      201,
    );
    const perform = (token: string, expertIds: number[]) => api(token).post(`/entrustments/${e.id}/perform`, { mode: 'manual', expertIds });
    const placedIn = async (groupId: number) => (await MeetingExpert.findAll({ where: { meetingId: meeting.id, groupId } })).map((x) => x.expertId).sort((a, b) => a - b);

    // Not the office: refused. The unit cannot pick for it either.
    expect((await perform(w.tokens.otherAdmin, [pool[0].id])).status).to.equal(403);
    expect((await perform(w.tokens.handler, [pool[0].id])).status).to.equal(403);
    // One pick outside the pool spoils the lot, with the position at fault.
    const notInPool = await perform(w.tokens.cityHandler, [pool[0].id, pending.id, pool[1].id]);
    expect(notInPool.status).to.equal(422);
    expect(errorOf(notInPool)).to.deep.include({ code: 'expert_not_in_library' });
    expect(errorOf(notInPool).details).to.deep.equal([{ path: 'body.expertIds.1', message: 'not in the pool' }]);
    // So does an expert already in another group of the meeting, and the same expert twice.
    const twice = await perform(w.tokens.cityHandler, [pool[0].id, own[0].id]);
    expect(twice.status).to.equal(409);
    expect(errorOf(twice)).to.deep.include({ code: 'expert_in_other_group' });
    expect(errorOf(twice).details![0].path).to.equal('body.expertIds.1');
    const dup = await perform(w.tokens.cityHandler, [pool[0].id, pool[1].id, pool[0].id]);
    expect(dup.status, JSON.stringify(dup.body)).to.equal(400);
    expect(errorOf(dup).details).to.deep.equal([{ path: 'body.expertIds.2', message: 'the same expert twice', code: 'duplicate_expert' }]);
    expect(await placedIn(g1.id)).to.deep.equal([]);
    expect((await api(w.tokens.cityHandler).get('/entrustments?status=pending')).body.items.map((x: { id: number }) => x.id)).to.include(e.id);

    const done = expectStatus(await perform(w.tokens.cityHandler, [pool[0].id, pool[1].id, pool[2].id]), 200);
    expect(done).to.deep.include({ status: 'done', drawId: null });
    expect(await placedIn(g1.id)).to.deep.equal([pool[0].id, pool[1].id, pool[2].id].sort((a, b) => a - b));
    const roster = expectStatus(await api(w.tokens.handler).get(`${m}/experts`), 200).items as Array<{ expertId: number; source: string; groupId: number }>;
    expect(roster.filter((x) => x.groupId === g1.id).map((x) => x.source)).to.deep.equal(['entrusted', 'entrusted', 'entrusted']);
    // Done once: a second pick is refused and changes nothing.
    const again = await perform(w.tokens.cityHandler, [pool[3].id]);
    expect(again.status).to.equal(409);
    expect(errorOf(again).code).to.equal('entrustment_done');
    expect(await placedIn(g1.id)).to.have.length(3);
  });
});
