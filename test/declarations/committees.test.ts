import { expect } from 'chai';
import { Committee, Declaration, FlowEntry } from '../../models';
import { inTransaction } from '../../server/tx';
import { createCommittee } from '../../server/commands/declarations/committees';
import { api, errorOf } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor, unique, type BuiltOrg } from '../helpers/factories';
import { collect, connect } from '../helpers/sockets';
import { act, buildChain, buildCommittee, must, publicise, readyDraft, recommendUp, staffOf, until, YEAR, type Staff } from './fixtures';

type Chain = Awaited<ReturnType<typeof buildChain>>;

/** Declarations of `employer`, submitted and passed all the way up to the province office's 分配评委会. */
async function atAssignment(employer: BuiltOrg, employerStaff: Staff, above: Staff[], n: number) {
  const ds = [];
  for (let i = 0; i < n; i++) {
    const d = await readyDraft(employer);
    await must(api(d.token).post(`/declarations/${d.id}/submit`));
    ds.push(d);
  }
  const ids = ds.map((d) => d.id);
  const batch = async (token: string) => {
    const res = await must(api(token).post('/declarations/actions/batch', { ids, action: 'pass', opinion: '同意' }));
    expect(res.body.failed, JSON.stringify(res.body)).to.equal(0);
  };
  await batch(employerStaff.handlerToken);
  await batch(employerStaff.leaderToken);
  await publicise(employerStaff.handlerToken, ids);
  await recommendUp(employerStaff.handlerToken, ids);
  for (const s of above) {
    await batch(s.handlerToken);
    await batch(s.leaderToken);
  }
  for (const id of ids) expect((await Declaration.findByPk(id))!.status).to.equal('awaiting_assignment');
  return ds;
}

const flowOf = async (id: number) => FlowEntry.findAll({ where: { declarationId: id }, order: [['seq', 'ASC']] });

describe('committees and the declarations they take', function () {
  this.timeout(120_000);
  let c: Chain;
  before(async () => {
    c = await buildChain();
  });

  describe('材料截止时间: after the material deadline, material not received counts as not passed', () => {
    it('the receive step refuses with material_deadline_passed; the committee unit applies the deadline and every unreceived declaration fails with a flow entry, once', async () => {
      const com = await buildCommittee();
      const [d1, d2, d3] = await atAssignment(c.employer, c.employerStaff, [c.countyStaff, c.cityStaff, c.provinceStaff], 3);
      for (const d of [d1, d2, d3]) await must(act(c.provinceStaff.leaderToken, d.id, { action: 'assign', committeeId: com.committee.id }));
      await must(act(com.handlerToken, d3.id, { action: 'accept', opinion: '材料齐全，同意接收' }));

      // Applying a deadline that has not come is refused.
      const early = await api(com.handlerToken).post(`/committees/${com.committee.id}/material-deadline`);
      expect(early.status).to.equal(409);
      expect(errorOf(early).code).to.equal('material_deadline_not_passed');

      await Committee.update({ materialDeadline: new Date(Date.now() - 60_000) }, { where: { id: com.committee.id } });
      const before = (await flowOf(d1.id)).length;
      for (const [token, id, body] of [
        [com.handlerToken, d1.id, { action: 'accept', opinion: '同意接收' }],
        [com.handlerToken, d1.id, { action: 'refuse', opinion: '退回职改办' }],
        [c.provinceStaff.leaderToken, d2.id, { action: 'recall', opinion: '改派' }],
      ] as const) {
        const res = await act(token, id, body);
        expect(res.status, JSON.stringify(body)).to.equal(409);
        expect(errorOf(res).code).to.equal('material_deadline_passed');
      }
      expect((await flowOf(d1.id)).length).to.equal(before);
      // Nor can the office hand the committee more material.
      const [late] = await atAssignment(c.employer, c.employerStaff, [c.countyStaff, c.cityStaff, c.provinceStaff], 1);
      const assignLate = await act(c.provinceStaff.leaderToken, late.id, { action: 'assign', committeeId: com.committee.id });
      expect(errorOf(assignLate).code).to.equal('material_deadline_passed');

      // Only the committee unit's receive step may apply it.
      expect((await api(c.provinceStaff.leaderToken).post(`/committees/${com.committee.id}/material-deadline`)).status).to.equal(403);
      expect((await api(com.reviewer1Token).post(`/committees/${com.committee.id}/material-deadline`)).status).to.equal(403);

      const socket = await connect(d1.token);
      const heard = collect(socket, 'declaration:status');
      try {
        const applied = await must(api(com.handlerToken).post(`/committees/${com.committee.id}/material-deadline`));
        expect(applied.body).to.deep.include({ committeeId: com.committee.id, failed: [d1.id, d2.id], skipped: [] });
        for (const d of [d1, d2]) {
          const view = await must(api(d.token).get(`/declarations/${d.id}`));
          expect(view.body).to.include({ status: 'failed', step: null });
          const last = (await flowOf(d.id)).at(-1)!;
          expect(last).to.deep.include({ action: 'material_deadline', step: 'receive', fromStatus: 'assigned', toStatus: 'failed', orgName: com.unit.org.name });
          expect(last.opinion).to.match(/^材料接收截止时间（.+）前未接收，视为审查不通过$/);
        }
        // What was received in time goes on.
        expect((await Declaration.findByPk(d3.id))!.status).to.equal('policy_review');
        await until(() => heard.some((e) => e.data.status === 'failed'));
        expect(heard.find((e) => e.data.status === 'failed')!.data.entry).to.include({ action: 'material_deadline' });
      } finally {
        socket.disconnect();
      }

      // Once more: nothing left to do, nothing written.
      const again = await must(api(com.handlerToken).post(`/committees/${com.committee.id}/material-deadline`));
      expect(again.body.failed).to.deep.equal([]);
      expect(await FlowEntry.count({ where: { declarationId: d1.id, action: 'material_deadline' } })).to.equal(1);
    });

    it('a handler limited to another series applies nothing of this one', async () => {
      const com = await buildCommittee();
      const [d] = await atAssignment(c.employer, c.employerStaff, [c.countyStaff, c.cityStaff, c.provinceStaff], 1);
      await must(act(c.provinceStaff.leaderToken, d.id, { action: 'assign', committeeId: com.committee.id }));
      await Committee.update({ materialDeadline: new Date(Date.now() - 1000) }, { where: { id: com.committee.id } });
      const other = await tokenFor(await buildAccount(com.unit, { role: 'staff', staffKind: 'handler', seriesScope: ['gaoxiao'] }));
      expect((await api(other).post(`/committees/${com.committee.id}/material-deadline`)).status).to.equal(403);
      expect((await Declaration.findByPk(d.id))!.status).to.equal('assigned');
    });
  });

  describe('委托评审: an accepted commission sends the commissioning unit’s declarations to that committee', () => {
    it('another unit’s 自主评审 committee is refused until it accepts the unit’s commission for the year; its own people it always takes', async () => {
      // A self-evaluating hospital with its own 自主评审 committee.
      const selfUnit = await buildOrg({ parent: c.city, kind: 'self_evaluating', category: 'hospital', name: `测试自主评审医院${unique('')}` });
      const selfStaff = await staffOf(selfUnit);
      const selfCommittee = await inTransaction((t) =>
        createCommittee(c.province.adminActor, { code: unique('ZZ'), name: '测试卫生系列自主评审委员会', seriesCode: 'weisheng', type: 'self', ownerOrgId: selfUnit.org.id, levels: ['fugao'] }, t),
      );
      const selfAdmin = await tokenFor(selfUnit.admin);
      const askerAdmin = await tokenFor(c.employer.admin);
      const [d, e] = await atAssignment(c.employer, c.employerStaff, [c.countyStaff, c.cityStaff, c.provinceStaff], 2);
      const assign = (id: number) => act(c.provinceStaff.leaderToken, id, { action: 'assign', committeeId: selfCommittee.id });

      const refused = await assign(d.id);
      expect(refused.status).to.equal(422);
      expect(errorOf(refused)).to.include({ code: 'committee_mismatch' });
      expect(errorOf(refused).details![0].path).to.equal('body.committeeId');

      // A commission for another year, accepted, does not count; a pending one for this year neither.
      const nextYear = await must(api(askerAdmin).post(`/committees/${selfCommittee.id}/commissions`, { year: YEAR + 1, note: '明年委托' }), 201);
      await must(api(selfAdmin).post(`/commissions/${nextYear.body.id}/decide`, { accept: true }));
      const thisYear = await must(api(askerAdmin).post(`/committees/${selfCommittee.id}/commissions`, { year: YEAR, note: '本单位无卫生系列评委会' }), 201);
      expect(errorOf(await assign(d.id)).code).to.equal('committee_mismatch');

      // A refused commission does not either; then a new request is accepted.
      await must(api(selfAdmin).post(`/commissions/${thisYear.body.id}/decide`, { accept: false, opinion: '本年度评审任务已满' }));
      expect(errorOf(await assign(d.id)).code).to.equal('committee_mismatch');
      const again = await must(api(askerAdmin).post(`/committees/${selfCommittee.id}/commissions`, { year: YEAR, note: '再次申请' }), 201);
      await must(api(selfAdmin).post(`/commissions/${again.body.id}/decide`, { accept: true }));

      const assigned = await must(assign(d.id));
      expect(assigned.body).to.include({ status: 'assigned', step: 'receive' });
      expect(assigned.body.committee.id).to.equal(selfCommittee.id);
      expect(assigned.body.currentOrg.id).to.equal(selfUnit.org.id);
      // The hospital's own handler receives it.
      await must(act(selfStaff.handlerToken, d.id, { action: 'accept', opinion: '同意接收' }));
      expect((await Declaration.findByPk(d.id))!.status).to.equal('policy_review');
      // The commission covers the unit, not one declaration.
      await must(assign(e.id));

      // The hospital's own applicants go to its committee without any commission.
      const [own] = await atAssignment(selfUnit, selfStaff, [c.cityStaff, c.provinceStaff], 1);
      const ownAssigned = await must(act(c.provinceStaff.leaderToken, own.id, { action: 'assign', committeeId: selfCommittee.id }));
      expect(ownAssigned.body.status).to.equal('assigned');
    });
  });
});
