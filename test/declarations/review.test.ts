import { expect } from 'chai';
import { FlowEntry } from '../../models';
import { api, errorOf } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor } from '../helpers/factories';
import { collect, connect, emitAck, sleep } from '../helpers/sockets';
import { act, buildChain, buildCommittee, must, passUp, readyDraft, staffOf, until } from './fixtures';

async function submitted(employer: Parameters<typeof readyDraft>[0]) {
  const d = await readyDraft(employer);
  await must(api(d.token).post(`/declarations/${d.id}/submit`));
  return d;
}

describe('reviewing declarations', function () {
  this.timeout(60_000);
  let c: Awaited<ReturnType<typeof buildChain>>;
  before(async () => {
    c = await buildChain();
  });

  it('two reviewers acting at once: exactly one wins, the other gets 409, one flow entry', async () => {
    const d = await submitted(c.employer);
    const second = await staffOf(c.employer);
    const results = await Promise.all([
      act(c.employerStaff.handlerToken, d.id, { action: 'pass', opinion: 'A' }),
      act(second.handlerToken, d.id, { action: 'return', opinion: 'B 退回' }),
    ]);
    const codes = results.map((r) => r.status).sort();
    expect(codes).to.deep.equal([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(errorOf(loser).code).to.equal('not_at_your_step');
    const entries = await FlowEntry.findAll({ where: { declarationId: d.id } });
    expect(entries.map((e) => e.action)).to.have.length(2); // submit + the winner
    expect(['pass', 'return']).to.include(entries[1].action);
  });

  it('a stale version is refused with 409 stale_version', async () => {
    const d = await submitted(c.employer);
    const seen = (await must(api(c.employerStaff.handlerToken).get(`/declarations/${d.id}`))).body.version;
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass', version: seen }));
    const res = await act(c.employerStaff.leaderToken, d.id, { action: 'pass', version: seen });
    expect(res.status).to.equal(409);
    expect(errorOf(res)).to.include({ code: 'stale_version' });
    expect(errorOf(res).details![0].path).to.equal('body.version');
  });

  it('a reviewer’s queue socket sees an item arrive and leave', async () => {
    const d = await readyDraft(c.employer);
    const socket = await connect(c.employerStaff.handlerToken);
    const room = `queue:${c.employer.org.id}:handler`;
    const joined = await emitAck(socket, 'room:join', { room });
    expect(joined.ok).to.equal(true);
    const events = collect(socket, 'queue:changed');
    const mine = () => events.filter((e) => e.data.declarationId === d.id);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await until(() => mine().length === 1);
    expect(mine()[0].data).to.include({ change: 'added', step: 'handler', orgId: c.employer.org.id });
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    await until(() => mine().length === 2);
    await sleep(100);
    expect(mine().map((e) => e.data.change)).to.deep.equal(['added', 'removed']);
    expect(mine()[1].seq).to.equal(mine()[0].seq + 1);
    expect(mine()[0].room).to.equal(room);
    socket.disconnect();
  });

  it('only staff of that org with the step’s permission may join a queue room', async () => {
    const leaderSocket = await connect(c.employerStaff.leaderToken);
    const other = await staffOf(c.county);
    const otherSocket = await connect(other.handlerToken);
    const applicant = await readyDraft(c.employer);
    const applicantSocket = await connect(applicant.token);
    const room = `queue:${c.employer.org.id}:handler`;
    expect((await emitAck(leaderSocket, 'room:join', { room })).ok).to.equal(false); // a leader, not a handler
    expect((await emitAck(leaderSocket, 'room:join', { room: `queue:${c.employer.org.id}:leader` })).ok).to.equal(true);
    expect((await emitAck(otherSocket, 'room:join', { room })).ok).to.equal(false); // another org
    expect((await emitAck(applicantSocket, 'room:join', { room })).ok).to.equal(false);
    const bad = await emitAck(leaderSocket, 'room:join', { room: `queue:${c.employer.org.id}:nonsense` });
    expect(bad.ok).to.equal(false);
    for (const s of [leaderSocket, otherSocket, applicantSocket]) s.disconnect();
  });

  it('acting at a step that is not yours: 409 not_at_your_step; someone else’s declaration: 403', async () => {
    const d = await submitted(c.employer);
    const early = await act(c.countyStaff.handlerToken, d.id, { action: 'pass' });
    expect(early.status).to.equal(409);
    expect(errorOf(early).code).to.equal('not_at_your_step');
    const wrongKind = await act(c.employerStaff.leaderToken, d.id, { action: 'pass' });
    expect(wrongKind.status).to.equal(409);
    const stranger = await buildOrg({ kind: 'employer' });
    const strangerStaff = await staffOf(stranger);
    const res = await act(strangerStaff.handlerToken, d.id, { action: 'pass' });
    expect(res.status).to.equal(403);
    expect((await api(strangerStaff.handlerToken).get(`/declarations/${d.id}`)).status).to.equal(403);
  });

  it('returning, failing and blacklisting need an opinion; blacklisting needs 1, 3 or 5 years', async () => {
    const d = await submitted(c.employer);
    const noOpinion = await act(c.employerStaff.handlerToken, d.id, { action: 'return' });
    expect(noOpinion.status).to.equal(400);
    expect(errorOf(noOpinion)).to.include({ code: 'opinion_required' });
    expect(errorOf(noOpinion).details![0].path).to.equal('body.opinion');
    const badYears = await act(c.employerStaff.handlerToken, d.id, { action: 'blacklist', opinion: '伪造', years: 2 });
    expect(badYears.status).to.equal(400);
    expect(errorOf(badYears).details![0].path).to.equal('body.years');
    const noYears = await act(c.employerStaff.handlerToken, d.id, { action: 'blacklist', opinion: '伪造' });
    expect(errorOf(noYears).code).to.equal('years_required');
    const notHere = await act(c.employerStaff.handlerToken, d.id, { action: 'accept' });
    expect(notHere.status).to.equal(400);
    expect(errorOf(notHere).code).to.equal('action_not_allowed');
  });

  it('the applicant withdraws before the unit acts, not after', async () => {
    const d = await submitted(c.employer);
    const w = await must(api(d.token).post(`/declarations/${d.id}/withdraw`, { reason: '补充材料' }));
    expect(w.body.status).to.equal('withdrawn');
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    const late = await api(d.token).post(`/declarations/${d.id}/withdraw`, {});
    expect(late.status).to.equal(409);
    expect(errorOf(late).code).to.equal('cannot_withdraw');
  });

  it('a step recalls what it sent on while the next step has not acted, and not after', async () => {
    const d = await submitted(c.employer);
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    const view = await must(api(c.employerStaff.handlerToken).get(`/declarations/${d.id}`));
    expect(view.body.can).to.include('recall');
    const recalled = await must(act(c.employerStaff.handlerToken, d.id, { action: 'recall', opinion: '再看一下' }));
    expect(recalled.body).to.include({ status: 'under_review', step: 'handler' });
    const twice = await act(c.employerStaff.handlerToken, d.id, { action: 'recall' });
    expect(twice.status).to.equal(409);
    expect(errorOf(twice).code).to.equal('nothing_to_recall');
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    await must(act(c.employerStaff.leaderToken, d.id, { action: 'pass' }));
    const tooLate = await act(c.employerStaff.handlerToken, d.id, { action: 'recall' });
    expect(tooLate.status).to.equal(409);
    expect(errorOf(tooLate).code).to.equal('recall_not_allowed');
  });

  it('batch: one opinion for many; each succeeds or reports its own error', async () => {
    const a = await submitted(c.employer);
    const b = await submitted(c.employer);
    const notYet = await readyDraft(c.employer);
    const res = await must(
      api(c.employerStaff.handlerToken).post('/declarations/actions/batch', { ids: [a.id, b.id, notYet.id, 999999999], action: 'pass', opinion: '批量通过' }),
    );
    expect(res.body).to.include({ succeeded: 2, failed: 2 });
    const byId = new Map(res.body.results.map((x: any) => [x.id, x]));
    expect((byId.get(a.id) as any).status).to.equal('under_review');
    expect((byId.get(notYet.id) as any).error.code).to.equal('forbidden'); // a draft is the applicant's alone
    expect((byId.get(999999999) as any).error.code).to.equal('not_found');
    const bad = await api(c.employerStaff.handlerToken).post('/declarations/actions/batch', { ids: [], action: 'pass' });
    expect(bad.status).to.equal(400);
    expect(errorOf(bad).details![0].path).to.equal('body.ids');
  });

  it('staff limited to a series see only that series in their queue and cannot act on others', async () => {
    const d = await submitted(c.employer);
    const scoped = await buildAccount(c.employer, { role: 'staff', staffKind: 'handler', seriesScope: ['gaoxiao'] });
    const token = await tokenFor(scoped);
    const q = await must(api(token).get('/review/queue?step=handler&pageSize=200'));
    expect(q.body.items.map((x: any) => x.id)).to.not.include(d.id);
    const full = await must(api(c.employerStaff.handlerToken).get('/review/queue?step=handler&pageSize=200'));
    expect(full.body.items.map((x: any) => x.id)).to.include(d.id);
    expect((await act(token, d.id, { action: 'pass' })).status).to.equal(403);
  });

  it('a policy failure goes on the failure list back to the applicant; the resubmission skips to the second check', async () => {
    const com = await buildCommittee();
    const d = await submitted(c.employer);
    await passUp(c, d.id);
    await must(act(c.provinceStaff.leaderToken, d.id, { action: 'assign', committeeId: com.committee.id }));
    // The committee unit refuses once (back to the office), then accepts a second assignment.
    const refused = await must(act(com.handlerToken, d.id, { action: 'refuse', opinion: '材料不全' }));
    expect(refused.body).to.include({ status: 'awaiting_assignment' });
    expect(refused.body.committee).to.equal(null);
    await must(act(c.provinceStaff.leaderToken, d.id, { action: 'assign', committeeId: com.committee.id }));
    await must(act(com.handlerToken, d.id, { action: 'accept' }));
    // A handler of the committee unit may not do the policy check: only policy-review accounts.
    expect((await act(com.handlerToken, d.id, { action: 'pass' })).status).to.equal(409);
    await must(act(com.reviewer1Token, d.id, { action: 'fail', opinion: '初审：学历证明缺失' }));
    const failed = await must(act(com.reviewer2Token, d.id, { action: 'fail', opinion: '复审：学历证明缺失，请补充' }));
    expect(failed.body.status).to.equal('policy_failed');
    const now = Date.now();
    const list = await must(
      api(com.reviewer2Token).post('/publicities', {
        kind: 'failure',
        title: '政策性审查未通过人员公示',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 3 * 86400_000).toISOString(),
        declarationIds: [d.id],
      }),
      201,
    );
    const detail = await must(api(com.reviewer2Token).get(`/publicities/${list.body.id}`));
    expect(detail.body.items[0].note).to.equal('复审：学历证明缺失，请补充');
    const back = await must(api(d.token).get(`/declarations/${d.id}`));
    expect(back.body).to.include({ status: 'returned', policyResubmit: true });

    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass' }));
    const skipped = await must(act(c.employerStaff.leaderToken, d.id, { action: 'pass' }));
    expect(skipped.body).to.include({ status: 'policy_review', step: 'policy_second' });
    expect(skipped.body.currentOrg.id).to.equal(com.unit.org.id);
    // A second failure after resubmission is final.
    const final = await must(act(com.reviewer1Token, d.id, { action: 'fail', opinion: '补充材料仍不符合' }));
    expect(final.body.status).to.equal('failed');
    await sleep(10);
  });
});
