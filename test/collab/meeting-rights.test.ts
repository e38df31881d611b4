import { expect } from 'chai';
import { api, errorOf } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { buildMeeting, recuse, signIn, tokensFor } from '../helpers/meeting';
import { awarenessOf, openClient, sleep, storedText, waitUntil, type Person } from './helpers';
import { collabDocName } from '../../realtime/collab';
import { Assignment, Expert } from '../../models';

/**
 * The meeting area's real rights on shared opinions (not the test fixture): assigned experts of
 * the applicant write while reviewing; the group leader, chair and staff read; a recused expert
 * and strangers get nothing; the main reviewer's "finish review" freezes the text into the record.
 */
describe('shared opinions with the meeting’s own rights', function () {
  this.timeout(60000);

  it('assigned experts write together, others read or are refused, and finishing freezes the text into the record', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 4, applicantsPerGroup: 1, extraMembers: 1, options: { sharedOpinionFields: ['overall'] } });
    const tokens = await tokensFor(m.accounts);
    await signIn(m, await tokenFor(m.staff));
    const [applicant] = m.applicants;
    // Expert 1 must recuse from the applicant; the leader (expert 3) distributes to experts 0 and 2.
    await recuse(m, m.experts[1], applicant);
    const leader = tokens.get(m.leaders[0].account.id)!;
    const dist = await api(leader).post(`/groups/${m.groups[0].id}/distribution`, {
      items: [{ meetingApplicantId: applicant.id, reviewers: [{ meetingExpertId: m.experts[0].id, role: 'main' }, { meetingExpertId: m.experts[2].id, role: 'secondary' }] }],
    });
    expect(dist.status).to.equal(200);
    await api(leader).post(`/groups/${m.groups[0].id}/start-review`);

    const doc = collabDocName({ meetingId: m.meeting.id, meetingApplicantId: applicant.id, field: 'overall' });
    const who = (i: number): Person => ({ id: m.accounts[i].id, token: tokens.get(m.accounts[i].id)! });
    const ticketStatus = async (token: string) => (await api(token).post('/collab/tickets', { doc })).status;
    expect(await ticketStatus(who(0).token)).to.equal(201); // main: write
    expect(await ticketStatus(who(2).token)).to.equal(201); // secondary: write
    expect(await ticketStatus(who(3).token)).to.equal(201); // leader: read
    expect(await ticketStatus(who(1).token)).to.equal(403); // recused
    expect(await ticketStatus(tokens.get(m.accounts[4].id)!)).to.equal(403); // a member with no part in it
    expect(await ticketStatus(await tokenFor(m.staff))).to.equal(201); // staff: read
    const other = await buildMeeting();
    expect(await ticketStatus(await tokenFor(other.staff))).to.equal(403);
    const notShared = collabDocName({ meetingId: m.meeting.id, meetingApplicantId: applicant.id, field: 'academic' });
    expect((await api(who(0).token).post('/collab/tickets', { doc: notShared })).status).to.equal(403);

    const main = openClient(who(0), doc);
    const second = openClient(who(2), doc);
    const reader = openClient(who(3), doc);
    try {
      await Promise.all([main.whenSynced(), second.whenSynced(), reader.whenSynced()]);
      main.text.insert(0, '申报人业绩突出，');
      second.text.insert(second.text.length, '同意推荐。');
      await waitUntil(() => main.text.toString() === second.text.toString() && main.text.length > 10, 'the two writers converge');
      await waitUntil(() => reader.text.toString() === main.text.toString(), 'the leader sees it');
      reader.text.insert(0, '组长不能写');
      await waitUntil(async () => (await storedText(doc)) === main.text.toString(), 'the store has the writers’ text');
      expect(await storedText(doc)).not.to.include('组长不能写');
      const agreed = main.text.toString();

      // The main reviewer finishes: the shared text becomes the record's overall opinion, frozen.
      const [mainAssignment] = await Assignment.findAll({ where: { meetingApplicantId: applicant.id, role: 'main' } });
      const fin = await api(who(0).token).post(`/assignments/${mainAssignment.id}/finish`, {
        scores: { ethics: 18, ability: 36, results: 32 },
        opinions: { academic: '学术水平较高' },
      });
      expect(fin.status).to.equal(200);
      expect((await mainAssignment.reload()).opinions.overall).to.equal(agreed);
      second.text.insert(0, '冻结后再写');
      await new Promise((r) => setTimeout(r, 500));
      expect(await storedText(doc)).to.equal(agreed);
      // The secondary takes the frozen overall opinion and confirms.
      const [secAssignment] = await Assignment.findAll({ where: { meetingApplicantId: applicant.id, role: 'secondary' } });
      expect((await api(who(2).token).post(`/assignments/${secAssignment.id}/finish`, { verdict: 'confirm' })).status).to.equal(200);
      expect((await secAssignment.reload()).opinions.overall).to.equal(agreed);
    } finally {
      for (const h of [main, second, reader]) h.destroy();
    }
  });

  it('an empty shared opinion cannot be finished, and nothing is frozen', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 1, options: { sharedOpinionFields: ['overall'] } });
    const tokens = await tokensFor(m.accounts);
    const leader = tokens.get(m.leaders[0].account.id)!;
    await api(leader).post(`/groups/${m.groups[0].id}/distribution/all`, {});
    await api(leader).post(`/groups/${m.groups[0].id}/start-review`);
    const [main] = await Assignment.findAll({ where: { meetingApplicantId: m.applicants[0].id, role: 'main' } });
    const token = tokens.get(m.accounts[m.experts.findIndex((e) => e.id === main.meetingExpertId)].id)!;
    const res = await api(token).post(`/assignments/${main.id}/finish`, { scores: { ethics: 10, ability: 20, results: 20 }, opinions: { academic: '一般' } });
    expect(res.status).to.equal(400);
    expect(errorOf(res).details!.map((d) => d.path)).to.include('payload.opinions.overall');
    // Still writable: the failed finish rolled the freeze back.
    const doc = collabDocName({ meetingId: m.meeting.id, meetingApplicantId: m.applicants[0].id, field: 'overall' });
    expect((await api(token).post('/collab/tickets', { doc })).status).to.equal(201);
    const h = openClient({ id: 0, token }, doc);
    try {
      await h.whenSynced();
      h.text.insert(0, '补充意见');
      await waitUntil(async () => (await storedText(doc)) === '补充意见', 'the write is stored');
    } finally {
      h.destroy();
    }
  });

  it('open connections follow the meeting: a redistribution and a recusal close them, closing the meeting makes writers read-only; the chair and supervisors read', async () => {
    // One group of five: expert 0 is the chair, 1 a vice chair, 4 the group leader.
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 5, applicantsPerGroup: 1, options: { sharedOpinionFields: ['overall'] } });
    const tokens = await tokensFor(m.accounts);
    const staff = await tokenFor(m.staff);
    await signIn(m, staff);
    const [applicant] = m.applicants;
    const group = m.groups[0];
    const leaderToken = tokens.get(m.leaders[0].account.id)!;
    const who = (i: number): Person => ({ id: m.accounts[i].id, token: tokens.get(m.accounts[i].id)! });
    const distribute = (main: number, secondary: number) =>
      api(leaderToken).post(`/groups/${group.id}/distribution`, {
        items: [{ meetingApplicantId: applicant.id, reviewers: [{ meetingExpertId: m.experts[main].id, role: 'main' }, { meetingExpertId: m.experts[secondary].id, role: 'secondary' }] }],
      });
    const doc = collabDocName({ meetingId: m.meeting.id, meetingApplicantId: applicant.id, field: 'overall' });
    const handles: Array<ReturnType<typeof openClient>> = [];
    const open = async (p: Person) => {
      const h = openClient(p, doc);
      handles.push(h);
      await h.whenSynced();
      return h;
    };
    try {
      expect((await distribute(2, 3)).status).to.equal(200);
      // Before the review starts the assigned experts read; expert 3 has the document open.
      const dropped = await open(who(3));
      expect(dropped.state().right).to.equal('read');

      // The leader gives the material to expert 1 instead: expert 3's open connection is closed.
      expect((await distribute(2, 1)).status).to.equal(200);
      await waitUntil(() => dropped.state().status === 'refused', 'the redistributed-away expert is cut off');
      expect(dropped.state().denied).to.equal('access revoked');
      expect((await api(who(3).token).post('/collab/tickets', { doc })).status).to.equal(403);

      expect((await api(leaderToken).post(`/groups/${group.id}/start-review`)).status).to.equal(200);
      const main = await open(who(2));
      const second = await open(who(1));
      const leader = await open(who(4));
      const chair = await open(who(0));
      const supervisor = await open({ id: m.supervisor.id, token: await tokenFor(m.supervisor) });
      expect([main, second].map((h) => h.state().right)).to.deep.equal(['write', 'write']);
      expect([leader, chair, supervisor].map((h) => h.state().right)).to.deep.equal(['read', 'read', 'read']);

      main.text.insert(0, '业绩突出，同意推荐。');
      for (const h of [second, leader, chair, supervisor]) await waitUntil(() => h.text.toString() === '业绩突出，同意推荐。', 'every reader sees the text');
      chair.text.insert(0, '主任改写');
      supervisor.text.insert(0, '监督改写');
      await waitUntil(() => chair.state().denied === 'read-only' && supervisor.state().denied === 'read-only', 'the chair’s and the supervisor’s writes are refused');
      await waitUntil(async () => (await storedText(doc)) === '业绩突出，同意推荐。', 'the store has the writer’s text only');

      // The names the others see are the experts’, stamped by the server, whatever a client says.
      main.provider.awareness.setLocalStateField('user', { name: '主任委员', color: '#f00', readOnly: false });
      const mainId = main.doc.clientID;
      await waitUntil(() => !!(awarenessOf(leader).get(mainId)?.user as { name?: string } | undefined), 'the leader sees the main reviewer');
      const expert2 = (await Expert.findByPk(m.experts[2].expertId))!;
      expect((awarenessOf(leader).get(mainId)!.user as { name: string }).name).to.equal(expert2.name);

      // The group leader declares a conflict with this applicant during the meeting: closed at once.
      const rec = await api(staff).post(`/meetings/${m.meeting.id}/recusals`, {
        expertId: m.experts[4].expertId,
        meetingApplicantId: applicant.id,
        reason: 'declared',
        note: '会上申明与申报人有利害关系',
      });
      expect(rec.status, JSON.stringify(rec.body)).to.equal(201);
      await waitUntil(() => leader.state().status === 'refused', 'the recused leader is cut off');
      expect(leader.state().denied).to.equal('access revoked');
      expect((await api(who(4).token).post('/collab/tickets', { doc })).status).to.equal(403);
      expect([main, second, chair, supervisor].map((h) => h.state().status)).to.deep.equal(['synced', 'synced', 'synced', 'synced']);

      // Closing the meeting: the writers stay connected but read-only.
      expect((await api(staff).post(`/meetings/${m.meeting.id}/close`, {})).status).to.equal(200);
      await sleep(300);
      main.text.insert(main.text.length, '会后补写');
      await waitUntil(() => main.state().denied === 'read-only', 'the main reviewer’s write after close is refused');
      await sleep(200);
      expect(await storedText(doc)).to.equal('业绩突出，同意推荐。');
      expect(main.state().status).to.equal('synced');
      expect(chair.state().status).to.equal('synced');
      const after = await api(who(2).token).post('/collab/tickets', { doc });
      expect(after.status).to.equal(201);
      expect(after.body.right).to.equal('read');
    } finally {
      for (const h of handles) h.destroy();
    }
  });
});
