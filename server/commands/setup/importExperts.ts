import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { Op } from 'sequelize';
import { z } from 'zod';
import { Account, Committee, CommitteeExpert, Expert, ImportJob, Organisation, type ImportRowError } from '../../../models';
import { announce } from '../../announce';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { inTransaction } from '../../tx';
import { log } from '../../logger';
import { checkIdNumber, normaliseIdNumber } from '../../domain/idNumber';
import { LEVELS, LEVEL_LABELS, type Level } from '../../domain/titles';
import { splitCodes } from '../../domain/setup';
import { rooms } from '../../../realtime/rooms';
import { specialtiesOf } from './catalogue';
import { committeeSubject, loadCommittee } from './committees';

/**
 * 批量新增专家 (seed 000 第三章第二节: 下载模板, 批量新增). The upload becomes a job: every row is checked
 * (zod, ID number check digit, known specialty codes of the committee's series, known employer by
 * organisation code) and the import applies whole — one transaction — or reports every bad row
 * (row number, column, reason) and applies nothing. Progress goes to the job row (GET
 * /import-jobs/:id) and as `import:progress` to the importer's own room, so a large file shows how
 * far it has got. New expert accounts get no usable password: the unit's admin gives one with 重置密码
 * when the expert needs their own login; meetings hand out temporary logins anyway.
 */
export const TEMPLATE_COLUMNS = [
  { key: 'name', header: '姓名', width: 12, required: true },
  { key: 'idNumber', header: '身份证号', width: 22, required: true },
  { key: 'employerCode', header: '工作单位代码', width: 16, required: true },
  { key: 'employerName', header: '工作单位名称', width: 30, required: false },
  { key: 'specialties', header: '专业代码', width: 20, required: true },
  { key: 'titleLevel', header: '职称级别', width: 10, required: false },
  { key: 'titleName', header: '职称名称', width: 14, required: false },
  { key: 'phone', header: '手机号码', width: 14, required: false },
] as const;
type ColumnKey = (typeof TEMPLATE_COLUMNS)[number]['key'];
const headerOf = (key: ColumnKey) => TEMPLATE_COLUMNS.find((c) => c.key === key)!.header;

/** A password hash no password matches (verifyPassword rejects anything but a scrypt string). */
export const UNUSABLE_PASSWORD = '!no-password-until-reset';
export const MAX_IMPORT_ROWS = 5000;
const PROGRESS_EVERY = 200;

const text = (max: number) => z.string().trim().max(max, `不超过${max}个字`);
const rowSchema = z.object({
  name: text(50).min(1, '必填'),
  idNumber: text(18).min(1, '必填'),
  employerCode: text(40).min(1, '必填'),
  employerName: text(200).optional(),
  specialties: text(200).min(1, '必填'),
  titleLevel: text(10).optional(),
  titleName: text(50).optional(),
  phone: z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, '手机或座机号码格式不对').optional(),
});
type Row = z.infer<typeof rowSchema> & { row: number };

export async function buildTemplate(committee: Committee): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('专家信息');
  sheet.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  // ID numbers and codes as text: Excel would turn an 18-digit number into 1.30102E+17.
  for (const key of ['idNumber', 'employerCode', 'specialties', 'phone']) sheet.getColumn(key).numFmt = '@';
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ header: '列', width: 14 }, { header: '说明', width: 80 }];
  const notes: Record<ColumnKey, string> = {
    name: '必填，与身份证一致',
    idNumber: '必填，18位居民身份证号码（末位X大写），请按文本格式填写',
    employerCode: '必填，工作单位的机构代码（系统中的单位编码），用于识别回避关系',
    employerName: '选填；填写时须与机构代码对应的单位名称一致',
    specialties: `必填，${committee.name}所属系列的专业代码，多个用逗号分隔，见“专业代码”表`,
    titleLevel: `选填：${LEVELS.map((l) => LEVEL_LABELS[l]).join('、')}`,
    titleName: '选填，如 主任医师',
    phone: '选填，手机号码或座机号码',
  };
  for (const c of TEMPLATE_COLUMNS) help.addRow([c.header, notes[c.key]]);
  help.addRow([]);
  help.addRow(['规则', `每行一名专家，最多${MAX_IMPORT_ROWS}行；任何一行有错误时整个文件都不导入，并列出每个错误的行号、列和原因。`]);
  const codes = wb.addWorksheet('专业代码');
  codes.columns = [{ header: '专业代码', width: 14 }, { header: '专业名称', width: 24 }];
  for (const [code, name] of await specialtiesOf([committee.seriesCode])) codes.addRow([code, name]);
  return wb;
}

function cellText(v: ExcelJS.CellValue): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v && v.result !== undefined) return cellText(v.result as ExcelJS.CellValue);
  }
  return undefined;
}

/** Rows of the first sheet as header → text, with their row numbers; empty rows are skipped. */
export async function readRows(buffer: Buffer): Promise<{ rows: Array<Record<string, unknown> & { row: number }>; errors: ImportRowError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    return { rows: [], errors: [{ row: 0, column: '', code: 'unreadable', reason: '文件无法读取，请使用下载的模板（.xlsx）' }] };
  }
  const sheet = wb.worksheets[0];
  if (!sheet) return { rows: [], errors: [{ row: 0, column: '', code: 'no_sheet', reason: '文件中没有工作表' }] };
  const headers = new Map<number, ColumnKey>();
  sheet.getRow(1).eachCell((cell, col) => {
    const h = cellText(cell.value)?.trim();
    const c = TEMPLATE_COLUMNS.find((x) => x.header === h);
    if (c) headers.set(col, c.key);
  });
  const errors: ImportRowError[] = TEMPLATE_COLUMNS.filter((c) => c.required && ![...headers.values()].includes(c.key)).map((c) => ({
    row: 1,
    column: c.header,
    code: 'missing_column',
    reason: `缺少“${c.header}”列`,
  }));
  const rows: Array<Record<string, unknown> & { row: number }> = [];
  sheet.eachRow({ includeEmpty: false }, (r, n) => {
    if (n === 1) return;
    const out: Record<string, unknown> & { row: number } = { row: n };
    for (const [col, key] of headers) {
      const v = r.getCell(col).value;
      // An 18-digit ID number stored as a number has already lost its last digits.
      if (key === 'idNumber' && typeof v === 'number') out.idNumber = { lostDigits: String(v) };
      else {
        const s = cellText(v)?.trim();
        if (s) out[key] = s;
      }
    }
    if (Object.keys(out).length > 1) rows.push(out);
  });
  if (rows.length > MAX_IMPORT_ROWS) errors.push({ row: 0, column: '', code: 'too_many_rows', reason: `最多${MAX_IMPORT_ROWS}行，文件有${rows.length}行` });
  if (rows.length === 0 && errors.length === 0) errors.push({ row: 0, column: '', code: 'no_rows', reason: '文件中没有专家数据' });
  return { rows, errors };
}

const LEVEL_BY_LABEL = new Map<string, Level>(LEVELS.flatMap((l) => [[LEVEL_LABELS[l], l] as [string, Level], [l, l] as [string, Level]]));

async function progress(job: ImportJob, changes: Partial<Pick<ImportJob, 'status' | 'processed' | 'total' | 'errors' | 'result'>>) {
  await inTransaction(async (t) => {
    Object.assign(job, changes, { heartbeatAt: new Date(), ...(changes.status === 'done' || changes.status === 'failed' ? { finishedAt: new Date() } : {}) });
    await job.save({ transaction: t });
    await announce(t, rooms.user(job.accountId), 'import:progress', {
      jobId: job.id,
      status: job.status,
      total: job.total,
      processed: job.processed,
      errors: job.errors?.length ?? 0,
    });
  });
}

/** Checks every row against the template's rules and the database; returns the rows that would apply. */
async function validate(job: ImportJob, committee: Committee, raw: Array<Record<string, unknown> & { row: number }>) {
  const errors: ImportRowError[] = [];
  const bad = (row: number, key: ColumnKey, code: string, reason: string) => errors.push({ row, column: headerOf(key), code, reason });
  const rows: Array<Row & { level: Level | null; codes: string[]; complete: boolean }> = [];
  const known = await specialtiesOf([committee.seriesCode]);
  const seen = new Map<string, number>();
  for (const [i, r] of raw.entries()) {
    // Field by field, so one row reports every bad cell, not just the first.
    const v: Partial<Row> = { row: r.row };
    let complete = true;
    for (const key of Object.keys(rowSchema.shape) as ColumnKey[]) {
      if (key === 'idNumber' && r.idNumber && typeof r.idNumber === 'object') {
        bad(r.row, 'idNumber', 'id_number_not_text', '身份证号被存成了数字，末几位已丢失；请将该列设为文本格式后重新填写');
        complete = false;
        continue;
      }
      const parsed = rowSchema.shape[key].safeParse(r[key]);
      if (parsed.success) (v as Record<string, unknown>)[key] = parsed.data;
      else {
        bad(r.row, key, 'invalid', parsed.error.issues[0].message === 'Invalid input: expected string, received undefined' ? '必填' : parsed.error.issues[0].message);
        complete = false;
      }
    }
    if (v.idNumber !== undefined) {
      v.idNumber = normaliseIdNumber(v.idNumber);
      const problem = checkIdNumber(v.idNumber);
      if (problem) {
        bad(r.row, 'idNumber', `id_number_${problem}`, problem === 'check_digit' ? '身份证号校验位不正确' : problem === 'birth_date' ? '身份证号中的出生日期不正确' : '身份证号应为18位');
      }
      const first = seen.get(v.idNumber);
      if (first) bad(r.row, 'idNumber', 'duplicate_in_file', `与第${first}行的身份证号重复`);
      else seen.set(v.idNumber, r.row);
    }
    const codes = v.specialties ? splitCodes(v.specialties) : [];
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) bad(r.row, 'specialties', 'unknown_specialty', `未知的专业代码：${unknown.join('、')}`);
    const level = v.titleLevel ? (LEVEL_BY_LABEL.get(v.titleLevel) ?? null) : null;
    if (v.titleLevel && !level) bad(r.row, 'titleLevel', 'unknown_level', `职称级别应为${LEVELS.map((l) => LEVEL_LABELS[l]).join('、')}之一`);
    rows.push({ ...(v as Row), level, codes, complete } as never);
    if ((i + 1) % PROGRESS_EVERY === 0) await progress(job, { processed: i + 1 });
  }

  // Against the database, in a few queries for the whole file.
  const orgs = await Organisation.findAll({ where: { code: { [Op.in]: [...new Set(rows.map((r) => r.employerCode).filter(Boolean))] } }, attributes: ['id', 'code', 'name', 'status'] });
  const experts = await Expert.findAll({ where: { idNumber: { [Op.in]: rows.map((r) => r.idNumber).filter(Boolean) } } });
  const entries = await CommitteeExpert.findAll({ where: { committeeId: committee.id, expertId: { [Op.in]: experts.map((e) => e.id) } } });
  const accounts = await Account.findAll({ where: { username: { [Op.in]: rows.map((r) => r.idNumber).filter(Boolean) }, loginYear: 0 }, attributes: ['id', 'username', 'role'] });
  for (const r of rows) {
    const org = r.employerCode ? orgs.find((o) => o.code === r.employerCode) : undefined;
    if (r.employerCode && !org) bad(r.row, 'employerCode', 'unknown_employer', `没有代码为${r.employerCode}的单位`);
    else if (org && r.employerName && r.employerName !== org.name) bad(r.row, 'employerName', 'employer_name_mismatch', `代码${r.employerCode}对应的单位是“${org.name}”`);
    const e = r.idNumber ? experts.find((x) => x.idNumber === r.idNumber) : undefined;
    if (e && r.name && e.name !== r.name) bad(r.row, 'name', 'name_mismatch', '该身份证号已登记为另一姓名');
    const entry = e && entries.find((x) => x.expertId === e.id);
    if (entry && entry.status !== 'removed') bad(r.row, 'idNumber', 'already_in_library', `已在本评委会专家库中（${entry.status === 'active' ? '已入库' : '预入库'}）`);
    const a = r.idNumber ? accounts.find((x) => x.username === r.idNumber) : undefined;
    if (a && a.role !== 'expert') bad(r.row, 'idNumber', 'id_number_taken', '该身份证号已用于非专家账号');
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors, orgs, experts };
}

async function apply(actor: Actor, committeeId: number, rows: Awaited<ReturnType<typeof validate>>['rows']) {
  return inTransaction(async (t) => {
    const committee = await loadCommittee(committeeId, t, true);
    const subject = await committeeSubject(committee, t);
    authorize(actor, 'library:manage', subject);
    authorize(actor, 'account:create', { orgId: subject.owner.id, orgCode: subject.owner.code, orgStatus: subject.owner.status, role: 'expert' });
    if (committee.status !== 'active') throw conflict('committee_disabled', 'The committee is disabled');
    const ids = rows.map((r) => r.idNumber);
    const orgs = await Organisation.findAll({ where: { code: { [Op.in]: [...new Set(rows.map((r) => r.employerCode))] } }, transaction: t });
    const orgOf = (code: string) => orgs.find((o) => o.code === code)!;
    const haveAccounts = new Set((await Account.findAll({ where: { username: { [Op.in]: ids }, loginYear: 0 }, attributes: ['username'], transaction: t })).map((a) => a.username));
    const newAccounts = rows.filter((r) => !haveAccounts.has(r.idNumber));
    await Account.bulkCreate(
      newAccounts.map((r) => ({
        username: r.idNumber,
        loginYear: 0,
        passwordHash: UNUSABLE_PASSWORD,
        role: 'expert' as const,
        orgId: committee.ownerOrgId,
        name: r.name,
        idNumber: r.idNumber,
        phone: r.phone ?? null,
        mustChangePassword: true,
        createdById: actor.id,
      })),
      { transaction: t },
    );
    const accounts = await Account.findAll({ where: { username: { [Op.in]: ids }, loginYear: 0 }, attributes: ['id', 'username'], transaction: t });
    const haveExperts = await Expert.findAll({ where: { idNumber: { [Op.in]: ids } }, transaction: t });
    const newExperts = rows.filter((r) => !haveExperts.some((e) => e.idNumber === r.idNumber));
    await Expert.bulkCreate(
      newExperts.map((r) => ({
        accountId: accounts.find((a) => a.username === r.idNumber)!.id,
        name: r.name,
        idNumber: r.idNumber,
        employerOrgId: orgOf(r.employerCode).id,
        employerName: orgOf(r.employerCode).name,
        seriesCode: committee.seriesCode,
        specialties: r.codes,
        titleLevel: r.level,
        titleName: r.titleName ?? null,
        phone: r.phone ?? null,
      })),
      { transaction: t },
    );
    const experts = await Expert.findAll({ where: { idNumber: { [Op.in]: ids } }, attributes: ['id', 'idNumber'], transaction: t });
    const entries = await CommitteeExpert.findAll({ where: { committeeId, expertId: { [Op.in]: experts.map((e) => e.id) } }, transaction: t, lock: t.LOCK.UPDATE });
    if (entries.some((e) => e.status !== 'removed')) throw conflict('already_in_library', 'Someone added one of these experts meanwhile');
    await CommitteeExpert.update({ status: 'pending', addedVia: 'import' }, { where: { id: { [Op.in]: entries.map((e) => e.id) } }, transaction: t });
    await CommitteeExpert.bulkCreate(
      experts.filter((e) => !entries.some((x) => x.expertId === e.id)).map((e) => ({ committeeId, expertId: e.id, status: 'pending' as const, addedVia: 'import' as const })),
      { transaction: t },
    );
    return { accountsCreated: newAccounts.length, expertsCreated: newExperts.length, addedToLibrary: experts.length };
  });
}

async function run(jobId: number, actor: Actor, buffer: Buffer) {
  const job = (await ImportJob.findByPk(jobId))!;
  try {
    const committee = await loadCommittee(job.committeeId!);
    await progress(job, { status: 'validating' });
    const read = await readRows(buffer);
    if (read.errors.length) return await progress(job, { status: 'failed', errors: read.errors, total: read.rows.length });
    await progress(job, { total: read.rows.length });
    const checked = await validate(job, committee, read.rows);
    if (checked.errors.length) return await progress(job, { status: 'failed', processed: read.rows.length, errors: checked.errors });
    await progress(job, { status: 'applying', processed: read.rows.length });
    const result = await apply(actor, committee.id, checked.rows);
    await progress(job, { status: 'done', result });
  } catch (e) {
    log.warn({ err: e, jobId }, 'import failed');
    const reason = e instanceof Error && 'code' in e ? `${(e as { code: string }).code}: ${e.message}` : '导入时发生错误，未导入任何数据';
    await progress(job, { status: 'failed', errors: [{ row: 0, column: '', code: 'apply_failed', reason }] }).catch(() => undefined);
  }
}

const running = new Set<Promise<void>>();
/** For tests and shutdown: resolves when every import started in this process has finished. */
export const importsSettled = () => Promise.allSettled([...running]);

export async function startExpertImport(actor: Actor, committeeId: number, upload: { buffer: Buffer; originalname: string } | undefined) {
  const committee = await loadCommittee(committeeId);
  authorize(actor, 'library:manage', await committeeSubject(committee));
  if (!upload || upload.buffer.length === 0) throw invalidField('body.file', 'file_required', 'Attach the filled template (field "file")');
  const type = await fileTypeFromBuffer(upload.buffer);
  if (type?.ext !== 'xlsx') throw invalidField('body.file', 'not_xlsx', 'Upload the .xlsx template');
  if (committee.status !== 'active') throw conflict('committee_disabled', 'The committee is disabled');
  const job = await inTransaction((t) =>
    ImportJob.create({ kind: 'experts', committeeId, accountId: actor.id, fileName: upload.originalname.slice(0, 255), heartbeatAt: new Date() }, { transaction: t }),
  );
  const p = run(job.id, actor, upload.buffer).finally(() => running.delete(p));
  running.add(p);
  return job;
}

/** A job whose node died stops beating: after two minutes it counts as failed. */
export async function loadImportJob(actor: Actor, id: number) {
  const job = await ImportJob.findByPk(id);
  if (!job) throw notFound('import job');
  if (job.accountId !== actor.id) {
    const c = job.committeeId ? await Committee.findByPk(job.committeeId) : null;
    if (!c) throw notFound('import job');
    authorize(actor, 'library:read', await committeeSubject(c));
  }
  const stale = job.heartbeatAt && Date.now() - job.heartbeatAt.getTime() > 120_000;
  if (stale && !['done', 'failed'].includes(job.status)) {
    Object.assign(job, { status: 'failed', finishedAt: new Date(), errors: [{ row: 0, column: '', code: 'interrupted', reason: '导入中断（服务重启），未导入任何数据，请重新上传' }] });
    await job.save();
  }
  return job;
}
