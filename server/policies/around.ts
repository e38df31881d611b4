import { allow, inSubtree, type Actor } from './registry';
import type { PublicityKind } from '../domain/titles';

declare module './registry' {
  interface PolicySubjects {
    /** Subject: the org running it (an employer for 'unit', a committee unit for the others). */
    'publicity:create': { orgId: number; kind: PublicityKind };
    'publicity:read': { orgId: number; orgCode: string };
    'publicity:complete': { orgId: number; kind: PublicityKind };
    'recommendation:create': { orgId: number };
    'recommendation:read': { orgCode: string };
    'plan:edit': { orgId: number };
    'plan:decide': { approvingOrgId: number | null };
    'plan:read': { orgCode: string };
    'transfer:request': { toOrgId: number };
    'transfer:decide': { fromOrgId: number };
    'transfer:read': { fromOrgId: number; toOrgId: number; fromOrgCode: string; toOrgCode: string };
    'blacklist:read': Record<string, never>;
    'blacklist:lift': { orgCode: string };
    'opinion:manage': { accountId: number };
  }
}

const mine = (a: Actor, orgId: number) => a.orgId === orgId;

allow('publicity:create', { roles: ['staff'], permission: 'qualification.publicity', when: (a, s) => s.kind === 'unit' && mine(a, s.orgId) });
allow('publicity:create', { roles: ['policy_reviewer'], when: (a, s) => s.kind !== 'unit' && mine(a, s.orgId) });
allow('publicity:complete', { roles: ['staff'], permission: 'qualification.publicity', when: (a, s) => s.kind === 'unit' && mine(a, s.orgId) });
allow('publicity:read', { roles: ['admin', 'staff', 'policy_reviewer', 'supervisor'], when: (a, s) => mine(a, s.orgId) || (a.role !== 'policy_reviewer' && inSubtree(a, s.orgCode)) });

allow('recommendation:create', { roles: ['staff'], permission: 'qualification.publicity', when: (a, s) => mine(a, s.orgId) });
allow('recommendation:read', { roles: ['admin', 'staff', 'supervisor'], when: (a, s) => inSubtree(a, s.orgCode) });

// 申报计划: the unit fills it in (admin or handler); each org above approves in turn (seed 002 三).
allow('plan:edit', { roles: ['admin'], when: (a, s) => mine(a, s.orgId) });
allow('plan:edit', { roles: ['staff'], staffKind: 'handler', when: (a, s) => mine(a, s.orgId) });
allow('plan:decide', { roles: ['admin'], when: (a, s) => s.approvingOrgId === a.orgId });
allow('plan:decide', { roles: ['staff'], permission: 'qualification.handler_review', when: (a, s) => s.approvingOrgId === a.orgId });
allow('plan:decide', { roles: ['staff'], permission: 'qualification.leader_review', when: (a, s) => s.approvingOrgId === a.orgId });
allow('plan:read', { roles: ['admin', 'staff', 'supervisor'], when: (a, s) => inSubtree(a, s.orgCode) });

// 单位变动人员管理 (seed 002 二): the new unit asks, the old unit decides; both are the units' admins.
allow('transfer:request', { roles: ['admin'], when: (a, s) => mine(a, s.toOrgId) });
allow('transfer:decide', { roles: ['admin'], when: (a, s) => mine(a, s.fromOrgId) });
allow('transfer:read', {
  roles: ['admin', 'staff'],
  when: (a, s) => mine(a, s.fromOrgId) || mine(a, s.toOrgId) || inSubtree(a, s.fromOrgCode) || inSubtree(a, s.toOrgCode),
});

// 黑名单管理 (seed 003 §1.21): title offices read; the office above the org that blacklisted lifts.
allow('blacklist:read', { roles: ['admin', 'staff', 'supervisor'], when: (a) => a.orgKind === 'office' });
allow('blacklist:lift', { roles: ['admin'], when: (a, s) => a.orgKind === 'office' && inSubtree(a, s.orgCode) });

allow('opinion:manage', { roles: ['staff', 'policy_reviewer', 'admin'], when: (a, s) => a.id === s.accountId });
