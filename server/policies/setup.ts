import { allow, inSubtree, type Actor } from './registry';
import type { MeetingContext } from '../commands/meeting/context';
import type { OrgKind } from '../domain/orgTypes';

/**
 * Issue 4: committees, the expert library and the meeting setup (DESIGN §8, seed 001 二 权限).
 * - 评委会-组建单位: the committee unit (owner org) builds its library and its meetings;
 * - 评委会-授权管理单位 (committee.authority_*): the office above files library changes and plans;
 * - the chair (主任) confirms the scoring standard and names group leaders (seed 000 第四章).
 */
export type { CommitteeSubject } from './catalogue';
import type { CommitteeSubject } from './catalogue';

/** A meeting as the setup sees it: who the actor is in it, and its owner's place in the tree. */
export type SetupSubject = MeetingContext & {
  ownerOrgCode: string;
  /** The actor works at an office above the committee unit (职改办, 授权管理单位). */
  isOfficeAbove: boolean;
};

declare module './registry' {
  interface PolicySubjects {
    'committee:commission': CommitteeSubject;
    'commission:decide': CommitteeSubject;
    'commission:withdraw': { orgId: number };
    'library:read': CommitteeSubject;
    'library:manage': CommitteeSubject;
    'filing:decide': { officeOrgId: number | null };
    'expertRecommendation:create': { fromOrgId: number };
    'expertRecommendation:decide': CommitteeSubject;
    'expertProfile:edit': { accountId: number };
    'expertProfile:review': { stepOrgId: number | null };
    'meeting:create': { ownerOrgId: number; ownerKind: OrgKind };
    'meeting:read': SetupSubject;
    'meeting:setup': SetupSubject;
    'meeting:delete': SetupSubject;
    'group:setLeader': SetupSubject;
    'plan:handlerReview': SetupSubject;
    'plan:officeReview': SetupSubject;
    'standard:approve': SetupSubject;
    'standard:confirm': SetupSubject;
    'recusal:declare': SetupSubject & { expertId: number };
    'recusal:order': SetupSubject;
    'entrustment:perform': { officeOrgId: number };
    'draw:audit': SetupSubject;
    'meeting:export': SetupSubject;
    /** The lists of experts, applicants and recusals (closed meeting, Art. 24: not for experts). */
    'meeting:roster': SetupSubject;
  }
}

const hasAuthority = (a: Actor) =>
  a.role === 'admin' || a.permissions.includes('committee.authority_handler') || a.permissions.includes('committee.authority_leader');
const ownerSide = (a: Actor, s: CommitteeSubject) => a.orgId === s.ownerOrgId;

// committee:read and committee:manage are in catalogue.ts (declared once for both areas).

// 委托评审: a unit asks another unit's committee; the committee unit answers.
allow('committee:commission', { roles: ['admin'], when: (a, s) => a.orgId !== s.ownerOrgId });
allow('commission:decide', { roles: ['admin', 'staff'], when: (a, s) => ownerSide(a, s) });
allow('commission:withdraw', { roles: ['admin'], when: (a, s) => a.orgId === s.orgId });

// The library: the committee unit and everyone above it reads; the unit's admin (the committee's own
// account in seed 000) adds, imports and files changes.
allow('library:read', { roles: ['admin', 'staff', 'supervisor'], when: (a, s) => inSubtree(a, s.ownerOrgCode) });
allow('library:manage', { roles: ['admin'], when: (a, s) => ownerSide(a, s) });
// 专家库更新备案审核: the office the filing went to (admin, or staff of 授权管理单位).
allow('filing:decide', { roles: ['admin', 'staff'], when: (a, s) => s.officeOrgId !== null && a.orgId === s.officeOrgId && hasAuthority(a) });

// 专家推荐: any unit's admin puts its own people forward; the committee unit accepts or refuses.
allow('expertRecommendation:create', { roles: ['admin'], when: (a, s) => a.orgId === s.fromOrgId });
allow('expertRecommendation:decide', { roles: ['admin', 'staff'], when: (a, s) => ownerSide(a, s) });

// The expert's own profile; each org of the chain reviews it in turn (seed 002 四 专家审查).
allow('expertProfile:edit', { roles: ['expert'], when: (a, s) => a.id === s.accountId });
allow('expertProfile:review', { roles: ['admin', 'staff'], when: (a, s) => s.stepOrgId !== null && a.orgId === s.stepOrgId });

// 评审会议: created by the committee unit's admin (seed 000 第三节), set up by its staff.
allow('meeting:create', {
  roles: ['admin'],
  when: (a, s) => a.orgId === s.ownerOrgId && (s.ownerKind === 'committee_unit' || s.ownerKind === 'self_evaluating'),
});
allow('meeting:read', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff || s.isOfficeAbove });
allow('meeting:read', { roles: ['supervisor'], when: (_a, s) => s.isSupervisor });
allow('meeting:read', { roles: ['expert'], when: (_a, s) => !!s.me });
allow('meeting:setup', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff });
allow('meeting:delete', { roles: ['admin'], when: (a, s) => a.orgId === s.meeting.ownerOrgId });

// 指定组长: the unit's staff (seed 002 人员展示) or the chair (seed 000 第四章 指定组长).
allow('group:setLeader', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff });
allow('group:setLeader', { roles: ['expert'], when: (_a, s) => s.me?.title === 'chair' });

// 评审方案: the unit's handler checks it (经办人审核), then the office it went to approves it.
allow('plan:handlerReview', {
  roles: ['admin', 'staff'],
  when: (a, s) => a.orgId === s.meeting.ownerOrgId && (a.role === 'admin' || a.staffKind === 'handler'),
});
allow('plan:officeReview', {
  roles: ['admin', 'staff'],
  when: (a, s) => s.meeting.planOfficeOrgId !== null && a.orgId === s.meeting.planOfficeOrgId && hasAuthority(a),
});

// 评分标准: approved by the unit's leader (or admin), confirmed by the chair (主任).
allow('standard:approve', {
  roles: ['admin', 'staff'],
  when: (a, s) => a.orgId === s.meeting.ownerOrgId && (a.role === 'admin' || a.staffKind === 'leader'),
});
allow('standard:confirm', { roles: ['expert'], when: (_a, s) => s.me?.title === 'chair' });

// 回避: declared by the expert (or recorded by staff); ordered by the office above (Art. 25).
allow('recusal:declare', { roles: ['expert'], when: (_a, s) => !!s.me && s.me.expertId === s.expertId });
allow('recusal:declare', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff });
allow('recusal:order', { roles: ['admin', 'staff'], when: (_a, s) => s.isOfficeAbove });

allow('entrustment:perform', { roles: ['admin', 'staff'], when: (a, s) => a.orgKind === 'office' && a.orgId === s.officeOrgId });

// Auditing a draw, the rosters and their exports: the unit, its supervisors and the offices above.
for (const action of ['draw:audit', 'meeting:export', 'meeting:roster'] as const) {
  allow(action, { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff || s.isOfficeAbove });
  allow(action, { roles: ['supervisor'], when: (_a, s) => s.isSupervisor });
}
