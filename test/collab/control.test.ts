import { expect } from 'chai';
import { api } from '../helpers/api';
import { inTransaction } from '../../server/tx';
import { collabRightsChanged } from '../../realtime/collab/rights';
import { freezeCollabDoc, frozenCollabText } from '../../realtime/collab/freeze';
import { parseCollabDocName } from '../../realtime/collab/names';
import { freezeDocRows } from '../../realtime/collab/store';
import { installTestRights, setRight } from './rights-fixture';
import { newDocName, openClient, orgAdminToken, person, storedRows, storedText, waitUntil, sleep } from './helpers';

/**
 * Rights re-check, session revocation and freezing on one node. Rights come from the TEST-ONLY
 * resolver (rights-fixture.ts); the meeting area calls the same functions with its real one.
 */
describe('collab: re-check, revocation and freeze (one node)', function () {
  this.timeout(30000);
  let restore: () => void;
  before(() => {
    restore = installTestRights();
  });
  after(() => restore());

  it('collabRightsChanged downgrades a writer to a reader and closes one that lost access, sparing others', async () => {
    const doc = newDocName();
    const [a, b, c] = [await person(doc), await person(doc), await person(doc)];
    const [ca, cb, cc] = [openClient(a, doc), openClient(b, doc), openClient(c, doc)];
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced(), cc.whenSynced()]);
      ca.text.insert(0, '甲');
      await waitUntil(() => cc.text.toString() === '甲', 'c sees a');

      await setRight(a.id, doc, 'read');
      await setRight(b.id, doc, 'none');
      collabRightsChanged({ ...parseCollabDocName(doc)!, accountIds: [a.id, b.id] });
      await waitUntil(() => cb.state().status === 'refused', 'b is closed');
      await sleep(200);
      ca.text.insert(1, '改');
      await waitUntil(() => ca.state().denied === 'read-only', "a's write is refused");
      cc.text.insert(1, '丙');
      await waitUntil(async () => (await storedText(doc)) === '甲丙', "c still writes; a's edit never stored");
      expect(cc.state().status).to.equal('synced');
    } finally {
      for (const h of [ca, cb, cc]) h.destroy();
    }
  });

  it("disabling an account closes its collaborative connections (4401) and it cannot come back", async () => {
    const doc = newDocName();
    const a = await person(doc);
    const ca = openClient(a, doc);
    await ca.whenSynced();
    const res = await api(await orgAdminToken()).post(`/accounts/${a.id}/disable`);
    expect(res.status).to.be.oneOf([200, 204]);
    await waitUntil(() => ca.state().status === 'refused', 'the connection is closed');
    expect(ca.state().denied).to.equal('session revoked');
    expect(ca.provider.wsconnected).to.equal(false);
    ca.destroy();
  });

  it('freezing snapshots the text, makes every write fail, keeps the stored document, and is idempotent', async () => {
    const doc = newDocName('academic');
    const [a, b] = [await person(doc), await person(doc)];
    const [ca, cb] = [openClient(a, doc), openClient(b, doc)];
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced()]);
      for (let i = 0; i < 5; i++) ca.text.insert(ca.text.length, `第${i}段。`);
      cb.text.insert(0, '综合：');
      await waitUntil(() => ca.text.toString() === cb.text.toString() && ca.text.length === 23, 'clients converge');
      await waitUntil(async () => (await storedText(doc)) === ca.text.toString(), 'all stored');
      const expected = ca.text.toString();

      const frozen = await inTransaction((t) => freezeCollabDoc(doc, t));
      expect(frozen).to.include({ doc, text: expected, alreadyFrozen: false });
      expect(await storedRows(doc)).to.equal(1); // compacted on the way

      ca.text.insert(0, '冻结后');
      await waitUntil(() => ca.state().denied === 'frozen', "a's write is refused as frozen");
      await sleep(300);
      expect(cb.text.toString()).to.equal(expected);
      expect(await storedText(doc)).to.equal(expected);

      const again = await inTransaction((t) => freezeCollabDoc(doc, t));
      expect(again).to.include({ text: expected, alreadyFrozen: true });
      expect((await frozenCollabText(doc))?.text).to.equal(expected);

      const t = await api(a.token).post('/collab/tickets', { doc });
      expect(t.body).to.include({ right: 'read', frozen: true });
      const late = openClient(a, doc);
      await late.whenSynced();
      expect(late.text.toString()).to.equal(expected);
      late.text.insert(0, 'x');
      await waitUntil(() => late.state().denied === 'frozen', 'a new connection is read-only');
      late.destroy();
      expect(await storedText(doc)).to.equal(expected);
    } finally {
      ca.destroy();
      cb.destroy();
    }
  });

  it('freezing a document nobody opened gives an empty snapshot', async () => {
    const doc = newDocName('defenseEvaluation');
    const frozen = await inTransaction((t) => freezeCollabDoc(doc, t));
    expect(frozen).to.include({ text: '', alreadyFrozen: false });
    const w = await person(doc);
    await setRight(w.id, doc, 'write');
    const t = await api(w.token).post('/collab/tickets', { doc });
    expect(t.body).to.include({ right: 'read', frozen: true });
  });

  it('the database refuses a write on a node that has not heard of the freeze yet', async () => {
    const doc = newDocName();
    const w = await person(doc);
    const c = openClient(w, doc);
    try {
      await c.whenSynced();
      c.text.insert(0, '定稿');
      await waitUntil(async () => (await storedText(doc)) === '定稿', 'stored');
      // Freeze the rows without the after-commit signal: only the database knows.
      await inTransaction((t) => freezeDocRows(doc, 'test', t));
      c.text.insert(2, '之后');
      await waitUntil(() => c.state().denied === 'frozen', 'the write is refused');
      expect(await storedText(doc)).to.equal('定稿');
    } finally {
      c.destroy();
    }
  });

  it('a freeze rolled back with its transaction changes nothing', async () => {
    const doc = newDocName();
    const w = await person(doc);
    const c = openClient(w, doc);
    await c.whenSynced();
    c.text.insert(0, '草稿');
    await waitUntil(async () => (await storedText(doc)) === '草稿', 'stored');
    await inTransaction(async (t) => {
      await freezeCollabDoc(doc, t);
      throw new Error('rollback');
    }).catch(() => undefined);
    c.text.insert(2, '继续');
    await waitUntil(async () => (await storedText(doc)) === '草稿继续', 'still writable');
    expect(c.state().denied).to.equal(null);
    c.destroy();
  });
});
