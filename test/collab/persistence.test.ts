import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import * as Y from 'yjs';
import { db } from '../../models';
import { appendUpdate, compactDoc, ensureDoc } from '../../realtime/collab/store';
import { spawnNode, type SpawnedNode } from '../helpers/nodes';
import { installTestRights, rightsNodeEnv } from './rights-fixture';
import { newDocName, openClient, person, sleep, storedRows, storedText, waitUntil } from './helpers';

/**
 * What the database keeps: edits survive every client leaving and the node restarting; compaction
 * keeps the content and reduces rows, also while another node keeps appending. Rights come from
 * the TEST-ONLY resolver (rights-fixture.ts).
 */
describe('collab: persistence and compaction', function () {
  this.timeout(90000);
  let restore: () => void;
  let nA: SpawnedNode;
  let nB: SpawnedNode;
  const env = () => rightsNodeEnv({ COLLAB_COMPACT_ROWS: '20' });

  before(async () => {
    restore = installTestRights();
    [nA, nB] = await Promise.all([spawnNode(env()), spawnNode(env())]);
  });
  after(async () => {
    restore();
    await Promise.all([nA?.stop(), nB?.stop()]);
  });

  it('edits survive all clients disconnecting and the node restarting', async () => {
    const doc = newDocName();
    const w = await person(doc);
    const c = openClient(w, doc, nA);
    await c.whenSynced();
    c.text.insert(0, '申报人业绩突出，');
    c.text.insert(c.text.length, '建议通过。');
    await waitUntil(async () => (await storedText(doc)) === '申报人业绩突出，建议通过。', 'stored');
    c.destroy();
    await nA.stop();
    nA = await spawnNode(env());
    const again = openClient(w, doc, nA);
    await again.whenSynced();
    expect(again.text.toString()).to.equal('申报人业绩突出，建议通过。');
    again.destroy();
  });

  it('compacts when the last local client leaves: one row, same content', async () => {
    // The in-process node compacts at 500 rows, so here only the leave triggers it.
    const doc = newDocName();
    const w = await person(doc);
    const c = openClient(w, doc);
    await c.whenSynced();
    for (let i = 0; i < 150; i++) c.text.insert(c.text.length, String(i % 10));
    const text = c.text.toString();
    await waitUntil(async () => (await storedText(doc)) === text, 'all 150 edits stored');
    expect(await storedRows(doc)).to.be.at.least(150);
    c.destroy();
    await waitUntil(async () => (await storedRows(doc)) === 1, 'compacted to one row');
    expect(await storedText(doc)).to.equal(text);
    const [row] = await db().query<{ compacted_at: unknown }>('SELECT compacted_at FROM collab_docs WHERE name = ?', {
      replacements: [doc],
      type: QueryTypes.SELECT,
    });
    expect(row.compacted_at).to.not.equal(null);
  });

  it('compacts past the row threshold while two nodes keep appending, losing nothing', async () => {
    const doc = newDocName();
    const [a, b] = [await person(doc), await person(doc)];
    const ca = openClient(a, doc, nA);
    const cb = openClient(b, doc, nB);
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced()]);
      for (let i = 0; i < 100; i++) {
        ca.text.insert(ca.text.length, 'a');
        cb.text.insert(0, 'b');
        if (i % 10 === 0) await sleep(20);
      }
      await waitUntil(() => ca.text.toString() === cb.text.toString() && ca.text.length === 200, 'clients converge');
      await waitUntil(async () => (await storedText(doc)) === ca.text.toString(), 'the database holds all 200 edits');
      expect(await storedRows(doc)).to.be.below(200);
    } finally {
      ca.destroy();
      cb.destroy();
    }
    await waitUntil(async () => (await storedRows(doc)) <= 2, 'compacted once both left');
    expect((await storedText(doc)).length).to.equal(200);
  });

  it('two compactions at once: one wins, the other finds its rows gone and changes nothing; appends meanwhile stay', async () => {
    const doc = newDocName();
    await ensureDoc(doc);
    const y = new Y.Doc();
    const updates: Uint8Array[] = [];
    y.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 60; i++) y.getText('text').insert(i, String(i % 10));
    for (const u of updates) expect(await appendUpdate(doc, u, 'test')).to.equal(true);
    const late = new Y.Doc();
    Y.applyUpdate(late, Y.encodeStateAsUpdate(y));
    let lateUpdate: Uint8Array | null = null;
    late.on('update', (u: Uint8Array) => (lateUpdate = u));
    late.getText('text').insert(0, '后');

    // Open pool connections first: under load a new connection can take longer than a whole
    // compaction, and the second one would then simply come after the first.
    await Promise.all(Array.from({ length: 6 }, () => db().query('SELECT 1')));
    const [m1, m2] = await Promise.all([compactDoc(doc, 'one'), compactDoc(doc, 'two'), appendUpdate(doc, lateUpdate!, 'test')]);
    const [loser, winner] = [m1, m2].sort((a, b) => a - b);
    expect(loser).to.equal(0);
    expect(winner).to.be.oneOf([60, 61]); // whether the concurrent append was read or not
    expect(await storedText(doc)).to.equal(late.getText('text').toString());
    // The merge, plus the append when the winner had not seen it.
    expect(await storedRows(doc)).to.equal(winner === 60 ? 2 : 1);
  });
});
