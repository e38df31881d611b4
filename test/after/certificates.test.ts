import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { expect } from 'chai';
import { Certificate, CertificateRange, Declaration } from '../../models';
import { api, errorOf } from '../helpers/api';
import { server } from '../helpers/setup';
import { newIdNumber } from '../helpers/factories';
import { decidedMeeting, filedMeeting, must, unitWithRange, upload } from './fixtures';

/**
 * Certificate numbers under concurrency (the range row is locked: no gaps, no duplicates), ranges
 * that overlap, the import all-or-nothing with per-row errors, the ministry report.
 */
describe('certificates: numbers, ranges, import, ministry report', function () {
  this.timeout(180_000);

  it('issues many certificates in parallel: consecutive numbers, none twice, the counter at the end', async () => {
    const d = await decidedMeeting({ applicants: 12 });
    const { filingId } = await filedMeeting(d);
    const { unit, code, year } = await unitWithRange(d, 50);
    const issuable = must(await api(d.office.token).get(`/filings/${filingId}/issuable`), 'issuable').body.items.filter((i: any) => i.outcome === 'confirmed');
    expect(issuable).to.have.length(11);
    // One request per person, all at once, plus a second request for the first person racing its own.
    const requests = [...issuable.map((i: any) => [i.declarationId]), [issuable[0].declarationId]];
    const responses = await Promise.all(requests.map((ids) => api(d.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id, declarationIds: ids })));
    const ok = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status !== 201);
    expect(ok).to.have.length(11);
    expect(refused.map((r) => [r.status, errorOf(r).code])).to.deep.equal([[409, 'already_issued']]);
    const numbers = ok.flatMap((r) => r.body.items.map((c: any) => c.number)).sort();
    expect(new Set(numbers).size).to.equal(11);
    expect(numbers).to.deep.equal(Array.from({ length: 11 }, (_, i) => `${code}${year}${String(i + 1).padStart(6, '0')}`));
    const range = (await CertificateRange.findOne({ where: { issuingUnitId: unit.id } }))!;
    expect(range.nextSerial).to.equal(12);
    const codes = ok.flatMap((r) => r.body.items.map((c: any) => c.verifyCode));
    expect(new Set(codes).size).to.equal(11);
    for (const c of codes) expect(c).to.match(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/);
  });

  it('refuses overlapping ranges and an exhausted range, changing nothing', async () => {
    const d = await decidedMeeting({ applicants: 3 });
    const { filingId } = await filedMeeting(d);
    const { unit, year } = await unitWithRange(d, 1);
    const overlap = await api(d.office.token).post(`/issuing-units/${unit.id}/ranges`, { year, startSerial: 1, endSerial: 10 });
    expect(overlap.status).to.equal(409);
    expect(errorOf(overlap).code).to.equal('range_overlap');
    const backwards = await api(d.office.token).post(`/issuing-units/${unit.id}/ranges`, { year, startSerial: 20, endSerial: 10 });
    expect(errorOf(backwards)).to.include({ code: 'range_invalid' });
    // Parallel overlapping ranges: exactly one wins (the unit row is locked while checking).
    const racing = await Promise.all([[100, 200], [150, 250], [180, 190]].map(([a, b]) => api(d.office.token).post(`/issuing-units/${unit.id}/ranges`, { year, startSerial: a, endSerial: b })));
    expect(racing.filter((r) => r.status === 201)).to.have.length(1);
    expect(racing.filter((r) => r.status === 409).map((r) => errorOf(r).code)).to.deep.equal(['range_overlap', 'range_overlap']);
    expect(await CertificateRange.count({ where: { issuingUnitId: unit.id } })).to.equal(2);
    // Two confirmed results, one serial left in the only range of that size: the batch is refused whole.
    const first = (await CertificateRange.findOne({ where: { issuingUnitId: unit.id, startSerial: 1 } }))!;
    const tooMany = await api(d.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id, rangeId: first.id });
    expect(errorOf(tooMany).code).to.equal('range_exhausted');
    expect(await Certificate.count({ where: { filingId } })).to.equal(0);
    // Someone else's office may not issue.
    const other = await decidedMeeting({ applicants: 2 });
    const stranger = await api(other.office.token).post('/certificates/issue', { filingId, issuingUnitId: unit.id });
    expect(stranger.status).to.equal(403);
  });

  it('imports earlier certificates all or nothing, naming every bad cell; searches and reports them', async () => {
    const d = await decidedMeeting({ applicants: 2 });
    const { unit, code } = await unitWithRange(d, 10);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('职称证书');
    ws.addRow(['姓名*', '身份证号*', '系列*', '级别*', '资格名称*', '专业', '工作单位', '证书编号*', '发证单位编码*', '发证日期*']);
    const good = newIdNumber('1979-03-02');
    const good2 = newIdNumber('1981-07-09');
    const n1 = `IMP${crypto.randomInt(1e9)}`;
    ws.addRow(['王晓明', good, '卫生', '副高级', '副主任医师', '内科', '某市医院', n1, code, '2019-12-20']);
    ws.addRow(['李四', '130102198506150013', '卫生', '副高级', '副主任医师', '', '', `${n1}B`, code, '2019-12-20']); // bad check digit
    ws.addRow(['赵五', good2, '不存在的系列', '特级', '主任医师', '', '', n1, '0000', '2019-13-40']);
    ws.addRow(['钱六', good2, '卫生', '正高级', '主任医师', '', '', `${code}2019000003`, code, '2019-12-20']);
    const bad = await api(d.office.token).post('/certificates/import', upload(Buffer.from(await wb.xlsx.writeBuffer()), 'old.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
    expect(bad.status).to.equal(422);
    const e = errorOf(bad);
    expect(e.code).to.equal('import_invalid');
    const paths = e.details!.map((x) => `${x.path}:${x.code}`);
    expect(paths).to.include.members([
      'rows.3.idNumber:id_number_check_digit',
      'rows.4.series:unknown_series',
      'rows.4.level:level_not_in_series',
      'rows.4.unitCode:unknown_issuing_unit',
      'rows.4.issuedOn:invalid_day',
      'rows.4.number:duplicate_certificate_number',
    ]);
    expect(await Certificate.count({ where: { name: '王晓明', idNumber: good } })).to.equal(0);

    // Fixed: rows 2 and 5 only. Row 5's number is in this system's format, outside any range: fine.
    const fixed = new ExcelJS.Workbook();
    const ws2 = fixed.addWorksheet('职称证书');
    ws2.addRow(['姓名*', '身份证号*', '系列*', '级别*', '资格名称*', '专业', '工作单位', '证书编号*', '发证单位编码*', '发证日期*']);
    ws2.addRow(['王晓明', good, '卫生', '副高级', '副主任医师', '内科', '某市医院', n1, code, '2019-12-20']);
    ws2.addRow(['钱六', good2, 'weisheng', '正高级', '主任医师', '', '', `${code}2019000003`, code, '2019-12-20']);
    const okImport = must(await api(d.office.token).post('/certificates/import', upload(Buffer.from(await fixed.xlsx.writeBuffer()), 'old.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')), 'import').body;
    expect(okImport).to.deep.equal({ imported: 2 });
    // Its serial 3 of 2019 now blocks a 2019 range over it.
    const clash = await api(d.office.token).post(`/issuing-units/${unit.id}/ranges`, { year: 2019, startSerial: 1, endSerial: 5 });
    expect(errorOf(clash).code).to.equal('range_overlap');

    const found = must(await api(d.office.token).get(`/certificates?q=${encodeURIComponent('王晓明')}&source=imported`), 'search').body;
    expect(found.items.map((c: any) => c.number)).to.include(n1);
    const verified = must(await api().get(`/public/certificates/verify?code=${found.items[0].verifyCode}`), 'verify imported').body;
    expect(verified.status).to.equal('valid');

    const report = must(await api(d.office.token).post('/certificates/report', {}), 'report').body;
    expect(report.count).to.be.at.least(2);
    expect(errorOf(await api(d.office.token).post('/certificates/report', {})).code).to.equal('nothing_to_report');
    const batches = must(await api(d.office.token).get('/certificates/reports'), 'batches').body.items;
    expect(batches[0]).to.include({ batch: report.batch, count: report.count });
    const xlsx = await fetch(`${server().url}/api/certificates/export?batch=${report.batch}`, { headers: { authorization: `Bearer ${d.office.token}` } });
    expect(xlsx.status).to.equal(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = book.getWorksheet('职称证书')!;
    expect(sheet.getRow(1).values).to.include.members(['姓名', '性别', '身份证号', '证书编号', '发证单位', '核验码', '备案文号']);
    expect(sheet.rowCount).to.equal(1 + report.count);
    expect(await Declaration.count({ where: { idNumber: good } })).to.equal(0);
  });
});
