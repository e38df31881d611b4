import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { Account, Committee, Declaration, FlowEntry, db } from '../../models';
import { inTransaction } from '../../server/tx';
import { AppError } from '../../server/errors';
import { actOnDeclaration } from '../../server/commands/declarations/review';
import { api, errorOf } from '../helpers/api';
import { actorFor, buildOrg, tokenFor } from '../helpers/factories';
import { collect, connect, emitAck, sleep, waitFor, type ClientSocket } from '../helpers/sockets';
import { act, buildChain, buildCommittee, must, newApplicant, passUp, PNG, qualificationOf, readyDraft, staffOf, until, upload, YEAR } from './fixtures';
import { PURPOSE_MAX_BYTES, uploadMaxBytes } from '../../server/commands/declarations/files';
import { StoredFile } from '../../models';

/**
 * Branches of the review the chain test does not walk: terminating (终止申报), a refused transfer, a
 * plan sent back by the parent, a plain fail at a handler and at a leader, committees that do not
 * fit, and the realtime promises: nothing announced for a rolled-back change, and a reconnecting
 * client that missed an event learns so from the room's sequence number and refetches.
 */
type Chain = Awaited<ReturnType<typeof buildChain>>;

const flowOf = async (id: number) => FlowEntry.findAll({ where: { declarationId: id }, order: [['seq', 'ASC']] });
const roomSeq = async (room: string) => {
  const [row] = await db().query<{ seq: number }>('SELECT seq FROM room_counters WHERE room = ?', { replacements: [room], type: QueryTypes.SELECT });
  return row ? Number(row.seq) : 0;
};
const roomEvents = async (room: string) => {
  const [row] = await db().query<{ n: number }>('SELECT COUNT(*) AS n FROM room_events WHERE room = ?', { replacements: [room], type: QueryTypes.SELECT });
  return Number(row.n);
};

/** A submitted declaration of the chain's employer, passed up to the province office's 分配评委会. */
async function atAssignment(c: Chain) {
  const d = await readyDraft(c.employer);
  await must(api(d.token).post(`/declarations/${d.id}/submit`));
  await passUp(c, d.id);
  expect((await Declaration.findByPk(d.id))!.status).to.equal('awaiting_assignment');
  return d;
}

async function joinQueue(token: string, orgId: number, step: string): Promise<ClientSocket> {
  const s = await connect(token);
  const ack = await emitAck(s, 'room:join', { room: `queue:${orgId}:${step}` });
  expect(ack.ok, JSON.stringify(ack)).to.equal(true);
  return s;
}

describe('review branches beyond the whole chain', function () {
  this.timeout(120_000);
  let c: Chain;
  const sockets: ClientSocket[] = [];
  before(async () => {
    c = await buildChain();
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  describe('终止申报: the committee unit terminates at material receipt', () => {
    it('needs an opinion; then the declaration is over (terminated, final), the applicant hears it and the receive queue loses it', async () => {
      const com = await buildCommittee();
      const d = await atAssignment(c);
      await must(act(c.provinceStaff.leaderToken, d.id, { action: 'assign', committeeId: com.committee.id }));
      const applicant = await connect(d.token);
      const queue = await joinQueue(com.handlerToken, com.unit.org.id, 'receive');
      sockets.push(applicant, queue);
      const heard = collect(applicant, 'declaration:status');
      const queued = collect(queue, 'queue:changed');

      // A policy reviewer is not the receive step; without an opinion it is refused; neither writes.
      const before = (await flowOf(d.id)).length;
      expect(errorOf(await act(com.reviewer1Token, d.id, { action: 'terminate', opinion: '终止' })).code).to.equal('not_at_your_step');
      const bare = await act(com.handlerToken, d.id, { action: 'terminate' });
      expect(bare.status).to.equal(400);
      expect(errorOf(bare)).to.include({ code: 'opinion_required' });
      expect((await flowOf(d.id)).length).to.equal(before);

      const done = await must(act(com.handlerToken, d.id, { action: 'terminate', opinion: '申报人提供虚假材料，终止申报' }));
      expect(done.body).to.include({ status: 'terminated', step: null });
      expect(done.body.currentOrg).to.equal(null);
      const last = (await flowOf(d.id)).at(-1)!;
      expect(last).to.deep.include({ action: 'terminate', step: 'receive', fromStatus: 'assigned', toStatus: 'terminated', orgName: com.unit.org.name, opinion: '申报人提供虚假材料，终止申报' });
      await until(() => heard.length === 1 && queued.length === 1);
      expect(heard[0].data).to.include({ declarationId: d.id, status: 'terminated', step: null });
      expect(queued[0].data).to.include({ declarationId: d.id, change: 'removed', step: 'receive' });

      // Final: nobody acts on it again, the applicant cannot edit or resubmit it.
      expect(errorOf(await act(com.handlerToken, d.id, { action: 'accept' })).code).to.equal('not_at_your_step');
      const view = await must(api(d.token).get(`/declarations/${d.id}`));
      expect(view.body.can).to.not.include('edit');
      expect(errorOf(await api(d.token).post(`/declarations/${d.id}/submit`))).to.include({ code: 'forbidden' }); // not editable any more
      expect((await api(c.provinceStaff.leaderToken).get('/review/queue?step=assign&pageSize=200')).body.items.map((x: any) => x.id)).to.not.include(d.id);
    });

    it('after the committee’s material deadline terminating is still possible (receiving is not)', async () => {
      const com = await buildCommittee();
      const d = await atAssignment(c);
      await must(act(c.provinceStaff.leaderToken, d.id, { action: 'assign', committeeId: com.committee.id }));
      await Committee.update({ materialDeadline: new Date(Date.now() - 60_000) }, { where: { id: com.committee.id } });
      expect(errorOf(await act(com.handlerToken, d.id, { action: 'accept' })).code).to.equal('material_deadline_passed');
      const done = await must(act(com.handlerToken, d.id, { action: 'terminate', opinion: '逾期未补交材料' }));
      expect(done.body.status).to.equal('terminated');
    });

    it('the terminal office may terminate at 分配评委会 too (with an opinion)', async () => {
      const d = await atAssignment(c);
      const done = await must(act(c.provinceStaff.leaderToken, d.id, { action: 'terminate', opinion: '本年度该系列不开展评审' }));
      expect(done.body).to.include({ status: 'terminated', step: null });
      expect((await flowOf(d.id)).at(-1)).to.deep.include({ action: 'terminate', step: 'assign', orgName: c.province.org.name });
    });
  });

  it('transfer refused by the old unit: nothing moves; a second decision is 409; the new unit may ask again', async () => {
    const newUnit = await buildOrg({ parent: c.county, kind: 'employer', category: 'hospital' });
    const newAdmin = await tokenFor(newUnit.admin);
    const oldAdmin = await tokenFor(c.employer.admin);
    const person = await newApplicant(c.employer);
    const q = await qualificationOf('weisheng', '副主任医师');
    const d = await must(api(person.token).post('/declarations', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: q.id, route: 'review', declType: 'normal' }), 201);
    const flowBefore = (await flowOf(d.body.id)).length;
    const asked = await must(api(newAdmin).post('/transfers', { idNumber: person.account.idNumber, year: YEAR, note: '调入' }), 201);

    // Only the old unit decides, and a refusal is its own answer.
    expect((await api(newAdmin).post(`/transfers/${asked.body.id}/decision`, { approve: false, reason: '不同意' })).status).to.equal(403);
    const refused = await must(api(oldAdmin).post(`/transfers/${asked.body.id}/decision`, { approve: false, reason: '该同志尚在服务期内，不同意调出' }));
    expect(refused.body).to.include({ status: 'refused', reason: '该同志尚在服务期内，不同意调出' });
    expect((await Account.findByPk(person.account.id))!.orgId).to.equal(c.employer.org.id);
    const stays = await must(api(person.token).get(`/declarations/${d.body.id}`));
    expect(stays.body.org.id).to.equal(c.employer.org.id);
    expect((await flowOf(d.body.id)).length).to.equal(flowBefore);
    const again = await api(oldAdmin).post(`/transfers/${asked.body.id}/decision`, { approve: true });
    expect(again.status).to.equal(409);
    expect(errorOf(again).code).to.equal('transfer_decided');
    expect((await Account.findByPk(person.account.id))!.orgId).to.equal(c.employer.org.id);

    // Both sides list it as refused; nothing is pending, so the new unit can ask once more.
    const incoming = await must(api(newAdmin).get('/transfers?direction=incoming&status=refused'));
    expect(incoming.body.items.map((x: any) => x.id)).to.include(asked.body.id);
    expect((await must(api(oldAdmin).get('/transfers?direction=outgoing&status=pending'))).body.items.map((x: any) => x.id)).to.not.include(asked.body.id);
    await must(api(newAdmin).post('/transfers', { idNumber: person.account.idNumber, year: YEAR, note: '再次申请' }), 201);
  });

  it('a plan returned by the parent: a reason is required; it caps nothing; the unit changes it and submits again', async () => {
    const unit = await buildOrg({ parent: c.county, kind: 'employer', category: 'hospital' });
    const staff = await staffOf(unit);
    const plan = await must(api(staff.handlerToken).post('/plans', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', quota: 0 }), 201);
    await must(api(staff.handlerToken).post(`/plans/${plan.body.id}/submit`));
    expect((await api(staff.handlerToken).patch(`/plans/${plan.body.id}`, { quota: 3 })).status).to.equal(409);

    const bare = await api(c.countyStaff.leaderToken).post(`/plans/${plan.body.id}/decision`, { approve: false });
    expect(bare.status).to.equal(400);
    expect(errorOf(bare)).to.include({ code: 'reason_required' });
    const returned = await must(api(c.countyStaff.leaderToken).post(`/plans/${plan.body.id}/decision`, { approve: false, reason: '职数超出本县核定总量，请调整' }));
    expect(returned.body).to.include({ status: 'returned', approvingOrg: null });
    expect(returned.body.history.map((h: any) => [h.action, h.reason])).to.deep.equal([
      ['submit', null],
      ['return', '职数超出本县核定总量，请调整'],
    ]);
    expect(returned.body.history[1].orgName).to.equal(c.county.org.name);
    // Nobody decides a returned plan; it is not waiting at the county any more.
    expect((await api(c.countyStaff.leaderToken).post(`/plans/${plan.body.id}/decision`, { approve: true })).status).to.equal(403);
    expect((await must(api(c.countyStaff.leaderToken).get('/plans?pendingMine=true'))).body.items.map((p: any) => p.id)).to.not.include(plan.body.id);

    // A returned plan is not an approved one: its quota of 0 refuses no declaration.
    const d = await readyDraft(unit);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));

    // The unit changes it and submits it again: it waits at the county once more.
    await must(api(staff.handlerToken).patch(`/plans/${plan.body.id}`, { quota: 2 }));
    const resubmitted = await must(api(staff.handlerToken).post(`/plans/${plan.body.id}/submit`));
    expect(resubmitted.body.status).to.equal('submitted');
    expect(resubmitted.body.approvingOrg.id).to.equal(c.county.org.id);
    expect(resubmitted.body.history.map((h: any) => h.action)).to.deep.equal(['submit', 'return', 'submit']);
  });

  describe('a plain fail (审查不通过)', () => {
    it('at the unit’s handler: final, the applicant reads the opinion, nothing more to do for anyone', async () => {
      const d = await readyDraft(c.employer);
      await must(api(d.token).post(`/declarations/${d.id}/submit`));
      const applicant = await connect(d.token);
      sockets.push(applicant);
      const heard = collect(applicant, 'declaration:status');
      const bare = await act(c.employerStaff.handlerToken, d.id, { action: 'fail' });
      expect(errorOf(bare)).to.include({ code: 'opinion_required' });
      const failed = await must(act(c.employerStaff.handlerToken, d.id, { action: 'fail', opinion: '任现职年限不满足申报条件' }));
      expect(failed.body).to.include({ status: 'failed', step: null });
      expect((await flowOf(d.id)).map((e) => [e.action, e.step, e.toStatus])).to.deep.equal([
        ['submit', null, 'under_review'],
        ['fail', 'handler', 'failed'],
      ]);
      await until(() => heard.length === 1);
      expect(heard[0].data).to.include({ status: 'failed' });
      expect(heard[0].data.entry).to.include({ action: 'fail', opinion: '任现职年限不满足申报条件' });
      // Nobody can act, recall or resubmit: it is over for the year.
      expect(errorOf(await act(c.employerStaff.leaderToken, d.id, { action: 'pass' })).code).to.equal('not_at_your_step');
      expect((await act(c.employerStaff.handlerToken, d.id, { action: 'recall' })).status).to.equal(409);
      expect(errorOf(await api(d.token).post(`/declarations/${d.id}/submit`))).to.include({ code: 'forbidden' }); // not editable any more
      expect((await api(d.token).post(`/declarations/${d.id}/withdraw`, {})).status).to.equal(409);
    });

    it('at an office’s leader (the county): final, logged at the leader step of that office', async () => {
      const d = await readyDraft(c.employer);
      await must(api(d.token).post(`/declarations/${d.id}/submit`));
      await passUp(c, d.id, []);
      await must(act(c.countyStaff.handlerToken, d.id, { action: 'pass' }));
      const queue = await joinQueue(c.countyStaff.leaderToken, c.county.org.id, 'leader');
      sockets.push(queue);
      const queued = collect(queue, 'queue:changed');
      const failed = await must(act(c.countyStaff.leaderToken, d.id, { action: 'fail', opinion: '业绩成果不符合副高级条件' }));
      expect(failed.body).to.include({ status: 'failed', step: null });
      expect((await flowOf(d.id)).at(-1)).to.deep.include({ action: 'fail', step: 'leader', fromStatus: 'under_review', toStatus: 'failed', orgName: c.county.org.name, actorRole: 'leader' });
      await until(() => queued.length === 1);
      expect(queued[0].data).to.include({ declarationId: d.id, change: 'removed' });
      expect(errorOf(await act(c.cityStaff.handlerToken, d.id, { action: 'pass' })).code).to.equal('not_at_your_step');
    });
  });

  it('committee_mismatch: a committee of another series, or of other levels, is refused at assignment; nothing is written', async () => {
    const d = await atAssignment(c);
    const before = await Declaration.findByPk(d.id);
    const flowBefore = (await flowOf(d.id)).length;
    const otherSeries = await buildCommittee({ series: 'gaoxiao' });
    const otherLevels = await buildCommittee({ levels: ['zhongji'] });
    for (const [com, why] of [
      [otherSeries, 'The committee reviews another series'],
      [otherLevels, 'The committee does not review this level'],
    ] as const) {
      const res = await act(c.provinceStaff.leaderToken, d.id, { action: 'assign', committeeId: com.committee.id });
      expect(res.status).to.equal(422);
      expect(errorOf(res)).to.include({ code: 'committee_mismatch' });
      expect(errorOf(res).details![0]).to.include({ path: 'body.committeeId', message: why });
    }
    const disabled = await buildCommittee();
    await Committee.update({ status: 'disabled' }, { where: { id: disabled.committee.id } });
    expect(errorOf(await act(c.provinceStaff.leaderToken, d.id, { action: 'assign', committeeId: disabled.committee.id })).code).to.equal('committee_mismatch');
    const after = (await Declaration.findByPk(d.id))!;
    expect(after).to.include({ status: 'awaiting_assignment', committeeId: null, version: before!.version });
    expect((await flowOf(d.id)).length).to.equal(flowBefore);
  });

  it('no announcement for a change the database rolled back: an act that fails after a write leaves the socket silent and the rows as they were', async () => {
    const d = await readyDraft(c.employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    const applicant = await connect(d.token);
    const handlerQueue = await joinQueue(c.employerStaff.handlerToken, c.employer.org.id, 'handler');
    const leaderQueue = await joinQueue(c.employerStaff.leaderToken, c.employer.org.id, 'leader');
    sockets.push(applicant, handlerQueue, leaderQueue);
    const heard = collect(applicant, 'declaration:status');
    const leftHandler = collect(handlerQueue, 'queue:changed');
    const reachedLeader = collect(leaderQueue, 'queue:changed');
    const room = `user:${d.account.id}`;
    const row = async () => {
      const x = (await Declaration.findByPk(d.id))!;
      return { status: x.status, step: x.step, currentOrgId: x.currentOrgId, version: x.version, flowSeq: x.flowSeq };
    };
    const before = { row: await row(), flow: (await flowOf(d.id)).length, seq: await roomSeq(room), events: await roomEvents(room), leaderSeq: await roomSeq(`queue:${c.employer.org.id}:leader`) };

    // The handler's pass is written (the row moves, the flow log grows, the room's number is taken),
    // then the second act in the same transaction is refused: everything rolls back.
    const handler = await actorFor(c.employerStaff.handler);
    let err: unknown = null;
    try {
      await inTransaction(async (t) => {
        const moved = await actOnDeclaration(handler, d.id, { action: 'pass', opinion: '材料齐全' }, t);
        expect(moved.step).to.equal('leader');
        await actOnDeclaration(handler, d.id, { action: 'pass', opinion: '再通过一次' }, t);
      });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(AppError);
    expect((err as AppError).code).to.equal('not_at_your_step');
    await sleep(400);
    expect(heard, 'the applicant heard nothing').to.deep.equal([]);
    expect(leftHandler, 'the handler queue heard nothing').to.deep.equal([]);
    expect(reachedLeader, 'the leader queue heard nothing').to.deep.equal([]);
    expect(await row()).to.deep.equal(before.row);
    expect((await flowOf(d.id)).length).to.equal(before.flow);
    expect(await roomSeq(room)).to.equal(before.seq);
    expect(await roomEvents(room)).to.equal(before.events);
    expect(await roomSeq(`queue:${c.employer.org.id}:leader`)).to.equal(before.leaderSeq);

    // The same act committed is heard at once, with the very next number: none was used up.
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass', opinion: '材料齐全' }));
    await until(() => heard.length === 1 && leftHandler.length === 1 && reachedLeader.length === 1);
    expect(heard[0].seq).to.equal(before.seq + 1);
    expect(heard[0].data).to.include({ status: 'under_review', step: 'leader' });
    expect(reachedLeader[0].seq).to.equal(before.leaderSeq + 1);
    expect([leftHandler[0].data.change, reachedLeader[0].data.change]).to.deep.equal(['removed', 'added']);
  });

  it('a socket that reconnects after missing an event finds the room’s seq moved on (room:join answers more than it last saw) and refetches', async () => {
    const d = await readyDraft(c.employer);
    const room = `user:${d.account.id}`;
    const first = await connect(d.token);
    sockets.push(first);
    const joined = await emitAck<{ room: string; seq: number }>(first, 'room:join', { room });
    expect(joined.ok).to.equal(true);
    const submittedEvent = waitFor<any>(first, 'declaration:status', (e) => e.data.declarationId === d.id);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    const heard = await submittedEvent;
    let lastSeen = heard.seq as number;
    expect(lastSeen).to.equal((joined.ok ? joined.data.seq : 0) + 1);
    first.disconnect();

    // While it is away the handler passes it: the event goes to nobody.
    await must(act(c.employerStaff.handlerToken, d.id, { action: 'pass', opinion: '材料齐全' }));

    const again = await connect(d.token);
    sockets.push(again);
    const late = collect(again, 'declaration:status');
    const rejoined = await emitAck<{ room: string; seq: number }>(again, 'room:join', { room });
    if (!rejoined.ok) throw new Error(JSON.stringify(rejoined));
    expect(rejoined.data.seq, 'the room moved on while away').to.be.greaterThan(lastSeen);
    expect(rejoined.data.seq).to.equal(lastSeen + 1);
    await sleep(200);
    expect(late, 'the missed event is not replayed: the client must refetch').to.deep.equal([]);

    // The refetch (what the client's resync does) shows what was missed: the leader step and the entry.
    const now = await must(api(d.token).get(`/declarations/${d.id}`));
    expect(now.body).to.include({ status: 'under_review', step: 'leader' });
    const flow = (await must(api(d.token).get(`/declarations/${d.id}/flow`))).body.items as any[];
    expect(flow.at(-1)).to.include({ action: 'pass', step: 'handler' });
    lastSeen = rejoined.data.seq;

    // Reconnecting when nothing happened meanwhile: the same number, nothing to refetch.
    again.disconnect();
    const third = await connect(d.token);
    sockets.push(third);
    const quiet = await emitAck<{ room: string; seq: number }>(third, 'room:join', { room });
    if (!quiet.ok) throw new Error(JSON.stringify(quiet));
    expect(quiet.data.seq).to.equal(lastSeen);
    // And session:rooms reports the same number for the rooms the socket is in.
    const rooms = await emitAck<Record<string, number>>(third, 'session:rooms', {});
    if (!rooms.ok) throw new Error(JSON.stringify(rooms));
    expect(rooms.data[room]).to.equal(lastSeen);
  });

  it('per-purpose upload limits: a photo over its 2 MB is refused with 413 file_too_large; the same image as a material is taken', async () => {
    expect(PURPOSE_MAX_BYTES.photo).to.equal(2 * 1024 * 1024);
    expect(PURPOSE_MAX_BYTES.photo).to.be.lessThan(uploadMaxBytes());
    const person = await newApplicant(c.employer);
    const q = await qualificationOf('weisheng', '副主任医师');
    const d = await must(api(person.token).post('/declarations', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: q.id, route: 'review', declType: 'normal' }), 201);
    const id = d.body.id as number;
    const big = Buffer.concat([PNG, Buffer.alloc(PURPOSE_MAX_BYTES.photo - PNG.length + 1, 0)]);
    expect(big.length).to.equal(PURPOSE_MAX_BYTES.photo + 1);
    const refused = await upload(person.token, id, 'photo', big, '一寸照片.png');
    expect(refused.status).to.equal(413);
    expect(errorOf(refused)).to.include({ code: 'file_too_large' });
    expect(errorOf(refused).details![0]).to.include({ path: 'body.file', code: 'file_too_large' });
    expect(await StoredFile.count({ where: { declarationId: id, purpose: 'photo' } })).to.equal(0);
    // Exactly at the limit, a photo is fine; the oversize one is fine as a scanned material (limit 10 MB).
    const atLimit = await upload(person.token, id, 'photo', big.subarray(0, PURPOSE_MAX_BYTES.photo), '一寸照片.png');
    expect(atLimit.status, JSON.stringify(atLimit.body)).to.equal(201);
    const material = await upload(person.token, id, 'baseMaterials', big, '扫描件.png');
    expect(material.status, JSON.stringify(material.body)).to.equal(201);
  });
});
