import { expect } from 'chai';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { api } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { buildMeeting, reviewGroup, signIn, tokensFor } from '../helpers/meeting';
import { server } from '../helpers/setup';

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
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['评审表决表', '出席情况', '评审意见', '表决轮次']);
    const table = wb.getWorksheet('评审表决表')!;
    expect(table.getRow(1).values).to.include.members(['姓名', '同意', '不同意', '表决结果']);
    expect(table.getRow(2).getCell(2).value).to.match(/^申报人/);
    expect(table.getRow(2).getCell(10).value).to.equal('通过');
    expect(wb.getWorksheet('表决轮次')!.rowCount).to.equal(1 + rec.body.rounds.length);
  });
});
