import { allow, inSubtree, type Actor } from './registry';
import type { SetupSubject } from './setup';

/**
 * Issue 7, after the meeting (DESIGN §11; seed 000 第四节, seed 003 §1.15–1.21, seed 004 §6.2.10.9–6.3):
 * - the committee unit (评委会组建单位: the meeting's owner) publishes the results, handles reports,
 *   re-checks and complaints, submits the filing and closes the meeting;
 * - the title office the filing goes to reviews it and issues the certificates with its own
 *   issuing-unit codes; offices revoke, report to the ministry, import and manage the blacklist in
 *   their subtree;
 * - the province office keeps the holiday calendar and the area's settings.
 */
declare module './registry' {
  interface PolicySubjects {
    'results:read': SetupSubject;
    'results:manage': SetupSubject;
    'meeting:close': SetupSubject;
    'reviewForm:read': SetupSubject;
    'appeal:create': { applicantId: number };
    'resultFiling:submit': SetupSubject;
    'resultFiling:read': { orgId: number; orgCode: string; officeOrgId: number };
    'resultFiling:review': { officeOrgId: number };
    'issuingUnit:manage': { orgId: number };
    'certificate:issue': { officeOrgId: number };
    'certificate:read': { orgCode: string; applicantId: number | null };
    'certificate:revoke': { orgCode: string };
    'certificate:report': { orgId: number };
    'certificate:import': { orgId: number };
    'blacklist:add': Record<string, never>;
    'blacklist:edit': { orgCode: string };
    'calendar:edit': Record<string, never>;
    'afterSettings:edit': Record<string, never>;
    'statistics:read': Record<string, never>;
  }
}

const STAFF = ['admin', 'staff'] as const;
const isOffice = (a: Actor) => a.orgKind === 'office';
/** The meeting's own unit, by its admin or a handler (经办人办理, seed 000 第四节). */
const ownerHandler = (a: Actor, s: SetupSubject) => a.orgId === s.meeting.ownerOrgId && (a.role === 'admin' || a.staffKind === 'handler');

allow('results:read', { roles: STAFF, when: (_a, s) => s.isStaff || s.isOfficeAbove });
allow('results:read', { roles: ['supervisor'], when: (_a, s) => s.isSupervisor });
allow('results:manage', { roles: STAFF, when: ownerHandler });
allow('meeting:close', { roles: STAFF, when: ownerHandler });
allow('reviewForm:read', { roles: STAFF, when: (_a, s) => s.isStaff || s.isOfficeAbove });

allow('appeal:create', { roles: ['applicant'], when: (a, s) => a.id === s.applicantId });

allow('resultFiling:submit', { roles: STAFF, when: ownerHandler });
allow('resultFiling:read', { roles: STAFF, when: (a, s) => a.orgId === s.orgId || a.orgId === s.officeOrgId || inSubtree(a, s.orgCode) });
allow('resultFiling:read', { roles: ['supervisor'], when: (a, s) => inSubtree(a, s.orgCode) });
allow('resultFiling:review', { roles: STAFF, when: (a, s) => isOffice(a) && a.orgId === s.officeOrgId });

allow('issuingUnit:manage', { roles: STAFF, when: (a, s) => isOffice(a) && a.orgId === s.orgId });
allow('certificate:issue', { roles: STAFF, when: (a, s) => isOffice(a) && a.orgId === s.officeOrgId });
allow('certificate:read', { roles: [...STAFF, 'supervisor'], when: (a, s) => isOffice(a) && inSubtree(a, s.orgCode) });
allow('certificate:read', { roles: ['applicant'], when: (a, s) => s.applicantId === a.id });
allow('certificate:revoke', { roles: STAFF, when: (a, s) => isOffice(a) && inSubtree(a, s.orgCode) });
allow('certificate:report', { roles: STAFF, when: (a, s) => isOffice(a) && a.orgId === s.orgId });
allow('certificate:import', { roles: STAFF, when: (a, s) => isOffice(a) && a.orgId === s.orgId });

// 黑名单: offices add and edit (seed 003 §1.21); lifting stays with blacklist:lift (office admins).
allow('blacklist:add', { roles: STAFF, when: (a) => isOffice(a) });
allow('blacklist:edit', { roles: STAFF, when: (a, s) => isOffice(a) && inSubtree(a, s.orgCode) });

allow('calendar:edit', { roles: STAFF, when: (a) => isOffice(a) && a.orgLevel === 'province' });
allow('afterSettings:edit', { roles: ['admin'], when: (a) => isOffice(a) && a.orgLevel === 'province' });

// 报表查询: anyone who runs a unit reads the figures of its own subtree.
allow('statistics:read', { roles: [...STAFF, 'supervisor'] });
