import { allow, inSubtree, type Actor } from './registry';

/** The province office (省职改办) keeps the catalogue and the review paths (seed 003 §1.1–1.8). */
export const isProvinceOffice = (a: Actor) => a.orgKind === 'office' && a.orgLevel === 'province';

export interface CommitteeSubject {
  /** The committee unit's code. */
  ownerOrgCode: string;
  ownerOrgId: number;
}

declare module './registry' {
  interface PolicySubjects {
    'catalogue:edit': Record<string, never>;
    'reviewPath:edit': Record<string, never>;
    'committee:read': Record<string, never>;
    'committee:manage': CommitteeSubject;
  }
}

allow('catalogue:edit', { roles: ['admin'], when: (a) => isProvinceOffice(a) });
allow('reviewPath:edit', { roles: ['admin'], when: (a) => isProvinceOffice(a) });

allow('committee:read', { roles: ['admin', 'staff', 'policy_reviewer', 'supervisor'] });
// 评委会管理: an office admin (province or city) for committee units in its subtree (seed 003 §1.10).
allow('committee:manage', {
  roles: ['admin'],
  when: (a, s) => a.orgKind === 'office' && a.orgLevel !== 'county' && inSubtree(a, s.ownerOrgCode),
});
