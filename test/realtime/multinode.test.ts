import { expect } from 'chai';
import { api } from '../helpers/api';
import { buildOrg, tokenFor } from '../helpers/factories';
import { connect, waitFor } from '../helpers/sockets';
import { spawnNode, type SpawnedNode } from '../helpers/nodes';

describe('two server processes sharing Redis', function () {
  this.timeout(60000);
  let a: SpawnedNode;
  let b: SpawnedNode;

  before(async () => {
    [a, b] = await Promise.all([spawnNode(), spawnNode()]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('an event committed on node A reaches a client connected to node B', async () => {
    const city = await buildOrg();
    const tokenB = await tokenFor(city.admin, b.url);
    const socket = await connect(tokenB, b.url);
    try {
      const arrived = waitFor<{ room: string; data: { change: string; childId: number } }>(socket, 'org:changed', (e) => e.data.change === 'created', 10000);
      const tokenA = await tokenFor(city.admin, a.url);
      const res = await api(tokenA, a.url).post('/orgs', { parentId: city.org.id, name: '跨节点单位', kind: 'employer', category: 'enterprise' });
      expect(res.status).to.equal(201);
      const event = await arrived;
      expect(event.room).to.equal(`org:${city.org.id}`);
      expect(event.data.childId).to.equal(res.body.org.id);
    } finally {
      socket.close();
    }
  });

  it('a password reset on node A drops the account\'s socket on node B', async () => {
    const city = await buildOrg();
    const child = await buildOrg({ parent: city, kind: 'employer', category: 'enterprise' });
    const socket = await connect(await tokenFor(child.admin, b.url), b.url);
    const ended = waitFor(socket, 'session:ended', () => true, 10000);
    await api(await tokenFor(city.admin, a.url), a.url).post(`/orgs/${child.org.id}/reset-admin-password`);
    expect(await ended).to.deep.equal({ reason: 'revoked' });
    socket.close();
  });

  it('both nodes report Redis in their health', async () => {
    for (const n of [a, b]) {
      const h = await api(null, n.url).get('/health');
      expect(h.body.redis).to.deep.equal({ ok: true, mode: 'redis' });
      expect(h.body.database.dialect).to.equal('mysql');
    }
  });
});
