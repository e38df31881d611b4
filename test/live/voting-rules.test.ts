import { expect } from 'chai';
import crypto from 'node:crypto';
import { api, errorOf } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { buildMeeting, reviewGroup, signIn, tokensFor, type BuiltMeeting } from '../helpers/meeting';
import { BallotSheet, Meeting, RoundItem, RoundVoter, VoteRound } from '../../models';
import type { VoteRules } from '../../server/domain/voting';

const key = () => crypto.randomUUID();

async function cast(m: BuiltMeeting, tokens: Map<number, string>, roundId: number, voters: number[], choice: (voter: number, applicantIndex: number) => string, only?: number[]) {
  for (const i of voters) {
    const res = await api(tokens.get(m.accounts[i].id)).post(`/rounds/${roundId}/ballots`, {
      idempotencyKey: key(),
      choices: m.applicants
        .map((a, k) => ({ meetingApplicantId: a.id, choice: choice(i, k), k }))
        .filter((c) => !only || only.includes(c.k))
        .map(({ meetingApplicantId, choice: c }) => ({ meetingApplicantId, choice: c })),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  }
}

describe('live meeting: voting rules and launching, through the database', () => {
  it('applies a province’s stricter rules: quorum ≥ 3/4, pass > 2/3 of all members — snapshotted at launch', async () => {
    // Seven members; 3/4 of 7 = 5.25, so 6 must be present (the default 2/3 would take 5).
    const rules: VoteRules = { quorum: { fraction: [3, 4], inclusive: true }, pass: { base: 'members', fraction: [2, 3], inclusive: false } };
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 3, extraMembers: 4, voteRules: rules, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    const staff = await tokenFor(m.staff);
    await signIn(m, staff, m.experts.slice(0, 5));
    await reviewGroup(m, 0, tokens);
    const chair = tokens.get(m.chair.account.id)!;
    const refused = await api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' });
    expect(errorOf(refused).code).to.equal('no_quorum');
    expect(errorOf(refused).details).to.deep.equal([{ path: 'present', message: '5/7' }]);
    expect(await VoteRound.count({ where: { meetingId: m.meeting.id } })).to.equal(0);

    await signIn(m, staff, m.experts.slice(5, 6));
    const round = (await api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    expect(round).to.include({ members: 7, present: 6 });
    // The meeting's rules change after the launch: the open round keeps the rules it opened with.
    await Meeting.update({ voteRules: { quorum: rules.quorum, pass: { base: 'cast', fraction: [1, 2], inclusive: true } } }, { where: { id: m.meeting.id } });
    // > 2/3 of 7 members = more than 4.67: 5 yes. a1: 5 yes passes; a2: 4 yes fails (it would pass
    // with the default, 4 ≥ 2/3 of 6 present); a3: 5 yes and an abstention passes.
    await cast(m, tokens, round.id, [0, 1, 2, 3, 4], (i, k) => (k === 1 && i === 4 ? 'no' : 'yes'));
    await cast(m, tokens, round.id, [5], (_i, k) => (k === 2 ? 'abstain' : 'no'));
    const closed = await api(chair).post(`/rounds/${round.id}/close`);
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    const items = await RoundItem.findAll({ where: { roundId: round.id }, order: [['id', 'ASC']] });
    expect(items.map((i) => [i.yes, i.no, i.abstain, i.eligible, i.passed])).to.deep.equal([
      [5, 1, 0, 6, true],
      [4, 2, 0, 6, false],
      [5, 0, 1, 6, true],
    ]);
    const audit = (await api(chair).get(`/rounds/${round.id}/ballots`)).body;
    expect(audit.results.map((r: any) => [r.requiredYes, r.passed, r.matchesStored])).to.deep.equal([
      [5, true, true],
      [5, false, true],
      [5, true, true],
    ]);
    expect(audit.digest.intact).to.equal(true);
  });

  it('launches for a chosen list of applicants, refuses unknown or unconfirmed ones, and then votes on the rest', async () => {
    const m = await buildMeeting({ groups: 2, expertsPerGroup: 3, applicantsPerGroup: 2, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    await signIn(m, await tokenFor(m.staff));
    await reviewGroup(m, 0, tokens);
    const [a1, a2, b1] = m.applicants; // a1, a2 in group 1 (confirmed); b1, b2 in group 2 (not reviewed)
    const chair = tokens.get(m.chair.account.id)!;
    const launch = (ids?: number[]) => api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee', ...(ids ? { meetingApplicantIds: ids } : {}) });

    const unknown = await launch([a1.id, 999999]);
    expect(errorOf(unknown).code).to.equal('unknown_applicant');
    const notReady = await launch([a1.id, b1.id]);
    expect(errorOf(notReady).code).to.equal('scores_not_confirmed');
    expect(errorOf(notReady).details!.map((d) => d.message)).to.deep.equal([b1.blindCode]);
    expect(await VoteRound.count({ where: { meetingId: m.meeting.id } })).to.equal(0);

    const first = await launch([a2.id]);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect((await RoundItem.findAll({ where: { roundId: first.body.id } })).map((i) => i.meetingApplicantId)).to.deep.equal([a2.id]);
    const snap = (await api(tokens.get(m.accounts[4].id)).get(`/meetings/${m.meeting.id}/live`)).body;
    expect(snap.rounds.find((r: any) => r.id === first.body.id).items.map((i: any) => i.meetingApplicantId)).to.deep.equal([a2.id]);
    // A sheet may carry only the round's applicants.
    const stray = await api(chair).post(`/rounds/${first.body.id}/ballots`, { idempotencyKey: key(), choices: [{ meetingApplicantId: a1.id, choice: 'yes' }] });
    expect(stray.status).to.be.within(400, 499);
    await cast(m, tokens, first.body.id, [0, 1, 2, 3, 4, 5], () => 'yes', [1]);
    await api(chair).post(`/rounds/${first.body.id}/close`);
    await api(chair).post(`/rounds/${first.body.id}/confirm`);
    // Without a list: the ready applicants not yet decided, i.e. a1 alone.
    const rest = await launch();
    expect((await RoundItem.findAll({ where: { roundId: rest.body.id } })).map((i) => i.meetingApplicantId)).to.deep.equal([a1.id]);

    // A group vote's list must stay inside the group.
    const leader2 = tokens.get(m.leaders[1].account.id)!;
    const other = await api(leader2).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'group', groupId: m.groups[1].id, meetingApplicantIds: [a1.id] });
    expect(other.status).to.be.within(400, 499);
  });

  it('refuses to close when the ballot sheets and the voters differ (a tampered row), and tallies nothing', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, extraMembers: 2, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    await signIn(m, await tokenFor(m.staff));
    await reviewGroup(m, 0, tokens);
    const chair = tokens.get(m.chair.account.id)!;
    const round = (await api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    await cast(m, tokens, round.id, [0, 1, 2, 3], () => 'yes');
    expect(await BallotSheet.count({ where: { roundId: round.id } })).to.equal(4);

    // Someone deletes a "who has voted" row behind the system's back: 4 sheets, 3 voters.
    const voter = (await RoundVoter.findOne({ where: { roundId: round.id } }))!;
    const saved = voter.get({ plain: true });
    await voter.destroy();
    const refused = await api(chair).post(`/rounds/${round.id}/close`);
    expect(refused.status).to.equal(500);
    expect(errorOf(refused).code).to.equal('ballot_count_mismatch');
    expect((await VoteRound.findByPk(round.id))!.status).to.equal('open');
    expect((await RoundItem.findAll({ where: { roundId: round.id } })).map((i) => i.yes)).to.deep.equal([null, null]);

    // Put back, and slip in a sheet nobody cast: refused again.
    await RoundVoter.create(saved as never);
    await BallotSheet.create({ id: crypto.randomBytes(16).toString('hex'), roundId: round.id } as never);
    const again = await api(chair).post(`/rounds/${round.id}/close`);
    expect(errorOf(again).code).to.equal('ballot_count_mismatch');
    expect((await VoteRound.findByPk(round.id))!.status).to.equal('open');
  });
});
