import { Op, Sequelize, fn, col } from 'sequelize';
import { z } from 'zod';
import { db, Certificate, IssuingUnit } from '../../../../models';
import { idParams, pageOf, pageQuery, type Routes } from '../../../http/route';
import { inTransaction } from '../../../tx';
import { authorize, type Actor } from '../../../policies';
import { notFound } from '../../../errors';
import { birthDateOf, genderOf } from '../../../domain/idNumber';
import { issuableOf, issueCertificates, loadIssueContext, certificateSubject, reportToMinistry, revokeCertificate } from '../../../commands/after/certificates';
import { importCertificates, importTemplate } from '../../../commands/after/importCertificates';
import { certificatePdf } from '../../../exports/after/certificatePdf';
import { sendPdf } from '../../../exports/after/font';
import { multipartContent, singleFile } from '../../../http/upload';
import { byKey, fmtTime, sendWorkbook, streamXlsx, XLSX_MIME, type Column } from '../../../exports/xlsx';
import { publicOrigin } from '../../../exports/after/origin';
import { presentCertificate, presentItems } from '../../../presenters/after';
import { certificateView, day, itemView, text } from '../schema';

const issueBody = z
  .object({
    filingId: z.number().int().positive(),
    declarationIds: z.array(z.number().int().positive()).min(1).max(500).optional(),
    issuingUnitId: z.number().int().positive(),
    rangeId: z.number().int().positive().optional(),
    issuedOn: day.optional(),
  })
  .strict();
const listQuery = z
  .object({
    ...pageQuery,
    q: z.string().trim().max(40).optional(),
    status: z.enum(['valid', 'revoked']).optional(),
    reported: z.enum(['true', 'false']).optional(),
    source: z.enum(['issued', 'imported']).optional(),
    year: z.coerce.number().int().min(1950).max(2100).optional(),
    batch: z.string().max(40).optional(),
  })
  .strict();
const revokeBody = z.object({ reason: text(500), blacklistYears: z.number().int().positive().optional() }).strict();
const reportBody = z.object({ certificateIds: z.array(z.number().int().positive()).min(1).max(2000).optional() }).strict();

/** Certificates of the offices in my subtree (an applicant reads their own through /my/results). */
function where(actor: Actor, q: Omit<z.infer<typeof listQuery>, 'page' | 'pageSize'>) {
  const and: object[] = [{ orgId: { [Op.in]: Sequelize.literal(`(SELECT id FROM organisations WHERE code LIKE ${db().escape(`${actor.orgCode}%`)})`) } }];
  if (q.q) and.push({ [Op.or]: [{ name: { [Op.like]: `%${q.q}%` } }, { idNumber: q.q.toUpperCase() }, { number: { [Op.like]: `${q.q}%` } }] });
  if (q.status) and.push({ status: q.status });
  if (q.reported) and.push({ reportedAt: q.reported === 'true' ? { [Op.ne]: null } : null });
  if (q.source) and.push({ source: q.source });
  if (q.year) and.push({ year: q.year });
  if (q.batch) and.push({ reportBatch: q.batch });
  return { [Op.and]: and };
}

async function present(list: Certificate[]) {
  const units = await IssuingUnit.findAll({ where: { id: { [Op.in]: [...new Set(list.map((c) => c.issuingUnitId))] } } });
  return list.map((c) => presentCertificate(c, units.find((u) => u.id === c.issuingUnitId)));
}

async function loadReadable(actor: Actor, id: number) {
  const c = await Certificate.findByPk(id);
  if (!c) throw notFound('certificate');
  authorize(actor, 'certificate:read', await certificateSubject(c));
  return c;
}

/** One row per ministry report batch of my office (a handful a year, so in hand). */
async function reportBatches(actor: Actor) {
  const rows = (await Certificate.findAll({
    where: { orgId: actor.orgId, reportBatch: { [Op.ne]: null } },
    attributes: ['reportBatch', [fn('COUNT', col('id')), 'count'], [fn('MAX', col('reported_at')), 'reportedAt']],
    group: ['reportBatch'],
    order: [[fn('MAX', col('reported_at')), 'DESC']],
    raw: true,
  })) as unknown as Array<{ reportBatch: string; count: number; reportedAt: string | Date }>;
  return rows.map((x) => ({ batch: x.reportBatch, count: Number(x.count), reportedAt: new Date(x.reportedAt).toISOString() }));
}

type View = ReturnType<typeof presentCertificate>;
/** 证书报送人社部: the fields the ministry's register asks for. */
const MINISTRY_COLUMNS: Column<View>[] = [
  { header: '序号', value: (_r, i) => i + 1 },
  { header: '姓名', value: (c) => c.name },
  { header: '性别', value: (c) => (genderOf(c.idNumber) === 'male' ? '男' : '女') },
  { header: '身份证号', width: 20, value: (c) => c.idNumber },
  { header: '出生日期', width: 12, value: (c) => birthDateOf(c.idNumber) },
  { header: '工作单位', width: 28, value: (c) => c.employerName },
  { header: '系列', value: (c) => c.seriesName },
  { header: '专业', value: (c) => c.specialtyName },
  { header: '级别', value: (c) => c.levelName },
  { header: '资格名称', width: 14, value: (c) => c.qualificationName },
  { header: '评审机构', width: 28, value: (c) => c.committeeName },
  { header: '评审通过时间', width: 14, value: (c) => c.approvedOn },
  { header: '备案文号', width: 18, value: (c) => c.filingNumber },
  { header: '证书编号', width: 18, value: (c) => c.number },
  { header: '发证单位编码', width: 12, value: (c) => c.issuingUnit?.code },
  { header: '发证单位', width: 24, value: (c) => c.issuingUnit?.name },
  { header: '发证日期', width: 12, value: (c) => c.issuedOn },
  { header: '核验码', width: 22, value: (c) => c.verifyCode },
  { header: '证书状态', value: (c) => (c.status === 'valid' ? '有效' : '已撤销') },
  { header: '来源', value: (c) => (c.source === 'issued' ? '系统发放' : '补录导入') },
  { header: '报送批次', width: 18, value: (c) => c.reportBatch },
];

export function registerCertificateRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/filings/:id/issuable',
    summary: 'The confirmed results of a passed filing, and which hold a certificate (证书发放: 是否发放)',
    tags: ['after'],
    needs: 'certificate:issue',
    params: idParams,
    response: z.object({ items: z.array(itemView) }),
    async handler({ actor, params }) {
      const filing = await loadIssueContext(actor, params.id);
      const { items } = await issuableOf(filing);
      return { items: await presentItems(items, { staff: true }) };
    },
  });

  r.add({
    method: 'post',
    path: '/certificates/issue',
    summary: '发放证书 in a batch: numbers from a serial range (consecutive, never twice), a verification code each',
    tags: ['after'],
    needs: 'certificate:issue',
    body: issueBody,
    response: z.object({ items: z.array(certificateView) }),
    status: 201,
    async handler({ actor, body }) {
      return { items: await present(await inTransaction((t) => issueCertificates(actor, body, t))) };
    },
  });

  r.add({
    method: 'get',
    path: '/certificates',
    summary: '证书查询: certificates of my subtree by name, ID number or number; status, reported, source, year',
    tags: ['after'],
    needs: 'certificate:read',
    query: listQuery,
    response: pageOf(certificateView),
    async handler({ actor, query }) {
      authorize(actor, 'certificate:read', { orgCode: actor.orgCode, applicantId: null });
      const { rows, count } = await Certificate.findAndCountAll({ where: where(actor, query), order: [['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: await present(rows), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/certificates/export',
    summary: 'The search as a spreadsheet (the ministry’s fields; batch=… is one report batch, 报送人社部)',
    tags: ['after'],
    needs: 'certificate:read',
    query: listQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      authorize(actor, 'certificate:read', { orgCode: actor.orgCode, applicantId: null });
      const w = where(actor, query);
      const name = query.batch ? `证书报送人社部-${query.batch}` : '职称证书';
      const rows = byKey([['id', 'ASC']], (after, order, limit) => Certificate.findAll({ where: { [Op.and]: [w, after] }, order: order as never, limit }), present);
      await streamXlsx(res, name, '职称证书', MINISTRY_COLUMNS, rows);
    },
  });

  r.add({
    method: 'post',
    path: '/certificates/report',
    summary: '证书报送人社部: report the chosen (or all) unreported valid certificates as one batch',
    tags: ['after'],
    needs: 'certificate:report',
    body: reportBody,
    response: z.object({ batch: z.string(), count: z.number() }),
    async handler({ actor, body }) {
      return inTransaction((t) => reportToMinistry(actor, body, t));
    },
  });

  r.add({
    method: 'get',
    path: '/certificates/reports',
    summary: 'The report batches of my office (batch, count, when)',
    tags: ['after'],
    needs: 'certificate:report',
    response: z.object({ items: z.array(z.object({ batch: z.string(), count: z.number(), reportedAt: z.string() })) }),
    async handler({ actor }) {
      authorize(actor, 'certificate:report', { orgId: actor.orgId });
      return { items: await reportBatches(actor) };
    },
  });

  r.add({
    method: 'get',
    path: '/certificates/reports/export',
    summary: 'The report batches as a spreadsheet (报送批次)',
    tags: ['after'],
    needs: 'certificate:report',
    produces: XLSX_MIME,
    async handler({ actor, res }) {
      authorize(actor, 'certificate:report', { orgId: actor.orgId });
      type Row = Awaited<ReturnType<typeof reportBatches>>[number];
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '报送批次', width: 22, value: (r) => r.batch },
        { header: '证书数', value: (r) => r.count },
        { header: '报送时间', width: 18, value: (r) => fmtTime(new Date(r.reportedAt)) },
      ];
      await streamXlsx(res, '证书报送批次', '报送批次', cols, [await reportBatches(actor)]);
    },
  });

  r.add({
    method: 'get',
    path: '/certificates/import-template',
    summary: 'The spreadsheet template for importing earlier certificates (证书补录)',
    tags: ['after'],
    needs: 'certificate:import',
    produces: XLSX_MIME,
    async handler({ actor, res }) {
      authorize(actor, 'certificate:import', { orgId: actor.orgId });
      await sendWorkbook(res, '职称证书导入模板', await importTemplate());
    },
  });

  r.add({
    method: 'post',
    path: '/certificates/import',
    summary: '职称证书导入: all rows or none; a refusal lists every bad cell (rows.<n>.<column>)',
    tags: ['after'],
    needs: 'certificate:import',
    before: [singleFile],
    requestContent: multipartContent(z.object({})),
    response: z.object({ imported: z.number() }),
    status: 201,
    async handler({ actor, req }) {
      return inTransaction((t) => importCertificates(actor, req.file, t));
    },
  });

  r.add({
    method: 'get',
    path: '/certificates/:id',
    summary: 'One certificate',
    tags: ['after'],
    needs: 'certificate:read',
    params: idParams,
    response: certificateView,
    async handler({ actor, params }) {
      return (await present([await loadReadable(actor, params.id)]))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/certificates/:id/pdf',
    summary: 'The electronic certificate (PDF, Chinese font embedded, QR code to the public check)',
    tags: ['after'],
    needs: 'certificate:read',
    params: idParams,
    produces: 'application/pdf',
    async handler({ actor, params, req, res }) {
      const c = await loadReadable(actor, params.id);
      const unit = await IssuingUnit.findByPk(c.issuingUnitId);
      const doc = await certificatePdf(c, unit, publicOrigin(req));
      await sendPdf(res, doc, `职称证书-${c.name}-${c.number}.pdf`);
    },
  });

  r.add({
    method: 'post',
    path: '/certificates/:id/revoke',
    summary: '证书撤销 with a reason; optionally a ban on declaring (blacklistYears)',
    tags: ['after'],
    needs: 'certificate:revoke',
    params: idParams,
    body: revokeBody,
    response: certificateView,
    async handler({ actor, params, body }) {
      return (await present([await inTransaction((t) => revokeCertificate(actor, params.id, body, t))]))[0];
    },
  });
}
