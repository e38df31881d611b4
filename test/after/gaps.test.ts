import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { BlacklistEntry, Certificate, CertificateRange, Declaration, ResultItem, ResultPublicity } from '../../models';
import { api, errorOf } from '../helpers/api';
import { buildOrg, newIdNumber, rootAdmin, tokenFor } from '../helpers/factories';
import { server } from '../helpers/setup';
import { buildChain, readyDraft } from '../declarations/fixtures';
import { FILING_ATTACHMENTS } from '../../server/domain/after';
import { addDays, chinaToday } from '../../server/domain/workingDays';
import { decidedMeeting, endPublicity, filedMeeting, must, samplePdf, unitWithRange, upload } from './fixtures';
import { configuredPublicUrl } from '../../server/exports/after/origin';
import { readQr, renderPng } from './pdf';

async function sheetRows(token: string, path: string) {
  const res = await fetch(`${server().url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).to.equal(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.worksheets[0];
  return Array.from({ length: ws.rowCount - 1 }, (_x, i) => ((ws.getRow(i + 2).values as unknown[]) ?? []).slice(1).map((v) => String(v ?? '')));
}

describe('after the meeting: the gaps of the audit', function () {
  this.timeout(180_000);

  it('a publicity whose end date leaves fewer than the minimum working days is refused, and nothing is published', async () => {
    const d = await decidedMeeting({ applicants: 2 });
    const id = d.m.meeting.id;
    const before = await Promise.all(d.m.applicants.map(async (a) => (await Declaration.findByPk(a.declarationId))!.status));
    const short = await api(d.staffToken).post(`/meetings/${id}/results/publish`, { endsOn: addDays(chinaToday(), 2) });
    expect(short.status).to.equal(400);
    expect(errorOf(short)).to.include({ code: 'publicity_too_short' });
    expect(errorOf(short).details!.map((x) => x.path)).to.deep.equal(['body.endsOn']);
    const past = await api(d.staffToken).post(`/meetings/${id}/results/publish`, { endsOn: addDays(chinaToday(), -1) });
    expect(errorOf(past).code).to.equal('publicity_too_short');
    // Nothing changed: no publicity, no published item, every declaration where it was.
    expect(await ResultPublicity.count({ where: { meetingId: id } })).to.equal(0);
    expect(await ResultItem.count({ where: { declarationId: d.m.applicants.map((a) => a.declarationId) } })).to.equal(0);
    expect(await Promise.all(d.m.applicants.map(async (a) => (await Declaration.findByPk(a.declarationId))!.status))).to.deep.equal(before);
    const ok = must(await api(d.staffToken).post(`/meetings/${id}/results/publish`, { endsOn: addDays(chinaToday(), 21) }), 'publish').body;
    expect(ok.endsOn).to.equal(addDays(chinaToday(), 21));
    expect(ok.workingDays).to.be.at.least(5);
  });

  it('filing: returned with an opinion → fixed → submitted again → passed; a duplicate filing number is refused and changes nothing', async () => {
    const d = await decidedMeeting({ applicants: 2 });
    const pub = must(await api(d.staffToken).post(`/meetings/${d.m.meeting.id}/results/publish`, {}), 'publish').body;
    await endPublicity(pub.id);
    must(await api(d.staffToken).post(`/result-publicities/${pub.id}/complete`, {}), 'complete');
    const filing = must(await api(d.staffToken).post(`/meetings/${d.m.meeting.id}/filing`, { note: '首次报送' }), 'filing').body;
    for (const kind of FILING_ATTACHMENTS) must(await api(d.staffToken).post(`/filings/${filing.id}/files/${kind}`, upload(await samplePdf(kind), `${kind}.pdf`)), kind);
    const submitted = must(await api(d.staffToken).post(`/filings/${filing.id}/submit`), 'submit').body;
    // Submitted: the unit can no longer change it.
    const locked = await api(d.staffToken).post(`/filings/${filing.id}/files/qualification`, upload(await samplePdf('v2'), 'q2.pdf'));
    expect(errorOf(locked).code).to.equal('filing_locked');
    expect(must(await api(d.staffToken).get(`/filings/${filing.id}`), 'get').body.files).to.deep.equal(submitted.files);

    const returned = must(await api(d.office.token).post(`/filings/${filing.id}/review`, { decision: 'return', opinion: '任职资格文件缺少盖章，请补正' }), 'return').body;
    expect(returned).to.include({ status: 'returned', reviewOpinion: '任职资格文件缺少盖章，请补正', filingNumber: null });
    // Fixed: a new qualification document and a note, then submitted again.
    const fixed = must(await api(d.staffToken).post(`/filings/${filing.id}/files/qualification`, upload(await samplePdf('盖章版'), 'qualification-stamped.pdf')), 'replace').body;
    expect(fixed.files.qualification).to.not.equal(submitted.files.qualification);
    expect(fixed.files.notice).to.equal(submitted.files.notice);
    must(await api(d.staffToken).patch(`/filings/${filing.id}`, { note: '已补正任职资格文件' }), 'note');
    const again = must(await api(d.staffToken).post(`/filings/${filing.id}/submit`), 'submit again').body;
    expect(again).to.include({ status: 'submitted', note: '已补正任职资格文件' });

    // Another meeting holds the number already: refused with the field, the filing untouched.
    const other = await decidedMeeting({ applicants: 2 });
    const taken = `冀职备〔2026〕${crypto.randomInt(1e9)}号`;
    await filedMeeting(other, taken);
    const dup = await api(d.office.token).post(`/filings/${filing.id}/review`, { decision: 'pass', filingNumber: taken, filedOn: chinaToday(), opinion: '同意' });
    expect(dup.status).to.equal(409);
    expect(errorOf(dup)).to.include({ code: 'duplicate_filing_number' });
    expect(errorOf(dup).details![0].path).to.equal('body.filingNumber');
    const unchanged = must(await api(d.office.token).get(`/filings/${filing.id}`), 'get').body;
    expect(unchanged).to.deep.include({ status: 'submitted', filingNumber: null, filedOn: null, reviewOpinion: '任职资格文件缺少盖章，请补正' });
    expect(unchanged.history.map((h: any) => h.action)).to.deep.equal(['created', 'submitted', 'returned', 'submitted']);

    const number = `冀职备〔2026〕${crypto.randomInt(1e9)}号`;
    const passed = must(await api(d.office.token).post(`/filings/${filing.id}/review`, { decision: 'pass', filingNumber: number, filedOn: chinaToday(), opinion: '同意备案' }), 'pass').body;
    expect(passed).to.include({ status: 'passed', filingNumber: number, filedOn: chinaToday() });
    expect(passed.history.map((h: any) => h.action)).to.deep.equal(['created', 'submitted', 'returned', 'submitted', 'passed']);
    expect(passed.history[2].opinion).to.equal('任职资格文件缺少盖章，请补正');
    // Passed is final: neither the unit nor the office changes it again.
    expect(errorOf(await api(d.office.token).post(`/filings/${filing.id}/review`, { decision: 'return', opinion: '再退回' })).code).to.equal('filing_not_submitted');
    expect(errorOf(await api(d.staffToken).post(`/filings/${filing.id}/files/notice`, upload(await samplePdf('x'), 'x.pdf'))).code).to.equal('filing_locked');
  });

  it('issuing twice leaves the serial counter and the certificates as they were; revoking twice adds no blacklist entry and keeps the reason', async () => {
    const d = await decidedMeeting({ applicants: 3 });
    const { filingId } = await filedMeeting(d);
    const { unit, code, year } = await unitWithRange(d, 50);
    const issued = must(await api(d.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id }), 'issue').body.items;
    expect(issued).to.have.length(2);
    const range = async () => (await CertificateRange.findOne({ where: { issuingUnitId: unit.id } }))!;
    const counter = (await range()).nextSerial;
    expect(counter).to.equal(3);
    const count = async () => Certificate.count({ where: { issuingUnitId: unit.id } });
    for (const [body, code] of [
      [{ filingId, issuingUnitId: unit.id }, 'nothing_to_issue'],
      [{ filingId, issuingUnitId: unit.id, declarationIds: [issued[0].declarationId] }, 'already_issued'],
      [{ filingId, issuingUnitId: unit.id, declarationIds: issued.map((c: any) => c.declarationId) }, 'already_issued'],
    ] as const) {
      const twice = await api(d.office.token).post('/certificates/issue', body);
      expect(twice.status, JSON.stringify(twice.body)).to.equal(409);
      expect(errorOf(twice).code).to.equal(code);
      expect((await range()).nextSerial, 'the counter did not move').to.equal(counter);
      expect(await count()).to.equal(2);
    }

    const cert = issued[0];
    const reason = '申报材料造假，经核实撤销';
    must(await api(d.office.token).post(`/certificates/${cert.id}/revoke`, { reason, blacklistYears: 3 }), 'revoke');
    const entries = async () => BlacklistEntry.findAll({ where: { certificateId: cert.id } });
    expect((await entries()).map((e) => [e.years, e.reason])).to.deep.equal([[3, `撤销职称证书（${cert.number}）：${reason}`]]);
    const all = await BlacklistEntry.count({ where: { idNumber: (await Certificate.findByPk(cert.id))!.idNumber } });
    const twice = await api(d.office.token).post(`/certificates/${cert.id}/revoke`, { reason: '第二次撤销', blacklistYears: 5 });
    expect(twice.status).to.equal(409);
    expect(errorOf(twice).code).to.equal('already_revoked');
    const after = (await Certificate.findByPk(cert.id))!;
    expect(after).to.deep.include({ status: 'revoked', revokeReason: reason });
    expect((await entries()).map((e) => [e.years, e.reason])).to.deep.equal([[3, `撤销职称证书（${cert.number}）：${reason}`]]);
    expect(await BlacklistEntry.count({ where: { idNumber: after.idNumber } })).to.equal(all);
    expect(must(await api().get(`/public/certificates/verify?code=${cert.verifyCode}`), 'verify').body).to.include({ status: 'revoked' });
    expect(issued.map((c: any) => c.number)).to.deep.equal([`${code}${year}000001`, `${code}${year}000002`]);
  });

  it('the QR code and printed link use PUBLIC_URL when it is set, else the request’s host', async () => {
    expect(configuredPublicUrl({ PUBLIC_URL: 'https://zc.example.gov.cn/' })).to.equal('https://zc.example.gov.cn');
    expect(configuredPublicUrl({ PUBLIC_URL: 'https://example.gov.cn/zhicheng/' })).to.equal('https://example.gov.cn/zhicheng');
    expect(configuredPublicUrl({ PUBLIC_URL: 'ftp://example.gov.cn' })).to.equal(null);
    expect(configuredPublicUrl({ PUBLIC_URL: 'not a url' })).to.equal(null);
    expect(configuredPublicUrl({})).to.equal(null);

    const d = await decidedMeeting({ applicants: 2 });
    const { filingId } = await filedMeeting(d);
    const { unit } = await unitWithRange(d, 10);
    const [cert] = must(await api(d.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id }), 'issue').body.items;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-origin-'));
    const qrOf = async (name: string) => {
      const res = await fetch(`${server().url}/api/certificates/${cert.id}/pdf`, { headers: { authorization: `Bearer ${d.office.token}` } });
      expect(res.status).to.equal(200);
      const file = path.join(dir, `${name}.pdf`);
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const text = (await promisify(execFile)('pdftotext', [file, '-'])).stdout;
      return { qr: await readQr(await renderPng(file, 150, path.join(dir, name))), text: text.replace(/\s+/g, '') };
    };
    const code = cert.verifyCode.replace(/-/g, '');
    const saved = process.env.PUBLIC_URL;
    try {
      process.env.PUBLIC_URL = 'https://zc.example.gov.cn/zhicheng/';
      const configured = await qrOf('configured');
      expect(configured.qr).to.equal(`https://zc.example.gov.cn/zhicheng/verify?code=${code}`);
      expect(configured.text).to.contain(`https://zc.example.gov.cn/zhicheng/verify?code=${code}`);
      process.env.PUBLIC_URL = 'javascript:alert(1)';
      expect((await qrOf('refused')).qr).to.equal(`${server().url}/verify?code=${code}`);
      delete process.env.PUBLIC_URL;
      expect((await qrOf('host')).qr).to.equal(`${server().url}/verify?code=${code}`);
    } finally {
      if (saved === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = saved;
    }
  });

  it('GET /blacklist lists the office’s own subtree: what it recorded and what concerns its declarations', async () => {
    const c = await buildChain();
    const otherCity = await buildOrg({ name: `另一市职改办${Date.now()}` });
    const cityToken = await tokenFor(c.city.admin);
    const otherToken = await tokenFor(otherCity.admin);
    const provinceToken = await tokenFor(await rootAdmin());
    const mine = must(await api(cityToken).post('/blacklist', { idNumber: newIdNumber(), name: '本市人员', years: 1, reason: '材料造假' }), 'city adds').body;
    const theirs = must(await api(otherToken).post('/blacklist', { idNumber: newIdNumber(), name: '外市人员', years: 1, reason: '材料造假' }), 'other adds').body;
    // The province office records one about a declaration made in the city's subtree.
    const d = await readyDraft(c.employer);
    const byProvince = must(
      await api(provinceToken).post('/blacklist', { idNumber: d.account.idNumber, name: d.account.name, years: 3, reason: '省级核查：论文造假', declarationId: d.id }),
      'province adds',
    ).body;
    const ids = async (token: string) => must(await api(token).get('/blacklist?pageSize=200'), 'list').body.items.map((e: any) => e.id) as number[];
    const city = await ids(cityToken);
    expect(city).to.include.members([mine.id, byProvince.id]);
    expect(city).to.not.include(theirs.id);
    const other = await ids(otherToken);
    expect(other).to.include(theirs.id);
    expect(other).to.not.include.members([mine.id]);
    expect(other).to.not.include(byProvince.id);
    expect(await ids(provinceToken)).to.include.members([mine.id, theirs.id, byProvince.id]);
    // The export holds the same entries as the list, no more.
    const cityList = must(await api(cityToken).get('/blacklist?pageSize=200'), 'list').body;
    const exported = await sheetRows(cityToken, '/blacklist/export');
    expect(exported).to.have.length(cityList.total);
    expect(exported.map((r) => r[1])).to.deep.equal(cityList.items.map((e: any) => e.name));
    // Outside the subtree an entry cannot be lifted either (unchanged), and it still blocks everywhere.
    const lift = await api(otherToken).post(`/blacklist/${mine.id}/lift`, { reason: '外市解除' });
    expect(lift.status).to.equal(403);
    expect(errorOf(lift).code).to.equal('forbidden');
    const submit = await api(d.token).post(`/declarations/${d.id}/submit`);
    expect(errorOf(submit).code).to.equal('blacklisted');
  });
});
