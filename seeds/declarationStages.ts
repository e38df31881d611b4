import type { Transaction } from 'sequelize';
import { Declaration, type Committee, type Organisation } from '../models';
import { inTransaction } from '../server/tx';
import type { Actor } from '../server/policies';
import { submitDeclaration, withdrawDeclaration } from '../server/commands/declarations/applicant';
import { actOnDeclaration } from '../server/commands/declarations/review';
import { completePublicity, createPublicity, recommend } from '../server/commands/declarations/publicity';
import { DECLARATION_STATUSES, FINAL_STATUSES, type DeclarationStatus, type Step } from '../server/domain/titles';

/**
 * Drives demo declarations to the stage each should show, through the same commands the API uses.
 * Every round groups the declarations that need the same next act at the same place and runs that
 * group in one transaction (one commit per group keeps the embedded SQLite seed fast).
 */
export const TARGETS = [
  'draft',
  'withdrawn',
  'unit_handler',
  'unit_leader',
  'awaiting_publicity',
  'in_publicity',
  'awaiting_recommendation',
  'upper_handler',
  'terminal_handler',
  'terminal_leader',
  'awaiting_assignment',
  'approved',
  'assigned',
  'policy_first',
  'policy_second',
  'policy_passed',
  'policy_failed',
  'ready_for_meeting',
  'returned',
  'failed',
  'blacklisted',
  'terminated',
  'policy_returned',
] as const;
export type Target = (typeof TARGETS)[number];

export interface Item {
  id: number;
  target: Target;
  applicant: Actor;
}

export interface StageWorld {
  /** The staff actor of an org for a step (handler, leader) and the committee unit's receiver. */
  staff: (orgId: number, kind: 'handler' | 'leader') => Actor;
  /** The two policy reviewers of a committee unit for a series. */
  reviewers: (orgId: number, seriesCode: string) => [Actor, Actor];
  committeeFor: (d: Declaration) => Committee;
  org: (id: number) => Organisation;
}

function reached(d: Declaration, target: Target): boolean {
  const at = (status: DeclarationStatus, step?: Step) => d.status === status && (step === undefined || d.step === step);
  const first = d.path[0];
  const last = d.path[d.path.length - 1];
  switch (target) {
    case 'draft':
      return at('draft');
    case 'withdrawn':
      return at('withdrawn');
    case 'unit_handler':
      return at('under_review', 'handler') && d.currentOrgId === first;
    case 'unit_leader':
      return at('under_review', 'leader') && d.currentOrgId === first;
    case 'upper_handler':
      return (at('under_review', 'handler') && d.currentOrgId === d.path[1]) || (d.path.length === 1 && at('awaiting_assignment'));
    case 'terminal_handler':
      return at('under_review', 'handler') && d.currentOrgId === last && d.path.length > 2;
    case 'terminal_leader':
      return at('under_review', 'leader') && d.currentOrgId === last && d.path.length > 1;
    case 'policy_first':
      return at('policy_review', 'policy_first');
    case 'policy_second':
      return at('policy_review', 'policy_second');
    case 'returned':
    case 'policy_returned':
      return at('returned');
    default:
      return d.status === target;
  }
}

type Job = { key: string; run: (t: Transaction) => Promise<unknown> };
type Run = { id: number; run: (t: Transaction) => Promise<unknown> };

/** The next act for one declaration, as a job keyed by what can share its transaction. */
function nextJob(d: Declaration, it: Item, w: StageWorld): { key: string; run: (t: Transaction) => Promise<unknown> } | { group: string; id: number } | null {
  const act = (actor: Actor, input: Parameters<typeof actOnDeclaration>[2]): Job => ({
    key: `act:${actor.id}`,
    run: (t) => actOnDeclaration(actor, d.id, input, t),
  });
  const first = d.path[0];
  switch (d.status) {
    case 'draft':
    case 'withdrawn':
      return { key: 'submit', run: (t) => submitDeclaration(it.applicant, d.id, t) };
    case 'under_review': {
      const org = d.currentOrgId!;
      const step = d.step as 'handler' | 'leader';
      const staff = w.staff(org, step);
      if (it.target === 'withdrawn' && org === first && step === 'handler') {
        return { key: 'withdraw', run: (t) => withdrawDeclaration(it.applicant, d.id, '需要补充继续教育证明', t) };
      }
      if (it.target === 'blacklisted' && org === first && step === 'handler') return act(staff, { action: 'blacklist', years: 3, opinion: '论文经查系抄袭，列入黑名单三年' });
      if (it.target === 'failed' && org === first && step === 'leader') return act(staff, { action: 'fail', opinion: '任现职年限不满足申报条件' });
      const returnAt = d.path.length > 1 ? d.path[1] : first;
      if (it.target === 'returned' && org === returnAt && step === (d.path.length > 1 ? 'handler' : 'leader')) {
        return act(staff, { action: 'return', opinion: '继续教育学时证明不完整，请补充后重新提交' });
      }
      return act(staff, { action: 'pass', opinion: step === 'handler' ? '材料齐全，符合申报条件' : '同意' });
    }
    case 'awaiting_publicity':
      return { group: `publicity:${d.currentOrgId}:${it.target === 'in_publicity' ? 'open' : 'past'}`, id: d.id };
    case 'awaiting_recommendation':
      return { group: `recommend:${d.currentOrgId}`, id: d.id };
    case 'awaiting_assignment': {
      const c = w.committeeFor(d);
      return act(w.staff(d.currentOrgId!, 'leader'), { action: 'assign', committeeId: c.id, opinion: '分配至评委会' });
    }
    case 'assigned':
      if (it.target === 'terminated') return act(w.staff(d.currentOrgId!, 'handler'), { action: 'terminate', opinion: '申报人书面申请终止本年度申报' });
      return act(w.staff(d.currentOrgId!, 'handler'), { action: 'accept', opinion: '材料齐全，同意接收' });
    case 'policy_review': {
      const [one, two] = w.reviewers(d.currentOrgId!, d.seriesCode);
      const failing = it.target === 'policy_returned' || it.target === 'policy_failed';
      if (d.step === 'policy_first') return act(one, { action: failing ? 'fail' : 'pass', opinion: failing ? '缺少继续教育证明' : '初审通过' });
      return act(two, { action: failing ? 'fail' : 'pass', opinion: failing ? '缺少继续教育证明，请补充后重新提交' : '复审通过' });
    }
    case 'policy_passed':
      return { group: `publish:${d.currentOrgId}:${d.seriesCode}:to_review`, id: d.id };
    case 'policy_failed':
      return { group: `publish:${d.currentOrgId}:${d.seriesCode}:failure`, id: d.id };
    default:
      return null;
  }
}

const DAY = 86400_000;

function groupJob(group: string, ids: number[], w: StageWorld, year: number): Job {
  const [kind, orgIdText, a, b] = group.split(':');
  const orgId = Number(orgIdText);
  const now = Date.now();
  if (kind === 'publicity') {
    const staff = w.staff(orgId, 'handler');
    const open = a === 'open';
    return {
      key: group,
      run: async (t) => {
        const p = await createPublicity(
          staff,
          {
            kind: 'unit',
            title: `${w.org(orgId).name}${year}年度职称申报人员公示`,
            content: '公示期内如有异议，请向本单位职称工作办公室反映。',
            startsAt: new Date(now - (open ? 1 : 8) * DAY),
            endsAt: new Date(now + (open ? 4 : -1) * DAY),
            declarationIds: ids,
          },
          t,
        );
        if (!open) await completePublicity(staff, p.id, t);
      },
    };
  }
  if (kind === 'recommend') {
    return {
      key: group,
      run: (t) =>
        recommend(
          w.staff(orgId, 'handler'),
          {
            declarationIds: ids,
            handlerName: w.staff(orgId, 'handler').name,
            handlerPhone: '0311-86001234',
            opinion: '经单位推荐小组评议并公示无异议，同意推荐',
            details: { method: '推荐小组评议', groupSize: 7, publicityResult: '公示期满无异议' },
          },
          t,
        ),
    };
  }
  // publish:{orgId}:{series}:{kind}
  const [reviewer] = w.reviewers(orgId, a);
  const failure = b === 'failure';
  return {
    key: group,
    run: (t) =>
      createPublicity(
        reviewer,
        {
          kind: failure ? 'failure' : 'to_review',
          title: failure ? `${year}年度职称评审政策性审查未通过人员公示` : `${year}年度职称评审拟送评人员名单公示`,
          content: failure ? '请未通过人员登录系统查看原因，并在规定时间内补充材料。' : '公示期为五个工作日。',
          startsAt: new Date(now - DAY),
          endsAt: new Date(now + 5 * DAY),
          declarationIds: ids,
        },
        t,
      ),
  };
}

/** A declaration that did not get to the stage the demo meant for it. */
export interface Stuck {
  id: number;
  target: Target;
  at: string;
  why: string;
}

export class DemoStagesError extends Error {}

/**
 * Drives every item to its target or throws: a refused act, an item with no next act short of its
 * target, or one still on its way after the last round means the demo would silently miss a stage.
 */
export async function driveToTargets(items: Item[], w: StageWorld, year: number, log: (m: string) => void) {
  const byId = new Map(items.map((i) => [i.id, i]));
  const stuck: Stuck[] = [];
  const stop = (d: Pick<Declaration, 'id' | 'status' | 'step'> | number, why: string) => {
    const id = typeof d === 'number' ? d : d.id;
    const it = byId.get(id);
    if (!it) return;
    stuck.push({ id, target: it.target, at: typeof d === 'number' ? '?' : stageOf(d), why });
    log(`demo: declaration ${id} stopped short of ${it.target}: ${why}`);
    byId.delete(id);
  };
  for (let round = 0; round < 60 && byId.size > 0; round++) {
    const decls = await Declaration.findAll({ where: { id: [...byId.keys()] } });
    const jobs = new Map<string, Run[]>();
    const groups = new Map<string, number[]>();
    for (const d of decls) {
      const it = byId.get(d.id)!;
      if (reached(d, it.target)) {
        byId.delete(d.id);
        continue;
      }
      const job = FINAL_STATUSES.includes(d.status) ? null : nextJob(d, it, w);
      if (!job) {
        stop(d, 'no next act leads there');
        continue;
      }
      if ('group' in job) groups.set(job.group, [...(groups.get(job.group) ?? []), job.id]);
      else jobs.set(job.key, [...(jobs.get(job.key) ?? []), { id: d.id, run: job.run }]);
    }
    if (jobs.size === 0 && groups.size === 0) break;
    // Every single-declaration act of the round in one transaction; on a refusal, one by one.
    const all = [...jobs.values()].flat();
    if (all.length) {
      try {
        await inTransaction(async (t) => {
          for (const r of all) await r.run(t);
        });
      } catch {
        // One refused act must not hide the others: run them one by one and note the one that fails.
        for (const r of all) {
          try {
            await inTransaction((t) => r.run(t));
          } catch (e) {
            stop(decls.find((d) => d.id === r.id) ?? r.id, (e as Error).message);
          }
        }
      }
    }
    for (const [g, ids] of groups) {
      try {
        await inTransaction((t) => groupJob(g, ids, w, year).run(t));
      } catch (e) {
        for (const id of ids) stop(decls.find((d) => d.id === id) ?? id, `${g}: ${(e as Error).message}`);
      }
    }
  }
  for (const id of [...byId.keys()]) stop(id, 'still on its way after the last round');
  if (stuck.length) {
    throw new DemoStagesError(
      `demo: ${stuck.length} declaration(s) did not reach their stage: ${stuck.map((x) => `#${x.id} → ${x.target} (at ${x.at}: ${x.why})`).join('; ')}`,
    );
  }
}

/* ---------- Every stage of the review chain, checked ---------- */

/** Set only when a meeting's results are published (issue 7): not stages of the review chain. */
export const AFTER_MEETING_STATUSES: DeclarationStatus[] = ['result_publicity', 'result_held', 'review_passed', 'review_failed'];

/** Statuses where a declaration waits at one of several steps, each a stage of its own (a queue tab). */
const STEPPED: Partial<Record<DeclarationStatus, Step[]>> = {
  under_review: ['handler', 'leader'],
  policy_review: ['policy_first', 'policy_second'],
};

/**
 * The stages of the review chain (DESIGN §6–7), from the model: every declaration status up to the
 * meeting, the handler and leader steps of 审核中 and the first and second policy checks apart.
 */
export const REVIEW_STAGES: string[] = DECLARATION_STATUSES.filter((s) => !AFTER_MEETING_STATUSES.includes(s)).flatMap((s) =>
  STEPPED[s] ? STEPPED[s].map((step) => `${s}:${step}`) : [s],
);

export const stageOf = (d: { status: DeclarationStatus; step?: Step | null }) => (STEPPED[d.status] ? `${d.status}:${d.step}` : d.status);

/** The review-chain stages none of these declarations is at. */
export function missingStages(decls: Array<{ status: DeclarationStatus; step?: Step | null }>): string[] {
  const seen = new Set(decls.map(stageOf));
  return REVIEW_STAGES.filter((s) => !seen.has(s));
}

/** Throws, naming them, when some stage of the review chain has no declaration. */
export function assertEveryStage(decls: Array<{ status: DeclarationStatus; step?: Step | null }>) {
  const missing = missingStages(decls);
  if (missing.length) throw new DemoStagesError(`demo: no declaration at ${missing.join(', ')}; the workbench would show an empty stage`);
}
