import { allow, inSubtree } from './registry';
import type { OrgKind, OrgLevel, OrgStatus } from '../domain/orgTypes';

export interface OrgSubject {
  id: number;
  code: string;
  parentId: number | null;
  kind: OrgKind;
  level: OrgLevel | null;
  status: OrgStatus;
  pendingParentId: number | null;
  /** The parent's code, where the rule is about the parent's side. */
  parentCode?: string | null;
}

declare module './registry' {
  interface PolicySubjects {
    'org:read': OrgSubject;
    'org:create': OrgSubject; // subject: the parent
    'org:updateProfile': OrgSubject;
    'org:approve': OrgSubject; // subject: the child
    'org:resetAdminPassword': OrgSubject;
    'org:disable': OrgSubject;
    'org:requestMove': OrgSubject;
    'org:lookup': OrgSubject;
    'org:approveMove': OrgSubject & { pendingParentCode: string | null };
  }
}

const everyone = ['admin', 'staff', 'applicant', 'expert', 'policy_reviewer', 'supervisor'] as const;

// A user sees its own organisation's subtree (and nothing above or beside it).
allow('org:read', { roles: everyone, when: (a, o) => inSubtree(a, o.code) });

// The parent creates its children (seed 001: 逐级创建); a county office has no office below.
allow('org:create', { roles: ['admin'], when: (a, parent) => a.orgId === parent.id && parent.status === 'active' });

allow('org:updateProfile', { roles: ['admin'], when: (a, o) => a.orgId === o.id });

// 上级单位审核: the direct parent approves a child's profile and disables a child.
allow('org:approve', { roles: ['admin'], when: (a, o) => a.orgId === o.parentId && o.status === 'pending_approval' });
allow('org:disable', { roles: ['admin'], when: (a, o) => a.orgId === o.parentId });
allow('org:resetAdminPassword', { roles: ['admin'], when: (a, o) => a.orgId === o.parentId });

// Finding an organisation of the province by its exact code: a unit choosing its new parent, a
// meeting's staff entrusting an office with the draw (委托抽取), an expert's employer in the library.
allow('org:lookup', { roles: ['admin', 'staff'], when: (a, o) => o.code.slice(0, 2) === a.orgCode.slice(0, 2) });

// 单位归口 (seed 004 §7.1.2): the unit asks to move; the new parent, or an office above it, approves.
allow('org:requestMove', { roles: ['admin'], when: (a, o) => a.orgId === o.id && o.parentId !== null });
allow('org:approveMove', {
  roles: ['admin'],
  when: (a, o) => o.pendingParentId !== null && a.orgId === o.pendingParentId,
});
allow('org:approveMove', {
  roles: ['staff'],
  staffKind: 'handler',
  when: (a, o) => a.orgKind === 'office' && o.pendingParentCode !== null && inSubtree(a, o.pendingParentCode),
});
