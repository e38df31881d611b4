import crypto from 'node:crypto';
import { expect } from 'chai';
import { Account, BlacklistEntry, CalendarDay, Certificate, CertificateRange, Declaration, ResultItem, ResultReport } from '../../models';
import { api, errorOf, login, type ApiResponse } from '../helpers/api';
import { TEST_PASSWORD } from '../helpers/env';
import { buildAccount, buildOrg, newIdNumber, rootAdmin, tokenFor } from '../helpers/factories';
import { decidedMeeting, filedMeeting, must, samplePdf, unitWithRange, upload } from './fixtures';
import { chinaToday } from '../../server/domain/workingDays';
import { useFontCandidatesForTests } from '../../server/exports/after/font';

/**
 * Every after-meeting route answers 401 without a token, 403 to someone with no business there
 * (an applicant, another committee unit, another office) with a valid request, and 400 naming the
 * field at fault.
 */
type Who = 'unit' | 'office' | 'province' | 'applicant' | 'otherApplicant' | 'otherUnit' | 'otherOffice';
interface Case {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  body?: unknown;
  file?: boolean;
  stranger?: Who;
  bad?: { path?: string; body?: unknown; field: string };
  as?: Who;
}

describe('after-meeting routes: 401, 403 and 400 for each', function () {
  this.timeout(180_000);
  const f: Record<string, number | string> = {};
  const tokens: Partial<Record<Who, string>> = {};

  before(async () => {
    const d = await decidedMeeting({ applicants: 3 });
    const { publicityId, filingId } = await filedMeeting(d);
    const { unit } = await unitWithRange(d, 20);
    const certs = must(await api(d.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id }), 'issue').body.items;
    const item = (await ResultItem.findOne({ where: { publicityId, result: 'passed' } }))!;
    const decl = (await Declaration.findByPk(item.declarationId))!;
    const applicant = (await Account.findByPk(decl.applicantAccountId))!;
    tokens.applicant = (await login(applicant.username, TEST_PASSWORD)).accessToken;
    const report = await ResultReport.create({ publicityId, itemId: item.id, reporterName: null, contact: null, content: '测试举报' });
    const other = await decidedMeeting({ applicants: 2, confirm: true });
    const otherDecl = (await Declaration.findByPk(other.m.applicants[0].declarationId))!;
    tokens.otherApplicant = (await login((await Account.findByPk(otherDecl.applicantAccountId))!.username, TEST_PASSWORD)).accessToken;
    const bl = await BlacklistEntry.create({ idNumber: newIdNumber(), name: '测试', declarationId: null, orgId: d.office.org.id, years: 1, startsAt: new Date(), endsAt: new Date(Date.now() + 864e5 * 365), reason: '测试', createdById: null });
    const day = await CalendarDay.create({ day: `2031-0${crypto.randomInt(1, 9)}-1${crypto.randomInt(0, 9)}`, kind: 'holiday', name: '测试' });
    const range = (await CertificateRange.findOne({ where: { issuingUnitId: unit.id } }))!;
    Object.assign(f, {
      m: d.m.meeting.id,
      ma: d.m.applicants[0].id,
      pub: publicityId,
      filing: filingId,
      item: item.id,
      rep: report.id,
      decl: decl.id,
      unit: unit.id,
      range: range.id,
      cert: certs[0].id,
      bl: bl.id,
      day: day.id,
    });
    // An appeal needs a running publicity: the other meeting's, published now.
    must(await api(other.staffToken).post(`/meetings/${other.m.meeting.id}/results/publish`, {}), 'publish other');
    f.appeal = must(await api(tokens.otherApplicant).post('/appeals', { declarationId: otherDecl.id, kind: 'recheck', content: '请求复查' }), 'appeal').body.id;
    f.otherDecl = otherDecl.id;
    Object.assign(tokens, { unit: d.staffToken, office: d.office.token, otherUnit: other.staffToken, otherOffice: other.office.token, province: await tokenFor(await rootAdmin()) });
  });

  const P = (s: string) => s.replace(/\{(\w+)\}/g, (_m, k: string) => String(f[k]));
  const cases: Case[] = [
    { method: 'get', path: '/after/meetings', stranger: 'applicant', bad: { path: '/after/meetings?state=nope', field: 'query.state' }, as: 'unit' },
    { method: 'get', path: '/after/meetings/export', stranger: 'applicant' },
    { method: 'get', path: '/meetings/{m}/results', stranger: 'otherUnit', bad: { path: '/meetings/abc/results', field: 'params.id' }, as: 'unit' },
    { method: 'get', path: '/meetings/{m}/results/export', stranger: 'otherUnit' },
    { method: 'post', path: '/meetings/{m}/results/publish', body: {}, stranger: 'otherUnit', bad: { body: { workingDays: 'five' }, field: 'body.workingDays' }, as: 'unit' },
    { method: 'post', path: '/result-publicities/{pub}/complete', body: {}, stranger: 'otherUnit', bad: { body: { hold: 'x' }, field: 'body.hold' }, as: 'unit' },
    { method: 'get', path: '/result-publicities/{pub}/reports/export', stranger: 'otherUnit' },
    { method: 'post', path: '/result-reports/{rep}/handle', body: { decision: 'dismissed', opinion: '不属实' }, stranger: 'otherUnit', bad: { body: { decision: 'maybe', opinion: 'x' }, field: 'body.decision' }, as: 'unit' },
    { method: 'post', path: '/result-items/{item}/resolve', body: { outcome: 'confirmed', note: 'x' }, stranger: 'otherUnit', bad: { body: { outcome: 'x', note: 'x' }, field: 'body.outcome' }, as: 'unit' },
    { method: 'post', path: '/meetings/{m}/close', body: {}, stranger: 'otherUnit', bad: { body: { note: 5 }, field: 'body.note' }, as: 'unit' },
    { method: 'get', path: '/meeting-applicants/{ma}/review-form', stranger: 'otherUnit' },
    { method: 'get', path: '/my/results' },
    { method: 'post', path: '/appeals', body: { declarationId: '{decl}', kind: 'complaint', content: '投诉' }, stranger: 'otherApplicant', bad: { body: { declarationId: 1, kind: 'x', content: 'x' }, field: 'body.kind' }, as: 'applicant' },
    { method: 'get', path: '/appeals', stranger: 'applicant', bad: { path: '/appeals?status=nope', field: 'query.status' }, as: 'unit' },
    { method: 'get', path: '/appeals/export', stranger: 'applicant' },
    { method: 'get', path: '/appeals/{appeal}', stranger: 'unit' },
    { method: 'post', path: '/appeals/{appeal}/handle', body: { status: 'accepted' }, stranger: 'unit', bad: { body: { status: 'concluded' }, field: 'body.opinion' }, as: 'otherUnit' },
    { method: 'get', path: '/filings', stranger: 'applicant', bad: { path: '/filings?status=nope', field: 'query.status' }, as: 'unit' },
    { method: 'get', path: '/filings/export', stranger: 'applicant' },
    { method: 'post', path: '/meetings/{m}/filing', body: {}, stranger: 'otherUnit', bad: { body: { note: 5 }, field: 'body.note' }, as: 'unit' },
    { method: 'get', path: '/filings/{filing}', stranger: 'otherUnit', bad: { path: '/filings/0', field: 'params.id' }, as: 'unit' },
    { method: 'patch', path: '/filings/{filing}', body: { note: '说明' }, stranger: 'otherUnit', bad: { body: { note: 5 }, field: 'body.note' }, as: 'unit' },
    { method: 'post', path: '/filings/{filing}/files/notice', file: true, stranger: 'otherUnit', bad: { path: '/filings/{filing}/files/nope', field: 'params.kind' }, as: 'unit' },
    { method: 'get', path: '/filings/{filing}/files/notice', stranger: 'otherUnit' },
    { method: 'post', path: '/filings/{filing}/submit', stranger: 'otherUnit' },
    { method: 'post', path: '/filings/{filing}/review', body: { decision: 'return', opinion: '补充' }, stranger: 'otherOffice', bad: { body: { decision: 'pass', filedOn: '2026-13-01' }, field: 'body.filedOn' }, as: 'office' },
    { method: 'get', path: '/filings/{filing}/issuable', stranger: 'otherOffice' },
    { method: 'get', path: '/issuing-units', stranger: 'applicant' },
    { method: 'get', path: '/issuing-units/export', stranger: 'otherUnit' },
    { method: 'post', path: '/issuing-units', body: { code: '{code}', name: '发证单位' }, stranger: 'otherUnit', bad: { body: { code: 'ab', name: 'x' }, field: 'body.code' }, as: 'office' },
    { method: 'patch', path: '/issuing-units/{unit}', body: { name: '新名' }, stranger: 'otherOffice', bad: { body: { name: '' }, field: 'body.name' }, as: 'office' },
    { method: 'post', path: '/issuing-units/{unit}/cancel', body: { reason: '撤并' }, stranger: 'otherOffice', bad: { body: {}, field: 'body.reason' }, as: 'office' },
    { method: 'post', path: '/issuing-units/{unit}/ranges', body: { year: 2030, startSerial: 900, endSerial: 901 }, stranger: 'otherOffice', bad: { body: { year: 1, startSerial: 1, endSerial: 2 }, field: 'body.year' }, as: 'office' },
    { method: 'delete', path: '/certificate-ranges/{range}', stranger: 'otherOffice' },
    { method: 'post', path: '/certificates/issue', body: { filingId: '{filing}', issuingUnitId: '{unit}' }, stranger: 'otherOffice', bad: { body: { filingId: 'x', issuingUnitId: 1 }, field: 'body.filingId' }, as: 'office' },
    { method: 'get', path: '/certificates', stranger: 'applicant', bad: { path: '/certificates?status=nope', field: 'query.status' }, as: 'office' },
    { method: 'get', path: '/certificates/export', stranger: 'applicant' },
    { method: 'post', path: '/certificates/report', body: {}, stranger: 'otherUnit', bad: { body: { certificateIds: 'x' }, field: 'body.certificateIds' }, as: 'office' },
    { method: 'get', path: '/certificates/reports', stranger: 'otherUnit' },
    { method: 'get', path: '/certificates/import-template', stranger: 'otherUnit' },
    { method: 'post', path: '/certificates/import', file: true, stranger: 'otherUnit' },
    { method: 'get', path: '/certificates/{cert}', stranger: 'otherOffice' },
    { method: 'get', path: '/certificates/{cert}/pdf', stranger: 'otherOffice' },
    { method: 'post', path: '/certificates/{cert}/revoke', body: { reason: '造假' }, stranger: 'otherOffice', bad: { body: {}, field: 'body.reason' }, as: 'office' },
    { method: 'get', path: '/blacklist/people?q=测试', stranger: 'otherUnit', bad: { path: '/blacklist/people', field: 'query.q' }, as: 'office' },
    { method: 'post', path: '/blacklist', body: { idNumber: '{idNumber}', name: '某人', years: 1, reason: '造假' }, stranger: 'otherUnit', bad: { body: { idNumber: 'x', name: 'x', years: 'one', reason: 'x' }, field: 'body.years' }, as: 'office' },
    { method: 'patch', path: '/blacklist/{bl}', body: { reason: '修改' }, stranger: 'otherOffice', bad: { body: { years: 'x' }, field: 'body.years' }, as: 'office' },
    { method: 'get', path: '/statistics?year=2026', stranger: 'applicant', bad: { path: '/statistics?year=1', field: 'query.year' }, as: 'office' },
    { method: 'get', path: '/statistics/export?year=2026', stranger: 'applicant' },
    { method: 'get', path: '/calendar?year=2026', bad: { path: '/calendar?year=x', field: 'query.year' }, as: 'unit' },
    { method: 'get', path: '/calendar/export?year=2026' },
    { method: 'get', path: '/calendar/working-days', bad: { path: '/calendar/working-days?start=2026-02-30', field: 'query.start' }, as: 'unit' },
    { method: 'put', path: '/calendar/days', body: { day: '2031-12-31', kind: 'holiday', name: '测试' }, stranger: 'otherOffice', bad: { body: { day: '2031-02-30', kind: 'holiday', name: 'x' }, field: 'body.day' }, as: 'province' },
    { method: 'delete', path: '/calendar/days/{day}', stranger: 'otherOffice' },
    { method: 'get', path: '/after/settings' },
    { method: 'put', path: '/after/settings', body: { publicityMinWorkingDays: 5 }, stranger: 'otherOffice', bad: { body: { publicityMinWorkingDays: 'x' }, field: 'body.publicityMinWorkingDays' }, as: 'province' },
  ];

  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v === '{code}') return String(crypto.randomInt(10_000_000, 99_999_999));
      if (v === '{idNumber}') return newIdNumber();
      const m = /^\{(\w+)\}$/.exec(v);
      return m ? Number(f[m[1]]) : v;
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  const send = async (token: string | undefined, c: Case, path = P(c.path), body = c.body): Promise<ApiResponse> => {
    const client = api(token);
    const payload = c.file ? upload(await samplePdf(), 'a.pdf') : fill(body);
    if (c.method === 'get') return client.get(path);
    if (c.method === 'delete') return client.delete(path);
    return client[c.method](path, payload as never);
  };

  for (const c of cases) {
    describe(`${c.method.toUpperCase()} ${c.path}`, () => {
      it('401 without a token', async () => {
        const res = await send(undefined, c);
        expect(res.status, JSON.stringify(res.body)).to.equal(401);
      });
      if (c.stranger) {
        it(`403 for ${c.stranger}`, async () => {
          const res = await send(tokens[c.stranger!], c);
          expect(res.status, JSON.stringify(res.body)).to.equal(403);
          expect(errorOf(res).code).to.equal('forbidden');
        });
      }
      if (c.bad) {
        it(`400 naming ${c.bad.field}`, async () => {
          const res = await send(tokens[c.as ?? 'unit'], c, P(c.bad!.path ?? c.path), c.bad!.body ?? c.body);
          expect(res.status, JSON.stringify(res.body)).to.equal(400);
          expect(errorOf(res).details!.map((x) => x.path)).to.include(c.bad!.field);
        });
      }
    });
  }

  it('happy paths of the settings and the calendar: a holiday moves the end of a period', async () => {
    const start = '2031-03-03'; // a Monday
    const before = must(await api(tokens.unit).get(`/calendar/working-days?start=${start}&days=5`), 'preview').body;
    expect(before.end).to.equal('2031-03-07');
    const added = must(await api(tokens.province).put('/calendar/days', { day: '2031-03-05', kind: 'holiday', name: '测试假日' }), 'holiday').body;
    const after = must(await api(tokens.unit).get(`/calendar/working-days?start=${start}&days=5`), 'preview').body;
    expect(after.end).to.equal('2031-03-10');
    must(await api(tokens.province).put('/calendar/days', { day: '2031-03-08', kind: 'workday', name: '调休上班' }), 'workday');
    expect(must(await api(tokens.unit).get(`/calendar/working-days?start=${start}&days=5`), 'preview').body.end).to.equal('2031-03-08');
    expect(must(await api(tokens.unit).get(`/calendar/working-days?start=${start}&end=2031-03-10`), 'count').body.workingDays).to.equal(6);
    await api(tokens.province).delete(`/calendar/days/${added.id}`);
    const tooFew = await api(tokens.province).put('/after/settings', { publicityMinWorkingDays: 3 });
    expect(errorOf(tooFew).code).to.equal('publicity_too_short');
    const seven = must(await api(tokens.province).put('/after/settings', { publicityMinWorkingDays: 7 }), 'settings').body;
    expect(seven.publicityMinWorkingDays).to.equal(7);
    must(await api(tokens.province).put('/after/settings', { publicityMinWorkingDays: 5 }), 'settings back');
    expect(must(await api(tokens.unit).get('/calendar?year=2026'), 'calendar').body.items.find((x: any) => x.day === '2026-10-10')).to.include({ kind: 'workday' });
    expect(chinaToday()).to.match(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('without a Chinese font the PDF routes answer 503 pdf_font_missing and the server carries on', async () => {
    useFontCandidatesForTests([{ regular: '/nonexistent/NotoSansCJK-Regular.ttc', family: 'x', bold: '/nonexistent/b.ttc', boldFamily: 'y' }]);
    try {
      const res = await api(tokens.office).get(`/certificates/${f.cert}/pdf`);
      expect(res.status).to.equal(503);
      expect(errorOf(res).code).to.equal('pdf_font_missing');
      expect((await api(tokens.office).get(`/meeting-applicants/${f.ma}/review-form`)).status).to.equal(503);
      expect((await api().get('/health')).status).to.equal(200);
    } finally {
      useFontCandidatesForTests(null);
    }
    expect((await api(tokens.office).get(`/certificates/${f.cert}/pdf`)).status).to.equal(200);
  });

  it('a certificate belongs to its holder: the applicant reads their own, not another’s', async () => {
    const mine = await Certificate.findByPk(Number(f.cert));
    const owner = (await Declaration.findByPk(mine!.declarationId!))!;
    const token = (await login((await Account.findByPk(owner.applicantAccountId))!.username, TEST_PASSWORD)).accessToken;
    expect((await api(token).get(`/certificates/${f.cert}`)).status).to.equal(200);
    expect((await api(tokens.otherApplicant).get(`/certificates/${f.cert}`)).status).to.equal(403);
    const someone = await buildAccount(await buildOrg(), { role: 'staff', staffKind: 'handler' });
    expect((await api(await tokenFor(someone)).get(`/certificates/${f.cert}`)).status).to.equal(403);
  });
});
