import { TEST_PASSWORD } from '../../helpers/env';
import { newIdNumber, unique } from '../../helpers/factories';
import type { Table } from '../lib/table';
import { ADMINS, ADMIN_STAFF, ADMIN_STAFF_SUPERVISORS, ANY_SESSION, EMP_A, EVERYONE, HANDLERS, PROVINCE, SEES_EMP_A, SIGNED_IN, STAFF, SUPERVISORS } from './who';

/** Sign-in, organisations, accounts, the title catalogue and committees (DESIGN §2–5, §8). */
export const foundation: Table = {
  // ---- sessions: anyone may try; a refresh needs one's own refresh token ----
  'GET /health/live': { allow: EVERYONE },
  'GET /health/ready': { allow: EVERYONE },
  'POST /auth/login': { allow: EVERYONE, body: (w, a) => ({ username: a === 'anon' ? w.strs.spareUsername : w.actors[a].account!.username, password: TEST_PASSWORD }) },
  'POST /auth/refresh': { allow: ANY_SESSION, body: (w, a) => (a === 'anon' ? {} : { refreshToken: w.actors[a].refresh }) },
  'POST /auth/logout': { allow: EVERYONE, body: () => ({}) },
  // Same password again: refused after the session is checked, nothing revoked.
  'POST /auth/password': { allow: ANY_SESSION, body: () => ({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }) },
  'GET /auth/me': { allow: ANY_SESSION },

  // ---- organisations: one's own subtree (seed 001 逐级创建, 上级单位审核) ----
  'GET /orgs/tree': [
    { label: 'own subtree', allow: SIGNED_IN },
    { label: 'rooted at employer A', allow: SEES_EMP_A, query: (w) => ({ rootId: w.ids.empA }) },
  ],
  'GET /orgs': { allow: SIGNED_IN },
  'GET /orgs/export': { allow: SIGNED_IN },
  'GET /orgs/lookup': { allow: ADMIN_STAFF, query: (w) => ({ code: w.strs.cityCode }) },
  'GET /orgs/pending-moves': { allow: [...ADMINS, ...HANDLERS] },
  'GET /orgs/:id': { label: 'employer A', allow: SEES_EMP_A, params: (w) => ({ id: w.ids.empA }) },
  'POST /orgs': { label: 'a child of the city office', allow: ['cityAdmin'], body: (w) => ({ parentId: w.ids.city, name: `新单位${unique('')}`, kind: 'employer', category: 'hospital' }) },
  'PUT /orgs/:id/profile': { label: 'employer A', allow: ['empAAdmin'], params: (w) => ({ id: w.ids.empA }), body: () => ({ profile: { contactName: '联系人' } }) },
  'POST /orgs/:id/approval': { label: 'a child waiting for the city', allow: ['cityAdmin'], params: (w) => ({ id: w.ids.orgPending }), body: () => ({ approve: true }) },
  // Only the direct parent resets the child's admin or disables the child; each call gets a new child.
  'POST /orgs/:id/reset-admin-password': { allow: ['cityAdmin'], fresh: true, params: async (w) => ({ id: (await w.throwawayOrg()).org.id }) },
  'POST /orgs/:id/disable': { allow: ['cityAdmin'], fresh: true, params: async (w) => ({ id: (await w.throwawayOrg()).org.id }) },
  // The same parent again: refused (400 same_parent) after the unit's own admin is recognised.
  'POST /orgs/:id/move': { label: 'employer A', allow: ['empAAdmin'], params: (w) => ({ id: w.ids.empA }), body: (w) => ({ newParentId: w.ids.city }) },
  // A unit asking to move under city 2: city 2's admin (not an actor) or a title office's handler above it.
  'POST /orgs/:id/move/decision': { label: 'a unit moving to city 2', allow: ['provHandler'], params: (w) => ({ id: w.ids.orgMoving }), body: () => ({ approve: false, reason: '不同意调整' }) },

  // ---- accounts: admins and staff read their subtree; admins manage it (never their own org's admin) ----
  'GET /accounts': [
    { label: 'own org', allow: ADMIN_STAFF_SUPERVISORS },
    { label: 'employer A', allow: [...PROVINCE, 'cityAdmin', 'cityHandler', 'supervisor', ...EMP_A], query: (w) => ({ orgId: w.ids.empA }) },
  ],
  'GET /accounts/export': { label: 'own org', allow: ADMIN_STAFF_SUPERVISORS },
  'GET /accounts/:id': { label: 'applicant A', allow: [...PROVINCE, 'cityAdmin', 'cityHandler', 'supervisor', ...EMP_A], params: (w) => ({ id: w.actors.applicantA.account!.id }) },
  'POST /accounts': { label: 'an applicant of employer A', allow: ['empAAdmin'], body: (w) => ({ orgId: w.ids.empA, role: 'applicant', name: '新申报人', idNumber: newIdNumber() }) },
  'PATCH /accounts/:id': { label: 'an applicant of employer A', allow: ['provAdmin', 'cityAdmin', 'empAAdmin'], fresh: true, params: async (w) => ({ id: (await w.throwawayAccount()).id }), body: () => ({ name: '改名后' }) },
  'POST /accounts/:id/disable': { allow: ['provAdmin', 'cityAdmin', 'empAAdmin'], fresh: true, params: async (w) => ({ id: (await w.throwawayAccount()).id }) },
  'POST /accounts/:id/enable': { allow: ['provAdmin', 'cityAdmin', 'empAAdmin'], fresh: true, params: async (w) => ({ id: (await w.throwawayAccount()).id }) },
  'POST /accounts/:id/reset-password': { allow: ['provAdmin', 'cityAdmin', 'empAAdmin'], fresh: true, params: async (w) => ({ id: (await w.throwawayAccount()).id }) },
  'DELETE /accounts/:id': { allow: ['provAdmin', 'cityAdmin', 'empAAdmin'], fresh: true, params: async (w) => ({ id: (await w.throwawayAccount()).id }) },

  // ---- the title catalogue and review paths: read by everyone, kept by the province office's admin ----
  'GET /catalogue': { allow: ANY_SESSION },
  'GET /catalogue/series/:code': { allow: ANY_SESSION, params: () => ({ code: 'weisheng' }) },
  'POST /catalogue/series': { allow: ['provAdmin'], body: () => ({ code: unique('s').toLowerCase(), name: '新系列', levels: ['zhongji'] }) },
  'PATCH /catalogue/series/:id': { allow: ['provAdmin'], params: (w) => ({ id: w.ids.seriesThrow }), body: () => ({ position: 7 }) },
  'POST /catalogue/qualifications': { allow: ['provAdmin'], body: (w) => ({ seriesId: w.ids.seriesThrow, level: 'zhongji', name: unique('资格').slice(0, 20) }) },
  'PATCH /catalogue/qualifications/:id': { allow: ['provAdmin'], params: (w) => ({ id: w.ids.qualThrow }), body: () => ({ position: 3 }) },
  'DELETE /catalogue/qualifications/:id': { allow: ['provAdmin'], phase: 9, params: (w) => ({ id: w.ids.qualDel }) },
  'POST /catalogue/specialties': { allow: ['provAdmin'], body: (w) => ({ seriesId: w.ids.seriesThrow, code: unique('c'), name: '新专业' }) },
  'PATCH /catalogue/specialties/:id': { allow: ['provAdmin'], params: (w) => ({ id: w.ids.specThrow }), body: () => ({ position: 3 }) },
  'DELETE /catalogue/specialties/:id': { allow: ['provAdmin'], phase: 9, params: (w) => ({ id: w.ids.specDel }) },
  'GET /review-paths': { allow: ANY_SESSION },
  'GET /review-paths/export': { allow: ANY_SESSION },
  'POST /review-paths': { allow: ['provAdmin'], body: (w) => ({ seriesCode: w.strs.seriesThrowCode, level: 'zhongji', route: 'initial', endsAt: 'city' }) },
  'PATCH /review-paths/:id': { allow: ['provAdmin'], params: (w) => ({ id: w.ids.pathThrow }), body: () => ({ note: '说明' }) },
  'DELETE /review-paths/:id': { allow: ['provAdmin'], phase: 9, params: (w) => ({ id: w.ids.pathDel }) },

  // ---- committees: read by every unit's people; an office (not a county) manages those of its subtree ----
  'GET /committees': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'] },
  'GET /committees/export': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'] },
  'POST /committees': { label: 'for our committee unit', allow: ['provAdmin', 'cityAdmin'], body: (w) => ({ name: '新评审委员会', seriesCode: 'weisheng', type: 'social', ownerOrgId: w.ids.unit, levels: ['fugao'] }) },
  'GET /committees/:id': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'], params: (w) => ({ id: w.ids.committee }) },
  'PATCH /committees/:id': { allow: ['provAdmin', 'cityAdmin'], params: (w) => ({ id: w.ids.committee }), body: () => ({ note: '备注' }) },
  // 材料截止: whoever works the unit's material receipt (its handler); no deadline set here: 409.
  'POST /committees/:id/material-deadline': { allow: ['unitStaff'], params: (w) => ({ id: w.ids.committee }) },
  'POST /committees/:id/disable': { label: 'a spare committee', allow: ['provAdmin', 'cityAdmin'], phase: 9, params: (w) => ({ id: w.ids.committeeThrow }), body: () => ({ reason: '撤销测试' }) },
  // 委托评审: any unit but the owner asks (the province and city may commission too).
  'POST /committees/:id/commissions': { allow: ['provAdmin', 'cityAdmin', 'empAAdmin', 'empBAdmin', 'otherUnitAdmin'], params: (w) => ({ id: w.ids.committee }), body: () => ({ year: 2030 }) },
  'GET /commissions': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'] },
  'POST /commissions/:id/decide': { label: "employer A's request", allow: ['unitAdmin', 'unitStaff'], params: (w) => ({ id: w.ids.commission }), body: () => ({ accept: true }) },
  'POST /commissions/:id/withdraw': { label: "employer A's request", allow: ['empAAdmin'], params: (w) => ({ id: w.ids.commission2 }) },
};

void STAFF;
void SUPERVISORS;
void ADMIN_STAFF;
