import { expect } from 'chai';
import { Account, Meeting, MeetingExpert, MeetingLogin } from '../../models';
import { api, errorOf, login } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { buildMeeting } from '../helpers/meeting';

/**
 * 演练副本 (live/copy): a copy has temporary logins of its own, valid until the copy ends, so the
 * demo keeps working after the original's logins died; a rehearsal is marked, holds nobody's
 * declarations and can never be published; a real copy keeps the rule of one open meeting per
 * declaration.
 */
describe('meeting copies: own logins, rehearsals, one open meeting per declaration', () => {
  it('gives a copy logins of its own that outlive the original’s', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, extraMembers: 2, status: 'ready' });
    const staff = await tokenFor(m.staff);
    // The original's temporary logins (as the demo seed has them).
    const issued = await api(staff).post(`/meetings/${m.meeting.id}/logins`, {});
    expect(issued.status, JSON.stringify(issued.body)).to.equal(201);
    expect(issued.body.items).to.have.length(5);
    const originalAccounts = (await MeetingLogin.findAll({ where: { meetingId: m.meeting.id } })).map((l) => l.accountId);
    // Thirty days on: the original has ended and its logins have expired.
    await Account.update({ expiresAt: new Date(Date.now() - 1000) }, { where: { id: originalAccounts } });
    const dead = await api().post('/auth/login', { username: issued.body.items[0].username, password: issued.body.items[0].password });
    expect(errorOf(dead).code).to.equal('account_expired');

    const res = await api(staff).post(`/meetings/${m.meeting.id}/copy`);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const copy = res.body;
    expect(copy).to.include({ status: 'ready', rehearsal: true, rehearsalOfId: m.meeting.id });
    expect(copy.name).to.equal(`${m.meeting.name}（演练1）`);
    const row = (await Meeting.findByPk(copy.id))!;
    expect(row.rehearsalOfId).to.equal(m.meeting.id);
    expect(copy.logins).to.have.length(5);
    expect(copy.logins.map((l: any) => l.username)).to.deep.equal(['01', '02', '03', '04', '05'].map((n) => `m${copy.id}-${n}`));
    for (const l of copy.logins) expect(l.expiresAt).to.equal(row.endsAt.toISOString());

    // Each expert of the copy acts through the copy's own login; none of the original's is reused.
    const experts = await MeetingExpert.findAll({ where: { meetingId: copy.id }, order: [['id', 'ASC']] });
    const logins = await MeetingLogin.findAll({ where: { meetingId: copy.id } });
    expect(experts.map((e) => e.accountId)).to.have.members(logins.map((l) => l.accountId));
    for (const e of experts) expect(originalAccounts).to.not.include(e.accountId);
    const accounts = await Account.findAll({ where: { id: logins.map((l) => l.accountId) } });
    for (const a of accounts) expect(a.expiresAt!.toISOString()).to.equal(row.endsAt.toISOString());
    // They sign in, and the chair of the copy is the chair there.
    const chairLogin = copy.logins.find((l: any) => l.meetingExpertId === experts[0].id);
    const s = await login(chairLogin.username, chairLogin.password);
    const snap = await api(s.accessToken).get(`/meetings/${copy.id}/live`);
    expect(snap.status).to.equal(200);
    expect(snap.body.viewer).to.include({ kind: 'expert', title: 'chair' });
    // …and the original's expired logins stay expired.
    expect((await Account.findByPk(originalAccounts[0]))!.expiresAt!.getTime()).to.be.below(Date.now());

    // A second rehearsal, and a rehearsal of the rehearsal: both rehearse the original.
    const second = (await api(staff).post(`/meetings/${m.meeting.id}/copy`, { rehearsal: true })).body;
    expect(second).to.include({ name: `${m.meeting.name}（演练2）`, rehearsalOfId: m.meeting.id });
    const third = (await api(staff).post(`/meetings/${copy.id}/copy`)).body;
    expect(third).to.include({ name: `${m.meeting.name}（演练3）`, rehearsalOfId: m.meeting.id });
    expect(new Set([...copy.logins, ...second.logins, ...third.logins].map((l: any) => l.username)).size).to.equal(15);

    // Only the committee unit copies; an expert or a supervisor may not.
    expect((await api(s.accessToken).post(`/meetings/${m.meeting.id}/copy`)).status).to.equal(403);
    expect((await api(await tokenFor(m.supervisor)).post(`/meetings/${m.meeting.id}/copy`)).status).to.equal(403);
  });

  it('holds a real copy to one open meeting per declaration; rehearsals hold nobody', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, status: 'ready' });
    const staff = await tokenFor(m.staff);
    // The original is open (ready): a real run of its declarations elsewhere is refused.
    const refused = await api(staff).post(`/meetings/${m.meeting.id}/copy`, { rehearsal: false });
    expect(refused.status).to.equal(422);
    expect(errorOf(refused).code).to.equal('in_other_meeting');
    expect(errorOf(refused).details!.map((d) => d.path)).to.deep.equal(m.applicants.map((a) => `applicants.${a.blindCode}`));
    expect(await Meeting.count({ where: { ownerOrgId: m.unit.org.id } })).to.equal(1);

    // Closed without a decision (the declarations are still ready for a meeting), with a rehearsal open:
    await Meeting.update({ status: 'closed', closedAt: new Date() }, { where: { id: m.meeting.id } });
    const rehearsal = await api(staff).post(`/meetings/${m.meeting.id}/copy`);
    expect(rehearsal.status).to.equal(201);
    // …a real re-run is allowed: the open rehearsal does not hold the declarations.
    const rerun = await api(staff).post(`/meetings/${m.meeting.id}/copy`, { rehearsal: false });
    expect(rerun.status, JSON.stringify(rerun.body)).to.equal(201);
    expect(rerun.body).to.include({ name: m.meeting.name, rehearsal: false, rehearsalOfId: null });
    // A second real run is not: the first one is open.
    const twice = await api(staff).post(`/meetings/${m.meeting.id}/copy`, { rehearsal: false });
    expect(errorOf(twice).code).to.equal('in_other_meeting');
    expect(errorOf(twice).details![0].message).to.contain(String(rerun.body.id));
  });

  it('never publishes a rehearsal’s results (a stable code), while a real meeting gets to its own checks', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, status: 'ready' });
    const staff = await tokenFor(m.staff);
    const copy = (await api(staff).post(`/meetings/${m.meeting.id}/copy`)).body;
    const refused = await api(staff).post(`/meetings/${copy.id}/results/publish`, {});
    expect(refused.status).to.equal(409);
    expect(errorOf(refused).code).to.equal('rehearsal_not_publishable');
    const real = await api(staff).post(`/meetings/${m.meeting.id}/results/publish`, {});
    expect(errorOf(real).code).to.equal('results_not_confirmed');
    // The record of a rehearsal says what it is.
    const record = await api(staff).get(`/meetings/${copy.id}/record`);
    expect(record.body.meeting.rehearsalOfId).to.equal(m.meeting.id);
  });
});
