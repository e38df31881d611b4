import { expect } from 'chai';
import { Account, Meeting, MeetingExpert } from '../../models';
import { api, errorOf } from '../helpers/api';
import { server } from '../helpers/setup';
import { newIdNumber, tokenFor, withKnownPassword } from '../helpers/factories';
import { connect, emitAck, waitFor } from '../helpers/sockets';
import { buildWorld, createMeeting, expectStatus, libraryExperts, readyDeclarations, type World } from './world';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('meeting setup details (盲评意见, 回避, groups, applicants, lists, live setup events)', function () {
  this.timeout(60000);
  let w: World;
  let m: string;
  let meetingId: number;
  let g1: number;
  let g2: number;

  before(async () => {
    w = await buildWorld();
    await libraryExperts(w, 4, { specialties: ['neike'] });
    const meeting = await createMeeting(w);
    meetingId = meeting.id;
    m = `/meetings/${meeting.id}`;
    const h = api(w.tokens.handler);
    g1 = expectStatus(await h.post(`${m}/groups`, { name: '一组', specialties: ['neike'] }), 201).id;
    g2 = expectStatus(await h.post(`${m}/groups`, { name: '二组', specialties: ['waike'] }), 201).id;
  });

  it('tells the staff room of every setup change after commit', async () => {
    const socket = await connect(w.tokens.handler);
    const join = await emitAck(socket, 'room:join', { room: `staff:${meetingId}` });
    expect(join.ok).to.equal(true);
    const heard = waitFor(socket, 'setup:changed', (e: { seq: number; data: { parts: string[] } }) => e.data.parts.includes('groups'));
    expectStatus(await api(w.tokens.handler).patch(`/groups/${g2}`, { room: '202室', size: 4 }), 200);
    const e = await heard;
    expect(e.data).to.deep.include({ meetingId, status: 'setup', ready: false });
    expect(e.seq).to.be.a('number');
    socket.close();
    // Strangers cannot join it.
    const other = await connect(w.tokens.otherAdmin);
    expect((await emitAck(other, 'room:join', { room: `staff:${meetingId}` })).ok).to.equal(false);
    other.close();
  });

  it('lists candidates, adds all, assigns in batches and takes applicants out', async () => {
    const h = api(w.tokens.handler);
    const ds = await readyDeclarations(w, 3, { employer: w.employers[0] });
    const candidates = expectStatus(await h.get(`${m}/candidates`), 200).items;
    expect(candidates.map((c: { declarationId: number }) => c.declarationId)).to.include.members(ds.map((d) => d.id));
    const added = expectStatus(await h.post(`${m}/applicants`, { all: true }), 201).items;
    expect(added.length).to.be.at.least(3);
    expect(expectStatus(await h.get(`${m}/candidates`), 200).items).to.deep.equal([]);
    expectStatus(await h.post(`${m}/applicants/assign`, { meetingApplicantIds: added.map((a: { id: number }) => a.id), groupId: g1 }), 200);
    const unknown = await h.post(`${m}/applicants/assign`, { meetingApplicantIds: [999999], groupId: g1 });
    expect(unknown.status).to.equal(422);
    expect(errorOf(unknown).details![0].path).to.equal('body.meetingApplicantIds.0');
    const listed = expectStatus(await h.get(`${m}/applicants?groupId=${g1}`), 200).items;
    expect(listed[0]).to.deep.include({ orgName: w.employers[0].org.name, level: 'fugao', specialtyCode: 'neike', result: 'pending' });
    expectStatus(await h.delete(`/meeting-applicants/${added[added.length - 1].id}`), 204);
    expect(expectStatus(await h.get(`${m}/candidates`), 200).items).to.have.length(1);
  });

  it('lets a declaration join one open meeting only, even when two meetings add it at the same moment', async () => {
    const [d] = await readyDeclarations(w, 1);
    const other = await createMeeting(w);
    const both = await Promise.all([meetingId, other.id].map((id) => api(w.tokens.handler).post(`/meetings/${id}/applicants`, { declarationIds: [d.id] })));
    expect(both.map((r) => r.status).sort()).to.deep.equal([201, 422]);
    expect(errorOf(both.find((r) => r.status === 422)!).code).to.equal('in_other_meeting');
    const loser = both[0].status === 422 ? m : `/meetings/${other.id}`;
    expect(expectStatus(await api(w.tokens.handler).get(`${loser}/applicants`), 200).items.filter((a: { declarationId: number }) => a.declarationId === d.id)).to.deep.equal([]);
    if (both[1].status === 201) await api(w.tokens.unitAdmin).delete(`/meetings/${other.id}`);
  });

  it('records declared and ordered recusals, found ones cannot be withdrawn, and moves experts between groups explicitly', async () => {
    const h = api(w.tokens.handler);
    const lib = expectStatus(await api(w.tokens.unitAdmin).get(`/committees/${w.committeeId}/experts?status=active`), 200).items;
    const placed = expectStatus(await h.post(`${m}/experts`, { expertIds: lib.map((e: { expertId: number }) => e.expertId), groupId: g1 }), 201).items;
    const [a] = expectStatus(await h.get(`${m}/applicants?groupId=${g1}`), 200).items;
    // The expert declares a conflict in person; the office orders another; the unit may withdraw only what was declared.
    const me = (await MeetingExpert.findByPk(placed[0].id))!;
    const expertToken = await tokenFor(await withKnownPassword((await Account.findByPk(me.accountId))!));
    const own = expectStatus(await api(expertToken).post(`${m}/recusals`, { expertId: placed[0].expertId, meetingApplicantId: a.id, reason: 'declared', note: '曾为其导师' }), 201);
    expect((await api(expertToken).post(`${m}/recusals`, { expertId: placed[1].expertId, meetingApplicantId: a.id, reason: 'declared' })).status).to.equal(403);
    expect((await h.post(`${m}/recusals`, { expertId: placed[1].expertId, meetingApplicantId: a.id, reason: 'ordered' })).status).to.equal(403);
    const ordered = expectStatus(await api(w.tokens.cityHandler).post(`${m}/recusals`, { expertId: placed[1].expertId, meetingApplicantId: a.id, reason: 'ordered' }), 201);
    expect((await h.post(`${m}/recusals`, { expertId: placed[1].expertId, meetingApplicantId: a.id, reason: 'declared' })).status).to.equal(409);
    expect((await h.delete(`/recusals/${ordered.id}`)).status).to.equal(403);
    const readiness = expectStatus(await h.get(`${m}/readiness`), 200);
    expect(readiness.blocking.filter((p: { code: string }) => p.code === 'too_few_reviewers').map((p: { meetingApplicantId: number }) => p.meetingApplicantId)).to.deep.equal([]);
    expectStatus(await h.delete(`/recusals/${own.id}`), 204);

    const moved = expectStatus(await h.patch(`/meeting-experts/${placed[3].id}`, { groupId: g2, title: 'vice_chair' }), 200);
    expect(moved).to.deep.include({ groupId: g2, title: 'vice_chair', isGroupLeader: false });
    expectStatus(await h.patch(`/meeting-experts/${placed[2].id}`, { title: 'chair' }), 200);
    const second = await h.patch(`/meeting-experts/${placed[1].id}`, { title: 'chair' });
    expect(second.status).to.equal(409);
    expect(errorOf(second).code).to.equal('chair_exists');
    const chairToken = await tokenFor(await withKnownPassword((await Account.findByPk((await MeetingExpert.findByPk(placed[2].id))!.accountId))!));
    expect(expectStatus(await api(chairToken).put(`/groups/${g1}/leader`, { meetingExpertId: placed[0].id }), 200).leaderId).to.equal(placed[0].id);
    const notHere = await h.put(`/groups/${g1}/leader`, { meetingExpertId: placed[3].id });
    expect(errorOf(notHere).code).to.equal('not_in_group');
    const groups = expectStatus(await api(w.tokens.supervisor).get(`${m}/groups`), 200).items;
    expect(groups.map((g: { name: string; experts: number }) => [g.name, g.experts])).to.deep.equal([['一组', 3], ['二组', 1]]);
  });

  it('takes blind-review opinions (盲评意见) with a PDF before the meeting, and serves the PDF to insiders only', async () => {
    const h = api(w.tokens.handler);
    const [a] = expectStatus(await h.get(`${m}/applicants`), 200).items;
    const fd = new FormData();
    fd.append('reviewerCode', 'BP-01');
    fd.append('conclusion', 'agree');
    fd.append('score', '86.5');
    fd.append('file', new Blob([PDF]), '盲评意见.pdf');
    const o = expectStatus(await h.post(`/meeting-applicants/${a.id}/blind-opinions`, fd), 201);
    expect(o).to.deep.include({ reviewerCode: 'BP-01', conclusion: 'agree', score: 86.5 });
    const png = new FormData();
    png.append('reviewerCode', 'BP-02');
    png.append('conclusion', 'disagree');
    png.append('file', new Blob([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')]), 'x.pdf');
    expect(errorOf(await h.post(`/meeting-applicants/${a.id}/blind-opinions`, png)).code).to.equal('pdf_required');
    const dup = new FormData();
    dup.append('reviewerCode', 'BP-01');
    dup.append('conclusion', 'disagree');
    expect((await h.post(`/meeting-applicants/${a.id}/blind-opinions`, dup)).status).to.equal(409);
    expect(expectStatus(await api(w.tokens.supervisor).get(`${m}/blind-opinions`), 200).items).to.have.length(1);
    const file = await fetch(`${server().url}/api/blind-opinions/${o.id}/file`, { headers: { authorization: `Bearer ${w.tokens.cityHandler}` } });
    expect(file.status).to.equal(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).to.equal(true);
    expectStatus(await h.delete(`/blind-opinions/${o.id}`), 204);
  });

  it('lists meetings (active and history), the log, entrustments; deletes groups and meetings that never ran', async () => {
    const h = api(w.tokens.handler);
    const e = expectStatus(await h.post(`${m}/entrustments`, { groupId: g2, officeOrgId: w.city.org.id, needs: [{ specialty: 'neike', count: 1 }] }), 201);
    expect(expectStatus(await h.get(`${m}/entrustments`), 200).items.map((x: { id: number }) => x.id)).to.deep.equal([e.id]);
    expect(expectStatus(await h.post(`/entrustments/${e.id}/cancel`), 200).status).to.equal('cancelled');

    expectStatus(await h.put(`${m}/plan`, { kind: 'special', text: '特殊方案' }), 200);
    const submitted = expectStatus(await h.post(`${m}/plan/submit`), 200);
    // A special plan goes to the province office (the test root), not the city.
    expect(submitted.planOfficeOrgId).to.not.equal(w.city.org.id);
    expectStatus(await h.post(`${m}/plan/review`, { approve: false, opinion: '请补充' }), 200);
    const log = expectStatus(await api(w.tokens.supervisor).get(`${m}/log`), 200).items;
    expect(log.map((l: { action: string }) => l.action)).to.deep.equal(['submit', 'handler_return']);

    const closed = await createMeeting(w, { name: '已结束的会议' });
    await Meeting.update({ status: 'closed' }, { where: { id: closed.id } });
    const active = expectStatus(await api(w.tokens.cityAdmin).get('/meetings'), 200).items.map((x: { id: number }) => x.id);
    const history = expectStatus(await api(w.tokens.unitAdmin).get('/meetings?state=history'), 200).items.map((x: { id: number }) => x.id);
    expect(active).to.include(meetingId).and.not.include(closed.id);
    expect(history).to.deep.equal([closed.id]);
    expect(expectStatus(await api(w.tokens.otherAdmin).get('/meetings?state=all'), 200).items).to.deep.equal([]);
    expect(errorOf(await api(w.tokens.unitAdmin).delete(`/meetings/${closed.id}`)).code).to.equal('meeting_not_in_setup');

    expectStatus(await h.delete(`/groups/${g2}`), 204);
    const spare = await createMeeting(w);
    expect((await api(w.tokens.handler).delete(`/meetings/${spare.id}`)).status).to.equal(403);
    expectStatus(await api(w.tokens.unitAdmin).delete(`/meetings/${spare.id}`), 204);
    expect((await api(w.tokens.unitAdmin).get(`/meetings/${spare.id}`)).status).to.equal(404);
  });

  it('takes a pending library entry out without a filing; shows filings and the expert’s own profile', async () => {
    const unit = api(w.tokens.unitAdmin);
    const idNumber = newIdNumber('1962-02-02');
    const added = expectStatus(await unit.post(`/committees/${w.committeeId}/experts`, { idNumber, name: '暂入库', employerOrgId: w.city.org.id, specialties: ['neike'] }), 201);
    const filing = expectStatus(await unit.post(`/committees/${w.committeeId}/filings`, { items: [{ expertId: added.entry.expertId, action: 'add' }] }), 201);
    expect(expectStatus(await api(w.tokens.cityHandler).get(`/library-filings/${filing.id}`), 200).items[0]).to.deep.include({ expertName: '暂入库', action: 'add' });
    expect(expectStatus(await unit.get(`/committees/${w.committeeId}/filings?status=submitted`), 200).items.map((x: { id: number }) => x.id)).to.include(filing.id);
    expect((await api(w.tokens.otherAdmin).get(`/library-filings/${filing.id}`)).status).to.equal(403);
    expectStatus(await unit.delete(`/committees/${w.committeeId}/experts/${added.entry.expertId}`), 204);
    const me = api(await tokenFor(await withKnownPassword((await Account.findOne({ where: { username: idNumber } }))!)));
    expect(expectStatus(await me.get('/me/expert-profile'), 200)).to.deep.include({ name: '暂入库', profileStatus: 'draft', waitingAtOrgId: null });
  });
});
