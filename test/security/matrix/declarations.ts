import { currentYear } from '../../../server/commands/accounts';
import { newIdNumber, unique } from '../../helpers/factories';
import type { Case, Table } from '../lib/table';
import { pdfUpload, type World } from '../lib/world';
import { WEISHENG_REQUIRED } from '../../declarations/fixtures';
import {
  ABOVE_EMP_A,
  ADMINS,
  ADMIN_STAFF,
  ADMIN_STAFF_SUPERVISORS,
  APPLICANTS,
  EMP_A,
  EVERYONE,
  HANDLERS,
  OFFICES,
  PROVINCE,
  STAFF,
  SUPERVISORS,
  UNIT,
} from './who';

const YEAR = currentYear();
const SUMMARY = '本人自取得主治医师资格以来，始终坚持以病人为中心，认真履行岗位职责，积极开展临床诊疗、教学和科研工作。'.repeat(12).slice(0, 800);

/** A valid body for each section of a weisheng 副主任医师 declaration (as test/declarations/fixtures.ts fills it). */
const SECTIONS: Record<string, (w: World) => unknown> = {
  basicInfo: () => ({
    name: '张医生',
    gender: 'male',
    birthDate: '1985-06-15',
    ethnicity: '汉族',
    politicalStatus: '中共党员',
    phone: '13800138000',
    firstEducation: '本科',
    major: '临床医学',
    degree: '硕士',
    currentTitle: '主治医师',
  }),
  currentStatus: () => ({ employerName: '测试医院', position: '内科主治医师', workStartDate: '2008-07-01', professionStartDate: '2008-07-01', yearsInProfession: 17, grassrootsYears: 5 }),
  baseMaterials: (w) => ({ materials: WEISHENG_REQUIRED.map((key) => ({ key, fileIds: [w.ids.fileDraft] })) }),
  declarationInfo: () => ({ applyReason: '符合副主任医师申报条件' }),
  education: (w) => ({
    items: [
      {
        kind: 'domestic',
        startDate: '2003-09-01',
        endDate: '2008-07-01',
        school: '河北医科大学',
        major: '临床医学',
        educationLevel: '本科',
        degree: '学士',
        studyMode: '全日制',
        xuexinCode: 'A1B2C3D4E5F6',
        fileIds: [w.ids.fileDraft],
      },
    ],
  }),
  workHistory: () => ({ items: [{ startDate: '2008-07-01', employer: '测试医院', post: '内科医师' }] }),
  currentTitleCert: (w) => ({
    seriesName: '卫生',
    qualificationName: '主治医师',
    level: 'zhongji',
    obtainedDate: '2015-05-20',
    certificateNo: 'ZZ2015001',
    issuer: '河北省卫生健康委员会',
    fileIds: [w.ids.fileDraft],
  }),
  examCertificates: () => ({ items: [] }),
  otherCertificates: () => ({ certificates: [], academicPosts: [] }),
  workExperience: () => ({ appraisals: [2021, 2022, 2023, 2024, 2025].map((year) => ({ year, result: '合格' })), experiences: [{ kind: 'normal', startDate: '2015-06-01', content: '负责内科病区诊疗工作' }] }),
  achievements: () => ({ honours: [] }),
  papers: (w) => ({
    papers: [
      { title: '基层医院慢性病管理研究', journal: '中华全科医学', publishedDate: '2022-03-01', authorRank: 1, verificationUrl: 'https://kns.cnki.net/kcms/detail/detail.aspx?filename=ZHQK202203001', fileIds: [w.ids.fileDraft] },
    ],
  }),
  supplementary: () => ({ professionYears: 17, grassrootsYearsSinceTitle: 5 }),
  workSummary: (w) => ({ summary: SUMMARY, fileId: w.ids.fileDraft }),
};

const sections: Table = Object.fromEntries(
  Object.entries(SECTIONS).map(([key, body]) => [`PUT /declarations/:id/sections/${key}`, { label: "applicant A's draft", allow: ['applicantA'], params: (w: World) => ({ id: w.ids.declDraft }), body } satisfies Case]),
);

/** Everyone who may read a declaration waiting at the committee unit (assigned to its committee). */
const AT_UNIT = [...ABOVE_EMP_A, ...UNIT, 'policyReviewer'] as const;

/** Declarations and their review up the tree, publicity, recommendation, plans, transfers (DESIGN §6–7). */
export const declarations: Table = {
  // ---- the applicant's own declaration ----
  'POST /declarations': { label: 'this year (each already has one: 409)', allow: APPLICANTS, body: (w) => ({ year: YEAR, seriesCode: 'weisheng', level: 'fugao', qualificationId: w.ids.qualification, route: 'review', declType: 'normal' }) },
  'GET /declarations/mine': { allow: APPLICANTS },
  'GET /declarations/:id': [
    { label: "applicant A's draft (never submitted: only the applicant)", allow: ['applicantA'], params: (w) => ({ id: w.ids.declDraft }) },
    { label: "applicant B's, at employer A's handler", allow: ['applicantB', ...ABOVE_EMP_A], params: (w) => ({ id: w.ids.declB }) },
    { label: 'at the policy first check of our unit', allow: AT_UNIT, params: (w) => ({ id: w.ids.declPolicy }) },
    { label: 'in the running meeting (experts read materials, not this)', allow: AT_UNIT, params: (w) => ({ id: w.ids.liveDecl1 }) },
    { label: "employer B's", allow: [...OFFICES, 'supervisor', 'empBAdmin'], params: (w) => ({ id: w.ids.declEmpB }) },
  ],
  'GET /declarations/:id/flow/export': [
    { label: "applicant A's draft", allow: ['applicantA'], params: (w) => ({ id: w.ids.declDraft }) },
    { label: "applicant B's, at employer A's handler", allow: ['applicantB', ...ABOVE_EMP_A], params: (w) => ({ id: w.ids.declB }) },
  ],
  'GET /declarations/:id/flow': [
    { label: "applicant A's draft", allow: ['applicantA'], params: (w) => ({ id: w.ids.declDraft }) },
    { label: "applicant B's, at employer A's handler", allow: ['applicantB', ...ABOVE_EMP_A], params: (w) => ({ id: w.ids.declB }) },
    { label: 'at the policy first check of our unit', allow: AT_UNIT, params: (w) => ({ id: w.ids.declPolicy }) },
  ],
  'PATCH /declarations/:id/settings': { label: "applicant A's draft", allow: ['applicantA'], params: (w) => ({ id: w.ids.declDraft }), body: () => ({ declType: 'normal' }) },
  ...sections,
  'POST /declarations/:id/files': { label: "applicant A's draft", allow: ['applicantA'], params: (w) => ({ id: w.ids.declDraft }), form: () => pdfUpload({ section: 'otherCertificates' }) },
  'DELETE /declarations/:id/files/:fileId': { label: "applicant A's spare file", allow: ['applicantA'], phase: 1, params: (w) => ({ id: w.ids.declDraft, fileId: w.ids.fileDraftSpare }) },
  'GET /files/:id': [
    { label: "a file of applicant A's draft", allow: ['applicantA'], params: (w) => ({ id: w.ids.fileDraft }) },
    { label: "a file of applicant B's submitted declaration", allow: ['applicantB', ...ABOVE_EMP_A], params: (w) => ({ id: w.ids.fileB }) },
    // A unit's own files are the unit's staff's business and the offices' above, not its applicants'.
    { label: "employer A's recommendation proof", allow: ABOVE_EMP_A, params: (w) => ({ id: w.ids.recommendationFile }) },
    // Blind opinions and filing attachments are served by their own routes, which check the meeting's
    // rights (closed meeting, Art. 24): /files never hands them out, least of all to the unit's experts.
    { label: "a blind opinion's PDF (setup meeting)", allow: [], params: (w) => ({ id: w.ids.blindFile }) },
    { label: "a result filing's attachment", allow: [], params: (w) => ({ id: w.ids.filingFile }) },
  ],
  'POST /declarations/:id/submit': { label: "applicant A's draft", allow: ['applicantA'], phase: 2, params: (w) => ({ id: w.ids.declDraft }) },
  'POST /declarations/:id/withdraw': { label: "applicant B's, not yet acted on", allow: ['applicantB'], phase: 2, params: (w) => ({ id: w.ids.declB }), body: () => ({ reason: '补充材料' }) },

  // ---- the review queues and actions (逐级审核) ----
  'GET /review/queue': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'], query: () => ({ step: 'handler' }) },
  'GET /review/queue/export': { allow: [...ADMINS, 'provLeader', 'policyReviewer'], query: () => ({ step: 'handler' }) },
  'GET /review/declarations': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'] },
  'GET /review/declarations/export': { allow: [...ADMINS, 'provLeader', 'policyReviewer'] },
  'POST /declarations/:id/actions': [
    // Staff above who may read it get 409 not_at_your_step: it is not at their step (yet).
    { label: "at employer A's handler", allow: ['empAHandler'], refuses: ['provHandler', 'provLeader', 'cityHandler'], params: (w) => ({ id: w.ids.declAtHandler }), body: () => ({ action: 'pass', opinion: '同意' }) },
    { label: "at the city office's handler", allow: ['cityHandler'], refuses: ['provHandler', 'provLeader', 'empAHandler'], params: (w) => ({ id: w.ids.declCity }), body: () => ({ action: 'pass', opinion: '同意' }) },
    { label: 'at the province office, to assign (委托高级评委会)', allow: ['provLeader'], refuses: ['provHandler', 'cityHandler', 'empAHandler'], params: (w) => ({ id: w.ids.declAssign }), body: (w) => ({ action: 'assign', committeeId: w.ids.committee }) },
    { label: "at our unit's material receipt", allow: ['unitStaff'], refuses: ['provHandler', 'provLeader', 'cityHandler', 'empAHandler', 'policyReviewer'], params: (w) => ({ id: w.ids.declReceive }), body: () => ({ action: 'accept' }) },
    { label: 'at the policy first check', allow: ['policyReviewer'], refuses: ['provHandler', 'provLeader', 'cityHandler', 'empAHandler', 'unitStaff'], params: (w) => ({ id: w.ids.declPolicy }), body: () => ({ action: 'pass', opinion: '符合' }) },
    { label: "employer B's (nobody here acts there)", allow: [], refuses: ['provHandler', 'provLeader', 'cityHandler'], params: (w) => ({ id: w.ids.declEmpB }), body: () => ({ action: 'pass', opinion: '同意' }) },
  ],
  'POST /declarations/actions/batch': {
    label: "one at employer A's handler",
    allow: ['empAHandler'],
    refuses: [...STAFF.filter((a) => a !== 'empAHandler'), 'policyReviewer'],
    body: (w) => ({ action: 'pass', opinion: '同意', ids: [w.ids.declBatch] }),
    tookEffect: (b) => !!b?.results?.some((r: { ok: boolean }) => r.ok),
  },
  'GET /opinions': { allow: [...ADMIN_STAFF, 'policyReviewer'] },
  'GET /opinions/export': { allow: [...ADMIN_STAFF, 'policyReviewer'] },
  'POST /opinions': { allow: [...ADMIN_STAFF, 'policyReviewer'], body: () => ({ text: '同意推荐' }) },
  'PATCH /opinions/:id': { label: "employer A handler's", allow: ['empAHandler'], params: (w) => ({ id: w.ids.opinionEmpAHandler }), body: () => ({ text: '符合条件' }) },
  'DELETE /opinions/:id': { label: "employer A handler's", allow: ['empAHandler'], phase: 9, params: (w) => ({ id: w.ids.opinionEmpAHandler }) },
  'GET /blacklist': { allow: [...OFFICES, ...SUPERVISORS] },
  'GET /blacklist/export': { allow: [...OFFICES, ...SUPERVISORS] },
  'POST /blacklist/:id/lift': { label: "the city office's entry", allow: ['provAdmin', 'cityAdmin'], phase: 8, params: (w) => ({ id: w.ids.blacklistEntry }), body: () => ({ reason: '期满解除' }) },

  // ---- unit publicity (申报公示) and recommendation (推荐上报) ----
  // Other handlers with the publicity right may publicise their own unit's declarations, not employer A's.
  'POST /publicities': {
    label: "employer A's declarations",
    allow: ['empAHandler'],
    refuses: HANDLERS.filter((a) => a !== 'empAHandler'),
    body: (w) => ({ kind: 'unit', title: '职称申报公示', startsAt: new Date(Date.now() - 3600_000).toISOString(), endsAt: new Date(Date.now() + 5 * 86400_000).toISOString(), declarationIds: [w.ids.declPublicity] }),
  },
  'GET /publicities': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'] },
  'GET /publicities/export': { allow: [...ADMIN_STAFF_SUPERVISORS, 'policyReviewer'] },
  'GET /publicities/:id': { label: "employer A's", allow: ABOVE_EMP_A, params: (w) => ({ id: w.ids.unitPublicity }) },
  'GET /publicities/:id/export': { label: "employer A's", allow: ABOVE_EMP_A, params: (w) => ({ id: w.ids.unitPublicity }) },
  'GET /publicities/:id/reports': { label: "employer A's", allow: ABOVE_EMP_A, params: (w) => ({ id: w.ids.unitPublicity }) },
  'GET /publicities/:id/reports/export': { label: "employer A's", allow: ABOVE_EMP_A, params: (w) => ({ id: w.ids.unitPublicity }) },
  'POST /publicities/:id/complete': { label: "employer A's, still running (409)", allow: ['empAHandler'], params: (w) => ({ id: w.ids.unitPublicity }) },
  'GET /public/publicities': { allow: EVERYONE },
  'GET /public/publicities/:id': { allow: EVERYONE, params: (w) => ({ id: w.ids.unitPublicity }) },
  'POST /public/publicities/:id/reports': { allow: EVERYONE, params: (w) => ({ id: w.ids.unitPublicity }), body: (w) => ({ declarationId: w.ids.declPublicityListed, content: '该申报人材料存在问题，请核实。' }) },
  'POST /recommendations/files': { label: "one's own unit's proof", allow: HANDLERS, form: () => pdfUpload() },
  'POST /recommendations': {
    label: "employer A's declaration",
    allow: ['empAHandler'],
    refuses: HANDLERS.filter((a) => a !== 'empAHandler'),
    body: (w) => ({ declarationIds: [w.ids.declRecommend], handlerName: '王经办', handlerPhone: '0311-1234567', opinion: '同意推荐' }),
  },
  'GET /recommendations': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /recommendations/export': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /recommendations/:id': { label: "employer A's", allow: ABOVE_EMP_A, params: (w) => ({ id: w.ids.recommendation }) },

  // ---- plans (申报计划): the unit fills in, each org above approves ----
  'GET /plans': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /plans/export': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /plans/stats': { allow: ADMIN_STAFF_SUPERVISORS, query: () => ({ year: YEAR }) },
  'GET /plans/stats/export': { allow: ADMIN_STAFF_SUPERVISORS, query: () => ({ year: YEAR }) },
  'POST /plans': { label: "one's own unit's", allow: [...ADMINS, ...HANDLERS], body: () => ({ year: YEAR, seriesCode: 'weisheng', level: 'zhongji', quota: 5 }) },
  'PATCH /plans/:id': { label: "employer A's draft", allow: EMP_A, params: (w) => ({ id: w.ids.planDraft }), body: () => ({ quota: 60 }) },
  'POST /plans/:id/submit': { label: "employer A's draft", allow: EMP_A, phase: 1, params: (w) => ({ id: w.ids.planDraft }) },
  'POST /plans/:id/decision': { label: "employer A's, waiting at the city", allow: ['cityAdmin', 'cityHandler'], fresh: true, params: async (w) => ({ id: await w.make.submittedPlan() }), body: () => ({ approve: true }) },
  'GET /transfers': { allow: ADMIN_STAFF },
  'GET /transfers/export': { allow: ADMIN_STAFF },
  'POST /transfers': { label: 'someone of employer A, into one’s own unit', allow: ADMINS, body: (w) => ({ idNumber: w.strs.transferIdNumber, year: YEAR }) },
  'POST /transfers/:id/decision': { label: 'employer B asks for one of employer A', allow: ['empAAdmin'], params: (w) => ({ id: w.ids.transfer }), body: () => ({ approve: false, reason: '不同意调出' }) },
};

void PROVINCE;
void newIdNumber;
void unique;
