import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize } from '../../models/db';
import { Declaration, Organisation } from '../../models';
import { DECLARATION_STATUSES } from '../../server/domain/titles';
import { AFTER_MEETING_STATUSES, DemoStagesError, REVIEW_STAGES, assertEveryStage, driveToTargets, missingStages, type StageWorld } from '../../seeds/declarationStages';
import { api } from '../helpers/api';
import { actorFor } from '../helpers/factories';
import { act, buildChain, must, newApplicant, qualificationOf, readyDraft, YEAR } from './fixtures';

/**
 * README: "The 200 applicants' declarations are at every stage" — so a newcomer's workbench has
 * something in every queue. The stages come from the model; the seed checks them and fails, naming
 * what it missed, rather than leaving a stage silently empty.
 */
const STAGES = [
  'draft',
  'withdrawn',
  'returned',
  'under_review:handler',
  'under_review:leader',
  'awaiting_publicity',
  'in_publicity',
  'awaiting_recommendation',
  'awaiting_assignment',
  'approved',
  'assigned',
  'policy_review:policy_first',
  'policy_review:policy_second',
  'policy_passed',
  'policy_failed',
  'ready_for_meeting',
  'failed',
  'blacklisted',
  'terminated',
];

const root = path.resolve(import.meta.dirname, '../..');

/** `npm run seed` on the embedded default: no DATABASE_URL, no REDIS_URL, a fresh DATA_DIR. */
function seedEmbedded(dataDir: string): Promise<{ code: number | null; out: string }> {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test', PASSWORD_HASH_COST: '10', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'seeds/cli.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('demo data: declarations at every stage of the review chain', function () {
  this.timeout(300_000);

  it('the stages are every status of the model before the meeting, 审核中 and 政策性审查 by step', () => {
    expect(REVIEW_STAGES).to.deep.equal(STAGES);
    const statuses = new Set(REVIEW_STAGES.map((s) => s.split(':')[0]));
    expect(DECLARATION_STATUSES.filter((s) => !statuses.has(s))).to.deep.equal(AFTER_MEETING_STATUSES);
  });

  it('the coverage check names each stage nobody is at, and passes only when none is missing', () => {
    const all = STAGES.map((s) => {
      const [status, step] = s.split(':');
      return { status: status as never, step: (step ?? null) as never };
    });
    expect(missingStages(all)).to.deep.equal([]);
    expect(() => assertEveryStage(all)).to.not.throw();
    const withoutTerminated = all.filter((d) => d.status !== 'terminated');
    expect(() => assertEveryStage(withoutTerminated)).to.throw(DemoStagesError, 'no declaration at terminated;');
    // A leader step alone does not make the handler step.
    const noHandler = all.filter((d) => !(d.status === 'under_review' && d.step === 'handler'));
    expect(missingStages(noHandler)).to.deep.equal(['under_review:handler']);
    expect(() => assertEveryStage([])).to.throw(DemoStagesError, STAGES.join(', '));
  });

  it('driving a declaration to a stage it cannot reach throws (a refused act, or no way there), it is not skipped', async () => {
    const c = await buildChain();
    const staff = new Map<string, Awaited<ReturnType<typeof actorFor>>>();
    for (const [o, s] of [
      [c.employer, c.employerStaff],
      [c.county, c.countyStaff],
      [c.city, c.cityStaff],
      [c.province, c.provinceStaff],
    ] as const) {
      staff.set(`${o.org.id}:handler`, await actorFor(s.handler));
      staff.set(`${o.org.id}:leader`, await actorFor(s.leader));
    }
    const world: StageWorld = {
      staff: (orgId, kind) => staff.get(`${orgId}:${kind}`)!,
      reviewers: () => {
        throw new Error('no committee in this test');
      },
      committeeFor: () => {
        throw new Error('no committee in this test');
      },
      org: () => c.employer.org as Organisation,
    };
    // An empty draft cannot be submitted: the refusal is named, with the declaration and its target.
    const empty = await newApplicant(c.employer);
    const q = await qualificationOf('weisheng', '副主任医师');
    const draft = await must(api(empty.token).post('/declarations', { year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: q.id, route: 'review', declType: 'normal' }), 201);
    const log: string[] = [];
    let err: Error | null = null;
    try {
      await driveToTargets([{ id: draft.body.id, target: 'unit_leader', applicant: await actorFor(empty.account) }], world, YEAR, (m) => log.push(m));
    } catch (e) {
      err = e as Error;
    }
    expect(err).to.be.instanceOf(DemoStagesError);
    expect(err!.message).to.match(new RegExp(`#${draft.body.id} → unit_leader \\(at draft: .+\\)`));
    expect(log.join('\n')).to.contain(`declaration ${draft.body.id} stopped short of unit_leader`);
    expect((await Declaration.findByPk(draft.body.id))!.status).to.equal('draft');

    // One already failed can go nowhere: no next act leads to the leader step.
    const gone = await readyDraft(c.employer);
    await must(api(gone.token).post(`/declarations/${gone.id}/submit`));
    await must(act(c.employerStaff.handlerToken, gone.id, { action: 'fail', opinion: '不符合申报条件' }));
    err = null;
    try {
      await driveToTargets([{ id: gone.id, target: 'unit_leader', applicant: await actorFor(gone.account) }], world, YEAR, () => undefined);
    } catch (e) {
      err = e as Error;
    }
    expect(err).to.be.instanceOf(DemoStagesError);
    expect(err!.message).to.contain(`#${gone.id} → unit_leader (at failed: no next act leads there)`);

    // And one that can get there does, without complaint.
    const fine = await readyDraft(c.employer);
    await driveToTargets([{ id: fine.id, target: 'unit_leader', applicant: await actorFor(fine.account) }], world, YEAR, () => undefined);
    expect(await Declaration.findByPk(fine.id)).to.include({ status: 'under_review', step: 'leader', currentOrgId: c.employer.org.id });
  });

  describe('`npm run seed` on a fresh embedded SQLite file', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-stages-'));
    let lite: Sequelize | null = null;
    let out = '';
    before(async () => {
      const res = await seedEmbedded(dataDir);
      out = res.out;
      if (res.code !== 0) throw new Error(`seed failed:\n${res.out}`);
      lite = await createSequelize({ dataDir });
    });
    after(async () => {
      await lite?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('leaves at least one declaration at every stage, and none short of the stage meant for it', async () => {
      expect(lite!.getDialect()).to.equal('sqlite');
      const rows = await lite!.query<{ status: string; step: string | null; n: number }>('SELECT status, step, COUNT(*) AS n FROM declarations GROUP BY status, step', {
        type: QueryTypes.SELECT,
      });
      const at = new Map<string, number>();
      for (const r of rows) {
        const key = r.status === 'under_review' || r.status === 'policy_review' ? `${r.status}:${r.step}` : r.status;
        at.set(key, (at.get(key) ?? 0) + Number(r.n));
      }
      for (const stage of STAGES) expect(at.get(stage) ?? 0, stage).to.be.at.least(1);
      expect(rows.reduce((n, r) => n + Number(r.n), 0)).to.equal(200);
      expect(out).to.not.contain('stopped short');
      // The workbench's queues up the tree are populated too: 审核中 at an office, not only at the unit.
      const [upper] = await lite!.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM declarations d JOIN organisations o ON o.id = d.current_org_id WHERE d.status = 'under_review' AND o.kind = 'office'",
        { type: QueryTypes.SELECT },
      );
      expect(Number(upper.n)).to.be.at.least(1);
    });
  });
});
