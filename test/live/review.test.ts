import { expect } from 'chai';
import { api, errorOf } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { connect, collect, waitFor, sleep } from '../helpers/sockets';
import { buildMeeting, recuse, reviewGroup, signIn, tokensFor } from '../helpers/meeting';
import { Assignment, Declaration, MeetingApplicant } from '../../models';

describe('live meeting: attendance, distribution and the review sign-off', () => {
  it('signs experts in and shows presence and quorum to the room', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, extraMembers: 2 });
    const staffToken = await tokenFor(m.staff);
    const watcher = await connect(await tokenFor(m.supervisor));
    try {
      const join = await new Promise<any>((r) => watcher.emit('room:join', { room: `watch:${m.meeting.id}` }, r));
      expect(join.ok).to.equal(true);
      const events = collect(watcher, 'attendance:changed');
      await signIn(m, staffToken, m.experts.slice(0, 3));
      while (events.length < 3) await sleep(20);
      expect(events.map((e) => e.data.presentMembers)).to.deep.equal([1, 2, 3]);
      expect(events[2].data).to.include({ members: 5, quorum: false });
      expect(events[2].seq).to.equal(events[0].seq + 2);
      const fourthEvent = waitFor(watcher, 'attendance:changed', (e: any) => e.data.presentMembers === 4);
      await signIn(m, staffToken, m.experts.slice(3, 4));
      const fourth = await fourthEvent;
      expect(fourth.data.quorum).to.equal(true); // 4 of 5 ≥ 2/3
    } finally {
      watcher.close();
    }
  });

  it('refuses sign-in by the wrong person for the meeting setting, and by strangers', async () => {
    const m = await buildMeeting({ options: { signInBy: 'staff' } });
    const expertToken = await tokenFor(m.accounts[1]);
    const self = await api(expertToken).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: m.experts[1].id, present: true });
    expect(self.status).to.equal(403);
    const other = await buildMeeting();
    const stranger = await api(await tokenFor(other.staff)).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: m.experts[1].id, present: true });
    expect(stranger.status).to.equal(403);
    const bad = await api(await tokenFor(m.staff)).post(`/meetings/${m.meeting.id}/attendance`, { meetingExpertId: 'x', present: true });
    expect(errorOf(bad).details![0].path).to.equal('body.meetingExpertId');
  });

  it('distribution needs two reviewers, one main, nobody recused; only the leader distributes', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2 });
    const [e0, e1, e2] = m.experts;
    const [a1, a2] = m.applicants;
    await recuse(m, e1, a1);
    const leaderToken = await tokenFor(m.leaders[0].account);
    const g = m.groups[0].id;
    const oneReviewer = await api(leaderToken).post(`/groups/${g}/distribution`, { items: [{ meetingApplicantId: a1.id, reviewers: [{ meetingExpertId: e0.id, role: 'main' }] }] });
    expect(oneReviewer.status).to.equal(422);
    expect(errorOf(oneReviewer).details!.map((d) => d.code)).to.include('too_few_reviewers');
    const recused = await api(leaderToken).post(`/groups/${g}/distribution`, {
      items: [{ meetingApplicantId: a1.id, reviewers: [{ meetingExpertId: e0.id, role: 'main' }, { meetingExpertId: e1.id, role: 'secondary' }] }],
    });
    expect(errorOf(recused).details!.map((d) => d.code)).to.include('recused_reviewer');
    const twoMains = await api(leaderToken).post(`/groups/${g}/distribution`, {
      items: [{ meetingApplicantId: a2.id, reviewers: [{ meetingExpertId: e0.id, role: 'main' }, { meetingExpertId: e1.id, role: 'main' }] }],
    });
    expect(errorOf(twoMains).details!.map((d) => d.code)).to.include('main_reviewer_count');
    expect(await Assignment.count({ where: { meetingApplicantId: [a1.id, a2.id] } })).to.equal(0);

    const notLeader = await api(await tokenFor(m.accounts[0])).post(`/groups/${g}/distribution/all`, {});
    expect(notLeader.status).to.equal(403);
    expect((await api(leaderToken).post(`/groups/${g}/start-review`)).status).to.equal(409);
    const all = await api(leaderToken).post(`/groups/${g}/distribution/all`, { perApplicant: 2 });
    expect(all.body).to.deep.equal({ assigned: 4, unassignable: [] });
    const a1Reviewers = await Assignment.findAll({ where: { meetingApplicantId: a1.id } });
    expect(a1Reviewers.map((x) => x.meetingExpertId)).not.to.include(e1.id);
    expect(a1Reviewers.filter((x) => x.role === 'main')).to.have.length(1);
    expect((await api(leaderToken).post(`/groups/${g}/start-review`)).body.stage).to.equal('reviewing');
    const late = await api(leaderToken).post(`/groups/${g}/distribution/all`, {});
    expect(errorOf(late).code).to.equal('review_started');
    void e2;
  });

  it('scores within the standard; a secondary cannot confirm before the main finishes; a dispute blocks the group', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 1 });
    const tokens = await tokensFor(m.accounts);
    const leader = tokens.get(m.leaders[0].account.id)!;
    const g = m.groups[0].id;
    await api(leader).post(`/groups/${g}/distribution/all`, {});
    await api(leader).post(`/groups/${g}/start-review`);
    const [main] = await Assignment.findAll({ where: { meetingApplicantId: m.applicants[0].id, role: 'main' } });
    const [second] = await Assignment.findAll({ where: { meetingApplicantId: m.applicants[0].id, role: 'secondary' } });
    const tokenOf = (id: number) => tokens.get(m.accounts[m.experts.findIndex((e) => e.id === id)].id)!;

    const over = await api(tokenOf(main.meetingExpertId)).put(`/assignments/${main.id}/draft`, { scores: { ethics: 21 } });
    expect(over.status).to.equal(400);
    expect(errorOf(over).details![0]).to.include({ path: 'payload.scores.ethics', code: 'score_out_of_range' });
    const someoneElse = await api(tokenOf(second.meetingExpertId)).put(`/assignments/${main.id}/draft`, { scores: { ethics: 10 } });
    expect(someoneElse.status).to.equal(403);
    const noDefense = await api(tokenOf(main.meetingExpertId)).put(`/assignments/${main.id}/draft`, { opinions: { defenseQuestions: '…' } });
    expect(errorOf(noDefense).details![0].code).to.equal('defense_off');
    expect((await api(tokenOf(main.meetingExpertId)).put(`/assignments/${main.id}/draft`, { scores: { ethics: 15 } })).body.state).to.equal('draft');
    const incomplete = await api(tokenOf(main.meetingExpertId)).post(`/assignments/${main.id}/finish`, { opinions: { overall: '同意' } });
    expect(errorOf(incomplete).details!.map((d) => d.path)).to.include.members(['payload.scores.ability', 'payload.opinions.academic']);
    const early = await api(tokenOf(second.meetingExpertId)).post(`/assignments/${second.id}/finish`, { opinions: { overall: '同意' }, verdict: 'confirm' });
    expect(errorOf(early).code).to.equal('main_not_final');

    await api(tokenOf(main.meetingExpertId)).post(`/assignments/${main.id}/finish`, {
      scores: { ability: 30, results: 30 },
      opinions: { academic: '良好', overall: '同意' },
    });
    expect(Number((await main.reload()).totalScore)).to.equal(15 / 20 * 20 + 30 / 40 * 40 + 30 / 40 * 40);
    const noReason = await api(tokenOf(second.meetingExpertId)).post(`/assignments/${second.id}/finish`, { opinions: { overall: '有异议' }, verdict: 'dispute' });
    expect(errorOf(noReason).details![0].code).to.equal('reason_required');
    await api(tokenOf(second.meetingExpertId)).post(`/assignments/${second.id}/finish`, { opinions: { overall: '有异议' }, verdict: 'dispute', verdictReason: '业绩分偏高' });
    const blocked = await api(leader).post(`/groups/${g}/confirm`);
    expect(blocked.status).to.equal(409);
    expect(errorOf(blocked)).to.deep.include({ code: 'group_not_reviewed' });
    expect(errorOf(blocked).details![0]).to.include({ path: `applicants.${m.applicants[0].blindCode}`, code: 'score_disputed' });
    const chairEarly = await api(tokens.get(m.chair.account.id)).post(`/groups/${g}/chair-confirm`);
    expect(errorOf(chairEarly).code).to.equal('leader_not_confirmed');

    // The leader reopens; the main revises; the secondary confirms; the group can be confirmed.
    expect((await api(leader).post(`/meeting-applicants/${m.applicants[0].id}/reopen`, { reason: '请主审复核业绩分' })).status).to.equal(204);
    await api(tokenOf(main.meetingExpertId)).post(`/assignments/${main.id}/finish`, { scores: { results: 25 } });
    await api(tokenOf(second.meetingExpertId)).post(`/assignments/${second.id}/finish`, { verdict: 'confirm' });
    expect((await api(leader).post(`/groups/${g}/confirm`)).body.stage).to.equal('leader_confirmed');
    expect((await api(tokens.get(m.chair.account.id)).post(`/groups/${g}/chair-confirm`)).body.stage).to.equal('chair_confirmed');
    expect((await MeetingApplicant.findByPk(m.applicants[0].id))!.stage).to.equal('chair_confirmed');
  });

  it('every step reaches the group room in order, by blind code, with no names', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, options: { blindReview: true } });
    const tokens = await tokensFor(m.accounts);
    const member = await connect(tokens.get(m.accounts[0].id)!);
    try {
      await new Promise((r) => member.emit('room:join', { room: `group:${m.groups[0].id}` }, r));
      const stages = collect(member, 'group:stage');
      const applicantEvents = collect(member, 'applicant:stage');
      await reviewGroup(m, 0, tokens);
      while (!stages.some((e) => e.data.stage === 'chair_confirmed')) await sleep(20);
      expect(stages.map((e) => e.data.stage)).to.deep.equal(['distributing', 'reviewing', 'leader_confirmed', 'chair_confirmed']);
      for (let i = 1; i < stages.length; i++) expect(stages[i].seq).to.be.greaterThan(stages[i - 1].seq);
      const text = JSON.stringify(applicantEvents);
      expect(text).to.include(m.applicants[0].blindCode);
      for (const a of m.applicants) {
        const d = await Declaration.findByPk(a.declarationId);
        expect(text).not.to.include(d!.applicantName);
      }
    } finally {
      member.close();
    }
  });

  it('blind review hides identities from experts in the snapshot, but not from staff', async () => {
    const m = await buildMeeting({ groups: 1, applicantsPerGroup: 2, options: { blindReview: true } });
    const expertView = await api(await tokenFor(m.accounts[0])).get(`/meetings/${m.meeting.id}/live`);
    expect(expertView.status).to.equal(200);
    for (const a of expertView.body.applicants) expect(a).to.include({ name: null, orgName: null, declarationId: null });
    const staffView = await api(await tokenFor(m.staff)).get(`/meetings/${m.meeting.id}/live`);
    expect(staffView.body.applicants[0].name).to.match(/^申报人/);
    expect(staffView.body.rooms).to.include(`staff:${m.meeting.id}`);
    expect(expertView.body.rooms).not.to.include(`staff:${m.meeting.id}`);
    // A stranger gets nothing.
    const other = await buildMeeting();
    expect((await api(await tokenFor(other.accounts[0])).get(`/meetings/${m.meeting.id}/live`)).status).to.equal(403);
  });

  it('a recused expert sees no details of that applicant even without blind review', async () => {
    const m = await buildMeeting({ groups: 1, applicantsPerGroup: 2 });
    await recuse(m, m.experts[1], m.applicants[0]);
    const view = await api(await tokenFor(m.accounts[1])).get(`/meetings/${m.meeting.id}/live`);
    const a0 = view.body.applicants.find((a: any) => a.meetingApplicantId === m.applicants[0].id);
    const a1 = view.body.applicants.find((a: any) => a.meetingApplicantId === m.applicants[1].id);
    expect(a0).to.include({ recused: true, name: null, seriesCode: null });
    expect(a1.name).to.match(/^申报人/);
  });
});
