import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { expect } from 'chai';
import { Account, Declaration, FlowEntry } from '../../models';
import { api, errorOf } from '../helpers/api';
import { TEST_PASSWORD } from '../helpers/env';
import { login } from '../helpers/api';
import { connect, collect, sleep, waitFor } from '../helpers/sockets';
import { server } from '../helpers/setup';
import { decidedMeeting, endPublicity, must, samplePdf, unitWithRange, upload } from './fixtures';
import { FILING_ATTACHMENTS } from '../../server/domain/after';
import { chinaToday } from '../../server/domain/workingDays';
import { darkPixels, ocr, pdfFonts, readQr, renderGray, renderPng, saveResult, tesseractWithChinese } from './pdf';

/**
 * The whole after-meeting path on real MariaDB and Redis, through the API: confirmed results →
 * publication (the applicant hears it then, and not before) → public list and a report →
 * completion (a reported pass is held) → filing with four PDFs → the office passes it → issuing
 * unit and range → certificates → the PDF shows the Chinese name → the public check → revocation.
 */
describe('after the meeting: from confirmed results to a verified certificate', function () {
  this.timeout(120_000);

  it('publishes, files, issues, verifies and revokes', async () => {
    const d = await decidedMeeting({ applicants: 3, confirm: false });
    const { m } = d;
    const first = m.applicants[0];
    const decl = (await Declaration.findByPk(first.declarationId))!;
    const applicant = (await Account.findByPk(decl.applicantAccountId))!;
    const applicantToken = (await login(applicant.username, TEST_PASSWORD)).accessToken;
    const socket = await connect(applicantToken);
    const heard = collect(socket, 'declaration:status');

    // Unconfirmed results cannot be published; nothing changes.
    const early = await api(d.staffToken).post(`/meetings/${m.meeting.id}/results/publish`, {});
    expect(early.status).to.equal(409);
    expect(errorOf(early).code).to.equal('results_not_confirmed');
    must(await api(d.chairToken).post(`/rounds/${d.roundId}/confirm`), 'confirm');
    await sleep(300);
    expect(heard, 'no status before publication').to.deep.equal([]);
    expect((await Declaration.findByPk(decl.id))!.status).to.equal('ready_for_meeting');

    // Shorter than the minimum: refused with the field, nothing published.
    const short = await api(d.staffToken).post(`/meetings/${m.meeting.id}/results/publish`, { workingDays: 3 });
    expect(short.status).to.equal(400);
    expect(errorOf(short)).to.include({ code: 'publicity_too_short' });
    expect(errorOf(short).details![0].path).to.equal('body.workingDays');

    const hearing = waitFor<any>(socket, 'declaration:status', (e) => e.data.declarationId === decl.id);
    const pub = must(await api(d.staffToken).post(`/meetings/${m.meeting.id}/results/publish`, { title: '测试评审结果公示' }), 'publish').body;
    expect(pub).to.include({ workingDays: 5, status: 'open', startsOn: chinaToday(), running: true });
    const status = await hearing;
    expect(status.data.status).to.equal('result_publicity');
    expect(status.data.entry.action).to.equal('result_published');
    expect(status.data.entry.opinion).to.contain(pub.endsOn);
    const again = await api(d.staffToken).post(`/meetings/${m.meeting.id}/results/publish`, {});
    expect(errorOf(again).code).to.equal('already_published');

    // The last applicant failed: published as failed, not on the public list.
    const lastDecl = (await Declaration.findByPk(m.applicants[2].declarationId))!;
    expect(lastDecl.status).to.equal('review_failed');
    const pubList = must(await api().get('/public/result-publicities?pageSize=200'), 'public list').body;
    expect(pubList.items.map((p: any) => p.id)).to.include(pub.id);
    const detail = must(await api().get(`/public/result-publicities/${pub.id}`), 'public detail').body;
    expect(detail.items.map((i: any) => i.name)).to.deep.equal([decl.applicantName, (await Declaration.findByPk(m.applicants[1].declarationId))!.applicantName]);
    expect(JSON.stringify(detail)).not.to.contain(decl.idNumber);
    expect(detail.items[0].votes).to.equal(null);

    // A report against the second applicant; it stands open, so completion holds that result.
    const second = detail.items[1];
    must(await api().post(`/public/result-publicities/${pub.id}/reports`, { itemId: second.id, content: '论文涉嫌抄袭', contact: '13800000000' }), 'report');
    const early2 = await api(d.staffToken).post(`/result-publicities/${pub.id}/complete`, {});
    expect(errorOf(early2).code).to.equal('publicity_not_over');
    await endPublicity(pub.id);
    const gone = await api().post(`/public/result-publicities/${pub.id}/reports`, { itemId: second.id, content: '迟到的举报' });
    expect(errorOf(gone).code).to.equal('publicity_closed');
    must(await api(d.staffToken).post(`/result-publicities/${pub.id}/complete`, {}), 'complete');
    const results = must(await api(d.staffToken).get(`/meetings/${m.meeting.id}/results`), 'results').body;
    expect(results.items.map((i: any) => i.outcome)).to.deep.equal(['confirmed', 'held', 'failed']);
    expect((await Declaration.findByPk(decl.id))!.status).to.equal('review_passed');
    const held = results.items[1];
    const settleEarly = await api(d.staffToken).post(`/result-items/${held.id}/resolve`, { outcome: 'confirmed', note: '经核查不属实' });
    expect(errorOf(settleEarly).code).to.equal('reports_open');
    must(await api(d.staffToken).post(`/result-reports/${results.reports[0].id}/handle`, { decision: 'dismissed', opinion: '经核查，论文为本人原创' }), 'handle');
    must(await api(d.staffToken).post(`/result-items/${held.id}/resolve`, { outcome: 'confirmed', note: '举报经核查不属实' }), 'resolve');

    // Filing: four PDFs (a PNG named .pdf is refused), submitted, passed by the office above.
    const filing = must(await api(d.staffToken).post(`/meetings/${m.meeting.id}/filing`, {}), 'filing').body;
    const fake = await api(d.staffToken).post(`/filings/${filing.id}/files/notice`, upload(Buffer.from('not a pdf at all'), 'notice.pdf'));
    expect(fake.status).to.equal(400);
    const incomplete = await api(d.staffToken).post(`/filings/${filing.id}/submit`);
    expect(errorOf(incomplete).code).to.equal('filing_incomplete');
    for (const kind of FILING_ATTACHMENTS) must(await api(d.staffToken).post(`/filings/${filing.id}/files/${kind}`, upload(await samplePdf(kind), `${kind}.pdf`)), kind);
    must(await api(d.staffToken).post(`/filings/${filing.id}/submit`), 'submit');
    expect((await api(d.staffToken).post(`/filings/${filing.id}/review`, { decision: 'pass', filingNumber: 'X', filedOn: chinaToday() })).status).to.equal(403);
    const number = `冀职备〔2026〕${crypto.randomInt(1e6)}号`;
    const passed = must(await api(d.office.token).post(`/filings/${filing.id}/review`, { decision: 'pass', filingNumber: number, filedOn: chinaToday(), opinion: '同意' }), 'pass').body;
    expect(passed).to.include({ status: 'passed', filingNumber: number });
    const pdfRes = await fetch(`${server().url}/api/filings/${filing.id}/files/list`, { headers: { authorization: `Bearer ${d.office.token}` } });
    expect(pdfRes.headers.get('content-type')).to.equal('application/pdf');

    // Certificates for both confirmed results, from one range, consecutive.
    const { unit, code, year } = await unitWithRange(d);
    const issued = must(await api(d.office.token).post('/certificates/issue', { filingId: filing.id, issuingUnitId: unit.id }), 'issue').body.items;
    expect(issued.map((c: any) => c.number)).to.deep.equal([`${code}${year}000001`, `${code}${year}000002`]);
    const twice = await api(d.office.token).post('/certificates/issue', { filingId: filing.id, issuingUnitId: unit.id, declarationIds: [decl.id] });
    expect(errorOf(twice).code).to.equal('already_issued');
    const mine = issued.find((c: any) => c.declarationId === decl.id);
    const flow = await FlowEntry.findAll({ where: { declarationId: decl.id }, order: [['seq', 'ASC']] });
    expect(flow.map((f) => f.action).slice(-3)).to.deep.equal(['result_published', 'result_confirmed', 'certificate_issued']);

    // The PDF carries the applicant's Chinese name as text, in an embedded CJK font, and shows it:
    // rendered, the name's box is inked (and the blank above it is not), OCR reads the name, and the
    // QR code opens the verify page with this certificate's code.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-cert-'));
    const pdf = await fetch(`${server().url}/api/certificates/${mine.id}/pdf`, { headers: { authorization: `Bearer ${applicantToken}` } });
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    const file = path.join(dir, 'cert.pdf');
    fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).to.contain(decl.applicantName);
    expect(text).to.contain('专业技术职务任职资格证书');
    expect(text).to.contain(mine.number);
    const cjk = (await pdfFonts(file)).filter((f) => /NotoSansCJK/.test(f.name));
    expect(cjk.length, 'a Noto CJK font in the PDF').to.be.at.least(1);
    expect(cjk.every((f) => f.embedded && f.subset), JSON.stringify(cjk)).to.equal(true);
    const gray = await renderGray(file, 100);
    expect(gray.width).to.be.above(gray.height); // A4 landscape
    // 姓名 is printed at (175, 147) in 16 pt bold: its box has ink, the strip above it none.
    expect(darkPixels(gray, { x: 175, y: 146, w: 110, h: 22 }), 'ink where the name is').to.be.above(150);
    expect(darkPixels(gray, { x: 175, y: 129, w: 110, h: 15 }), 'nothing above the name').to.equal(0);
    const png = await renderPng(file, 150, path.join(dir, 'cert'));
    saveResult(png, 'after-certificate.png');
    const qr = new URL((await readQr(png)) ?? 'about:blank');
    expect(`${qr.origin}${qr.pathname}`).to.equal(`${server().url}/verify`);
    expect(qr.searchParams.get('code')).to.equal(mine.verifyCode.replace(/-/g, ''));
    expect(must(await api().get(`/public/certificates/verify?code=${qr.searchParams.get('code')}`), 'verify from the QR').body).to.include({ status: 'valid', number: mine.number });
    // Required, like Chromium and poppler (.ci/run installs it): a check that quietly passes without it could not fail.
    expect(tesseractWithChinese(), 'tesseract-ocr with chi_sim (apt-get install tesseract-ocr tesseract-ocr-chi-sim)').to.equal(true);
    expect(await ocr(png)).to.contain(decl.applicantName);

    // The public check: valid, then revoked; a forged code is not found; revoking twice is refused.
    const ok = must(await api().get(`/public/certificates/verify?code=${encodeURIComponent(mine.verifyCode.toLowerCase())}`), 'verify').body;
    expect(ok).to.include({ status: 'valid', name: decl.applicantName, number: mine.number });
    expect(ok.maskedIdNumber).to.not.equal(decl.idNumber);
    const forged = await api().get('/public/certificates/verify?code=ABCD-EFGH-JKMN-PQRS');
    expect(forged.status).to.equal(404);
    expect(errorOf(forged).code).to.equal('certificate_not_found');
    must(await api(d.office.token).post(`/certificates/${mine.id}/revoke`, { reason: '申报材料造假', blacklistYears: 3 }), 'revoke');
    const revoked = must(await api().get(`/public/certificates/verify?code=${mine.verifyCode}`), 'verify revoked').body;
    expect(revoked.status).to.equal('revoked');
    const twiceRevoked = await api(d.office.token).post(`/certificates/${mine.id}/revoke`, { reason: '再次撤销' });
    expect(twiceRevoked.status).to.equal(409);
    expect(errorOf(twiceRevoked).code).to.equal('already_revoked');
    const notice = must(await api().get('/public/blacklist-notice'), 'notice').body;
    expect(notice.items.some((n: any) => n.reason.includes(mine.number) && n.name !== decl.applicantName && n.years === 3)).to.equal(true);
    socket.close();
  });
});
