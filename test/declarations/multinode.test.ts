import { expect } from 'chai';
import { api } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { connect, emitAck, waitFor } from '../helpers/sockets';
import { spawnNode, type SpawnedNode } from '../helpers/nodes';
import { act, buildChain, must, readyDraft } from './fixtures';

describe('declaration events across two server processes', function () {
  this.timeout(60_000);
  let b: SpawnedNode;
  before(async () => {
    b = await spawnNode();
  });
  after(async () => {
    await b?.stop();
  });

  it('a step committed on this node reaches the applicant and the next queue on node B', async () => {
    const c = await buildChain();
    const d = await readyDraft(c.employer);
    const applicant = await connect(await tokenFor(d.account, b.url), b.url);
    const leader = await connect(await tokenFor(c.employerStaff.leader, b.url), b.url);
    try {
      expect((await emitAck(leader, 'room:join', { room: `queue:${c.employer.org.id}:leader` })).ok).to.equal(true);
      await must(api(d.token).post(`/declarations/${d.id}/submit`));
      const status = waitFor<any>(applicant, 'declaration:status', (e) => e.data.status === 'under_review' && e.data.step === 'leader', 10_000);
      const queued = waitFor<any>(leader, 'queue:changed', (e) => e.data.declarationId === d.id && e.data.change === 'added', 10_000);
      await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass', opinion: '通过' }));
      const [s, q] = await Promise.all([status, queued]);
      expect(s.data.entry).to.include({ action: 'pass', actorRole: 'handler', opinion: '通过', actorName: null });
      expect(q.room).to.equal(`queue:${c.employer.org.id}:leader`);
    } finally {
      applicant.close();
      leader.close();
    }
  });
});
