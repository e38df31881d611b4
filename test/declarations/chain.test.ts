import { expect } from 'chai';
import { api } from '../helpers/api';
import { collect, connect, waitFor } from '../helpers/sockets';
import { act, buildChain, buildCommittee, must, publicise, readyDraft, recommendUp } from './fixtures';

describe('a declaration up the whole tree', function () {
  this.timeout(60_000);

  it('goes from a county employer to the province, is returned once, passes, is received, policy-checked and published; the applicant hears every status in order', async () => {
    const c = await buildChain();
    const com = await buildCommittee();
    const d = await readyDraft(c.employer);
    const socket = await connect(d.token);
    const heard = collect(socket, 'declaration:status');
    const expected: string[] = [];
    const step = async (token: string, body: Record<string, unknown>, status: string) => {
      const res = await must(act(token, d.id, body));
      expect(res.body.status, JSON.stringify(body)).to.equal(status);
      expected.push(status);
      return res.body;
    };
    const unitRound = async () => {
      await step(c.employerStaff.handlerToken, { action: 'pass', opinion: '材料齐全' }, 'under_review');
      await step(c.employerStaff.leaderToken, { action: 'pass', opinion: '同意' }, 'awaiting_publicity');
      await publicise(c.employerStaff.handlerToken, [d.id]);
      expected.push('in_publicity', 'awaiting_recommendation');
      await recommendUp(c.employerStaff.handlerToken, [d.id]);
      expected.push('under_review');
      await step(c.countyStaff.handlerToken, { action: 'pass' }, 'under_review');
      await step(c.countyStaff.leaderToken, { action: 'pass' }, 'under_review');
      await step(c.cityStaff.handlerToken, { action: 'pass' }, 'under_review');
    };

    const submitted = await must(api(d.token).post(`/declarations/${d.id}/submit`));
    expect(submitted.body).to.include({ status: 'under_review', step: 'handler' });
    expect(submitted.body.currentOrg.id).to.equal(c.employer.org.id);
    expected.push('under_review');

    // First time round: the city office's leader returns it to the applicant.
    await unitRound();
    await step(c.cityStaff.leaderToken, { action: 'return', opinion: '论文检索页不清晰，请重新上传' }, 'returned');
    const returned = await must(api(d.token).get(`/declarations/${d.id}`));
    expect(returned.body.can).to.include('edit');

    // The applicant fixes the papers and resubmits: the whole way again, publicity included.
    await must(
      api(d.token).put(`/declarations/${d.id}/sections/papers`, {
        papers: [
          {
            title: '基层医院慢性病管理研究',
            journal: '中华全科医学',
            publishedDate: '2022-03-01',
            authorRank: 1,
            verificationUrl: 'https://www.wanfangdata.com.cn/details/detail.do?_type=perio&id=zhqk202203001',
          },
        ],
      }),
    );
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    expected.push('under_review');
    await unitRound();
    await step(c.cityStaff.leaderToken, { action: 'pass' }, 'under_review');
    await step(c.provinceStaff.handlerToken, { action: 'pass' }, 'under_review');
    const atEnd = await step(c.provinceStaff.leaderToken, { action: 'pass', opinion: '审核通过' }, 'awaiting_assignment');
    expect(atEnd.currentOrg.id).to.equal(c.province.org.id);

    // The province office assigns it to the committee; the committee unit receives it.
    const assigned = await step(c.provinceStaff.leaderToken, { action: 'assign', committeeId: com.committee.id }, 'assigned');
    expect(assigned.committee.id).to.equal(com.committee.id);
    await step(com.handlerToken, { action: 'accept', opinion: '同意接收' }, 'policy_review');
    const first = await step(com.reviewer1Token, { action: 'pass', opinion: '初审通过' }, 'policy_review');
    expect(first.step).to.equal('policy_second');
    await step(com.reviewer2Token, { action: 'pass', opinion: '复审通过' }, 'policy_passed');

    // The to-be-reviewed list is published: ready for the meeting setup.
    const now = Date.now();
    const pub = await must(
      api(com.reviewer1Token).post('/publicities', {
        kind: 'to_review',
        title: '拟送评人员名单公示',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 5 * 86400_000).toISOString(),
        declarationIds: [d.id],
      }),
      201,
    );
    expect(pub.body).to.include({ kind: 'to_review', itemCount: 1 });
    expected.push('ready_for_meeting');
    const final = await must(api(d.token).get(`/declarations/${d.id}`));
    expect(final.body).to.include({ status: 'ready_for_meeting', step: null });
    expect(final.body.committee.id).to.equal(com.committee.id);

    // The flow log, step by step, as the applicant reads it.
    const flow = (await must(api(d.token).get(`/declarations/${d.id}/flow`))).body.items as Array<Record<string, any>>;
    const round = (orgs: string[]) => [
      ['pass', 'handler', orgs[0]],
      ['pass', 'leader', orgs[0]],
      ['publicity_open', 'publicity', orgs[0]],
      ['publicity_complete', 'publicity', orgs[0]],
      ['recommend', 'recommend', orgs[0]],
      ['pass', 'handler', orgs[1]],
      ['pass', 'leader', orgs[1]],
      ['pass', 'handler', orgs[2]],
    ];
    const orgs = [c.employer.org.name, c.county.org.name, c.city.org.name];
    const want = [
      ['submit', null, c.employer.org.name],
      ...round(orgs),
      ['return', 'leader', c.city.org.name],
      ['resubmit', null, c.employer.org.name],
      ...round(orgs),
      ['pass', 'leader', c.city.org.name],
      ['pass', 'handler', c.province.org.name],
      ['pass', 'leader', c.province.org.name],
      ['assign', 'assign', c.province.org.name],
      ['accept', 'receive', com.unit.org.name],
      ['policy_first_pass', 'policy_first', com.unit.org.name],
      ['policy_second_pass', 'policy_second', com.unit.org.name],
      ['publish_to_review', 'publish', com.unit.org.name],
    ];
    expect(flow.map((e) => [e.action, e.step, e.orgName])).to.deep.equal(want);
    expect(flow.map((e) => e.seq)).to.deep.equal(want.map((_, i) => i + 1));
    expect(flow.map((e) => e.toStatus)).to.deep.equal(expected);
    const ret = flow.find((e) => e.action === 'return')!;
    expect(ret).to.include({ opinion: '论文检索页不清晰，请重新上传', actorRole: 'leader', actorName: null });
    expect(flow[0]).to.include({ actorRole: 'applicant' });
    expect(flow[0].actorName).to.be.a('string');

    // The applicant's socket heard every status, in order, with consecutive room sequence numbers.
    if (heard.length < expected.length) await waitFor(socket, 'declaration:status', (e: any) => e.data.status === 'ready_for_meeting');
    expect(heard.map((e) => e.data.status)).to.deep.equal(expected);
    expect(heard.map((e) => e.data.entry.seq)).to.deep.equal(want.map((_, i) => i + 1));
    for (let i = 1; i < heard.length; i++) expect(heard[i].seq).to.equal(heard[i - 1].seq + 1);
    expect(heard.every((e) => e.room === `user:${d.account.id}`)).to.equal(true);
    socket.disconnect();
  });
});
