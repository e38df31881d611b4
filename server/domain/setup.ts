import type { PlanStatus, StandardStatus } from './meetingTypes';
import { MIN_REVIEWERS } from './distribution';

/**
 * The rules a meeting's setup must meet before it can run (DESIGN §8, §10; 人社部令第40号): a group
 * has at least three experts and a leader, there is one chair and at most two vice chairs, the
 * committee (chair + vice chairs + members) is odd, the plan is approved and the standard confirmed.
 */
export const MIN_GROUP_EXPERTS = 3;
export const MAX_VICE_CHAIRS = 2;

export interface ReadinessInput {
  planStatus: PlanStatus;
  standardStatus: StandardStatus;
  enforceOddCommittee: boolean;
  groups: Array<{ id: number; name: string; experts: number; leaders: number; size: number }>;
  titles: { chair: number; viceChair: number; member: number };
  applicants: Array<{ id: number; blindCode: string; groupId: number | null; eligibleReviewers: number }>;
}

export interface SetupProblem {
  code: string;
  message: string;
  groupId?: number;
  meetingApplicantId?: number;
  count?: number;
}

export interface Readiness {
  ready: boolean;
  /** What keeps the meeting from `ready`. */
  blocking: SetupProblem[];
  /** Worth knowing, not blocking (an even committee unless enforced, a group under its planned size). */
  warnings: SetupProblem[];
  committeeSize: number;
}

export function checkReadiness(input: ReadinessInput): Readiness {
  const blocking: SetupProblem[] = [];
  const warnings: SetupProblem[] = [];
  if (input.planStatus !== 'approved') blocking.push({ code: 'plan_not_approved', message: '评审方案尚未审核通过' });
  if (input.standardStatus !== 'confirmed') blocking.push({ code: 'standard_not_confirmed', message: '评分标准尚未经主任确认' });
  if (input.groups.length === 0) blocking.push({ code: 'no_groups', message: '尚未设置评议组' });
  for (const g of input.groups) {
    if (g.experts < MIN_GROUP_EXPERTS) {
      blocking.push({ code: 'group_too_small', message: `${g.name}只有${g.experts}名专家，至少需要${MIN_GROUP_EXPERTS}名`, groupId: g.id, count: g.experts });
    } else if (g.experts < g.size) {
      warnings.push({ code: 'group_below_size', message: `${g.name}计划${g.size}人，现有${g.experts}人`, groupId: g.id, count: g.experts });
    }
    if (g.leaders !== 1) blocking.push({ code: 'group_without_leader', message: `${g.name}尚未指定组长`, groupId: g.id });
  }
  if (input.titles.chair !== 1) blocking.push({ code: 'no_chair', message: '尚未指定评审会议主任', count: input.titles.chair });
  if (input.titles.viceChair > MAX_VICE_CHAIRS) {
    blocking.push({ code: 'too_many_vice_chairs', message: `副主任最多${MAX_VICE_CHAIRS}名`, count: input.titles.viceChair });
  }
  const committeeSize = input.titles.chair + input.titles.viceChair + input.titles.member;
  if (committeeSize % 2 === 0) {
    const p = { code: 'committee_even', message: `评委会人数为${committeeSize}，应为单数（主任、副主任与委员合计）`, count: committeeSize };
    (input.enforceOddCommittee ? blocking : warnings).push(p);
  }
  if (input.applicants.length === 0) blocking.push({ code: 'no_applicants', message: '尚未加入参评人员' });
  const ungrouped = input.applicants.filter((a) => a.groupId === null);
  if (ungrouped.length) blocking.push({ code: 'applicants_ungrouped', message: `${ungrouped.length}名参评人员尚未分组`, count: ungrouped.length });
  for (const a of input.applicants) {
    if (a.groupId !== null && a.eligibleReviewers < MIN_REVIEWERS) {
      blocking.push({
        code: 'too_few_reviewers',
        message: `${a.blindCode}所在组中无需回避的专家只有${a.eligibleReviewers}名，至少需要${MIN_REVIEWERS}名`,
        meetingApplicantId: a.id,
        count: a.eligibleReviewers,
      });
    }
  }
  return { ready: blocking.length === 0, blocking, warnings, committeeSize };
}

/** 盲评编号: the meeting's n-th applicant is A001, A002, … */
export const blindCode = (n: number) => `A${String(n).padStart(3, '0')}`;

/** Money in yuan with at most two decimals, as whole fen. */
export function yuanToFen(yuan: number): number | null {
  const fen = Math.round(yuan * 100);
  return Math.abs(fen - yuan * 100) < 1e-6 && fen >= 0 ? fen : null;
}

/** Splits a cell of codes written with any of the separators people type (, ， 、 ; space). */
export const splitCodes = (s: string) =>
  s
    .split(/[,，、;；\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
