import { expect } from 'chai';
import { Meeting } from '../../models';
import { api } from '../helpers/api';
import { buildWorld, createMeeting, expectStatus, type World } from './world';

/**
 * The meeting options the live meeting reads are all settable at setup: 小组投票 (requireGroupVote)
 * was used by the committee vote but refused by the create and change routes.
 */
describe('meeting options (评审设置)', function () {
  this.timeout(60000);
  let w: World;

  before(async () => {
    w = await buildWorld();
  });

  it('sets and changes 小组投票 and the automatic close, and shows them back', async () => {
    const made = await createMeeting(w, { options: { requireGroupVote: false, closeWhenAllVoted: true, blindReview: true } });
    const m = `/meetings/${made.id}`;
    const read = expectStatus(await api(w.tokens.handler).get(m), 200);
    expect(read.options).to.deep.include({ requireGroupVote: false, closeWhenAllVoted: true, blindReview: true, ballotMode: 'secret' });
    expect((await Meeting.findByPk(made.id))!.options.requireGroupVote).to.equal(false);
    const changed = expectStatus(await api(w.tokens.handler).patch(m, { options: { requireGroupVote: true } }), 200);
    expect(changed.options).to.deep.include({ requireGroupVote: true, closeWhenAllVoted: true, blindReview: true });
  });

  it('still refuses an option it does not know, naming it', async () => {
    const res = await api(w.tokens.unitAdmin).post('/meetings', {
      name: '评审会议选项',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      committeeIds: [w.committeeId],
      options: { groupVote: false },
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('validation_failed');
    expect(JSON.stringify(res.body.error.details)).to.contain('options');
  });
});
