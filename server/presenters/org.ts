import type { Organisation } from '../../models';

export function presentOrg(org: Organisation) {
  return {
    id: org.id,
    code: org.code,
    parentId: org.parentId ?? null,
    name: org.name,
    kind: org.kind,
    category: org.category,
    level: org.level,
    status: org.status,
    statusReason: org.statusReason ?? null,
    pendingParentId: org.pendingParentId ?? null,
    profile: org.profile,
    createdAt: org.createdAt.toISOString(),
  };
}
export type OrgView = ReturnType<typeof presentOrg>;
