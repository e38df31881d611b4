import { expect } from 'chai';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { api } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { buildMeeting, recuse, reviewGroup, signIn, tokensFor, type BuiltMeeting } from '../helpers/meeting';
import { server } from '../helpers/setup';
import { Assignment } from '../../models';

/** Reviews the group with the defense opinions (questions, evaluation, score) the meeting asks for. */
async function reviewWithDefense(m: BuiltMeeting, tokens: Map<number, string>) {
  const g = m.groups[0].id;
  const leader = tokens.get(m.leaders[0].account.id)!;
  const ok = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  ok(await api(leader).post(`/groups/${g}/distribution/all`, { perApplicant: 2 }), 'distribute');
  ok(await api(leader).post(`/groups/${g}/start-review`), 'start');
  const assignments = await Assignment.findAll({ where: { meetingApplicantId: m.applicants.map((a) => a.id) }, order: [['id', 'ASC']] });
  const tokenOf = (meId: number) => tokens.get(m.accounts[m.experts.findIndex((e) => e.id === meId)].id)!;
  for (const a of assignments.filter((x) => x.role === 'main')) {
    const n = m.applicants.findIndex((x) => x.id === a.meetingApplicantId) + 1;
    ok(
      await api(tokenOf(a.meetingExpertId)).post(`/assignments/${a.id}/finish`, {
        scores: { ethics: 18, ability: 35, results: 30 },
        opinions: { academic: '学术水平较高，业绩突出。', overall: '同意推荐。', defenseQuestions: `答辩问题${n}：请介绍代表性成果。`, defenseEvaluation: `答辩评价${n}：回答清楚。`, defenseScore: 80 + n },
      }),
      'main',
    );
  }
  for (const a of assignments.filter((x) => x.role === 'secondary')) {
    ok(await api(tokenOf(a.meetingExpertId)).post(`/assignments/${a.id}/finish`, { opinions: { overall: '同意主审意见。' }, verdict: 'confirm' }), 'secondary');
  }
  ok(await api(leader).post(`/groups/${g}/confirm`), 'leader confirm');
  ok(await api(tokens.get(m.chair.account.id)!).post(`/groups/${g}/chair-confirm`), 'chair confirm');
}

describe('meeting record and resolution table (Art. 23)', () => {
  it('keeps attendance, reviews, every round and send-back, and exports the resolution table', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, extraMembers: 2, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    await signIn(m, await tokenFor(m.staff));
    await reviewGroup(m, 0, tokens);
    const chair = tokens.get(m.chair.account.id)!;
    const vote = async (choice: (i: number) => string) => {
      const round = (await api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
      for (let i = 0; i < 5; i++) {
        await api(tokens.get(m.accounts[i].id)).post(`/rounds/${round.id}/ballots`, {
          idempotencyKey: crypto.randomUUID(),
          choices: m.applicants.map((a) => ({ meetingApplicantId: a.id, choice: choice(i) })),
        });
      }
      await api(chair).post(`/rounds/${round.id}/close`);
      return round.id as number;
    };
    const first = await vote(() => 'yes');
    await api(await tokenFor(m.supervisor)).post(`/rounds/${first}/send-back`, { reason: '程序瑕疵，重新表决' });
    const second = await vote((i) => (i < 4 ? 'yes' : 'no'));
    await api(chair).post(`/rounds/${second}/confirm`);

    const rec = await api(await tokenFor(m.staff)).get(`/meetings/${m.meeting.id}/record`);
    expect(rec.status).to.equal(200);
    expect(rec.body.attendance).to.have.length(5);
    expect(rec.body.attendance[0].log[0]).to.include({ action: 'sign_in' });
    expect(rec.body.applicants[0].reviews).to.have.length(2);
    expect(rec.body.applicants[0].reviews.find((r: any) => r.role === 'main').opinions.academic).to.equal('学术水平较高，业绩突出。');
    const committee = rec.body.rounds.filter((r: any) => r.kind === 'committee');
    expect(committee.map((r: any) => r.status)).to.deep.equal(['sent_back', 'confirmed']);
    expect(committee[0].sentBack.reason).to.equal('程序瑕疵，重新表决');
    expect(rec.body.resolution.roundId).to.equal(second);
    expect(rec.body.resolution.rows.map((r: any) => [r.yes, r.no, r.passed])).to.deep.equal([
      [4, 1, true],
      [4, 1, true],
    ]);
    // An ordinary expert may not read the record.
    expect((await api(tokens.get(m.accounts[3].id)).get(`/meetings/${m.meeting.id}/record`)).status).to.equal(403);

    const res = await fetch(`${server().url}/api/meetings/${m.meeting.id}/record.xlsx`, { headers: { authorization: `Bearer ${await tokenFor(m.staff)}` } });
    expect(res.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['评审表决表', '出席情况', '评审意见', '表决轮次', '表决结果', '回避']);
    const table = wb.getWorksheet('评审表决表')!;
    expect(table.getRow(1).values).to.include.members(['姓名', '同意', '不同意', '表决结果']);
    expect(table.getRow(2).getCell(2).value).to.match(/^申报人/);
    expect(table.getRow(2).getCell(10).value).to.equal('通过');
    expect(wb.getWorksheet('表决轮次')!.rowCount).to.equal(1 + rec.body.rounds.length);
  });

  it('exports the defense opinions and score, every round’s result by applicant, and the recusals', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, extraMembers: 2, options: { requireGroupVote: true, defense: true } });
    const [a1, a2] = m.applicants;
    // The fifth member (outside the group) stands aside from a1: four may vote on it in the committee.
    await recuse(m, m.experts[4], a1);
    const tokens = await tokensFor(m.accounts);
    await signIn(m, await tokenFor(m.staff));
    await reviewWithDefense(m, tokens);
    const leader = tokens.get(m.leaders[0].account.id)!;
    const chair = tokens.get(m.chair.account.id)!;
    const ballots = async (roundId: number, voters: number[], choice: (voter: number, applicant: number) => string) => {
      for (const i of voters) {
        const choices = m.applicants
          .map((a, k) => ({ meetingApplicantId: a.id, choice: choice(i, k) }))
          .filter((c) => !(i === 4 && c.meetingApplicantId === a1.id));
        const res = await api(tokens.get(m.accounts[i].id)).post(`/rounds/${roundId}/ballots`, { idempotencyKey: crypto.randomUUID(), choices });
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
      }
    };
    // Group vote: 3 of 3 yes on a1; a2: 2 yes, 1 no.
    const group = (await api(leader).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'group', groupId: m.groups[0].id })).body;
    await ballots(group.id, [0, 1, 2], (i, k) => (k === 1 && i === 2 ? 'no' : 'yes'));
    await api(leader).post(`/rounds/${group.id}/close`);
    await api(leader).post(`/rounds/${group.id}/confirm`);
    // Committee, first round sent back; second: a1 4 yes of 4 eligible, a2 3 yes 1 no 1 abstain of 5.
    const first = (await api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    await ballots(first.id, [0, 1, 2, 3, 4], () => 'yes');
    await api(chair).post(`/rounds/${first.id}/close`);
    await api(await tokenFor(m.supervisor)).post(`/rounds/${first.id}/send-back`, { reason: '回避未执行到位' });
    const second = (await api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    await ballots(second.id, [0, 1, 2, 3, 4], (i, k) => (k === 0 ? 'yes' : i < 3 ? 'yes' : i === 3 ? 'no' : 'abstain'));
    await api(chair).post(`/rounds/${second.id}/close`);
    await api(chair).post(`/rounds/${second.id}/confirm`);

    const staff = await tokenFor(m.staff);
    const rec = (await api(staff).get(`/meetings/${m.meeting.id}/record`)).body;
    const main1 = rec.applicants[0].reviews.find((r: any) => r.role === 'main');
    expect(main1.opinions).to.include({ defenseQuestions: '答辩问题1：请介绍代表性成果。', defenseEvaluation: '答辩评价1：回答清楚。', defenseScore: 81 });
    expect(rec.recusals).to.deep.equal([{ blindCode: a1.blindCode, name: '申报人1', expert: '专家5', reason: 'declared', note: null }]);

    const res = await fetch(`${server().url}/api/meetings/${m.meeting.id}/record.xlsx`, { headers: { authorization: `Bearer ${staff}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['评审表决表', '出席情况', '评审意见', '表决轮次', '表决结果', '回避']);
    const rowsOf = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
      const out: Array<Record<string, unknown>> = [];
      ws.eachRow((row, n) => {
        if (n === 1) return;
        out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value ?? ''])));
      });
      return out;
    };
    const opinions = rowsOf('评审意见').filter((r) => r['主/副审'] === '主审');
    expect(opinions.map((r) => [r['编号'], r['答辩问题'], r['答辩评价'], r['答辩成绩']])).to.deep.equal([
      [a1.blindCode, '答辩问题1：请介绍代表性成果。', '答辩评价1：回答清楚。', 81],
      [a2.blindCode, '答辩问题2：请介绍代表性成果。', '答辩评价2：回答清楚。', 82],
    ]);
    // One row per applicant of every round: the group vote, the sent-back round and the deciding one.
    const results = rowsOf('表决结果');
    expect(results.map((r) => [r['类型'], r['第几轮'], r['状态'], r['编号'], r['有表决权'], r['同意'], r['不同意'], r['弃权'], r['表决结果']])).to.deep.equal([
      ['小组表决', 1, '已确认', a1.blindCode, 3, 3, 0, 0, '通过'],
      ['小组表决', 1, '已确认', a2.blindCode, 3, 2, 1, 0, '通过'],
      ['评委会表决', 1, '已退回', a1.blindCode, 4, 4, 0, 0, '通过'],
      ['评委会表决', 1, '已退回', a2.blindCode, 5, 5, 0, 0, '通过'],
      ['评委会表决', 2, '已确认', a1.blindCode, 4, 4, 0, 0, '通过'],
      ['评委会表决', 2, '已确认', a2.blindCode, 5, 3, 1, 1, '未通过'],
    ]);
    expect(rowsOf('回避')).to.deep.equal([{ 编号: a1.blindCode, 姓名: '申报人1', 回避专家: '专家5', 原因: '本人申报', 说明: '' }]);
  });
});
