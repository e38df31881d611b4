import ExcelJS from 'exceljs';
import { inTransaction } from '../server/tx';
import { createIssuingUnit, createRange } from '../server/commands/after/issuing';
import { importCertificates, IMPORT_COLUMNS } from '../server/commands/after/importCertificates';
import { addToBlacklist } from '../server/commands/after/blacklist';
import { makeIdNumber } from '../server/domain/idNumber';
import { chinaToday } from '../server/domain/workingDays';
import { actorOf, type DemoContext } from './context';

/**
 * After the meeting (issue 7), through the same commands as the API: issuing-unit codes and serial
 * ranges for the province and one city, a few certificates issued in earlier years (imported from a
 * spreadsheet, as an office would), and blacklist entries the public notice scrolls. The holiday
 * list of the current year comes with migration 0501. Publishing, filing and issuing are left for
 * a person to do on the demo meeting's confirmed results (`npm run demo:meeting`, then 评审后处理).
 */
export async function seedAfter(ctx: DemoContext) {
  const prov = actorOf(ctx, 'prov-admin');
  const sjz = actorOf(ctx, 'sjz-admin');
  const year = Number(chinaToday().slice(0, 4));
  const provUnit = await inTransaction((t) => createIssuingUnit(prov, { code: '1300', name: '河北省人力资源和社会保障厅' }, t));
  await inTransaction((t) => createRange(prov, provUnit.id, { year, startSerial: 1, endSerial: 5000 }, t));
  await inTransaction((t) => createRange(prov, provUnit.id, { year: year + 1, startSerial: 1, endSerial: 5000 }, t));
  const sjzUnit = await inTransaction((t) => createIssuingUnit(sjz, { code: '1301', name: '石家庄市人力资源和社会保障局' }, t));
  await inTransaction((t) => createRange(sjz, sjzUnit.id, { year, startSerial: 1, endSerial: 2000 }, t));

  // 证书补录: intermediate titles some of today's senior applicants got years ago.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('职称证书');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.header));
  const people = ctx.applicants.filter((a) => a.idNumber).slice(0, 6);
  people.forEach((a, i) => {
    const issuedOn = `${2019 + (i % 3)}-12-${20 + i}`;
    ws.addRow([a.name, a.idNumber, '卫生', '中级', '主治医师', '内科', '河北省人民医院', `1300${issuedOn.slice(0, 4)}${String(101 + i).padStart(6, '0')}`, '1300', issuedOn, `${issuedOn.slice(0, 4)}-11-15`, '河北省卫生系列中级评审委员会', `冀职备〔${issuedOn.slice(0, 4)}〕${i + 3}号`]);
  });
  const { imported } = await inTransaction(async (t) => importCertificates(prov, { buffer: Buffer.from(await wb.xlsx.writeBuffer()) }, t));

  const banned = [
    { name: '张明华', birth: '1979-04-12', years: 5, reason: '伪造学历证书申报高级职称，取消评审通过资格' },
    { name: '李建国', birth: '1983-09-30', years: 1, reason: '申报材料中代表作系他人代写' },
  ];
  for (const [i, b] of banned.entries()) {
    await inTransaction((t) => addToBlacklist(prov, { idNumber: makeIdNumber('130105', b.birth, 700 + i), name: b.name, years: b.years, reason: b.reason, publicNotice: true }, t));
  }
  ctx.log(`demo: issuing units 1300 (province) and 1301 (石家庄), ${imported} earlier certificates, ${banned.length} more blacklist entries`);
}
