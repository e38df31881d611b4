import { expect } from 'chai';
import fc from 'fast-check';
import { Op } from 'sequelize';
import { Account, CommitteeExpert, Expert, MeetingApplicant, MeetingExpert, Recusal, ReviewGroup } from '../../models';
import { inTransaction } from '../../server/tx';
import { createCommittee } from '../../server/commands/setup/committees';
import { createMeeting } from '../../server/commands/setup/meetings';
import { createGroup } from '../../server/commands/setup/groups';
import { addApplicants } from '../../server/commands/setup/applicants';
import { placeExperts } from '../../server/commands/setup/placement';
import { addRecusal } from '../../server/commands/setup/recusals';
import { drawRandom, verifyDraw } from '../../server/commands/setup/draws';
import { drawExperts } from '../../server/domain/draw';
import { AppError } from '../../server/errors';
import { UNUSABLE_PASSWORD } from '../../server/commands/setup/importExperts';
import type { Actor } from '../../server/policies';
import { api, errorOf } from '../helpers/api';
import { actorFor, newIdNumber, unique } from '../helpers/factories';
import { buildWorld, createMeeting as createMeetingApi, expectStatus, libraryExperts, readyDeclarations, type World } from './world';

const SPECIALTIES = ['neike', 'waike', 'erke'];
const ROLLBACK = new Error('rollback');

/** Runs a command in a transaction and rolls it back: the same draw can then run again. */
async function dryRun<T>(fn: (t: Parameters<Parameters<typeof inTransaction>[0]>[0]) => Promise<T>): Promise<T> {
  let out!: T;
  try {
    await inTransaction(async (t) => {
      out = await fn(t);
      throw ROLLBACK;
    });
  } catch (e) {
    if (e !== ROLLBACK) throw e;
  }
  return out;
}

const arbCase = fc.record({
  library: fc.array(fc.record({ specialties: fc.subarray(SPECIALTIES, { minLength: 1 }), employer: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }) }), { maxLength: 14 }),
  groups: fc.array(
    fc.record({
      needs: fc.uniqueArray(fc.record({ specialty: fc.constantFrom(...SPECIALTIES), count: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 2, selector: (n) => n.specialty }),
      applicants: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  /** Library experts put in the meeting (no group) beforehand, each declaring a recusal from one applicant. */
  declared: fc.array(fc.record({ expert: fc.nat(), applicant: fc.nat() }), { maxLength: 3 }),
  seed: fc.string({ minLength: 8, maxLength: 24 }),
});

describe('expert draw through the database (随机抽取, 委托抽取, audit)', function () {
  this.timeout(180000);
  let w: World;
  let unitActor: Actor;
  let cityActor: Actor;

  before(async () => {
    w = await buildWorld();
    unitActor = await actorFor(w.unit.admin);
    cityActor = await actorFor(w.city.admin);
  });

  it('repeats from its seed and never breaks recusal or one-group-per-expert, over random libraries (property)', async () => {
    const employers = [...w.employers.map((e) => e.org.id), w.city.org.id];
    let drawn = 0;
    let short = 0;
    await fc.assert(
      fc.asyncProperty(arbCase, async (c) => {
        // A fresh committee and meeting per case; experts and applicants written directly, the setup through its commands.
        const committee = await inTransaction((t) =>
          createCommittee(cityActor, { name: `委员会${unique('')}`, seriesCode: 'weisheng', type: 'social', ownerOrgId: w.unit.org.id, levels: ['fugao'] }, t),
        );
        const experts: Expert[] = [];
        for (const x of c.library) {
          const id = newIdNumber('1966-06-06');
          const a = await Account.create({ username: id, passwordHash: UNUSABLE_PASSWORD, role: 'expert', orgId: w.unit.org.id, name: '专家', idNumber: id });
          const e = await Expert.create({ accountId: a.id, name: '专家', idNumber: id, employerOrgId: x.employer === null ? null : employers[x.employer], specialties: x.specialties });
          await CommitteeExpert.create({ committeeId: committee.id, expertId: e.id, status: 'active' });
          experts.push(e);
        }
        const meeting = await inTransaction((t) =>
          createMeeting(unitActor, { name: '评审会议', startsAt: new Date(Date.now() + 3600_000), endsAt: new Date(Date.now() + 7200_000), committeeIds: [committee.id] }, t),
        );
        const groups: ReviewGroup[] = [];
        for (const [i, g] of c.groups.entries()) {
          groups.push(await inTransaction((t) => createGroup(unitActor, meeting.id, { name: `第${i + 1}组` }, t)));
          for (const emp of g.applicants) {
            const employer = emp === 3 ? w.city : w.employers[emp];
            const [d] = await readyDeclarations(w, 1, { employer, committeeId: committee.id });
            await inTransaction((t) => addApplicants(unitActor, meeting.id, { declarationIds: [d.id], groupId: groups[i].id }, t));
          }
        }
        const applicants = await MeetingApplicant.findAll({ where: { meetingId: meeting.id } });
        for (const r of experts.length && applicants.length ? c.declared : []) {
          const e = experts[r.expert % experts.length];
          const a = applicants[r.applicant % applicants.length];
          if (!(await MeetingExpert.count({ where: { meetingId: meeting.id, expertId: e.id } }))) {
            await inTransaction((t) => placeExperts(unitActor, meeting.id, { expertIds: [e.id] }, t));
          }
          if (!(await Recusal.count({ where: { meetingId: meeting.id, expertId: e.id, meetingApplicantId: a.id } }))) {
            await inTransaction((t) => addRecusal(unitActor, meeting.id, { expertId: e.id, meetingApplicantId: a.id, reason: 'declared' }, t));
          }
        }

        const input = { groups: c.groups.map((g, i) => ({ groupId: groups[i].id, needs: g.needs })) };
        const attempt = () => dryRun((t) => drawRandom(unitActor, meeting.id, input, t, { seed: c.seed }).then((d) => d.result));
        let first: unknown;
        try {
          first = await attempt();
        } catch (e) {
          // A shortage is reported with the numbers, every time, and nothing is placed.
          expect(e).to.be.instanceOf(AppError);
          expect((e as AppError).code).to.equal('draw_shortage');
          expect((e as AppError).details![0].message).to.match(/^wanted \d+, available \d+ \(\w+\)$/);
          short += 1;
          return;
        }
        expect(await attempt(), 'same seed, same groups').to.deep.equal(first);

        const draw = await inTransaction((t) => drawRandom(unitActor, meeting.id, input, t, { seed: c.seed }));
        drawn += 1;
        expect(draw.result).to.deep.equal(first);
        const audit = await verifyDraw(unitActor, draw.id);
        expect(audit).to.deep.include({ matches: true, invariantsHold: true });

        // What the database holds now: each expert in one group at most, of a specialty the group asked
        // for, and never recused from (nor employed with) an applicant of their group.
        const placed = await MeetingExpert.findAll({ where: { meetingId: meeting.id, groupId: { [Op.ne]: null } } });
        expect(new Set(placed.map((p) => p.expertId)).size).to.equal(placed.length);
        const recusals = await Recusal.findAll({ where: { meetingId: meeting.id } });
        const rows = await MeetingApplicant.findAll({ where: { meetingId: meeting.id } });
        for (const p of placed) {
          const mates = rows.filter((a) => a.groupId === p.groupId).map((a) => a.id);
          expect(recusals.some((r) => r.expertId === p.expertId && mates.includes(r.meetingApplicantId)), `expert ${p.expertId} recused in own group`).to.equal(false);
          const e = experts.find((x) => x.id === p.expertId)!;
          const needs = c.groups[groups.findIndex((g) => g.id === p.groupId)].needs.filter((n) => n.count > 0).map((n) => n.specialty);
          expect(e.specialties.some((s) => needs.includes(s))).to.equal(true);
        }
        // The pure function agrees on the same recorded inputs.
        const params = draw.params as Parameters<typeof drawExperts> extends [string, ...infer R] ? { candidates: R[0]; requests: R[1]; alreadyPlaced: R[2] } : never;
        expect(drawExperts(c.seed, params.candidates, params.requests, params.alreadyPlaced)).to.deep.equal(first);
      }),
      { numRuns: 25, seed: 20261122 },
    );
    expect(drawn, 'cases that drew').to.be.greaterThan(5);
    expect(short, 'cases that ran short').to.be.greaterThan(0);
  });

  it('lets a supervisor audit a recorded draw; strangers may not', async () => {
    await libraryExperts(w, 4, { specialties: ['erke'] });
    const meeting = await createMeetingApi(w);
    const g = expectStatus(await api(w.tokens.handler).post(`/meetings/${meeting.id}/groups`, { name: '儿科组', specialties: ['erke'] }), 201);
    const draw = expectStatus(await api(w.tokens.handler).post(`/meetings/${meeting.id}/draws`, { groups: [{ groupId: g.id, needs: [{ specialty: 'erke', count: 3 }] }] }), 201);
    expect(draw.seed).to.match(/^[0-9a-f]{32}$/);
    const audit = expectStatus(await api(w.tokens.supervisor).get(`/draws/${draw.id}/verify`), 200);
    expect(audit).to.deep.include({ matches: true, invariantsHold: true, seed: draw.seed });
    expect(audit.stillPlaced.every((p: { placed: boolean }) => p.placed)).to.equal(true);
    expect(expectStatus(await api(w.tokens.cityAdmin).get(`/meetings/${meeting.id}/draws`), 200).items).to.have.length(1);
    const stranger = await api(w.tokens.otherAdmin).get(`/draws/${draw.id}/verify`);
    expect(stranger.status).to.equal(403);
    // A seed cannot be chosen by the caller.
    const chosen = await api(w.tokens.handler).post(`/meetings/${meeting.id}/draws`, { groups: [{ groupId: g.id, needs: [{ specialty: 'erke', count: 1 }] }], seed: 'x' });
    expect(chosen.status).to.equal(400);
    expect(errorOf(chosen).details![0].path).to.equal('body.seed');
  });

  it('runs an entrusted draw (委托选取专家) by the office from the libraries under it', async () => {
    // The other unit's library is under the same city office: the office may draw from it.
    await libraryExperts(w, 3, { specialties: ['waike'], committeeId: w.otherCommitteeId });
    const meeting = await createMeetingApi(w);
    const g = expectStatus(await api(w.tokens.handler).post(`/meetings/${meeting.id}/groups`, { name: '外科组', specialties: ['waike'] }), 201);
    const e = expectStatus(
      await api(w.tokens.handler).post(`/meetings/${meeting.id}/entrustments`, { groupId: g.id, officeOrgId: w.city.org.id, needs: [{ specialty: 'waike', count: 3 }] }),
      201,
    );
    const inbox = expectStatus(await api(w.tokens.cityHandler).get('/entrustments'), 200).items;
    expect(inbox.map((x: { id: number }) => x.id)).to.include(e.id);
    expect((await api(w.tokens.otherAdmin).post(`/entrustments/${e.id}/perform`, { mode: 'random' })).status).to.equal(403);
    const done = expectStatus(await api(w.tokens.cityHandler).post(`/entrustments/${e.id}/perform`, { mode: 'random' }), 200);
    expect(done.status).to.equal('done');
    const experts = expectStatus(await api(w.tokens.handler).get(`/meetings/${meeting.id}/experts`), 200).items;
    expect(experts.filter((x: { source: string; groupId: number }) => x.source === 'entrusted' && x.groupId === g.id)).to.have.length(3);
    expect(expectStatus(await api(w.tokens.supervisor).get(`/draws/${done.drawId}/verify`), 200).matches).to.equal(true);
    const again = await api(w.tokens.cityHandler).post(`/entrustments/${e.id}/perform`, { mode: 'random' });
    expect(again.status).to.equal(409);
  });
});
