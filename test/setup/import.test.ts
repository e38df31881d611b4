import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Account, CommitteeExpert, Expert } from '../../models';
import { api, errorOf } from '../helpers/api';
import { server } from '../helpers/setup';
import { newIdNumber } from '../helpers/factories';
import { collect, connect, waitFor } from '../helpers/sockets';
import { buildWorld, expectStatus, type World } from './world';

async function template(w: World) {
  const res = await fetch(`${server().url}/api/committees/${w.committeeId}/experts/template`, { headers: { authorization: `Bearer ${w.tokens.unitAdmin}` } });
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-disposition')).to.contain("filename*=UTF-8''");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  return wb;
}

async function upload(w: World, wb: ExcelJS.Workbook, token = w.tokens.unitAdmin) {
  const fd = new FormData();
  fd.append('file', new Blob([await wb.xlsx.writeBuffer()]), '专家导入.xlsx');
  return api(token).post(`/committees/${w.committeeId}/experts/import`, fd);
}

describe('expert batch import (批量新增专家)', function () {
  this.timeout(60000);
  let w: World;

  before(async () => {
    w = await buildWorld();
  });

  it('offers a template with Chinese headers, the instructions and the series’ specialty codes', async () => {
    const wb = await template(w);
    expect(wb.worksheets.map((s) => s.name)).to.deep.equal(['专家信息', '填写说明', '专业代码']);
    expect((wb.getWorksheet('专家信息')!.getRow(1).values as unknown[]).slice(1)).to.deep.equal(['姓名', '身份证号', '工作单位代码', '工作单位名称', '专业代码', '职称级别', '职称名称', '手机号码']);
    const codes = wb.getWorksheet('专业代码')!.getColumn(1).values.slice(2);
    expect(codes).to.include.members(['neike', 'waike']);
  });

  it('applies nothing when some rows are bad, and reports each (row, column, reason); a clean file applies whole', async () => {
    const socket = await connect(w.tokens.unitAdmin);
    const progress = collect(socket, 'import:progress');
    const wb = await template(w);
    const sheet = wb.getWorksheet('专家信息')!;
    const good = [newIdNumber('1968-02-02'), newIdNumber('1969-03-03'), newIdNumber('1970-04-04')];
    const badDigit = newIdNumber('1971-05-05');
    const city = w.city.org;
    sheet.addRow(['张三', good[0], city.code, city.name, 'neike', '正高级', '主任医师', '13800000001']);
    sheet.addRow(['李四', badDigit.slice(0, 17) + (badDigit[17] === '1' ? '2' : '1'), city.code, '', 'neike', '', '', '']);
    sheet.addRow(['王五', good[1], city.code, '', 'neike，xinli', '副高级', '', '']);
    sheet.addRow(['赵六', good[2], '9999999999', '', 'waike', '', '', '']);
    sheet.addRow(['孙七', good[0], city.code, '', 'neike', '', '', '']);
    sheet.addRow(['', newIdNumber('1972-06-06'), city.code, '', 'neike', '高级', '', '']);
    sheet.addRow(['周八', 130102197307070012, city.code, '某医院', 'neike', '', '', '']);
    const accountsBefore = await Account.count();

    const res = await upload(w, wb);
    expect(res.status).to.equal(202);
    const jobId = res.body.id;
    const end = await waitFor(socket, 'import:progress', (e: { data: { jobId: number; status: string } }) => e.data.jobId === jobId && ['done', 'failed'].includes(e.data.status));
    expect(end.data.status).to.equal('failed');
    const job = expectStatus(await api(w.tokens.unitAdmin).get(`/import-jobs/${jobId}`), 200);
    expect(job.status).to.equal('failed');
    expect(job.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code])).to.deep.equal([
      [3, '身份证号', 'id_number_check_digit'],
      [4, '专业代码', 'unknown_specialty'],
      [5, '工作单位代码', 'unknown_employer'],
      [6, '身份证号', 'duplicate_in_file'],
      [7, '姓名', 'invalid'],
      [7, '职称级别', 'unknown_level'],
      [8, '身份证号', 'id_number_not_text'],
      [8, '工作单位名称', 'employer_name_mismatch'],
    ]);
    expect(job.errors[1].reason).to.equal('未知的专业代码：xinli');
    expect(job.errors[3].reason).to.equal('与第2行的身份证号重复');
    expect(await Account.count()).to.equal(accountsBefore);
    expect(await Expert.count({ where: { idNumber: good } })).to.equal(0);
    expect(progress.map((p) => p.data.status)).to.include('validating');

    // The same file without its bad rows: all of it goes in, pending until the office approves a filing.
    const clean = await template(w);
    clean.getWorksheet('专家信息')!.addRow(['张三', good[0], city.code, city.name, 'neike', '正高级', '主任医师', '13800000001']);
    clean.getWorksheet('专家信息')!.addRow(['王五', good[1], w.employers[0].org.code, '', 'neike,waike', '副高级', '', '']);
    const ok = await upload(w, clean);
    expect(ok.status).to.equal(202);
    const done = await waitFor(socket, 'import:progress', (e: { data: { jobId: number; status: string } }) => e.data.jobId === ok.body.id && ['done', 'failed'].includes(e.data.status));
    socket.close();
    expect(done.data).to.deep.include({ status: 'done', total: 2, processed: 2, errors: 0 });
    const finished = expectStatus(await api(w.tokens.unitAdmin).get(`/import-jobs/${ok.body.id}`), 200);
    expect(finished.result).to.deep.equal({ accountsCreated: 2, expertsCreated: 2, addedToLibrary: 2 });
    const wang = (await Expert.findOne({ where: { idNumber: good[1] } }))!;
    expect(wang).to.deep.include({ name: '王五', employerOrgId: w.employers[0].org.id, titleLevel: 'fugao' });
    expect(wang.specialties).to.deep.equal(['neike', 'waike']);
    expect((await CommitteeExpert.findOne({ where: { committeeId: w.committeeId, expertId: wang.id } }))!.status).to.equal('pending');
    // Imported accounts have no usable password until the unit's admin resets one.
    expect((await api().post('/auth/login', { username: good[1], password: 'Any#Password1' })).status).to.equal(401);

    // Importing them again reports them as already in the library.
    const again = await upload(w, clean);
    const job2 = await (async () => {
      for (;;) {
        const j = expectStatus(await api(w.tokens.unitAdmin).get(`/import-jobs/${again.body.id}`), 200);
        if (['done', 'failed'].includes(j.status)) return j;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    expect(job2.errors.map((e: { code: string }) => e.code)).to.deep.equal(['already_in_library', 'already_in_library']);
  });

  it('refuses what is not a spreadsheet (400), strangers (403) and the signed-out (401)', async () => {
    const fd = new FormData();
    fd.append('file', new Blob([Buffer.from('%PDF-1.4 not a sheet')]), 'x.xlsx');
    const notXlsx = await api(w.tokens.unitAdmin).post(`/committees/${w.committeeId}/experts/import`, fd);
    expect(notXlsx.status).to.equal(400);
    expect(errorOf(notXlsx)).to.deep.include({ code: 'not_xlsx' });
    const none = await api(w.tokens.unitAdmin).post(`/committees/${w.committeeId}/experts/import`, new FormData());
    expect(errorOf(none).code).to.equal('file_required');
    expect((await upload(w, await template(w), w.tokens.otherAdmin)).status).to.equal(403);
    expect((await api().post(`/committees/${w.committeeId}/experts/import`, new FormData())).status).to.equal(401);
    const job = await api(w.tokens.otherAdmin).get('/import-jobs/1');
    expect(job.status).to.be.oneOf([403, 404]);
  });
});
