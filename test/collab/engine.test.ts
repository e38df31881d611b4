import crypto from 'node:crypto';
import { expect } from 'chai';
import { Account, db } from '../../models';
import { api, errorOf } from '../helpers/api';
import { server } from '../helpers/setup';
import { parseCollabDocName, collabDocName } from '../../realtime/collab/names';
import { installTestRights, setRight } from './rights-fixture';
import {
  newDocName,
  openClient,
  person,
  rawConnect,
  storedText,
  textUpdate,
  ticket,
  waitUntil,
  awarenessOf,
  sleep,
} from './helpers';

/**
 * One node (the in-process server). Rights come from the TEST-ONLY resolver in rights-fixture.ts,
 * set per test; the meeting area's real resolver has its own tests.
 */
describe('collab: one node', function () {
  this.timeout(30000);
  let restore: () => void;
  before(() => {
    restore = installTestRights();
  });
  after(() => restore());

  describe('document names', () => {
    it('parse strictly and round-trip', () => {
      expect(parseCollabDocName('m12.a345.overall')).to.deep.equal({ meetingId: 12, meetingApplicantId: 345, field: 'overall' });
      expect(collabDocName({ meetingId: 1, meetingApplicantId: 2, field: 'defenseQuestions' })).to.equal('m1.a2.defenseQuestions');
      for (const bad of ['m0.a1.overall', 'm01.a1.overall', 'm1.a1.notes', 'm1.a1.overall.x', 'm1.a99999999999.overall', 'm1.a1.', '../m1.a1.overall', 'M1.a1.overall', ' m1.a1.overall']) {
        expect(parseCollabDocName(bad), bad).to.equal(null);
      }
    });
  });

  describe('POST /api/collab/tickets', () => {
    it('400 for a name that does not parse, 401 without a token, 403 without rights, 201 with them', async () => {
      const doc = newDocName();
      const writer = await person(doc, 'write');
      const stranger = await person();
      const bad = await api(writer.token).post('/collab/tickets', { doc: 'm1.a1.notes' });
      expect(bad.status).to.equal(400);
      expect(errorOf(bad).details![0].path).to.equal('body.doc');
      expect((await api().post('/collab/tickets', { doc })).status).to.equal(401);
      const none = await api(stranger.token).post('/collab/tickets', { doc });
      expect(none.status).to.equal(403);
      expect(errorOf(none).code).to.equal('collab_forbidden');
      const ok = await api(writer.token).post('/collab/tickets', { doc });
      expect(ok.status).to.equal(201);
      expect(ok.body).to.include({ right: 'write', frozen: false });
      expect(ok.body.ticket).to.be.a('string').with.length.greaterThan(30);
      expect(new Date(ok.body.expiresAt).getTime() - Date.now()).to.be.within(1000, 31000);
    });
  });

  it('two stock y-websocket clients converge on concurrent edits, and the database holds the result', async () => {
    const doc = newDocName();
    const [a, b] = [await person(doc), await person(doc)];
    const ca = openClient(a, doc);
    const cb = openClient(b, doc);
    try {
      await Promise.all([ca.whenSynced(), cb.whenSynced()]);
      ca.text.insert(0, '学术水平较高。');
      cb.text.insert(0, '同意推荐。');
      await waitUntil(() => ca.text.toString() === cb.text.toString() && ca.text.length === 12, 'both clients converge');
      expect(ca.text.toString()).to.include('学术水平较高。').and.include('同意推荐。');
      await waitUntil(async () => (await storedText(doc)) === ca.text.toString(), 'the database holds the text');
    } finally {
      ca.destroy();
      cb.destroy();
    }
  });

  describe('refused connections never receive content', () => {
    let doc: string;
    let writer: Awaited<ReturnType<typeof person>>;
    before(async () => {
      doc = newDocName();
      writer = await person(doc);
      const c = openClient(writer, doc);
      await c.whenSynced();
      c.text.insert(0, '保密内容');
      await waitUntil(async () => (await storedText(doc)) === '保密内容', 'content stored');
      c.destroy();
    });

    it('without a ticket: closed with 1008, nothing sent', async () => {
      const raw = await rawConnect({ url: server().url }, doc);
      expect(await raw.closed).to.include({ code: 1008 });
      expect(raw.messages).to.have.length(0);
    });

    it('with a used ticket: the first use works, the second is closed with 1008 and gets nothing', async () => {
      const t = await ticket(writer, doc);
      const first = await rawConnect({ url: server().url }, doc, t);
      first.sendStep1();
      await waitUntil(() => first.text() === '保密内容', 'the first use syncs');
      const second = await rawConnect({ url: server().url }, doc, t);
      expect(await second.closed).to.include({ code: 1008 });
      expect(second.messages).to.have.length(0);
      first.ws.close();
    });

    it('with an expired ticket: closed with 1008, nothing sent', async () => {
      const t = await ticket(writer, doc);
      const hash = crypto.createHash('sha256').update(t).digest('hex');
      await db().query('UPDATE collab_tickets SET expires_at = ? WHERE ticket_hash = ?', { replacements: [new Date(Date.now() - 1000), hash] });
      const raw = await rawConnect({ url: server().url }, doc, t);
      expect(await raw.closed).to.include({ code: 1008 });
      expect(raw.messages).to.have.length(0);
    });

    it('with a ticket for another document, a forged ticket, or a bad name: refused, nothing sent', async () => {
      const other = newDocName();
      await setRight(writer.id, other, 'write');
      const elsewhere = await rawConnect({ url: server().url }, doc, await ticket(writer, other));
      expect(await elsewhere.closed).to.include({ code: 1008 });
      const forged = await rawConnect({ url: server().url }, doc, 'A'.repeat(43));
      expect(await forged.closed).to.include({ code: 1008 });
      const badName = await rawConnect({ url: server().url }, 'm1.a1.notes', 'x');
      expect(await badName.closed).to.include({ code: 4400 });
      for (const r of [elsewhere, forged, badName]) expect(r.messages).to.have.length(0);
    });

    it('when rights went to none after the ticket was issued: 4403, nothing sent, and the stock client stays empty', async () => {
      const ex = await person(doc, 'read');
      const t = await ticket(ex, doc);
      await setRight(ex.id, doc, 'none');
      const raw = await rawConnect({ url: server().url }, doc, t);
      expect(await raw.closed).to.include({ code: 4403 });
      expect(raw.messages).to.have.length(0);

      await setRight(ex.id, doc, 'read');
      const c = openClient(ex, doc);
      await setRight(ex.id, doc, 'none'); // between ticket and connect, most likely; either way refused below
      await waitUntil(() => c.state().status === 'refused', 'the client is refused');
      expect(c.text.toString()).to.equal('');
      c.destroy();
    });
  });

  it("a reader gets the content, and its edits are refused without touching anyone's document", async () => {
    const doc = newDocName();
    const writer = await person(doc, 'write');
    const reader = await person(doc, 'read');
    const cw = openClient(writer, doc);
    await cw.whenSynced();
    cw.text.insert(0, '主审意见');
    const cr = openClient(reader, doc);
    try {
      await cr.whenSynced();
      await waitUntil(() => cr.text.toString() === '主审意见', 'the reader sees the content');
      expect(cr.state().right).to.equal('read');
      cr.text.insert(0, '篡改');
      await waitUntil(() => cr.state().denied === 'read-only', 'the server refuses the write');
      await sleep(300);
      expect(cw.text.toString()).to.equal('主审意见');
      expect(await storedText(doc)).to.equal('主审意见');
    } finally {
      cw.destroy();
      cr.destroy();
    }
  });

  it('malformed and oversized updates close the connection and leave the stored document as it was', async () => {
    const doc = newDocName();
    const w = await person(doc, 'write');
    const good = await rawConnect({ url: server().url }, doc, await ticket(w, doc));
    good.sendUpdate(textUpdate('原文'));
    await waitUntil(async () => (await storedText(doc)) === '原文', 'the good update is stored');
    good.ws.close();

    const garbage = await rawConnect({ url: server().url }, doc, await ticket(w, doc));
    garbage.sendUpdate(new Uint8Array([200, 1, 2, 3, 4, 5, 6, 7]));
    expect((await garbage.closed).code).to.equal(1008);

    const unknown = await rawConnect({ url: server().url }, doc, await ticket(w, doc));
    unknown.send(new Uint8Array([9, 1, 2]));
    expect((await unknown.closed).code).to.equal(1008);

    const big = await rawConnect({ url: server().url }, doc, await ticket(w, doc));
    big.sendUpdate(textUpdate('x'.repeat(1024 * 1024 + 10)));
    expect((await big.closed).code).to.equal(1009);

    expect(await storedText(doc)).to.equal('原文');
  });

  it("awareness is relayed, and a client's state disappears for the others when its connection drops", async () => {
    const doc = newDocName();
    const [a, b] = [await person(doc), await person(doc)];
    const cb = openClient(b, doc);
    await cb.whenSynced();
    const raw = await rawConnect({ url: server().url }, doc, await ticket(a, doc));
    raw.sendStep1();
    raw.sendAwareness(424242, 1, { user: { name: '专家甲' }, cursor: { index: 3 } });
    // The server stamps the account's name over whatever the client said (bad-input.test.ts).
    const aName = (await Account.findByPk(a.id))!.name;
    await waitUntil(() => (awarenessOf(cb).get(424242) as { user?: { name: string } } | undefined)?.user?.name === aName, 'b sees a');
    raw.ws.terminate(); // no goodbye from the client: the server must clear its state
    await waitUntil(() => !awarenessOf(cb).has(424242), "a's state is removed", 5000);
    cb.destroy();
  });
});
