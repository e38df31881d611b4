import { expect } from 'chai';
import { Redis } from 'ioredis';
import { QueryTypes } from 'sequelize';
import { db } from '../../models';
import { collabEngine } from '../../realtime/collab/area';
import { api } from '../helpers/api';
import { spawnNode, type SpawnedNode } from '../helpers/nodes';
import { inTransaction } from '../../server/tx';
import { collabRightsChanged } from '../../realtime/collab/rights';
import { freezeCollabDoc } from '../../realtime/collab/freeze';
import { parseCollabDocName } from '../../realtime/collab/names';
import { installTestRights, rightsNodeEnv, setRight } from './rights-fixture';
import { awarenessOf, secretsSeen, newDocName, openClient, orgAdminToken, person, rawConnect, sleep, storedRows, storedText, ticket, waitUntil } from './helpers';

/**
 * Two spawned server processes sharing MariaDB and Redis (plus the in-process one). Spawned nodes
 * preload the TEST-ONLY rights resolver (rights-fixture.ts) with `--import`; the test sets rights
 * in Redis, where every node's resolver reads them.
 */
describe('collab: several nodes', function () {
  this.timeout(90000);
  let n1: SpawnedNode;
  let n2: SpawnedNode;
  let restore: () => void;

  before(async () => {
    restore = installTestRights();
    // Logging at info, to check at the end that no ticket or token ever reaches a log line.
    [n1, n2] = await Promise.all([spawnNode(rightsNodeEnv({ LOG_LEVEL: 'info' })), spawnNode(rightsNodeEnv({ LOG_LEVEL: 'info' }))]);
  });
  after(async () => {
    restore();
    await Promise.all([n1?.stop(), n2?.stop()]);
  });

  it('two clients on different nodes converge on concurrent edits', async () => {
    const doc = newDocName();
    const [a, b] = [await person(doc), await person(doc)];
    const ca = openClient(a, doc, n1);
    const cb = openClient(b, doc, n2);
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced()]);
      for (let i = 0; i < 20; i++) {
        ca.text.insert(Math.floor(Math.random() * (ca.text.length + 1)), 'A');
        cb.text.insert(Math.floor(Math.random() * (cb.text.length + 1)), 'b');
        if (i % 5 === 0) await sleep(5);
      }
      await waitUntil(() => ca.text.toString() === cb.text.toString() && ca.text.length === 40, 'both converge on 40 characters');
      await waitUntil(async () => (await storedText(doc)) === ca.text.toString(), 'the database agrees');
    } finally {
      ca.destroy();
      cb.destroy();
    }
  });

  it('each edit is stored exactly once, by the node its writer is on (the other node only relays it)', async () => {
    const doc = newDocName();
    const [a, b, c] = [await person(doc), await person(doc), await person(doc, 'read')];
    const ca = openClient(a, doc, n1);
    const cb = openClient(b, doc, n2);
    const reader = openClient(c, doc); // a third node, the in-process one, holding the document open
    const edits = { a: 0, b: 0 };
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced(), reader.whenSynced()]);
      expect(await storedRows(doc)).to.equal(0);
      // Every insert outside a transaction is one Yjs update, one message, and must be one row.
      for (let i = 0; i < 25; i++) {
        ca.text.insert(ca.text.length, '甲');
        edits.a += 1;
        cb.text.insert(0, '乙');
        edits.b += 1;
        if (i % 5 === 0) await sleep(10);
      }
      const total = edits.a + edits.b;
      await waitUntil(() => ca.text.length === total && cb.text.toString() === ca.text.toString() && reader.text.toString() === ca.text.toString(), 'all three converge');
      await waitUntil(async () => (await storedText(doc)) === ca.text.toString(), 'the database has every edit');
      await sleep(300); // anything stored twice would have landed by now
      expect(await storedRows(doc)).to.equal(total);
      const byOrigin = await db().query<{ origin: string; n: number | string }>('SELECT origin, COUNT(*) AS n FROM collab_updates WHERE doc = ? GROUP BY origin', {
        replacements: [doc],
        type: QueryTypes.SELECT,
      });
      expect(byOrigin).to.have.length(2);
      expect(byOrigin.map((r) => Number(r.n)).sort()).to.deep.equal([edits.a, edits.b].sort());
    } finally {
      for (const h of [ca, cb, reader]) h.destroy();
    }
  });

  it('awareness crosses nodes, and leaves them when the connection drops', async () => {
    const doc = newDocName();
    const [a, b] = [await person(doc), await person(doc)];
    const cb = openClient(b, doc, n2);
    await cb.whenSynced();
    const raw = await rawConnect(n1, doc, await ticket(a, doc, n1));
    raw.sendStep1();
    raw.sendAwareness(777001, 1, { user: { name: '专家乙' } });
    await waitUntil(() => awarenessOf(cb).has(777001), 'b (node 2) sees a (node 1)');
    raw.ws.terminate();
    await waitUntil(() => !awarenessOf(cb).has(777001), "a's state is gone on node 2", 5000);
    cb.destroy();
  });

  it('rights changes and account revocation reach connections on other nodes', async () => {
    const doc = newDocName();
    const [a, b, c] = [await person(doc), await person(doc), await person(doc)];
    const [ca, cb, cc] = [openClient(a, doc, n1), openClient(b, doc, n2), openClient(c, doc, n2)];
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced(), cc.whenSynced()]);
      await setRight(b.id, doc, 'none');
      collabRightsChanged(parseCollabDocName(doc)!); // from the test process: a third node
      await waitUntil(() => cb.state().status === 'refused', 'b on node 2 is closed');
      expect(cb.state().denied).to.equal('access revoked');
      expect(ca.state().status).to.equal('synced');

      const res = await api(await orgAdminToken(n1), n1.url).post(`/accounts/${c.id}/disable`);
      expect(res.status).to.be.oneOf([200, 204]);
      await waitUntil(() => cc.state().status === 'refused', 'c on node 2 is closed after a disable on node 1');
      expect(cc.state().denied).to.equal('session revoked');
    } finally {
      for (const h of [ca, cb, cc]) h.destroy();
    }
  });

  it('a freeze committed anywhere makes writes fail on every node', async () => {
    const doc = newDocName('overall');
    const [a, b] = [await person(doc), await person(doc)];
    const [ca, cb] = [openClient(a, doc, n1), openClient(b, doc, n2)];
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced()]);
      ca.text.insert(0, '同意。');
      await waitUntil(() => cb.text.toString() === '同意。', 'b sees a');
      await waitUntil(async () => (await storedText(doc)) === '同意。', 'stored');
      const frozen = await inTransaction((t) => freezeCollabDoc(doc, t));
      expect(frozen.text).to.equal('同意。');
      await sleep(300);
      ca.text.insert(0, '甲');
      cb.text.insert(0, '乙');
      await waitUntil(() => ca.state().denied === 'frozen' && cb.state().denied === 'frozen', 'both nodes refuse');
      await sleep(300);
      expect(await storedText(doc)).to.equal('同意。');
    } finally {
      ca.destroy();
      cb.destroy();
    }
  });

  it('a killed node loses no edit another client saw; its client reconnects to the other node and converges', async () => {
    const doc = newDocName();
    const [a, b] = [await person(doc), await person(doc)];
    const n3 = await spawnNode(rightsNodeEnv());
    let bNode: { url: string } = n3;
    const ca = openClient(a, doc, n1);
    const cb = openClient(b, doc, () => bNode);
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced()]);
      cb.text.insert(0, '乙的意见。');
      await waitUntil(() => ca.text.toString() === '乙的意见。', 'a (node 1) sees b (node 3)');

      await n3.kill(); // SIGKILL
      bNode = n1; // the load balancer's next pick
      expect(await storedText(doc)).to.equal('乙的意见。');

      ca.text.insert(ca.text.length, '甲补充。');
      cb.text.insert(0, '离线修改：');
      await waitUntil(() => ca.text.toString() === cb.text.toString() && ca.text.length === 14, 'both converge through node 1', 20000);
      expect(ca.text.toString()).to.include('乙的意见。').and.include('甲补充。').and.include('离线修改：');
      await waitUntil(async () => (await storedText(doc)) === ca.text.toString(), 'the database agrees');
    } finally {
      ca.destroy();
      cb.destroy();
      await n3.kill();
    }
  });

  it('a node whose Redis subscription dropped catches up from the database when it is back', async () => {
    const engine = collabEngine()!;
    const doc = newDocName();
    const [a, b] = [await person(doc), await person(doc)];
    const ca = openClient(a, doc); // the in-process node
    const cb = openClient(b, doc, n1);
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced()]);
      const before = engine.stats().resyncs;
      const list = await redis.client('LIST');
      const id = /id=(\d+) [^\n]*name=collab:(\S+)/g;
      const mine = [...String(list).matchAll(id)].find((m) => m[2] === engine.nodeId);
      expect(mine, 'the subscriber connection').to.not.equal(undefined);
      await redis.client('KILL', 'ID', mine![1]);
      cb.text.insert(0, '断线期间的修改'); // likely published while the in-process node is not listening
      await waitUntil(() => ca.text.toString() === '断线期间的修改', 'the in-process client gets it');
      await waitUntil(() => engine.stats().resyncs > before, 'the node resynced');
    } finally {
      ca.destroy();
      cb.destroy();
      await redis.quit();
    }
  });

  it('the nodes logged refusals and requests, but never a ticket or a token', async () => {
    const doc = newDocName();
    const forged = await rawConnect(n1, doc, 'forged-ticket-value-0123456789abcdef');
    expect((await forged.closed).code).to.equal(1008);
    await sleep(200);
    const logs = n1.output() + n2.output();
    expect(logs).to.include('collab: connection refused (ticket)');
    expect(logs).to.include('collab: connection closed by the server');
    expect(logs).not.to.include('forged-ticket-value');
    expect(logs).to.include('/api/collab/tickets');
    expect(secretsSeen.size).to.be.greaterThan(10);
    for (const secret of secretsSeen) expect(logs.includes(secret), 'a secret in the logs').to.equal(false);
  });
});
