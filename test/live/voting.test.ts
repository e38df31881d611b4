import { expect } from 'chai';
import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { api, errorOf } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { connect, collect, emitAck, sleep, type ClientSocket } from '../helpers/sockets';
import { buildMeeting, recuse, reviewGroup, signIn, tokensFor, type BuiltMeeting } from '../helpers/meeting';
import { Ballot, BallotSheet, MeetingApplicant, NamedSheetVoter, RoundVoter, VoteRound, db } from '../../models';

const key = () => crypto.randomUUID();

/** A meeting whose only group has been reviewed and confirmed, everyone signed in. */
async function readyForVote(spec: Parameters<typeof buildMeeting>[0] = {}) {
  // Most tests here are about the committee vote; the group vote is its own test below.
  const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, extraMembers: 2, ...spec, options: { requireGroupVote: false, ...spec.options } });
  const tokens = await tokensFor(m.accounts);
  const staffToken = await tokenFor(m.staff);
  await signIn(m, staffToken);
  await reviewGroup(m, 0, tokens);
  return { m, tokens, staffToken };
}

const tokenOfExpert = (m: BuiltMeeting, tokens: Map<number, string>, i: number) => tokens.get(m.accounts[i].id)!;

async function vote(socket: ClientSocket, roundId: number, choices: Array<{ meetingApplicantId: number; choice: string }>, idempotencyKey = key()) {
  return emitAck(socket, 'ballot:submit', { roundId, idempotencyKey, choices });
}

describe('live meeting: voting', () => {
  it('group vote then committee vote, tallied by the 2/3-of-present rule and confirmed by the chair', async () => {
    const { m, tokens } = await readyForVote({ options: { requireGroupVote: true } });
    const [a1, a2] = m.applicants;
    const leaderToken = tokens.get(m.leaders[0].account.id)!;
    const chairToken = tokens.get(m.chair.account.id)!;

    const watcher = await connect(await tokenFor(m.supervisor));
    await emitAck(watcher, 'room:join', { room: `watch:${m.meeting.id}` });
    const progress = collect(watcher, 'round:progress');
    const closed = collect(watcher, 'round:closed');

    const g = await api(leaderToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'group', groupId: m.groups[0].id });
    expect(g.status).to.equal(201);
    expect(g.body).to.include({ kind: 'group', number: 1, status: 'open', members: 3, present: 3, mode: 'secret' });
    const sockets = await Promise.all(m.accounts.map((a) => connect(tokens.get(a.id)!)));
    try {
      for (const i of [0, 1, 2]) {
        const ack = await vote(sockets[i], g.body.id, [
          { meetingApplicantId: a1.id, choice: 'yes' },
          { meetingApplicantId: a2.id, choice: i === 0 ? 'yes' : 'no' },
        ]);
        expect(ack).to.deep.equal({ ok: true, data: { roundId: g.body.id, accepted: true, duplicate: false } });
      }
      expect((await api(leaderToken).post(`/rounds/${g.body.id}/close`)).body.status).to.equal('closed');

      const before = await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' });
      expect(errorOf(before).code).to.equal('group_vote_missing');
      expect((await api(leaderToken).post(`/rounds/${g.body.id}/confirm`)).body.status).to.equal('confirmed');
      const c = await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' });
      expect(c.body).to.include({ kind: 'committee', members: 5, present: 5 });
      // 4 yes of 5 present passes (4·3 ≥ 10); 3 yes fails (9 < 10).
      for (const i of [0, 1, 2, 3, 4]) {
        const ack = await vote(sockets[i], c.body.id, [
          { meetingApplicantId: a1.id, choice: i < 4 ? 'yes' : 'no' },
          { meetingApplicantId: a2.id, choice: i < 3 ? 'yes' : 'abstain' },
        ]);
        expect(ack.ok).to.equal(true);
      }
      const closeRes = await api(chairToken).post(`/rounds/${c.body.id}/close`);
      expect(closeRes.body.digest).to.match(/^[0-9a-f]{64}$/);
      while (closed.filter((e) => e.data.roundId === c.body.id).length === 0) await sleep(20);
      const result = closed.find((e) => e.data.roundId === c.body.id)!.data;
      expect(result.results.map((r: any) => [r.blindCode, r.yes, r.no, r.abstain, r.requiredYes, r.passed])).to.deep.equal([
        [a1.blindCode, 4, 1, 0, 4, true],
        [a2.blindCode, 3, 0, 2, 4, false],
      ]);
      // Counts are coalesced (at most one announcement per interval), never go down, and reach 5.
      const counts = () => progress.filter((e) => e.data.roundId === c.body.id).sort((x, y) => x.seq - y.seq).map((e) => e.data.voted);
      for (let n = 0; counts().at(-1) !== 5 && n < 100; n++) await sleep(20);
      expect(counts().at(-1)).to.equal(5);
      expect(counts()).to.deep.equal([...counts()].sort((x, y) => x - y));

      // Nothing is decided for the meeting until the chair confirms; applicants hear nothing from here.
      expect((await MeetingApplicant.findByPk(a1.id))!.result).to.equal('pending');
      const notChair = await api(tokens.get(m.accounts[3].id)!).post(`/rounds/${c.body.id}/confirm`);
      expect(notChair.status).to.equal(403);
      expect((await api(chairToken).post(`/rounds/${c.body.id}/confirm`)).body.status).to.equal('confirmed');
      expect((await MeetingApplicant.findByPk(a1.id))!.result).to.equal('passed');
      expect((await MeetingApplicant.findByPk(a2.id))!.result).to.equal('failed');
    } finally {
      for (const s of [...sockets, watcher]) s.close();
    }
  });

  it('refuses to launch without quorum, before the chair has confirmed, or by the wrong person', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, extraMembers: 2, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    const staffToken = await tokenFor(m.staff);
    const chairToken = tokens.get(m.chair.account.id)!;
    const early = await api(tokens.get(m.leaders[0].account.id)!).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'group', groupId: m.groups[0].id });
    expect(errorOf(early).code).to.equal('scores_not_confirmed');
    await signIn(m, staffToken, m.experts.slice(0, 3));
    await reviewGroup(m, 0, tokens);
    // 3 of 5 committee members present: 9 < 10, no quorum.
    const noQuorum = await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' });
    expect(noQuorum.status).to.equal(409);
    expect(errorOf(noQuorum)).to.deep.include({ code: 'no_quorum' });
    expect(await VoteRound.count({ where: { meetingId: m.meeting.id } })).to.equal(0);
    const member = await api(tokens.get(m.accounts[3].id)!).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' });
    expect(member.status).to.equal(403);
    await signIn(m, staffToken, m.experts.slice(3, 4));
    const ok = await api(staffToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' });
    expect(ok.status).to.equal(201);
    const twice = await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' });
    expect(errorOf(twice).code).to.equal('round_already_open');
  });

  it('no proxy, no late vote, no second sheet, nothing after close; a resent sheet gets the first answer', async () => {
    const { m, tokens, staffToken } = await readyForVote();
    const [a1, a2] = m.applicants;
    // Expert 4 signs out before the vote opens; expert 3 must recuse from a1.
    await api(staffToken).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: m.experts[4].id, present: false });
    await recuse(m, m.experts[3], a1);
    const chairToken = tokens.get(m.chair.account.id)!;
    const round = (await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    expect(round.present).to.equal(4);
    const s = await Promise.all([0, 1, 2, 3, 4].map((i) => connect(tokenOfExpert(m, tokens, i))));
    try {
      const both = [
        { meetingApplicantId: a1.id, choice: 'yes' },
        { meetingApplicantId: a2.id, choice: 'yes' },
      ];
      // Expert 4 signs in after the launch: not on the roll.
      await api(staffToken).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: m.experts[4].id, present: true });
      const late = await vote(s[4], round.id, both);
      expect(late).to.deep.include({ ok: false });
      expect((late as any).error.code).to.equal('not_eligible');
      const recused = await vote(s[3], round.id, both);
      expect((recused as any).error.code).to.equal('recused');
      const incomplete = await vote(s[0], round.id, [{ meetingApplicantId: a1.id, choice: 'yes' }]);
      expect((incomplete as any).error.code).to.equal('validation_failed');
      expect((incomplete as any).error.details[0].path).to.equal(`payload.choices.${a2.id}`);
      const bogus = await vote(s[0], round.id, [...both, { meetingApplicantId: 999999, choice: 'yes' }]);
      expect((bogus as any).error.code).to.equal('not_in_round');
      const badChoice = await vote(s[0], round.id, [{ meetingApplicantId: a1.id, choice: 'maybe' }]);
      expect((badChoice as any).error.code).to.equal('validation_failed');
      const forged = await vote(s[0], 987654, both);
      expect((forged as any).error.code).to.equal('not_found');
      const staffSocket = await connect(staffToken);
      const staffVote = await vote(staffSocket, round.id, both);
      expect((staffVote as any).error.code).to.equal('forbidden');
      staffSocket.close();

      const k = key();
      const first = await vote(s[0], round.id, both, k);
      expect(first).to.deep.equal({ ok: true, data: { roundId: round.id, accepted: true, duplicate: false } });
      const again = await vote(s[0], round.id, both, k);
      expect(again).to.deep.equal({ ok: true, data: { roundId: round.id, accepted: true, duplicate: true } });
      const second = await vote(s[0], round.id, [{ meetingApplicantId: a1.id, choice: 'no' }, { meetingApplicantId: a2.id, choice: 'no' }]);
      expect((second as any).error.code).to.equal('already_voted');
      // The recused expert votes on a2 only.
      expect((await vote(s[3], round.id, [{ meetingApplicantId: a2.id, choice: 'no' }])).ok).to.equal(true);

      // Signed out mid-vote: refused.
      await api(staffToken).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: m.experts[2].id, present: false });
      expect(((await vote(s[2], round.id, both)) as any).error.code).to.equal('signed_out');

      await api(chairToken).post(`/rounds/${round.id}/close`);
      const afterClose = await vote(s[1], round.id, both);
      expect((afterClose as any).error.code).to.equal('round_closed');
      expect(await RoundVoter.count({ where: { roundId: round.id } })).to.equal(2);
      expect(await BallotSheet.count({ where: { roundId: round.id } })).to.equal(2);
      const items = (await api(chairToken).get(`/rounds/${round.id}/ballots`)).body.results;
      // a1: eligible 3 (4 on the roll, 1 recused); a2: eligible 4.
      expect(items.map((r: any) => [r.eligible, r.yes, r.no])).to.deep.equal([
        [3, 1, 0],
        [4, 1, 1],
      ]);
    } finally {
      for (const x of s) x.close();
    }
  });

  it('secret ballots have no voter column to join on and nothing a voter could show; the seal shows tampering', async () => {
    const columns = await db().query<{ t: string; c: string }>(
      "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name IN ('ballot_sheets', 'ballots')",
      { type: QueryTypes.SELECT },
    );
    expect(columns.map((x) => `${x.t}.${x.c}`).sort()).to.deep.equal(['ballot_sheets.id', 'ballot_sheets.round_id', 'ballots.choice', 'ballots.meeting_applicant_id', 'ballots.sheet_id']);

    const { m, tokens } = await readyForVote();
    const chairToken = tokens.get(m.chair.account.id)!;
    const round = (await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    const acks = [];
    for (const i of [0, 1, 2, 3, 4]) {
      const res = await api(tokenOfExpert(m, tokens, i)).post(`/rounds/${round.id}/ballots`, {
        idempotencyKey: key(),
        choices: m.applicants.map((a) => ({ meetingApplicantId: a.id, choice: i % 2 ? 'no' : 'yes' })),
      });
      expect(res.status).to.equal(200);
      acks.push(res.body);
    }
    // The answer is the same for everyone: nothing in it identifies a sheet.
    expect(new Set(acks.map((a) => JSON.stringify(a))).size).to.equal(1);
    const sheetIds = (await BallotSheet.findAll({ where: { roundId: round.id } })).map((s) => s.id);
    expect(await NamedSheetVoter.count({ where: { sheetId: sheetIds } })).to.equal(0);
    expect(sheetIds.every((id) => /^[0-9a-f]{32}$/.test(id))).to.equal(true);

    const expertView = await api(tokenOfExpert(m, tokens, 3)).get(`/rounds/${round.id}/ballots`);
    expect(expertView.status).to.equal(403);
    expect(errorOf(await api(chairToken).get(`/rounds/${round.id}/ballots`)).code).to.equal('round_open');
    await api(chairToken).post(`/rounds/${round.id}/close`);
    const audit = await api(await tokenFor(m.supervisor)).get(`/rounds/${round.id}/ballots`);
    expect(audit.body.digest.intact).to.equal(true);
    expect(audit.body.sheets).to.have.length(5);
    expect(audit.body.sheets[0]).to.have.keys(['sheetId', 'ballots']);
    expect(audit.body.results.every((r: any) => r.matchesStored)).to.equal(true);

    // Someone changes a ballot in the database: the seal no longer matches.
    const victim = (await Ballot.findOne({ where: { sheetId: sheetIds[0], meetingApplicantId: m.applicants[0].id } }))!;
    await Ballot.update({ choice: victim.choice === 'yes' ? 'no' : 'yes' }, { where: { sheetId: sheetIds[0], meetingApplicantId: m.applicants[0].id } });
    const after = await api(chairToken).get(`/rounds/${round.id}/ballots`);
    expect(after.body.digest.intact).to.equal(false);
    expect(after.body.digest.recomputed).not.to.equal(after.body.digest.sealed);
  });

  it('named rounds show who voted how, to those entitled, after close', async () => {
    const { m, tokens } = await readyForVote({ options: { ballotMode: 'named' } });
    const chairToken = tokens.get(m.chair.account.id)!;
    const round = (await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    expect(round.mode).to.equal('named');
    for (const i of [0, 1, 2, 3]) {
      await api(tokenOfExpert(m, tokens, i)).post(`/rounds/${round.id}/ballots`, {
        idempotencyKey: key(),
        choices: m.applicants.map((a) => ({ meetingApplicantId: a.id, choice: 'yes' })),
      });
    }
    await api(chairToken).post(`/rounds/${round.id}/close`);
    const audit = await api(chairToken).get(`/rounds/${round.id}/ballots`);
    expect(audit.body.sheets.map((s: any) => s.voter.name).sort()).to.deep.equal(['专家1', '专家2', '专家3', '专家4']);
  });

  it('closes by itself when everyone has voted, if the meeting says so; a supervisor sends a round back and a new round decides', async () => {
    const { m, tokens } = await readyForVote({ options: { closeWhenAllVoted: true } });
    const chairToken = tokens.get(m.chair.account.id)!;
    const round = (await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    const room = await connect(chairToken);
    await emitAck(room, 'room:join', { room: `meeting:${m.meeting.id}` });
    const sentBack = collect(room, 'round:sentBack');
    try {
      for (const i of [0, 1, 2, 3, 4]) {
        await api(tokenOfExpert(m, tokens, i)).post(`/rounds/${round.id}/ballots`, {
          idempotencyKey: key(),
          choices: m.applicants.map((a) => ({ meetingApplicantId: a.id, choice: 'yes' })),
        });
      }
      expect((await VoteRound.findByPk(round.id))!.status).to.equal('closed');
      await api(chairToken).post(`/rounds/${round.id}/confirm`);
      expect((await MeetingApplicant.findByPk(m.applicants[0].id))!.result).to.equal('passed');

      const expertTry = await api(chairToken).post(`/rounds/${round.id}/send-back`, { reason: '计票有误' });
      expect(expertTry.status).to.equal(403);
      const noReason = await api(await tokenFor(m.supervisor)).post(`/rounds/${round.id}/send-back`, {});
      expect(errorOf(noReason).details![0].path).to.equal('body.reason');
      const back = await api(await tokenFor(m.supervisor)).post(`/rounds/${round.id}/send-back`, { reason: '有评委未回避，重新表决' });
      expect(back.body).to.include({ status: 'sent_back', sentBackReason: '有评委未回避，重新表决' });
      while (sentBack.length === 0) await sleep(20);
      expect(sentBack[0].data).to.deep.equal({ roundId: round.id, reason: '有评委未回避，重新表决' });
      expect((await MeetingApplicant.findByPk(m.applicants[0].id))!.result).to.equal('pending');

      const again = await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' });
      expect(again.body.number).to.equal(2);
      const all = await VoteRound.findAll({ where: { meetingId: m.meeting.id, kind: 'committee' }, order: [['number', 'ASC']] });
      expect(all.map((r) => r.status)).to.deep.equal(['sent_back', 'open']);
    } finally {
      room.close();
    }
  });

  it('applies the boundary: 25 members, 17 present — 12 yes passes, 11 fails', async function () {
    this.timeout(120000);
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, extraMembers: 22, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    const staffToken = await tokenFor(m.staff);
    await signIn(m, staffToken, m.experts.slice(0, 17));
    await reviewGroup(m, 0, tokens);
    const chairToken = tokens.get(m.chair.account.id)!;
    const round = (await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    expect(round).to.include({ members: 25, present: 17 });
    const [a1, a2] = m.applicants;
    await Promise.all(
      m.experts.slice(0, 17).map((_, i) =>
        api(tokenOfExpert(m, tokens, i)).post(`/rounds/${round.id}/ballots`, {
          idempotencyKey: key(),
          choices: [
            { meetingApplicantId: a1.id, choice: i < 12 ? 'yes' : 'no' },
            { meetingApplicantId: a2.id, choice: i < 11 ? 'yes' : 'no' },
          ],
        }),
      ),
    );
    await api(chairToken).post(`/rounds/${round.id}/close`);
    const audit = (await api(chairToken).get(`/rounds/${round.id}/ballots`)).body;
    expect(audit.results.map((r: any) => [r.yes, r.eligible, r.requiredYes, r.passed])).to.deep.equal([
      [12, 17, 12, true],
      [11, 17, 12, false],
    ]);
  });
});
