import { expect } from 'chai';
import { api } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor } from '../helpers/factories';
import { buildMeeting, recuse, reviewGroup, signIn, tokensFor } from '../helpers/meeting';

/**
 * GET /api/my-meetings (the live meeting screens' list) and the snapshot's additions for them:
 * who must recuse from what (for the distribution dialog) and the required yes count after close.
 */
describe('live meeting: my meetings and snapshot additions for the screens', () => {
  it('lists a meeting to its experts (with their seat), its staff and supervisors above, and to nobody else', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, extraMembers: 1 });
    const ids = async (token: string) => ((await api(token).get('/my-meetings')).body.items as Array<{ id: number }>).map((x) => x.id);

    const chair = (await api(await tokenFor(m.chair.account)).get('/my-meetings')).body.items;
    expect(chair.find((x: any) => x.id === m.meeting.id)).to.include({ as: 'expert', title: 'chair', groupId: m.groups[0].id, isGroupLeader: false, status: 'running' });
    const leader = (await api(await tokenFor(m.leaders[0].account)).get('/my-meetings')).body.items;
    expect(leader.find((x: any) => x.id === m.meeting.id)).to.include({ as: 'expert', isGroupLeader: true });
    const extra = (await api(await tokenFor(m.accounts[3])).get('/my-meetings')).body.items;
    expect(extra.find((x: any) => x.id === m.meeting.id)).to.include({ as: 'expert', title: 'member', groupId: null });

    const staff = (await api(await tokenFor(m.staff)).get('/my-meetings')).body.items;
    expect(staff.find((x: any) => x.id === m.meeting.id)).to.include({ as: 'staff', title: null });
    expect(await ids(await tokenFor(m.supervisor))).to.include(m.meeting.id);

    // Strangers: another meeting's expert and staff, a supervisor of another city, an applicant.
    const other = await buildMeeting({ groups: 1 });
    expect(await ids(await tokenFor(other.accounts[0]))).to.not.include(m.meeting.id);
    expect(await ids(await tokenFor(other.staff))).to.not.include(m.meeting.id);
    expect(await ids(await tokenFor(other.supervisor))).to.not.include(m.meeting.id);
    const elsewhere = await buildOrg();
    const applicant = await buildAccount(elsewhere, { role: 'applicant' });
    expect((await api(await tokenFor(applicant)).get('/my-meetings')).body.items).to.deep.equal([]);

    expect((await api().get('/my-meetings')).status).to.equal(401);
  });

  it('gives recusals to the group leader, chair and staff (no reason to experts in a blind meeting) and the required yes count after close', async () => {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, extraMembers: 2, options: { requireGroupVote: false, blindReview: true } });
    await recuse(m, m.experts[1], m.applicants[1]);
    const tokens = await tokensFor(m.accounts);
    const staffToken = await tokenFor(m.staff);
    const snap = async (token: string) => (await api(token).get(`/meetings/${m.meeting.id}/live`)).body;

    const expected = { meetingApplicantId: m.applicants[1].id, meetingExpertId: m.experts[1].id };
    expect((await snap(tokens.get(m.leaders[0].account.id)!)).recusals).to.deep.equal([{ ...expected, reason: null }]);
    expect((await snap(tokens.get(m.chair.account.id)!)).recusals).to.deep.equal([{ ...expected, reason: null }]);
    expect((await snap(staffToken)).recusals).to.deep.equal([{ ...expected, reason: 'declared' }]);
    expect((await snap(tokens.get(m.accounts[3].id)!)).recusals).to.deep.equal([]);

    await signIn(m, staffToken);
    // The recused expert is not given the second applicant; everything else as usual.
    await reviewGroup(m, 0, tokens);
    const chairToken = tokens.get(m.chair.account.id)!;
    const round = (await api(chairToken).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    const open = (await snap(chairToken)).rounds.find((r: any) => r.id === round.id);
    expect(open.items[0]).to.not.have.property('requiredYes');
    expect(open.items[0]).to.not.have.property('yes');
    await api(chairToken).post(`/rounds/${round.id}/close`);
    const closed = (await snap(chairToken)).rounds.find((r: any) => r.id === round.id);
    // Nobody voted: 5 eligible for the first applicant (4 of 5 ≥ 2/3 needed), 4 for the second (3 of 4).
    expect(closed.items.map((i: any) => [i.eligible, i.yes, i.requiredYes, i.passed])).to.deep.equal([
      [5, 0, 4, false],
      [4, 0, 3, false],
    ]);
  });
});
