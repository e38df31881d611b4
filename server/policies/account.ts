import { allow, inSubtree } from './registry';
import type { Role } from '../domain/accountTypes';

export interface AccountSubject {
  id: number;
  role: Role;
  orgId: number;
  orgCode: string;
}

/** Subject of a creation: the organisation it goes into and the role it will have. */
export interface NewAccountSubject {
  orgId: number;
  orgCode: string;
  orgStatus: string;
  role: Role;
}

declare module './registry' {
  interface PolicySubjects {
    'account:readSelf': AccountSubject;
    'account:list': { orgCode: string };
    'account:read': AccountSubject;
    'account:create': NewAccountSubject;
    'account:update': AccountSubject;
    'account:disable': AccountSubject;
    'account:enable': AccountSubject;
    'account:resetPassword': AccountSubject;
    'account:delete': AccountSubject;
  }
}

const everyone = ['admin', 'staff', 'applicant', 'expert', 'policy_reviewer', 'supervisor'] as const;

allow('account:readSelf', { roles: everyone, when: (a, s) => a.id === s.id });

// Lists and details: admins and staff within their subtree; supervisors read too (they watch).
allow('account:list', { roles: ['admin', 'staff', 'supervisor'], when: (a, s) => inSubtree(a, s.orgCode) });
allow('account:read', { roles: ['admin', 'staff', 'supervisor'], when: (a, s) => inSubtree(a, s.orgCode) });

// An org admin creates its own staff, applicants and experts (seed 001 二、四); supervisors and
// policy reviewers are created by an office or committee unit admin.
const createdByAnyAdmin: Role[] = ['staff', 'applicant', 'expert'];
allow('account:create', {
  roles: ['admin'],
  when: (a, s) => a.orgId === s.orgId && s.orgStatus === 'active' && createdByAnyAdmin.includes(s.role),
});
allow('account:create', {
  roles: ['admin'],
  when: (a, s) =>
    a.orgId === s.orgId &&
    s.orgStatus === 'active' &&
    (s.role === 'supervisor' || s.role === 'policy_reviewer') &&
    (a.orgKind === 'office' || a.orgKind === 'committee_unit' || a.orgKind === 'self_evaluating'),
});

// Admins manage the accounts of their org and below, but org admins are managed by the parent
// through the organisation (reset its admin password), never disabled by someone beside them.
const manages = (a: { id: number; orgCode: string; orgId: number }, s: { id: number; orgCode: string; role: Role; orgId: number }) =>
  a.id !== s.id && inSubtree(a as never, s.orgCode) && (s.role !== 'admin' || s.orgId !== a.orgId);

for (const action of ['account:update', 'account:disable', 'account:enable', 'account:resetPassword', 'account:delete'] as const) {
  allow(action, { roles: ['admin'], when: (a, s) => manages(a, s) });
}
