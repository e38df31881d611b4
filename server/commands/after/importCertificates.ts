import ExcelJS from 'exceljs';
import { Op, type Transaction } from 'sequelize';
import { Certificate, CertificateRange, IssuingUnit, TitleSeries } from '../../../models';
import { unprocessable, type ErrorDetail } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { LEVELS, LEVEL_LABELS, type Level } from '../../domain/titles';
import { checkIdNumber, normaliseIdNumber } from '../../domain/idNumber';
import { holderKey, newVerifyCode, SERIAL_DIGITS } from '../../domain/after';
import { isDay } from '../../domain/workingDays';

/**
 * 职称证书导入 / 证书补录 (seed 004 §6.3.1–6.3.2): earlier certificates from a spreadsheet. Every row
 * is checked first and the file is taken whole or not at all; a refusal lists every bad cell
 * (`rows.<n>.<column>`), so one correction round is enough.
 */
export const IMPORT_COLUMNS = [
  { key: 'name', header: '姓名', required: true, width: 12 },
  { key: 'idNumber', header: '身份证号', required: true, width: 22 },
  { key: 'series', header: '系列', required: true, width: 16 },
  { key: 'level', header: '级别', required: true, width: 10 },
  { key: 'qualification', header: '资格名称', required: true, width: 16 },
  { key: 'specialty', header: '专业', required: false, width: 16 },
  { key: 'employer', header: '工作单位', required: false, width: 28 },
  { key: 'number', header: '证书编号', required: true, width: 20 },
  { key: 'unitCode', header: '发证单位编码', required: true, width: 14 },
  { key: 'issuedOn', header: '发证日期', required: true, width: 14 },
  { key: 'approvedOn', header: '评审通过日期', required: false, width: 14 },
  { key: 'committee', header: '评委会', required: false, width: 24 },
  { key: 'filingNumber', header: '备案文号', required: false, width: 18 },
] as const;
type Key = (typeof IMPORT_COLUMNS)[number]['key'];
const MAX_ROWS = 5000;

export async function importTemplate(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('职称证书');
  ws.columns = IMPORT_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, key: c.key, width: c.width, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  ws.addRow({ name: '张三', idNumber: '130102198506150012', series: '卫生', level: '副高级', qualification: '副主任医师', specialty: '内科', employer: '某某医院', number: '13002020000001', unitCode: '1300', issuedOn: '2020-12-30', approvedOn: '2020-11-20', committee: '河北省卫生系列高级评审委员会', filingNumber: '冀职备〔2020〕1号' });
  const help = wb.addWorksheet('说明');
  help.addRow(['带 * 的列必填；身份证号请以文本格式填写；级别填 正高级/副高级/中级/助理级/员级；日期格式 YYYY-MM-DD；示例行请删除。']);
  return wb;
}

function cellText(v: ExcelJS.CellValue): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v && typeof v.text === 'string') return v.text.trim();
    if ('result' in v && v.result !== undefined) return cellText(v.result as ExcelJS.CellValue);
  }
  return undefined;
}

type Row = Partial<Record<Key, string>> & { row: number; idNumberLost?: boolean };

async function readRows(buffer: Buffer, errors: ErrorDetail[]): Promise<Row[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    errors.push({ path: 'file', message: '文件无法读取，请使用模板（.xlsx）', code: 'import_unreadable' });
    return [];
  }
  const sheet = wb.worksheets[0];
  const headers = new Map<number, Key>();
  sheet?.getRow(1).eachCell((cell, col) => {
    const h = cellText(cell.value)?.replace(/\*$/, '');
    const c = IMPORT_COLUMNS.find((x) => x.header === h);
    if (c) headers.set(col, c.key);
  });
  for (const c of IMPORT_COLUMNS) if (c.required && ![...headers.values()].includes(c.key)) errors.push({ path: `rows.1.${c.key}`, message: `缺少“${c.header}”列`, code: 'missing_column' });
  const rows: Row[] = [];
  sheet?.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const out: Row = { row: n };
    for (const [col, key] of headers) {
      const v = r.getCell(col).value;
      // An 18-digit ID number stored as a number has lost its last digits already.
      if (key === 'idNumber' && typeof v === 'number') out.idNumberLost = true;
      const s = cellText(v);
      if (s) out[key] = s;
    }
    if (Object.keys(out).length > 1) rows.push(out);
  });
  if (rows.length > MAX_ROWS) errors.push({ path: 'file', message: `最多 ${MAX_ROWS} 行`, code: 'too_many_rows' });
  if (rows.length === 0 && errors.length === 0) errors.push({ path: 'file', message: '文件中没有证书数据', code: 'no_rows' });
  return rows;
}

const LEVEL_BY_TEXT = new Map<string, Level>(LEVELS.flatMap((l) => [[LEVEL_LABELS[l], l] as [string, Level], [l, l] as [string, Level]]));

export async function importCertificates(actor: Actor, upload: { buffer: Buffer } | undefined, t: Transaction) {
  authorize(actor, 'certificate:import', { orgId: actor.orgId });
  const errors: ErrorDetail[] = [];
  if (!upload) throw unprocessable('import_invalid', 'Attach the spreadsheet (field "file")', [{ path: 'body.file', message: 'required', code: 'file_required' }]);
  const rows = await readRows(upload.buffer, errors);
  const bad = (row: number, key: Key | 'row', code: string, message: string) => errors.push({ path: `rows.${row}.${key}`, message, code });

  const series = await TitleSeries.findAll({ attributes: ['code', 'name'] });
  const units = await IssuingUnit.findAll({ where: { code: { [Op.in]: [...new Set(rows.map((r) => r.unitCode ?? ''))] } } });
  const existing = await Certificate.findAll({
    where: { [Op.or]: [{ number: { [Op.in]: rows.map((r) => r.number ?? '') } }, { idNumber: { [Op.in]: rows.map((r) => normaliseIdNumber(r.idNumber ?? '')) }, status: 'valid' }] },
    attributes: ['number', 'holderKey'],
    transaction: t,
  });
  const ranges = await CertificateRange.findAll({ where: { issuingUnitId: { [Op.in]: units.map((u) => u.id) } }, transaction: t });
  const seenNumbers = new Map<string, number>();
  const seenHolders = new Map<string, number>();
  const ready: Array<Record<string, unknown>> = [];

  for (const r of rows) {
    for (const c of IMPORT_COLUMNS) if (c.required && !r[c.key]) bad(r.row, c.key, 'required', `“${c.header}”必填`);
    const idNumber = normaliseIdNumber(r.idNumber ?? '');
    const idProblem = r.idNumberLost ? 'format' : r.idNumber ? checkIdNumber(idNumber) : null;
    if (idProblem) bad(r.row, 'idNumber', `id_number_${idProblem}`, r.idNumberLost ? '身份证号被存为数字，末几位已丢失，请设为文本' : '身份证号不正确');
    const s = series.find((x) => x.code === r.series || x.name === r.series);
    if (r.series && !s) bad(r.row, 'series', 'unknown_series', `没有“${r.series}”系列`);
    const level = LEVEL_BY_TEXT.get(r.level ?? '');
    if (r.level && !level) bad(r.row, 'level', 'level_not_in_series', `级别应为 正高级/副高级/中级/助理级/员级`);
    const unit = units.find((u) => u.code === r.unitCode);
    if (r.unitCode && !unit) bad(r.row, 'unitCode', 'unknown_issuing_unit', `没有编码为 ${r.unitCode} 的发证单位`);
    for (const k of ['issuedOn', 'approvedOn'] as const) if (r[k] && !isDay(r[k]!)) bad(r.row, k, 'invalid_day', '日期格式应为 YYYY-MM-DD');
    for (const k of ['name', 'qualification', 'specialty'] as const) if ((r[k]?.length ?? 0) > 100) bad(r.row, k, 'too_long', '内容过长');
    if (r.number) {
      if (r.number.length > 40) bad(r.row, 'number', 'too_long', '证书编号过长');
      if (existing.some((c) => c.number === r.number)) bad(r.row, 'number', 'duplicate_certificate_number', '证书编号已存在');
      if (seenNumbers.has(r.number)) bad(r.row, 'number', 'duplicate_certificate_number', `与第 ${seenNumbers.get(r.number)} 行证书编号重复`);
      seenNumbers.set(r.number, r.row);
    }
    // A number in this system's own format belongs to a serial; it may not sit inside a range still being issued from.
    const year = Number((r.issuedOn ?? '').slice(0, 4));
    let serial: number | null = null;
    if (unit && r.number && year) {
      const m = new RegExp(`^${unit.code}${year}(\\d{${SERIAL_DIGITS}})$`).exec(r.number);
      if (m) {
        serial = Number(m[1]);
        if (ranges.some((x) => x.issuingUnitId === unit.id && x.year === year && serial! >= x.startSerial && serial! <= x.endSerial)) {
          bad(r.row, 'number', 'number_in_range', '证书编号落在本系统正在使用的编号段内');
        }
      }
    }
    if (level && !idProblem && r.idNumber) {
      const key = holderKey(idNumber, level);
      if (existing.some((c) => c.holderKey === key)) bad(r.row, 'idNumber', 'already_issued', '此人已有该级别的有效证书');
      if (seenHolders.has(key)) bad(r.row, 'idNumber', 'already_issued', `与第 ${seenHolders.get(key)} 行是同一人同一级别`);
      seenHolders.set(key, r.row);
    }
    if (s && level && unit && r.number && r.name && r.qualification && r.issuedOn && !idProblem) {
      ready.push({
        number: r.number,
        verifyCode: newVerifyCode(),
        holderKey: holderKey(idNumber, level),
        status: 'valid',
        source: 'imported',
        orgId: actor.orgId,
        declarationId: null,
        meetingId: null,
        filingId: null,
        issuingUnitId: unit.id,
        rangeId: null,
        serial,
        year,
        idNumber,
        name: r.name,
        employerName: r.employer ?? null,
        seriesCode: s.code,
        seriesName: s.name,
        level,
        qualificationName: r.qualification,
        specialtyName: r.specialty ?? null,
        committeeName: r.committee ?? null,
        filingNumber: r.filingNumber ?? null,
        approvedOn: r.approvedOn ?? null,
        issuedOn: r.issuedOn,
        issuedById: actor.id,
      });
    }
  }
  if (errors.length) throw unprocessable('import_invalid', `${new Set(errors.map((e) => e.path.split('.')[1])).size} rows have errors; nothing was imported`, errors.slice(0, 500));
  for (const c of ready) await Certificate.create(c as never, { transaction: t });
  return { imported: ready.length };
}
