import { newIdNumber, unique } from '../../helpers/factories';
import { STANDARD } from '../../helpers/meeting';
import type { Table } from '../lib/table';
import { pdfUpload } from '../lib/world';
import { ADMINS, ADMIN_STAFF, ADMIN_STAFF_SUPERVISORS, CITY, EXPERTS, IN_MEETING, MEETING_ROSTER, OFFICES, SIGNED_IN, UNIT } from './who';

const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
/** The setup meeting: its insiders, and its chair (the same expert chairs the running meeting). */
const SETUP_READERS = [...MEETING_ROSTER, 'chair'] as const;

/** Committees' libraries, expert profiles and the review meetings' setup (DESIGN §8; issue 4). */
export const setup: Table = {
  // ---- the expert library (评委库): the unit's admin keeps it; the unit and everyone above read ----
  'GET /committees/:id/experts': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.committee }) },
  'POST /committees/:id/experts': { allow: ['unitAdmin'], params: (w) => ({ id: w.ids.committee }), body: (w) => ({ idNumber: newIdNumber('1965-01-01'), name: '新专家', employerOrgId: w.ids.city, specialties: ['neike'] }) },
  'DELETE /committees/:id/experts/:expertId': { label: 'a pending entry', allow: ['unitAdmin'], phase: 9, params: (w) => ({ id: w.ids.committee, expertId: w.ids.pendingExpert2 }) },
  'GET /committees/:id/experts/template': { allow: ['unitAdmin'], params: (w) => ({ id: w.ids.committee }) },
  'POST /committees/:id/experts/import': { label: 'a PDF instead of a workbook', allow: ['unitAdmin'], params: (w) => ({ id: w.ids.committee }), form: () => pdfUpload() },
  'GET /import-jobs/:id': { label: "the unit admin's import", allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.importJob }) },
  'GET /committees/:id/experts/export': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.committee }) },
  'POST /committees/:id/filings': { allow: ['unitAdmin'], params: (w) => ({ id: w.ids.committee }), body: (w) => ({ items: [{ expertId: w.ids.pendingExpert2, action: 'add' }] }) },
  'GET /committees/:id/filings': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.committee }) },
  'GET /library-filings': { allow: ADMIN_STAFF },
  'GET /library-filings/export': { allow: ADMIN_STAFF },
  'GET /library-filings/:id': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.libraryFiling }) },
  'POST /library-filings/:id/decide': { label: 'filed with the city office', allow: CITY, params: (w) => ({ id: w.ids.libraryFiling }), body: () => ({ approve: true }) },
  'POST /expert-recommendations': { label: "one's own unit's person", allow: ADMINS, body: (w) => ({ committeeId: w.ids.committee, idNumber: newIdNumber('1963-01-01'), name: '被推荐专家', specialties: ['neike'] }) },
  'GET /expert-recommendations': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'] },
  'GET /expert-recommendations/export': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'] },
  'POST /expert-recommendations/:id/decide': { label: "employer A's, to our committee", allow: UNIT, params: (w) => ({ id: w.ids.expertRec }), body: () => ({ accept: true }) },

  // ---- expert profiles: one's own; each org of the chain reviews it ----
  'GET /me/expert-profile': { allow: EXPERTS },
  'PUT /me/expert-profile': { allow: EXPERTS, body: () => ({ profile: { note: '个人说明' } }) },
  'POST /me/expert-profile/submit': { allow: EXPERTS, phase: 1 },
  'GET /expert-profiles/queue': { allow: ADMIN_STAFF },
  'GET /expert-profiles/queue/export': { allow: ADMIN_STAFF },
  'GET /experts/:id': [
    { label: 'the member (in our library)', allow: ['member', ...MEETING_ROSTER], params: (w) => ({ id: w.ids.expertMember }) },
    { label: 'the outsider, whose profile waits at the city', allow: ['expertOut', ...MEETING_ROSTER], params: (w) => ({ id: w.ids.expertOut }) },
  ],
  'POST /experts/:id/profile-review': { label: 'waiting at the city office', allow: CITY, fresh: true, params: async (w) => ({ id: await w.make.submittedProfile() }), body: () => ({ approve: true }) },

  // ---- meetings: the unit sets up; the offices above and the city supervisor read; experts read their own ----
  'GET /meetings': { allow: SIGNED_IN },
  'GET /meetings/export': { allow: SIGNED_IN },
  // Another committee unit may not hold a meeting of our committee: refused (422) for the committee it names.
  'POST /meetings': { label: 'of our committee', allow: ['unitAdmin'], refuses: ['otherUnitAdmin'], body: (w) => ({ name: `新评审会议${unique('')}`, startsAt: hours(400), endsAt: hours(420), committeeIds: [w.ids.committee] }) },
  'GET /meetings/:id': [
    { label: 'the setup meeting', allow: SETUP_READERS, params: (w) => ({ id: w.ids.setup }) },
    { label: 'the running meeting', allow: [...MEETING_ROSTER, ...IN_MEETING], params: (w) => ({ id: w.ids.live }) },
  ],
  'PATCH /meetings/:id': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: () => ({ notes: '会议说明' }) },
  'DELETE /meetings/:id': { label: 'a spare meeting of our unit', allow: ['unitAdmin'], phase: 9, params: (w) => ({ id: w.ids.setupDelete }) },
  'GET /meetings/:id/readiness': { allow: SETUP_READERS, params: (w) => ({ id: w.ids.setup }) },
  'GET /meetings/:id/log': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  // 评审方案: written and submitted by the unit, checked by its handler, then by the office above (each on a meeting of its own).
  'PUT /meetings/:id/plan': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: () => ({ kind: 'normal', text: '评审方案（修订）' }) },
  'POST /meetings/:id/plan/submit': { allow: UNIT, phase: 1, params: (w) => ({ id: w.ids.setup }) },
  'POST /meetings/:id/plan/review': [
    { label: "at the unit's handler", allow: UNIT, fresh: true, params: async (w) => ({ id: await w.make.planAtHandler() }), body: () => ({ approve: true }) },
    { label: 'at the city office', allow: CITY, fresh: true, params: async (w) => ({ id: await w.make.planAtOffice() }), body: () => ({ approve: true }) },
  ],
  // 评分标准: the unit writes and submits, its leader (or admin) approves, the chair confirms.
  'PUT /meetings/:id/standard': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: () => ({ criteria: STANDARD }) },
  'POST /meetings/:id/standard/submit': { allow: UNIT, phase: 1, params: (w) => ({ id: w.ids.setup }) },
  'POST /meetings/:id/standard/approve': { allow: ['unitAdmin'], phase: 2, params: (w) => ({ id: w.ids.setup }), body: () => ({ approve: true }) },
  'POST /meetings/:id/standard/confirm': { allow: ['chair'], phase: 3, params: (w) => ({ id: w.ids.setup }), body: () => ({ approve: true }) },
  'GET /meetings/:id/groups': { allow: SETUP_READERS, params: (w) => ({ id: w.ids.setup }) },
  'POST /meetings/:id/groups': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: () => ({ name: '新评议组' }) },
  'PATCH /groups/:id': { allow: UNIT, params: (w) => ({ id: w.ids.setupGroup }), body: () => ({ room: '302' }) },
  'DELETE /groups/:id': { label: 'an empty group', allow: UNIT, phase: 9, fresh: true, params: async (w) => ({ id: await w.make.setupGroup() }) },
  // 指定组长: the unit's staff or the chair.
  'PUT /groups/:id/leader': { allow: [...UNIT, 'chair'], params: (w) => ({ id: w.ids.setupGroup }), body: (w) => ({ meetingExpertId: w.ids.setupMe2 }) },
  'GET /meetings/:id/experts': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  'POST /meetings/:id/experts': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ expertIds: [w.ids.expertSpare] }) },
  'PATCH /meeting-experts/:id': { allow: UNIT, params: (w) => ({ id: w.ids.setupMe3 }), body: () => ({ title: 'member' }) },
  'DELETE /meeting-experts/:id': { allow: UNIT, phase: 9, fresh: true, params: async (w) => ({ id: await w.make.setupMeetingExpert() }) },
  'PUT /meetings/:id/chairs': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ chairId: w.ids.setupMeChair, viceChairIds: [] }) },
  'POST /meetings/:id/logins': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ meetingExpertIds: [w.ids.setupMe3] }) },
  'POST /meetings/:id/draws': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ groups: [{ groupId: w.ids.setupGroup2, needs: [{ specialty: 'erke', count: 1 }] }] }) },
  'GET /meetings/:id/draws': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  'GET /draws/:id/verify': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setupDraw }) },
  'POST /meetings/:id/entrustments': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ groupId: w.ids.setupGroup, officeOrgId: w.ids.city, needs: [{ specialty: 'neike', count: 1 }] }) },
  'GET /meetings/:id/entrustments': { allow: UNIT, params: (w) => ({ id: w.ids.setup }) },
  'GET /entrustments': { allow: ADMIN_STAFF },
  'POST /entrustments/:id/perform': { label: 'entrusted to the city office', allow: CITY, params: (w) => ({ id: w.ids.setupEntrust }), body: () => ({ mode: 'random' }) },
  'POST /entrustments/:id/cancel': { allow: UNIT, params: (w) => ({ id: w.ids.setupEntrust2 }) },
  'GET /meetings/:id/applicants': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  'GET /meetings/:id/candidates': { allow: UNIT, params: (w) => ({ id: w.ids.setup }) },
  'POST /meetings/:id/applicants': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ declarationIds: [w.ids.setupCandidate] }) },
  'POST /meetings/:id/applicants/assign': { allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ meetingApplicantIds: [w.ids.setupA1], groupId: w.ids.setupGroup }) },
  'POST /meetings/:id/applicants/group-all': { allow: UNIT, params: (w) => ({ id: w.ids.setup }) },
  'DELETE /meeting-applicants/:id': { allow: UNIT, phase: 9, fresh: true, params: async (w) => ({ id: await w.make.setupApplicant() }) },
  'GET /meetings/:id/recusals': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  'GET /meetings/:id/recusals/export': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  // 回避 (Art. 25): declared by the expert or recorded by the unit; ordered by the offices above.
  'POST /meetings/:id/recusals': [
    { label: 'declared for another expert', allow: UNIT, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ expertId: w.ids.setupExpertB, meetingApplicantId: w.ids.setupA2, reason: 'declared' }) },
    { label: 'the chair declares its own', allow: [...UNIT, 'chair'], params: (w) => ({ id: w.ids.setup }), body: (w) => ({ expertId: w.ids.expertChair, meetingApplicantId: w.ids.setupA1, reason: 'declared' }) },
    { label: 'ordered', allow: OFFICES, params: (w) => ({ id: w.ids.setup }), body: (w) => ({ expertId: w.ids.expertChair, meetingApplicantId: w.ids.setupA2, reason: 'ordered' }) },
  ],
  'DELETE /recusals/:id': [
    { label: 'a declared one', allow: UNIT, phase: 9, fresh: true, params: async (w) => ({ id: await w.make.declaredRecusal() }) },
    { label: 'an ordered one', allow: OFFICES, phase: 9, fresh: true, params: async (w) => ({ id: await w.make.orderedRecusal() }) },
  ],
  'GET /meetings/:id/blind-opinions': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  'POST /meeting-applicants/:id/blind-opinions': { allow: UNIT, params: (w) => ({ id: w.ids.setupA1 }), form: () => pdfUpload({ reviewerCode: unique('R'), conclusion: 'agree' }) },
  'DELETE /blind-opinions/:id': { allow: UNIT, phase: 9, fresh: true, params: async (w) => ({ id: await w.make.blindOpinion() }) },
  'GET /blind-opinions/:id/file': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setupBlind }) },
  'GET /meetings/:id/exports/experts': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  'GET /meetings/:id/exports/applicants': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.setup }) },
  'GET /meetings/:id/exports/results': { label: 'the decided meeting', allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.decided }), query: () => ({ result: 'passed' }) },
};
