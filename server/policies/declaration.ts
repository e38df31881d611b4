import { allow, inSubtree, type Actor } from './registry';
import { isSenior, type DeclarationStatus, type Level, type Step } from '../domain/titles';

/**
 * Who may see and act on a declaration. The subject is the declaration as it is now (its position)
 * with what the rules need of its employer and committee.
 */
export interface DeclarationSubject {
  applicantId: number;
  /** The employer's code: offices and units above it see it once submitted. */
  orgCode: string;
  status: DeclarationStatus;
  step: Step | null;
  currentOrgId: number | null;
  seriesCode: string;
  level: Level;
  specialtyCode: string | null;
  /** The committee unit (owner of the assigned committee), if any. */
  committeeOrgId: number | null;
  pathOrgIds: number[];
}

declare module './registry' {
  interface PolicySubjects {
    'declaration:create': { accountId: number };
    'declaration:read': DeclarationSubject;
    'declaration:edit': DeclarationSubject;
    'declaration:withdraw': DeclarationSubject;
    /** Route level only: some review step; the command checks the step's own action. */
    'declaration:act': DeclarationSubject;
    'declaration:handlerReview': DeclarationSubject;
    'declaration:leaderReview': DeclarationSubject;
    'declaration:publicity': DeclarationSubject;
    'declaration:assign': DeclarationSubject;
    'declaration:receive': DeclarationSubject;
    'declaration:policyReview': DeclarationSubject;
    'declaration:list': Record<string, never>;
    'declaration:export': Record<string, never>;
  }
}

/** Staff limited to some series (seed 002 人员管理) see and act on those only. */
export const inSeriesScope = (a: Actor, seriesCode: string) => a.seriesScope.length === 0 || a.seriesScope.includes(seriesCode);
const inSpecialtyScope = (a: Actor, code: string | null) => a.specialtyScope.length === 0 || (code !== null && a.specialtyScope.includes(code));

const EDITABLE: DeclarationStatus[] = ['draft', 'withdrawn', 'returned'];
const NEVER_SUBMITTED: DeclarationStatus[] = ['draft'];

const owns = (a: Actor, s: DeclarationSubject) => a.id === s.applicantId;
const atMyStep = (a: Actor, s: DeclarationSubject, steps: Step[]) =>
  s.currentOrgId === a.orgId && s.step !== null && steps.includes(s.step) && inSeriesScope(a, s.seriesCode);
/** Policy reviewers work for their committee unit, within their series and specialties. */
const policyScope = (a: Actor, s: DeclarationSubject) =>
  s.committeeOrgId === a.orgId && inSeriesScope(a, s.seriesCode) && inSpecialtyScope(a, s.specialtyCode);

allow('declaration:create', { roles: ['applicant'], when: (a, s) => a.id === s.accountId });
allow('declaration:read', { roles: ['applicant'], when: owns });
// Units and offices above the employer, once it was submitted; within their series scope.
allow('declaration:read', {
  roles: ['admin', 'staff', 'supervisor'],
  when: (a, s) => !NEVER_SUBMITTED.includes(s.status) && inSubtree(a, s.orgCode) && inSeriesScope(a, s.seriesCode),
});
// The committee unit that received it, and any org it is waiting at (a committee unit beside the tree).
allow('declaration:read', {
  roles: ['admin', 'staff'],
  when: (a, s) => (s.committeeOrgId === a.orgId || s.currentOrgId === a.orgId) && inSeriesScope(a, s.seriesCode),
});
allow('declaration:read', { roles: ['policy_reviewer'], when: policyScope });

allow('declaration:edit', { roles: ['applicant'], when: (a, s) => owns(a, s) && EDITABLE.includes(s.status) });
// 撤回: only while the unit's handler has not acted on it.
allow('declaration:withdraw', {
  roles: ['applicant'],
  when: (a, s) => owns(a, s) && s.status === 'under_review' && s.step === 'handler' && s.currentOrgId === s.pathOrgIds[0],
});

allow('declaration:act', { roles: ['staff', 'policy_reviewer'] });
allow('declaration:handlerReview', { roles: ['staff'], permission: 'qualification.handler_review', when: (a, s) => atMyStep(a, s, ['handler']) });
allow('declaration:leaderReview', { roles: ['staff'], permission: 'qualification.leader_review', when: (a, s) => atMyStep(a, s, ['leader']) });
// 申报公示 and 单位推荐上报 at the employer (seed 001: 结果公示处理).
allow('declaration:publicity', { roles: ['staff'], permission: 'qualification.publicity', when: (a, s) => atMyStep(a, s, ['publicity', 'recommend']) });
// 分配评委会 / 委托评审 at the office where review ended (seed 001: 委托中级/高级评委会).
allow('declaration:assign', {
  roles: ['staff'],
  when: (a, s) =>
    atMyStep(a, s, ['assign']) && a.permissions.includes(isSenior(s.level) ? 'qualification.entrust_senior' : 'qualification.entrust_intermediate'),
});
// 材料接收 by the committee unit's handler.
allow('declaration:receive', { roles: ['staff'], permission: 'qualification.handler_review', when: (a, s) => atMyStep(a, s, ['receive']) });
// 政策性审查: only policy-review accounts, never the unit's own staff (seed 004 §6.2.6).
allow('declaration:policyReview', {
  roles: ['policy_reviewer'],
  when: (a, s) => s.currentOrgId === a.orgId && s.step !== null && ['policy_first', 'policy_second', 'publish'].includes(s.step) && policyScope(a, s),
});

allow('declaration:list', { roles: ['admin', 'staff', 'policy_reviewer', 'supervisor'] });
allow('declaration:export', { roles: ['admin', 'policy_reviewer'] });
allow('declaration:export', { roles: ['staff'], permission: 'qualification.export' });

/** The policy action that governs a step. */
export const STEP_ACTION = {
  handler: 'declaration:handlerReview',
  leader: 'declaration:leaderReview',
  publicity: 'declaration:publicity',
  recommend: 'declaration:publicity',
  assign: 'declaration:assign',
  receive: 'declaration:receive',
  policy_first: 'declaration:policyReview',
  policy_second: 'declaration:policyReview',
  publish: 'declaration:policyReview',
} as const satisfies Record<Step, string>;
