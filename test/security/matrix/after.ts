import crypto from 'node:crypto';
import { newIdNumber } from '../../helpers/factories';
import type { Table } from '../lib/table';
import { pdfUpload } from '../lib/world';
import { ADMIN_STAFF_SUPERVISORS, ANY_SESSION, CITY, EVERYONE, MEETING_ROSTER, OFFICES, PROVINCE, SIGNED_IN, SUPERVISORS, UNIT } from './who';

const YEAR = new Date().getUTCFullYear();

/** After the meeting (DESIGN §11; issue 7): results, appeals, filing, certificates, blacklist, statistics, calendar. */
export const after: Table = {
  'GET /health': { allow: EVERYONE },
  'GET /after/meetings': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /after/meetings/export': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /meetings/:id/results': { label: 'the decided meeting', allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.decided }) },
  'GET /meetings/:id/results/export': { label: 'the decided meeting', allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.decided }) },
  'POST /meetings/:id/results/publish': { label: 'the decided meeting (published: 409)', allow: UNIT, params: (w) => ({ id: w.ids.decided }), body: () => ({}) },
  'POST /result-publicities/:id/complete': { label: 'the running publicity (409)', allow: UNIT, phase: 7, params: (w) => ({ id: w.ids.runningPublicity }), body: () => ({}) },
  'GET /result-publicities/:id/reports/export': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.runningPublicity }) },
  'POST /result-reports/:id/handle': { allow: UNIT, params: (w) => ({ id: w.ids.resultReport }), body: () => ({ decision: 'dismissed', opinion: '经核查不属实' }) },
  'POST /result-items/:id/resolve': { label: 'not held (409)', allow: UNIT, params: (w) => ({ id: w.ids.resultItem }), body: () => ({ outcome: 'confirmed', note: '维持' }) },
  'POST /meetings/:id/close': { label: 'the decided meeting', allow: UNIT, phase: 10, params: (w) => ({ id: w.ids.decided }), body: () => ({}) },
  'GET /meeting-applicants/:id/review-form': { label: 'a decided applicant', allow: [...OFFICES, ...UNIT], params: (w) => ({ id: w.ids.decidedMa }) },
  'GET /my/results': { allow: SIGNED_IN },
  // 复查/投诉 (Art. 27): the applicant, about its own result, while the publicity runs.
  'POST /appeals': { label: "applicant Pub's result", allow: ['applicantPub'], body: (w) => ({ declarationId: w.ids.declPub, kind: 'complaint', content: '对评审结果有异议' }) },
  'GET /appeals': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /appeals/export': { allow: ADMIN_STAFF_SUPERVISORS },
  'POST /appeals/:id/handle': { allow: UNIT, params: (w) => ({ id: w.ids.appeal }), body: () => ({ status: 'accepted' }) },
  'GET /appeals/:id': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.appeal }) },
  'GET /filings': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /filings/export': { allow: ADMIN_STAFF_SUPERVISORS },
  'POST /meetings/:id/filing': { label: 'the decided meeting (filed: 409)', allow: UNIT, params: (w) => ({ id: w.ids.decided }), body: () => ({}) },
  'GET /filings/:id': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.resultFiling }) },
  'PATCH /filings/:id': { label: 'passed (409)', allow: UNIT, params: (w) => ({ id: w.ids.resultFiling }), body: () => ({ note: '补充说明' }) },
  'POST /filings/:id/files/:kind': { label: 'passed (409)', allow: UNIT, params: (w) => ({ id: w.ids.resultFiling, kind: 'notice' }), form: () => pdfUpload() },
  'GET /filings/:id/files/:kind': { allow: MEETING_ROSTER, params: (w) => ({ id: w.ids.resultFiling, kind: 'notice' }) },
  'POST /filings/:id/submit': { label: 'passed (409)', allow: UNIT, params: (w) => ({ id: w.ids.resultFiling }) },
  'POST /filings/:id/review': { label: 'filed with the city office (passed: 409)', allow: CITY, params: (w) => ({ id: w.ids.resultFiling }), body: () => ({ decision: 'return', opinion: '补充材料' }) },
  // Issuing units and certificates belong to title offices.
  'GET /issuing-units': { allow: OFFICES },
  'GET /issuing-units/export': { allow: OFFICES },
  'POST /issuing-units': { allow: OFFICES, body: () => ({ code: String(crypto.randomInt(10_000_000, 99_999_999)), name: '新发证单位' }) },
  'PATCH /issuing-units/:id': { label: "the city office's", allow: CITY, params: (w) => ({ id: w.ids.issuingUnit }), body: () => ({ name: '更名发证单位' }) },
  'POST /issuing-units/:id/cancel': { label: "the city office's spare", allow: CITY, phase: 8, params: (w) => ({ id: w.ids.issuingUnit2 }), body: () => ({ reason: '机构撤并' }) },
  'POST /issuing-units/:id/ranges': { label: "the city office's", allow: CITY, params: (w) => ({ id: w.ids.issuingUnit }), body: () => ({ year: YEAR + 5, startSerial: 1, endSerial: 10 }) },
  'DELETE /certificate-ranges/:id': { label: "the city office's unused range", allow: CITY, phase: 8, fresh: true, params: async (w) => ({ id: await w.make.spareRange() }) },
  'GET /filings/:id/issuable': { allow: CITY, params: (w) => ({ id: w.ids.resultFiling }) },
  'POST /certificates/issue': { allow: CITY, body: (w) => ({ filingId: w.ids.resultFiling, issuingUnitId: w.ids.issuingUnit }) },
  // The register is the offices' (an applicant sees its own under /my/results and by id).
  'GET /certificates': { allow: [...OFFICES, ...SUPERVISORS] },
  'GET /certificates/export': { allow: [...OFFICES, ...SUPERVISORS] },
  'POST /certificates/report': { allow: OFFICES, body: () => ({}) },
  'GET /certificates/reports': { allow: OFFICES },
  'GET /certificates/reports/export': { allow: OFFICES },
  'GET /certificates/import-template': { allow: OFFICES },
  'POST /certificates/import': { label: 'a PDF instead of a workbook', allow: OFFICES, form: () => pdfUpload() },
  'GET /certificates/:id': { label: "applicant Cert's", allow: [...OFFICES, 'supervisor', 'applicantCert'], params: (w) => ({ id: w.ids.certificate }) },
  'GET /certificates/:id/pdf': { label: "applicant Cert's", allow: [...OFFICES, 'supervisor', 'applicantCert'], params: (w) => ({ id: w.ids.certificate }) },
  'POST /certificates/:id/revoke': { label: "applicant Cert's", allow: OFFICES, phase: 9, params: (w) => ({ id: w.ids.certificate }), body: () => ({ reason: '材料造假' }) },
  'GET /blacklist/people': { allow: OFFICES, query: () => ({ q: '测试' }) },
  'POST /blacklist': { allow: OFFICES, body: () => ({ idNumber: newIdNumber(), name: '某某', years: 1, reason: '材料造假' }) },
  'PATCH /blacklist/:id': { label: "the city office's entry", allow: OFFICES, params: (w) => ({ id: w.ids.blacklistEntry2 }), body: () => ({ reason: '修改原因' }) },
  'GET /statistics': { allow: ADMIN_STAFF_SUPERVISORS, query: () => ({ year: YEAR }) },
  'GET /statistics/export': { allow: ADMIN_STAFF_SUPERVISORS, query: () => ({ year: YEAR }) },
  'GET /statistics/trend': { allow: ADMIN_STAFF_SUPERVISORS },
  'GET /statistics/trend/export': { allow: ADMIN_STAFF_SUPERVISORS },
  // The holiday calendar and the settings: everyone reads (reference data); the province office keeps them.
  'GET /calendar': { allow: ANY_SESSION, query: () => ({ year: YEAR }) },
  'GET /calendar/export': { allow: ANY_SESSION, query: () => ({ year: YEAR }) },
  'GET /calendar/working-days': { allow: ANY_SESSION, query: () => ({ start: '2026-03-02', days: 5 }) },
  'PUT /calendar/days': { allow: PROVINCE, body: () => ({ day: '2033-05-06', kind: 'holiday', name: '测试假日' }) },
  'DELETE /calendar/days/:id': { allow: PROVINCE, phase: 9, fresh: true, params: async (w) => ({ id: await w.make.calendarDay() }) },
  'GET /after/settings': { allow: ANY_SESSION },
  'PUT /after/settings': { allow: ['provAdmin'], body: () => ({ publicityMinWorkingDays: 5 }) },
  // The public pages.
  'GET /public/result-publicities': { allow: EVERYONE },
  'GET /public/result-publicities/:id': { allow: EVERYONE, params: (w) => ({ id: w.ids.runningPublicity }) },
  'POST /public/result-publicities/:id/reports': { allow: EVERYONE, params: (w) => ({ id: w.ids.runningPublicity }), body: (w) => ({ itemId: w.ids.resultItem2, content: '举报内容' }) },
  'GET /public/certificates/verify': { allow: EVERYONE, query: (w) => ({ code: w.strs.certificateCode }) },
  'GET /public/blacklist-notice': { allow: EVERYONE },
};
