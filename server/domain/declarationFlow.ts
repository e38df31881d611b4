import type { OrgKind, OrgLevel } from './orgTypes';
import {
  routeNeedsCommittee,
  type DeclarationStatus,
  type PathEnd,
  type ReviewAction,
  type ReviewRoute,
  type Step,
} from './titles';

/**
 * The declaration's state machine as pure functions (DESIGN §7, seed 004 §6.2): no database, no
 * HTTP. Commands load and lock the row, ask these functions where it goes next, and write.
 *
 *   draft/withdrawn/returned --submit--> under_review(employer, handler)
 *   under_review(org, handler) --pass--> under_review(org, leader)
 *   under_review(employer, leader) --pass--> awaiting_publicity → in_publicity → awaiting_recommendation
 *        (a resubmission after a policy failure skips all that: --pass--> policy_review(second))
 *   awaiting_recommendation --recommend--> under_review(next org, handler) … or the end (below)
 *   under_review(other org, leader) --pass--> under_review(next org, handler) … or the end:
 *   end of path: awaiting_assignment(terminal, assign) for 评审/单位自主评审; approved for 认定/初定
 *   awaiting_assignment --assign--> assigned(committee unit, receive)
 *   assigned --accept--> policy_review(first) | --refuse--> awaiting_assignment | --terminate--> terminated
 *   assigned, past the committee's material deadline: only --terminate--; the committee unit's
 *        "apply the deadline" --material_deadline--> failed (unreceived material counts as not passed)
 *   policy_review(first) --pass|fail--> policy_review(second)
 *   policy_review(second) --pass--> policy_passed(publish) | --fail--> policy_failed(publish)
 *        (for a resubmission, a second failure is final: failed)
 *   policy_passed --published on the to-be-reviewed list--> ready_for_meeting
 *   policy_failed --published on the failure list--> returned (policy_resubmit)
 *   any review step --return--> returned; --fail--> failed; --blacklist--> blacklisted
 *   recall (撤回): back to the previous position while the next step has not acted.
 */

export interface PositionTo {
  status: DeclarationStatus;
  step: Step | null;
  orgId: number | null;
}

export interface FlowFacts {
  path: number[];
  route: ReviewRoute;
  policyResubmit: boolean;
  /** The committee unit, once assigned (kept across a policy return). */
  committeeOrgId: number | null;
}

export interface ChainOrg {
  id: number;
  kind: OrgKind;
  level: OrgLevel | null;
}

const OFFICE_RANK: Record<OrgLevel, number> = { county: 1, city: 2, province: 3 };

/**
 * Where review goes for a declaration: the employer first, then up the tree to the org where
 * review ends. `chain` is the employer and its ancestors, nearest first.
 */
export function computePath(chain: ChainOrg[], endsAt: PathEnd, skipKinds: string[]): { path: number[] } | { problem: string } {
  if (chain.length === 0) return { problem: 'no_employer' };
  const isOfficeAtLeast = (o: ChainOrg, level: OrgLevel) => o.kind === 'office' && o.level !== null && OFFICE_RANK[o.level] >= OFFICE_RANK[level];
  let end: number;
  switch (endsAt) {
    case 'employer':
      end = 0;
      break;
    case 'self_unit':
      end = chain.findIndex((o) => o.kind === 'self_evaluating');
      if (end < 0) return { problem: 'no_self_evaluating_unit' };
      break;
    default:
      end = chain.findIndex((o) => isOfficeAtLeast(o, endsAt));
      if (end < 0) return { problem: 'no_office_at_level' };
  }
  const path = chain.slice(0, end + 1).filter((o, i) => i === 0 || i === end || !skipKinds.includes(o.kind));
  return { path: path.map((o) => o.id) };
}

/** Where a declaration goes when the last org of its path has passed it. */
export function endOfPath(f: FlowFacts): PositionTo {
  const terminal = f.path[f.path.length - 1];
  return routeNeedsCommittee(f.route) ? { status: 'awaiting_assignment', step: 'assign', orgId: terminal } : { status: 'approved', step: null, orgId: null };
}

/** After the org at `orgId` has passed it at its leader step. */
export function afterLeaderPass(f: FlowFacts, orgId: number): PositionTo {
  const i = f.path.indexOf(orgId);
  if (i === 0) {
    if (f.policyResubmit && f.committeeOrgId !== null) return { status: 'policy_review', step: 'policy_second', orgId: f.committeeOrgId };
    return { status: 'awaiting_publicity', step: 'publicity', orgId };
  }
  return nextOrgOrEnd(f, i);
}

/** After the employer has recommended it (单位推荐上报). */
export function afterRecommendation(f: FlowFacts): PositionTo {
  return nextOrgOrEnd(f, 0);
}

function nextOrgOrEnd(f: FlowFacts, i: number): PositionTo {
  if (i + 1 < f.path.length) return { status: 'under_review', step: 'handler', orgId: f.path[i + 1] };
  return endOfPath(f);
}

export const firstPosition = (f: FlowFacts): PositionTo => ({ status: 'under_review', step: 'handler', orgId: f.path[0] });

/** The actions each step offers through POST /declarations/:id/actions (besides recall). */
export const ACTIONS_AT: Record<Step, ReviewAction[]> = {
  handler: ['pass', 'return', 'fail', 'blacklist'],
  leader: ['pass', 'return', 'fail', 'blacklist'],
  publicity: ['return'],
  recommend: ['return'],
  assign: ['assign', 'return', 'terminate'],
  receive: ['accept', 'refuse', 'terminate'],
  policy_first: ['pass', 'fail'],
  policy_second: ['pass', 'fail', 'blacklist'],
  publish: [],
};

/** Which opinion rules apply: returning, failing and blacklisting must say why. */
export const needsOpinion = (action: ReviewAction) => action === 'return' || action === 'fail' || action === 'blacklist' || action === 'refuse' || action === 'terminate';

export interface Decided {
  to: PositionTo;
  /** The flow log's action name (e.g. policy_second_fail). */
  logAction: string;
  /** The move can be recalled by the step that made it. */
  forward: boolean;
}

/**
 * The next position for an action at the declaration's current step; null when the action is not
 * one this step offers. Publicity and recommendation go through their own commands.
 */
export function decide(f: FlowFacts, at: { step: Step; orgId: number }, action: ReviewAction, committeeOrgId?: number): Decided | null {
  if (!ACTIONS_AT[at.step].includes(action)) return null;
  const final = (status: DeclarationStatus): Decided => ({ to: { status, step: null, orgId: null }, logAction: action, forward: false });
  switch (action) {
    case 'return':
      return final('returned');
    case 'fail':
      if (at.step === 'policy_first') return { to: { status: 'policy_review', step: 'policy_second', orgId: at.orgId }, logAction: 'policy_first_fail', forward: true };
      if (at.step === 'policy_second') {
        // A resubmission that fails again is over (seed 004 §6.2.9).
        if (f.policyResubmit) return { ...final('failed'), logAction: 'policy_second_fail' };
        return { to: { status: 'policy_failed', step: 'publish', orgId: at.orgId }, logAction: 'policy_second_fail', forward: true };
      }
      return final('failed');
    case 'blacklist':
      return final('blacklisted');
    case 'terminate':
      return final('terminated');
    case 'pass':
      if (at.step === 'handler') return { to: { status: 'under_review', step: 'leader', orgId: at.orgId }, logAction: 'pass', forward: true };
      if (at.step === 'leader') return { to: afterLeaderPass(f, at.orgId), logAction: 'pass', forward: true };
      if (at.step === 'policy_first') return { to: { status: 'policy_review', step: 'policy_second', orgId: at.orgId }, logAction: 'policy_first_pass', forward: true };
      if (at.step === 'policy_second') return { to: { status: 'policy_passed', step: 'publish', orgId: at.orgId }, logAction: 'policy_second_pass', forward: true };
      return null;
    case 'assign':
      if (committeeOrgId === undefined) return null;
      return { to: { status: 'assigned', step: 'receive', orgId: committeeOrgId }, logAction: 'assign', forward: true };
    case 'accept':
      return { to: { status: 'policy_review', step: 'policy_first', orgId: at.orgId }, logAction: 'accept', forward: true };
    case 'refuse':
      // 拒绝接收: back to the office that assigned it.
      return { to: endOfPath(f), logAction: 'refuse', forward: false };
    default:
      return null;
  }
}

// 材料截止时间 ------------------------------------------------------------------------------------

/** Has the committee's material deadline (材料截止时间) passed at `now`? */
export const deadlinePassed = (deadline: Date | null | undefined, now: Date = new Date()): boolean =>
  !!deadline && deadline.getTime() < now.getTime();

/**
 * What the receive step (材料接收) still offers once the deadline has passed: material not received
 * by then counts as not passed, so it can be neither received nor sent back to the office (which
 * could hand it to another committee), and the office cannot recall its assignment either. It can
 * still be terminated; everything else waits for `afterMaterialDeadline`.
 */
export const RECEIVE_ACTIONS_AFTER_DEADLINE: ReviewAction[] = ['terminate'];

/** Where unreceived material goes when the deadline is applied: not passed (审查不通过), final. */
export function afterMaterialDeadline(at: { step: Step | null; status: DeclarationStatus }): Decided | null {
  if (at.status !== 'assigned' || at.step !== 'receive') return null;
  return { to: { status: 'failed', step: null, orgId: null }, logAction: 'material_deadline', forward: false };
}
