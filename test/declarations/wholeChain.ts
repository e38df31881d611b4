import { expect } from 'chai';
import { api } from '../helpers/api';
import { collect, connect, waitFor } from '../helpers/sockets';
import { act, must, publicise, recommendUp } from './fixtures';

/**
 * The whole chain of issue 3 over REST and the applicant's socket, against any server: the
 * in-process one on MariaDB + Redis (chain.test.ts) or a spawned embedded default (SQLite,
 * in-process fan-out). The caller brings the people and a filled-in weisheng 副主任医师 draft of an
 * applicant at a county employer (employer → county office → city office → province office).
 */
export interface ChainOrg {
  id: number;
  name: string;
  handlerToken: string;
  leaderToken: string;
}

export interface ChainWorld {
  /** The server's URL; the in-process test server when left out. */
  base?: string;
  applicant: { token: string; accountId: number; declarationId: number };
  employer: ChainOrg;
  county: ChainOrg;
  city: ChainOrg;
  /** The province office; its leader assigns to committees. */
  province: ChainOrg;
  committee: { id: number; unitName: string; handlerToken: string; reviewer1Token: string; reviewer2Token: string };
}

export async function runWholeChain(w: ChainWorld) {
  const { base } = w;
  const id = w.applicant.declarationId;
  const applicant = api(w.applicant.token, base);
  const socket = await connect(w.applicant.token, base);
  try {
    const heard = collect(socket, 'declaration:status');
    const expected: string[] = [];
    const step = async (token: string, body: Record<string, unknown>, status: string) => {
      const res = await must(act(token, id, body, base));
      expect(res.body.status, JSON.stringify(body)).to.equal(status);
      expected.push(status);
      return res.body;
    };
    const unitRound = async () => {
      await step(w.employer.handlerToken, { action: 'pass', opinion: '材料齐全' }, 'under_review');
      await step(w.employer.leaderToken, { action: 'pass', opinion: '同意' }, 'awaiting_publicity');
      await publicise(w.employer.handlerToken, [id], base);
      expected.push('in_publicity', 'awaiting_recommendation');
      await recommendUp(w.employer.handlerToken, [id], base);
      expected.push('under_review');
      await step(w.county.handlerToken, { action: 'pass' }, 'under_review');
      await step(w.county.leaderToken, { action: 'pass' }, 'under_review');
      await step(w.city.handlerToken, { action: 'pass' }, 'under_review');
    };

    const submitted = await must(applicant.post(`/declarations/${id}/submit`));
    expect(submitted.body).to.include({ status: 'under_review', step: 'handler' });
    expect(submitted.body.currentOrg.id).to.equal(w.employer.id);
    expected.push('under_review');

    // First time round: the city office's leader returns it to the applicant.
    await unitRound();
    await step(w.city.leaderToken, { action: 'return', opinion: '论文检索页不清晰，请重新上传' }, 'returned');
    const returned = await must(applicant.get(`/declarations/${id}`));
    expect(returned.body.can).to.include('edit');

    // The applicant fixes the papers and resubmits: the whole way again, publicity included.
    await must(
      applicant.put(`/declarations/${id}/sections/papers`, {
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
    await must(applicant.post(`/declarations/${id}/submit`));
    expected.push('under_review');
    await unitRound();
    await step(w.city.leaderToken, { action: 'pass' }, 'under_review');
    await step(w.province.handlerToken, { action: 'pass' }, 'under_review');
    const atEnd = await step(w.province.leaderToken, { action: 'pass', opinion: '审核通过' }, 'awaiting_assignment');
    expect(atEnd.currentOrg.id).to.equal(w.province.id);

    // The province office assigns it to the committee; the committee unit receives it.
    const assigned = await step(w.province.leaderToken, { action: 'assign', committeeId: w.committee.id }, 'assigned');
    expect(assigned.committee.id).to.equal(w.committee.id);
    await step(w.committee.handlerToken, { action: 'accept', opinion: '同意接收' }, 'policy_review');
    const first = await step(w.committee.reviewer1Token, { action: 'pass', opinion: '初审通过' }, 'policy_review');
    expect(first.step).to.equal('policy_second');
    await step(w.committee.reviewer2Token, { action: 'pass', opinion: '复审通过' }, 'policy_passed');

    // The to-be-reviewed list is published: ready for the meeting setup.
    const now = Date.now();
    const pub = await must(
      api(w.committee.reviewer1Token, base).post('/publicities', {
        kind: 'to_review',
        title: '拟送评人员名单公示',
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 5 * 86400_000).toISOString(),
        declarationIds: [id],
      }),
      201,
    );
    expect(pub.body).to.include({ kind: 'to_review', itemCount: 1 });
    expected.push('ready_for_meeting');
    const final = await must(applicant.get(`/declarations/${id}`));
    expect(final.body).to.include({ status: 'ready_for_meeting', step: null });
    expect(final.body.committee.id).to.equal(w.committee.id);

    // The flow log, step by step, as the applicant reads it.
    const flow = (await must(applicant.get(`/declarations/${id}/flow`))).body.items as Array<Record<string, any>>;
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
    const orgs = [w.employer.name, w.county.name, w.city.name];
    const want = [
      ['submit', null, w.employer.name],
      ...round(orgs),
      ['return', 'leader', w.city.name],
      ['resubmit', null, w.employer.name],
      ...round(orgs),
      ['pass', 'leader', w.city.name],
      ['pass', 'handler', w.province.name],
      ['pass', 'leader', w.province.name],
      ['assign', 'assign', w.province.name],
      ['accept', 'receive', w.committee.unitName],
      ['policy_first_pass', 'policy_first', w.committee.unitName],
      ['policy_second_pass', 'policy_second', w.committee.unitName],
      ['publish_to_review', 'publish', w.committee.unitName],
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
    expect(heard.every((e) => e.room === `user:${w.applicant.accountId}`)).to.equal(true);
    return { flow, heard };
  } finally {
    socket.disconnect();
  }
}
