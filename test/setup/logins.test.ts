import { expect } from 'chai';
import { Account, MeetingExpert } from '../../models';
import { api, errorOf, login } from '../helpers/api';
import { connect } from '../helpers/sockets';
import { buildWorld, createMeeting, expectStatus, hours, libraryExperts, type World } from './world';

describe('temporary meeting logins (专家登录信息)', function () {
  this.timeout(60000);
  let w: World;

  before(async () => {
    w = await buildWorld();
  });

  it('are shown once, act as the meeting expert, follow the meeting’s end and stop working when it has passed', async () => {
    await libraryExperts(w, 3, { specialties: ['neike'] });
    const meeting = await createMeeting(w, { startsAt: hours(1), endsAt: hours(5) });
    const handler = api(w.tokens.handler);
    const m = `/meetings/${meeting.id}`;
    const g = expectStatus(await handler.post(`${m}/groups`, { name: '内科组', specialties: ['neike'] }), 201);
    expectStatus(await handler.post(`${m}/draws`, { groups: [{ groupId: g.id, needs: [{ specialty: 'neike', count: 3 }] }] }), 201);

    const issued = expectStatus(await handler.post(`${m}/logins`, {}), 201).items;
    expect(issued).to.have.length(3);
    expect(issued[0].username).to.equal(`m${meeting.id}-01`);
    expect(issued[0].password).to.match(/^[A-Z][a-z]{6}#\d{3}$/);
    // Issuing again gives nothing new (passwords are never kept in clear to show twice).
    expect(expectStatus(await handler.post(`${m}/logins`, {}), 201).items).to.deep.equal([]);
    const list = expectStatus(await handler.get(`${m}/experts`), 200).items;
    expect(list[0].temporaryLogin).to.deep.include({ username: issued[0].username, disabled: false });

    const session = await login(issued[0].username, issued[0].password);
    expect(session.account.mustChangePassword).to.equal(false);
    const asExpert = api(session.accessToken);
    const seen = expectStatus(await asExpert.get(m), 200);
    expect(seen.me.meetingExpertId).to.equal(issued[0].meetingExpertId);
    const socket = await connect(session.accessToken);
    socket.close();

    // The meeting moves: the logins' expiry moves with it.
    const later = hours(30);
    expectStatus(await handler.patch(m, { startsAt: hours(2), endsAt: later }), 200);
    const account = (await Account.findOne({ where: { username: issued[0].username } }))!;
    // DATETIME keeps whole seconds on MariaDB.
    expect(Math.abs(account.expiresAt!.getTime() - new Date(later).getTime())).to.be.lessThan(1000);

    // The meeting has ended: the login is refused and a token still held stops working.
    expectStatus(await handler.patch(m, { startsAt: hours(-3), endsAt: hours(-1) }), 200);
    const refused = await api().post('/auth/login', { username: issued[1].username, password: issued[1].password });
    expect(refused.status).to.equal(403);
    expect(errorOf(refused).code).to.equal('account_expired');
    const held = await asExpert.get(m);
    expect(held.status).to.equal(401);
    expect(errorOf(held).code).to.equal('account_expired');
  });

  it('reissue resets a password; removing the expert disables their login at once', async () => {
    await libraryExperts(w, 1, { specialties: ['erke'] });
    const meeting = await createMeeting(w);
    const handler = api(w.tokens.handler);
    const m = `/meetings/${meeting.id}`;
    const expert = expectStatus(await api(w.tokens.unitAdmin).get(`/committees/${w.committeeId}/experts?specialty=erke`), 200).items[0];
    const [me] = expectStatus(await handler.post(`${m}/experts`, { expertIds: [expert.expertId] }), 201).items;
    const [first] = expectStatus(await handler.post(`${m}/logins`, { meetingExpertIds: [me.id] }), 201).items;
    const [second] = expectStatus(await handler.post(`${m}/logins`, { meetingExpertIds: [me.id], reissue: true }), 201).items;
    expect(second.username).to.equal(first.username);
    expect((await api().post('/auth/login', { username: first.username, password: first.password })).status).to.equal(401);
    const token = (await login(second.username, second.password)).accessToken;
    expect((await api(token).get(m)).status).to.equal(200);
    expect((await MeetingExpert.findByPk(me.id))!.accountId).to.not.equal(expert.accountId);

    expectStatus(await handler.delete(`/meeting-experts/${me.id}`), 204);
    const after = await api(token).get(m);
    expect(after.status).to.equal(401);
    expect((await api().post('/auth/login', { username: second.username, password: second.password })).status).to.equal(403);
    // Strangers issue nothing.
    expect((await api(w.tokens.otherAdmin).post(`${m}/logins`, {})).status).to.equal(403);
  });
});
