import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { QueryTypes } from 'sequelize';
import { Account, db } from '../../models';
import { server } from '../helpers/setup';
import { inTransaction } from '../../server/tx';
import { freezeCollabDoc } from '../../realtime/collab/freeze';
import { appendUpdate, compactDoc, ensureDoc, loadRows, mergeRows } from '../../realtime/collab/store';
import { CollabConnection, stampName } from '../../realtime/collab/connection';
import type { Room } from '../../realtime/collab/room';
import type { Actor } from '../../server/policies';
import { installTestRights } from './rights-fixture';
import { awarenessOf, forgedUpdate, newDocName, openClient, person, rawConnect, sleep, storedRows, storedText, textUpdate, ticket, waitUntil } from './helpers';

/**
 * Bad input that gets past decoding: an update that decodes but does not integrate, a stored row
 * like that (from an older version), awareness states that claim another name, and a client that
 * floods the server with large messages. Rights come from the TEST-ONLY resolver (rights-fixture.ts).
 */
describe('collab: bad input past the decoder', function () {
  this.timeout(30000);
  let restore: () => void;
  before(() => {
    restore = installTestRights();
  });
  after(() => restore());

  it('the forged update really is one: it decodes, throws on apply, and mergeUpdates folds it into a merge that throws', () => {
    const bad = forgedUpdate();
    expect(() => Y.decodeUpdate(bad)).not.to.throw();
    expect(() => Y.applyUpdate(new Y.Doc(), bad)).to.throw();
    const merged = Y.mergeUpdates([textUpdate('原文'), bad]);
    expect(() => Y.applyUpdate(new Y.Doc(), merged)).to.throw();
  });

  it('an update that decodes but does not integrate is refused (1008), never stored or relayed; the document stays writable and freezes', async () => {
    const doc = newDocName();
    const [w, other] = [await person(doc), await person(doc)];
    const good = openClient(w, doc);
    const watcher = openClient(other, doc);
    try {
      await Promise.all([good.whenSynced(), watcher.whenSynced()]);
      good.text.insert(0, '原文');
      await waitUntil(async () => (await storedText(doc)) === '原文', 'the good edit is stored');
      const rowsBefore = await storedRows(doc);

      const forger = await rawConnect({ url: server().url }, doc, await ticket(w, doc));
      forger.sendStep1();
      forger.sendUpdate(forgedUpdate());
      expect((await forger.closed).code).to.equal(1008);
      expect(await storedRows(doc)).to.equal(rowsBefore);
      await sleep(100);
      expect(watcher.text.toString()).to.equal('原文');

      // Writing goes on, on the same open document.
      good.text.insert(good.text.length, '，同意。');
      await waitUntil(() => watcher.text.toString() === '原文，同意。', 'the other client sees the next edit');
      await waitUntil(async () => (await storedText(doc)) === '原文，同意。', 'and the store has it');

      const frozen = await inTransaction((t) => freezeCollabDoc(doc, t));
      expect(frozen).to.include({ text: '原文，同意。', alreadyFrozen: false });
      expect(await storedRows(doc)).to.equal(1);
    } finally {
      good.destroy();
      watcher.destroy();
    }
  });

  it('a bad row already in the database blocks neither compaction nor freezing: it is skipped, logged and left where it is', async () => {
    const doc = newDocName();
    await ensureDoc(doc);
    const y = new Y.Doc();
    const updates: Uint8Array[] = [];
    y.on('update', (u: Uint8Array) => updates.push(u));
    y.getText('text').insert(0, '主审意见');
    y.getText('text').insert(y.getText('text').length, '：同意推荐。');
    y.getText('text').delete(0, 2);
    expect(await appendUpdate(doc, updates[0], 'test')).to.equal(true);
    // A row an older version stored without trying it, between good ones.
    const bad = forgedUpdate();
    await db().query('INSERT INTO collab_updates (doc, data, origin, created_at) VALUES (?, ?, ?, ?)', {
      replacements: [doc, Buffer.from(bad), 'old-version', new Date()],
    });
    for (const u of updates.slice(1)) expect(await appendUpdate(doc, u, 'test')).to.equal(true);
    const want = y.getText('text').toString();
    expect(want).to.equal('意见：同意推荐。');

    const rows = await loadRows(doc);
    expect(rows).to.have.length(4);
    const m = mergeRows(doc, rows);
    expect(m.text).to.equal(want);
    expect(m.merged.map((r) => r.id)).to.deep.equal([rows[0].id, rows[2].id, rows[3].id]);

    expect(await compactDoc(doc, 'test')).to.equal(3);
    expect(await storedRows(doc)).to.equal(2); // the merge and the bad row
    expect(await storedText(doc)).to.equal(want);

    // A client opening it now gets the text, and can write on.
    const w = await person(doc);
    const c = openClient(w, doc);
    try {
      await c.whenSynced();
      expect(c.text.toString()).to.equal(want);
      c.text.insert(0, '组内');
      await waitUntil(async () => (await storedText(doc)) === `组内${want}`, 'the next edit is stored');
    } finally {
      c.destroy();
    }

    const frozen = await inTransaction((t) => freezeCollabDoc(doc, t));
    expect(frozen.text).to.equal(`组内${want}`);
    const left = await db().query<{ origin: string }>('SELECT origin FROM collab_updates WHERE doc = ? ORDER BY id', { replacements: [doc], type: QueryTypes.SELECT });
    // The bad row, and one row with everything else (the freeze's, or the leave's compaction if that came first).
    expect(left).to.have.length(2);
    expect(left[0].origin).to.equal('old-version');
  });

  it('the name others see in the awareness is the account’s, whatever the client claims', async () => {
    const doc = newDocName();
    const [a, b] = [await person(doc), await person(doc)];
    const aName = (await Account.findByPk(a.id))!.name;
    const cb = openClient(b, doc);
    await cb.whenSynced();
    const raw = await rawConnect({ url: server().url }, doc, await ticket(a, doc));
    try {
      raw.sendStep1();
      raw.sendAwareness(515151, 1, { user: { name: '主任委员', color: '#123456' }, cursor: { anchor: 1, head: 1 } });
      const seen = () => awarenessOf(cb).get(515151) as { user?: { name: string; color: string }; cursor?: unknown } | undefined;
      await waitUntil(() => !!seen(), 'b sees a');
      expect(seen()).to.deep.equal({ user: { name: aName, color: '#123456' }, cursor: { anchor: 1, head: 1 } });
      // A user that is not an object becomes one with the name; a state without a user shows nobody and is left alone.
      raw.sendAwareness(515151, 2, { user: '主任委员' });
      await waitUntil(() => (seen()?.user as unknown as { name?: string })?.name === aName && !('color' in (seen()!.user as object)), 'the string user is replaced');
      raw.sendAwareness(515151, 3, { cursor: null });
      await waitUntil(() => !!seen() && !('user' in seen()!), 'the state without a user arrives as it is');
      // A state that is not an object is dropped.
      raw.sendAwareness(515151, 4, '主任委员');
      await sleep(200);
      expect(seen()).to.deep.equal({ cursor: null });
    } finally {
      raw.ws.close();
      cb.destroy();
    }
    expect(stampName(null, 'x')).to.equal(null);
    expect(stampName([1], 'x')).to.equal(undefined);
  });

  it('a client that queues more bytes than the budget is cut off (1008) before they pile up', async () => {
    // A room that never finishes loading: everything the client sends waits in the queue.
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    const room = { name: 'm1.a1.overall', ready: new Promise<void>(() => undefined), frozen: false, destroyed: false, members: new Set(), awareness } as unknown as Room;
    const ws = Object.assign(new EventEmitter(), {
      OPEN: 1,
      readyState: 1,
      closedWith: null as null | { code: number; reason: string },
      send() {},
      ping() {},
      terminate() {},
      close(code: number, reason: string) {
        this.closedWith = { code, reason };
      },
    });
    const actor = { id: 1, name: '测试', role: 'expert' } as unknown as Actor;
    const conn = new CollabConnection(ws as never, room, actor, 'write', new Date(Date.now() + 60_000), () => undefined, { maxQueuedBytes: 3 * 1024 * 1024 });
    const mib = Buffer.alloc(1024 * 1024 - 16, 1);
    for (let i = 0; i < 3; i++) ws.emit('message', mib, true);
    expect(ws.closedWith).to.equal(null);
    ws.emit('message', mib, true);
    expect(ws.closedWith).to.deep.equal({ code: 1008, reason: 'too much data queued' });
    expect(conn.displayName).to.equal('测试');
  });
});
