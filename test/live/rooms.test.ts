import { expect } from 'chai';
import { api } from '../helpers/api';
import { buildAccount, tokenFor } from '../helpers/factories';
import { connect, collect, emitAck, sleep, waitFor, type ClientSocket } from '../helpers/sockets';
import { buildMeeting, recuse, signIn, type BuiltMeeting } from '../helpers/meeting';

/**
 * Who may join which meeting room (realtime/access.ts, realtime/meeting/access.ts), and what the
 * per-expert room `expert:{meetingId}:{accountId}` carries: what concerns that one expert — the
 * materials a distribution gave them or took away, and a sign-in or sign-out done for them.
 */
const join = async (s: ClientSocket, room: string) => {
  const ack = await emitAck<{ room: string; seq: number }>(s, 'room:join', { room });
  return ack.ok ? 'ok' : ack.error.code;
};

describe('live meeting rooms: who may join, and the expert’s own room', () => {
  let m: BuiltMeeting;
  const sockets: ClientSocket[] = [];
  const open = async (token: string) => {
    const s = await connect(token);
    sockets.push(s);
    return s;
  };
  before(async () => {
    // Two groups of three: experts 0–2 (chair, vice chair, leader of group 1), 3–5 (group 2).
    m = await buildMeeting({ groups: 2, expertsPerGroup: 3, applicantsPerGroup: 2 });
  });
  after(() => {
    for (const s of sockets) s.close();
  });

  it('refuses an applicant every meeting room, even the one of the meeting that reviews them', async () => {
    const applicant = await buildAccount(m.employers[0], { role: 'applicant', name: '申报人甲' });
    const s = await open(await tokenFor(applicant));
    const id = m.meeting.id;
    for (const room of [`meeting:${id}`, `group:${m.groups[0].id}`, `watch:${id}`, `staff:${id}`, `expert:${id}:${applicant.id}`, `expert:${id}:${m.accounts[0].id}`]) {
      expect(await join(s, room), room).to.equal('room_forbidden');
    }
    // Nor does the REST snapshot tell them anything.
    expect((await api(await tokenFor(applicant)).get(`/meetings/${id}/live`)).status).to.be.oneOf([403, 404]);
  });

  it('lets a supervisor above the committee unit watch everything, and refuses one elsewhere', async () => {
    const id = m.meeting.id;
    const rooms = [`meeting:${id}`, `group:${m.groups[0].id}`, `group:${m.groups[1].id}`, `watch:${id}`, `staff:${id}`];
    const above = await open(await tokenFor(m.supervisor));
    for (const room of rooms) expect(await join(above, room), room).to.equal('ok');
    // A supervisor is nobody's expert: no expert room, not even one named after themselves.
    expect(await join(above, `expert:${id}:${m.supervisor.id}`)).to.equal('room_forbidden');

    const other = await buildMeeting({ groups: 1 });
    const elsewhere = await open(await tokenFor(other.supervisor));
    for (const room of rooms) expect(await join(elsewhere, room), room).to.equal('room_forbidden');
    expect(await join(elsewhere, `watch:${other.meeting.id}`)).to.equal('ok');
    // Another unit's staff neither.
    const otherStaff = await open(await tokenFor(other.staff));
    for (const room of rooms) expect(await join(otherStaff, room), room).to.equal('room_forbidden');
  });

  it('lets a member join their meeting, their own group and their own room only; the chair every group', async () => {
    const id = m.meeting.id;
    const member = m.accounts[4]; // group 2
    const s = await open(await tokenFor(member));
    expect(await join(s, `meeting:${id}`)).to.equal('ok');
    expect(await join(s, `group:${m.groups[1].id}`)).to.equal('ok');
    expect(await join(s, `group:${m.groups[0].id}`)).to.equal('room_forbidden');
    expect(await join(s, `expert:${id}:${member.id}`)).to.equal('ok');
    expect(await join(s, `expert:${id}:${m.accounts[3].id}`)).to.equal('room_forbidden');
    expect(await join(s, `watch:${id}`)).to.equal('room_forbidden');
    expect(await join(s, `staff:${id}`)).to.equal('room_forbidden');
    // An expert of another meeting is nobody here.
    const other = await buildMeeting({ groups: 1 });
    const stranger = await open(await tokenFor(other.accounts[1]));
    expect(await join(stranger, `meeting:${id}`)).to.equal('room_forbidden');
    expect(await join(stranger, `group:${m.groups[1].id}`)).to.equal('room_forbidden');
    expect(await join(stranger, `expert:${id}:${other.accounts[1].id}`)).to.equal('room_forbidden');

    const chair = await open(await tokenFor(m.chair.account));
    expect(await join(chair, `group:${m.groups[0].id}`)).to.equal('ok');
    expect(await join(chair, `group:${m.groups[1].id}`)).to.equal('ok');
    expect(await join(chair, `watch:${id}`)).to.equal('room_forbidden');

    // The snapshot names exactly the rooms the viewer may join.
    const snap = (await api(await tokenFor(member)).get(`/meetings/${id}/live`)).body;
    expect(snap.rooms).to.have.members([`meeting:${id}`, `expert:${id}:${member.id}`, `group:${m.groups[1].id}`]);
  });

  it('tells each expert alone what a distribution gave them or took away, and a sign-in done for them', async () => {
    const x = await buildMeeting({ groups: 1, expertsPerGroup: 4, applicantsPerGroup: 3 });
    const [e0, e1, e2, e3] = x.experts;
    const [a1, a2, a3] = x.applicants;
    await recuse(x, e3, a1);
    const leader = await tokenFor(x.leaders[0].account); // e3 leads (the last of the group)
    const staff = await tokenFor(x.staff);
    const inbox = new Map<number, { assignments: any[]; attendance: any[]; all: any[] }>();
    for (const [i, me] of x.experts.entries()) {
      const s = await open(await tokenFor(x.accounts[i]));
      expect(await join(s, `expert:${x.meeting.id}:${x.accounts[i].id}`)).to.equal('ok');
      inbox.set(me.id, { assignments: collect(s, 'expert:assignments'), attendance: collect(s, 'expert:attendance'), all: collect(s, 'assignment:changed') });
    }
    // The group room still hears every assignment; an expert's room hears only theirs.
    const groupWatcher = await open(await tokenFor(x.chair.account));
    expect(await join(groupWatcher, `group:${x.groups[0].id}`)).to.equal('ok');
    const groupEvents = collect(groupWatcher, 'assignment:changed');

    // A batch of two: a1 to e0 (main) + e1, a2 to e1 (main) + e2.
    const batch = await api(leader).post(`/groups/${x.groups[0].id}/distribution`, {
      items: [
        { meetingApplicantId: a1.id, reviewers: [{ meetingExpertId: e0.id, role: 'main' }, { meetingExpertId: e1.id, role: 'secondary' }] },
        { meetingApplicantId: a2.id, reviewers: [{ meetingExpertId: e1.id, role: 'main' }, { meetingExpertId: e2.id, role: 'secondary' }] },
      ],
    });
    expect(batch.status, JSON.stringify(batch.body)).to.equal(200);
    expect(batch.body.assigned).to.equal(4);
    const until = async (cond: () => boolean, what: string) => {
      for (let i = 0; i < 100 && !cond(); i++) await sleep(30);
      expect(cond(), what).to.equal(true);
    };
    await until(() => inbox.get(e1.id)!.assignments.length === 1 && inbox.get(e0.id)!.assignments.length === 1 && inbox.get(e2.id)!.assignments.length === 1, 'one notice each');
    await until(() => groupEvents.length === 4, 'group room hears all four');
    const e1Notice = inbox.get(e1.id)!.assignments[0];
    expect(e1Notice.room).to.equal(`expert:${x.meeting.id}:${x.accounts[1].id}`);
    expect(e1Notice.data).to.deep.include({ meetingId: x.meeting.id, groupId: x.groups[0].id, meetingExpertId: e1.id, total: 2, main: 1, removed: [] });
    expect(e1Notice.data.added).to.have.deep.members([
      { meetingApplicantId: a1.id, blindCode: a1.blindCode, role: 'secondary' },
      { meetingApplicantId: a2.id, blindCode: a2.blindCode, role: 'main' },
    ]);
    expect(inbox.get(e0.id)!.assignments[0].data).to.deep.include({ total: 1, main: 1 });
    // Nothing to an expert the batch did not touch, and no assignment event in anyone's own room.
    expect(inbox.get(e3.id)!.assignments).to.have.length(0);
    for (const box of inbox.values()) expect(box.all).to.have.length(0);

    // Redistributing a1: e0 keeps the main role (no news for e0), e1 is replaced by e2.
    const again = await api(leader).post(`/groups/${x.groups[0].id}/distribution`, {
      items: [{ meetingApplicantId: a1.id, reviewers: [{ meetingExpertId: e0.id, role: 'main' }, { meetingExpertId: e2.id, role: 'secondary' }] }],
    });
    expect(again.status).to.equal(200);
    await until(() => inbox.get(e1.id)!.assignments.length === 2 && inbox.get(e2.id)!.assignments.length === 2, 'second notices');
    expect(inbox.get(e1.id)!.assignments[1].data).to.deep.include({ added: [], removed: [{ meetingApplicantId: a1.id, blindCode: a1.blindCode, role: 'secondary' }], total: 1, main: 1 });
    expect(inbox.get(e2.id)!.assignments[1].data).to.deep.include({ removed: [], total: 2, main: 0 });
    expect(inbox.get(e1.id)!.assignments[1].seq).to.equal(inbox.get(e1.id)!.assignments[0].seq + 1);
    await sleep(200);
    expect(inbox.get(e0.id)!.assignments).to.have.length(1);

    // 分发所选 evenly: only a3, never to e3 (not recused from a3) over the load of the others.
    const even = await api(leader).post(`/groups/${x.groups[0].id}/distribution/all`, { perApplicant: 2, meetingApplicantIds: [a3.id] });
    expect(even.status, JSON.stringify(even.body)).to.equal(200);
    expect(even.body).to.deep.equal({ assigned: 2, unassignable: [] });
    await until(() => inbox.get(e3.id)!.assignments.length === 1, 'e3 gets a3 (least loaded)');
    expect(inbox.get(e3.id)!.assignments[0].data.added).to.deep.equal([{ meetingApplicantId: a3.id, blindCode: a3.blindCode, role: 'main' }]);
    const notInGroup = await api(leader).post(`/groups/${x.groups[0].id}/distribution/all`, { meetingApplicantIds: [m.applicants[0].id] });
    expect(notInGroup.status).to.equal(422);

    // Staff sign e2 in: e2 hears it was the staff; the others' rooms hear nothing.
    await signIn(x, staff, [e2]);
    const notice = await (async () => {
      await until(() => inbox.get(e2.id)!.attendance.length === 1, 'attendance notice');
      return inbox.get(e2.id)!.attendance[0];
    })();
    expect(notice.data).to.deep.equal({ meetingId: x.meeting.id, meetingExpertId: e2.id, present: true, by: 'staff' });
    // e1 signs in themselves (the meeting allows both).
    const self = await open(await tokenFor(x.accounts[1]));
    const selfJoined = await join(self, `expert:${x.meeting.id}:${x.accounts[1].id}`);
    expect(selfJoined).to.equal('ok');
    const selfNotice = waitFor(self, 'expert:attendance');
    expect((await api(await tokenFor(x.accounts[1])).post(`/meetings/${x.meeting.id}/attendance`, { meetingExpertId: e1.id, present: true })).status).to.equal(200);
    expect((await selfNotice).data).to.include({ present: true, by: 'self' });
    expect(inbox.get(e0.id)!.attendance).to.have.length(0);
    expect(inbox.get(e3.id)!.attendance).to.have.length(0);
  });
});
