import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Account, MeetingApplicant, MeetingExpert } from '../../models';
import { api, errorOf } from '../helpers/api';
import { tokenFor, withKnownPassword } from '../helpers/factories';
import { server } from '../helpers/setup';
import { buildWorld, createMeeting, expectStatus, libraryExperts, readyDeclarations, STANDARD, type World } from './world';

/** Downloads a spreadsheet and opens it with exceljs. */
export async function sheetOf(path: string, token: string) {
  const raw = await fetch(`${server().url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(raw.status).to.equal(200);
  expect(raw.headers.get('content-type')).to.contain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await raw.arrayBuffer()) as ArrayBuffer);
  return wb;
}

describe('meeting setup end to end (评审会议: 分组, 参评材料分组, 抽取专家, 主任, 评审方案, 评分标准)', function () {
  this.timeout(60000);
  let w: World;

  before(async () => {
    w = await buildWorld();
  });

  it('sets a meeting up through the API until it is ready, refusing bad input on the way with nothing applied', async () => {
    const unit = api(w.tokens.unitAdmin);
    const handler = api(w.tokens.handler);
    // Library: neike experts at the city office (no conflict), waike experts half at the applicants' hospital.
    const neike = await libraryExperts(w, 5, { specialties: ['neike'] });
    const waikeConflicted = await libraryExperts(w, 3, { specialties: ['waike'], employer: w.employers[1] });
    const waike = await libraryExperts(w, 3, { specialties: ['waike'] });

    const meeting = await createMeeting(w);
    expect(meeting.status).to.equal('setup');
    const m = `/meetings/${meeting.id}`;

    // Groups: a group of 2 is refused with the field at fault.
    const small = await handler.post(`${m}/groups`, { name: '小组', specialties: ['neike'], size: 2 });
    expect(small.status).to.equal(400);
    expect(errorOf(small)).to.deep.include({ code: 'group_too_small' });
    expect(errorOf(small).details![0].path).to.equal('body.size');
    const g1 = expectStatus(await handler.post(`${m}/groups`, { name: '内科组', specialties: ['neike'], size: 3, room: '301' }), 201);
    const g2 = expectStatus(await handler.post(`${m}/groups`, { name: '外科组', specialties: ['waike'], size: 3 }), 201);

    // Applicants: one declaration not ready and one of another committee spoil the batch; none joins.
    const ok1 = await readyDeclarations(w, 3, { employer: w.employers[0], specialty: 'neike' });
    const ok2 = await readyDeclarations(w, 2, { employer: w.employers[1], specialty: 'waike' });
    const [notReady] = await readyDeclarations(w, 1, { status: 'policy_review' });
    const [foreign] = await readyDeclarations(w, 1, { committeeId: w.otherCommitteeId });
    const bad = await handler.post(`${m}/applicants`, { declarationIds: [ok1[0].id, notReady.id, foreign.id] });
    expect(bad.status).to.equal(422);
    expect(errorOf(bad).details).to.deep.equal([
      { path: 'body.declarationIds.1', message: 'status is policy_review, not ready_for_meeting', code: 'declaration_not_ready' },
      { path: 'body.declarationIds.2', message: 'assigned to another committee', code: 'declaration_other_committee' },
    ]);
    expect(await MeetingApplicant.count({ where: { meetingId: meeting.id } })).to.equal(0);
    const added = expectStatus(await handler.post(`${m}/applicants`, { declarationIds: [...ok1, ...ok2].map((d) => d.id) }), 201);
    expect(added.items.map((a: { blindCode: string }) => a.blindCode)).to.deep.equal(['A001', 'A002', 'A003', 'A004', 'A005']);
    const grouped = expectStatus(await handler.post(`${m}/applicants/group-all`), 200);
    expect(grouped).to.deep.equal({ grouped: 5, unmatched: [] });

    // Random draw by specialty and count; never an expert of an applicant's employer in that group.
    const shortage = await handler.post(`${m}/draws`, { groups: [{ groupId: g1.id, needs: [{ specialty: 'neike', count: 9 }] }] });
    expect(shortage.status).to.equal(422);
    expect(errorOf(shortage).code).to.equal('draw_shortage');
    expect(errorOf(shortage).details![0]).to.deep.include({ path: 'body.groups.0.needs.0.count', message: 'wanted 9, available 5 (neike)' });
    expect(await MeetingExpert.count({ where: { meetingId: meeting.id } })).to.equal(0);
    const draw = expectStatus(
      await handler.post(`${m}/draws`, {
        groups: [
          { groupId: g1.id, needs: [{ specialty: 'neike', count: 3 }] },
          { groupId: g2.id, needs: [{ specialty: 'waike', count: 3 }] },
        ],
      }),
      201,
    );
    const g2picks = draw.result.find((r: { groupId: number }) => r.groupId === g2.id).picks.map((p: { expertId: number }) => p.expertId);
    expect(g2picks).to.have.members(waike.map((e) => e.id));
    expect(g2picks).to.not.include.members(waikeConflicted.map((e) => e.id));

    // An expert in two groups: refused, and nothing moves.
    const g1expert = draw.result.find((r: { groupId: number }) => r.groupId === g1.id).picks[0].expertId;
    const twice = await handler.post(`${m}/experts`, { expertIds: [g1expert], groupId: g2.id });
    expect(twice.status).to.equal(409);
    expect(errorOf(twice)).to.deep.include({ code: 'expert_in_other_group' });
    expect(errorOf(twice).details![0].path).to.equal('body.expertIds.0');
    // A committee member outside the groups from the applicants' hospital: recusal found by the system.
    expectStatus(await handler.post(`${m}/experts`, { expertIds: [waikeConflicted[0].id], title: 'member' }), 201);
    const recusals = expectStatus(await handler.get(`${m}/recusals`), 200).items;
    expect(recusals.filter((r: { expertId: number; reason: string }) => r.expertId === waikeConflicted[0].id && r.reason === 'same_employer')).to.have.length(2);

    const experts = expectStatus(await handler.get(`${m}/experts`), 200).items as Array<{ id: number; groupId: number | null; expertId: number }>;
    const inG1 = experts.filter((e) => e.groupId === g1.id);
    const inG2 = experts.filter((e) => e.groupId === g2.id);
    const tooMany = await handler.put(`${m}/chairs`, { chairId: inG1[0].id, viceChairIds: [inG2[0].id, inG1[1].id, inG2[1].id] });
    expect(tooMany.status).to.equal(422);
    expect(errorOf(tooMany).code).to.equal('too_many_vice_chairs');
    expectStatus(await handler.put(`${m}/chairs`, { chairId: inG1[0].id, viceChairIds: [inG2[0].id] }), 200);
    for (const [g, list] of [[g1, inG1], [g2, inG2]] as const) expectStatus(await handler.put(`/groups/${g.id}/leader`, { meetingExpertId: list[2].id }), 200);

    // 评审方案: handler, then the office above; frozen once approved.
    expectStatus(await handler.put(`${m}/plan`, { kind: 'normal', text: '评审方案正文' }), 200);
    expectStatus(await handler.post(`${m}/plan/submit`), 200);
    const office = api(w.tokens.cityHandler);
    const early = await office.post(`${m}/plan/review`, { approve: true });
    expect(early.status).to.equal(403);
    expect(expectStatus(await handler.post(`${m}/plan/review`, { approve: true }), 200).planStatus).to.equal('handler_approved');
    expect(expectStatus(await office.post(`${m}/plan/review`, { approve: true, opinion: '同意' }), 200).planStatus).to.equal('approved');
    const changed = await handler.put(`${m}/plan`, { kind: 'special', text: '改过的方案' });
    expect(changed.status).to.equal(409);
    expect(errorOf(changed).code).to.equal('plan_approved');

    // 评分标准: weights must add up to 100; approved by the leader, confirmed by the chair.
    const wrong = await handler.put(`${m}/standard`, { criteria: STANDARD.map((c, i) => (i === 0 ? { ...c, weight: 10 } : c)) });
    expect(wrong.status).to.equal(422);
    expect(errorOf(wrong).details).to.deep.equal([{ path: 'body.criteria', code: 'weights_sum', message: 'weights add up to 90, not 100' }]);
    expectStatus(await handler.put(`${m}/standard`, { criteria: STANDARD }), 200);
    expectStatus(await handler.post(`${m}/standard/submit`), 200);
    expect((await handler.post(`${m}/standard/approve`, { approve: true })).status).to.equal(403);
    expectStatus(await api(w.tokens.leader).post(`${m}/standard/approve`, { approve: true }), 200);
    const chairMe = await MeetingExpert.findByPk(inG1[0].id);
    const chairToken = await tokenFor(await withKnownPassword((await Account.findByPk(chairMe!.accountId))!));
    const confirmed = expectStatus(await api(chairToken).post(`${m}/standard/confirm`, { approve: true }), 200);
    expect(confirmed.standardStatus).to.equal('confirmed');
    expect(confirmed.status).to.equal('ready');
    expect(confirmed.readiness).to.deep.include({ ready: true, committeeSize: 7 });

    // Taking an expert out leaves a group of 2: back to setup, with the reason.
    expectStatus(await handler.delete(`/meeting-experts/${inG1[1].id}`), 204);
    const back = expectStatus(await unit.get(m), 200);
    expect(back.status).to.equal('setup');
    expect(back.readiness.blocking.map((p: { code: string }) => p.code)).to.include('group_too_small');
    expect(back.readiness.warnings.map((p: { code: string }) => p.code)).to.include('committee_even');
    const spare = neike.find((e) => !experts.some((x) => x.expertId === e.id))!;
    expectStatus(await handler.post(`${m}/experts`, { expertIds: [spare.id], groupId: g1.id }), 201);
    expect(expectStatus(await unit.get(m), 200).status).to.equal('ready');
    // An even committee only warns, unless the meeting enforces an odd one.
    expectStatus(await handler.post(`${m}/experts`, { expertIds: [waikeConflicted[1].id], title: 'reviewer' }), 201);
    const enforce = expectStatus(await handler.patch(m, { options: { enforceOddCommittee: true } }), 200);
    expect(enforce.status).to.equal('ready');
    expectStatus(await handler.post(`${m}/experts`, { expertIds: [waikeConflicted[2].id], title: 'member' }), 201);
    const even = expectStatus(await unit.get(m), 200);
    expect(even.status).to.equal('setup');
    expect(even.readiness.blocking.map((p: { code: string }) => p.code)).to.deep.equal(['committee_even']);

    // Exports: 评委清单, applicants by group, pass list from whatever results are recorded.
    const roster = await sheetOf(`${m}/exports/experts`, w.tokens.unitAdmin);
    const ws = roster.getWorksheet('评委清单')!;
    expect(ws.getRow(1).getCell(2).value).to.equal('姓名');
    expect(ws.rowCount).to.equal(1 + (await MeetingExpert.count({ where: { meetingId: meeting.id } })));
    const byGroup = await sheetOf(`${m}/exports/applicants`, w.tokens.supervisor);
    expect(byGroup.worksheets.map((s) => s.name)).to.deep.equal(['内科组', '外科组']);
    expect(byGroup.getWorksheet('内科组')!.rowCount).to.equal(4);
    await MeetingApplicant.update({ result: 'passed' }, { where: { meetingId: meeting.id, blindCode: 'A002' } });
    const passed = await sheetOf(`${m}/exports/results?result=passed`, w.tokens.cityHandler);
    const pws = passed.getWorksheet('评审通过清单')!;
    expect(pws.rowCount).to.equal(2);
    expect(pws.getRow(2).getCell(2).value).to.equal('A002');
    expect(pws.getRow(2).getCell(9).value).to.equal('通过');
  });
});
