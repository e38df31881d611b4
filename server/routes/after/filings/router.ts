import fs from 'node:fs';
import { Op } from 'sequelize';
import { z } from 'zod';
import { Filing, Meeting, Organisation, StoredFile } from '../../../../models';
import { idParams, pageOf, type Routes } from '../../../http/route';
import { inTransaction } from '../../../tx';
import { allowedActions, authorize, type Actor } from '../../../policies';
import { notFound } from '../../../errors';
import { FILING_ATTACHMENT_LABELS, fileColumn } from '../../../domain/after';
import { attachFilingFile, createFiling, filingSubject, reviewFiling, submitFiling, updateFilingNote } from '../../../commands/after/filings';
import { contentPath } from '../../../commands/declarations/files';
import { multipartContent, singleFile } from '../../../http/upload';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../../exports/xlsx';
import { orgNameMap, presentFiling } from '../../../presenters/after';
import { attachmentParams, day, filingsQuery, filingView, text } from '../schema';

const createBody = z.object({ note: z.string().trim().max(2000).nullable().optional() }).strict();
const noteBody = z.object({ note: z.string().trim().max(2000).nullable() }).strict();
const reviewBody = z
  .object({ decision: z.enum(['pass', 'return']), opinion: z.string().trim().max(1000).nullable().optional(), filingNumber: text(60).optional(), filedOn: day.optional() })
  .strict()
  .refine((b) => b.decision === 'pass' || !!b.opinion, { message: 'Say why it is returned', path: ['opinion'] });

async function present(actor: Actor, list: Filing[]) {
  const names = await orgNameMap(list.flatMap((f) => [f.orgId, f.officeOrgId]));
  const meetings = await Meeting.findAll({ where: { id: { [Op.in]: list.map((f) => f.meetingId) } }, attributes: ['id', 'name'] });
  return Promise.all(
    list.map(async (f) => {
      const subject = await filingSubject(f);
      const can = [
        ...allowedActions(actor, subject, ['resultFiling:read'] as const),
        ...allowedActions(actor, { officeOrgId: f.officeOrgId }, ['resultFiling:review', 'certificate:issue'] as const),
        ...(actor.orgId === f.orgId && (actor.role === 'admin' || actor.staffKind === 'handler') ? ['resultFiling:submit'] : []),
      ];
      return presentFiling(f, names, meetings.find((m) => m.id === f.meetingId)?.name ?? null, can);
    }),
  );
}

/** Filings of my unit, sent to my office, or anywhere in my subtree. */
async function scope(actor: Actor, status?: string) {
  const orgs = await Organisation.findAll({ where: { code: { [Op.like]: `${actor.orgCode}%` } }, attributes: ['id'] });
  return { [Op.or]: [{ orgId: { [Op.in]: orgs.map((o) => o.id) } }, { officeOrgId: actor.orgId }], ...(status ? { status } : {}) };
}

async function loadReadable(actor: Actor, id: number) {
  const f = await Filing.findByPk(id);
  if (!f) throw notFound('filing');
  authorize(actor, 'resultFiling:read', await filingSubject(f));
  return f;
}

export function registerFilingRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/filings',
    summary: '评审工作备案: filings of my unit, sent to my office, or in my subtree (备案查询)',
    tags: ['after'],
    needs: 'resultFiling:read',
    query: filingsQuery,
    response: pageOf(filingView),
    async handler({ actor, query }) {
      const { rows, count } = await Filing.findAndCountAll({ where: await scope(actor, query.status), order: [['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: await present(actor, rows), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/filings/export',
    summary: 'Filings as a spreadsheet',
    tags: ['after'],
    needs: 'resultFiling:read',
    query: filingsQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = await scope(actor, query.status);
      const rows = byKey([['id', 'DESC']], (after, order, limit) => Filing.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), (fs) => present(actor, fs));
      const cols: Column<Awaited<ReturnType<typeof present>>[number]>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '评审会议', width: 40, value: (f) => f.meetingName },
        { header: '报送单位', width: 28, value: (f) => f.org.name },
        { header: '审核单位', width: 28, value: (f) => f.office.name },
        { header: '状态', value: (f) => f.statusName },
        { header: '提交时间', width: 18, value: (f) => (f.submittedAt ? fmtTime(new Date(f.submittedAt)) : '') },
        { header: '备案文号', width: 22, value: (f) => f.filingNumber },
        { header: '备案日期', width: 12, value: (f) => f.filedOn },
        { header: '审查意见', width: 40, value: (f) => f.reviewOpinion },
      ];
      await streamXlsx(res, '评审工作备案', '备案', cols, rows);
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/filing',
    summary: '提交备案 (new): a filing for a meeting whose result publicity is completed',
    tags: ['after'],
    needs: 'resultFiling:submit',
    params: idParams,
    body: createBody,
    response: filingView,
    status: 201,
    async handler({ actor, params, body }) {
      const f = await inTransaction((t) => createFiling(actor, params.id, body, t));
      return (await present(actor, [f]))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/filings/:id',
    summary: 'One filing with its attachments and history',
    tags: ['after'],
    needs: 'resultFiling:read',
    params: idParams,
    response: filingView,
    async handler({ actor, params }) {
      return (await present(actor, [await loadReadable(actor, params.id)]))[0];
    },
  });

  r.add({
    method: 'patch',
    path: '/filings/:id',
    summary: 'Change the filing’s note while it is a draft or returned',
    tags: ['after'],
    needs: 'resultFiling:submit',
    params: idParams,
    body: noteBody,
    response: filingView,
    async handler({ actor, params, body }) {
      const f = await inTransaction((t) => updateFilingNote(actor, params.id, body.note, t));
      return (await present(actor, [f]))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/filings/:id/files/:kind',
    summary: 'Attach one of the four PDFs (评委会通知, 评审结果公示名单, 公示情况说明, 任职资格文件); the type is read from the bytes',
    tags: ['after'],
    needs: 'resultFiling:submit',
    params: attachmentParams,
    before: [singleFile],
    requestContent: multipartContent(z.object({})),
    response: filingView,
    async handler({ actor, params, req }) {
      const f = await inTransaction((t) => attachFilingFile(actor, params.id, params.kind, req.file, t));
      return (await present(actor, [f]))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/filings/:id/files/:kind',
    summary: 'Read an attachment of a filing (PDF)',
    tags: ['after'],
    needs: 'resultFiling:read',
    params: attachmentParams,
    produces: 'application/pdf',
    async handler({ actor, params, res }) {
      const f = await loadReadable(actor, params.id);
      const fileId = f.get(fileColumn(params.kind)) as number | null;
      const file = fileId ? await StoredFile.findByPk(fileId) : null;
      if (!file || !fs.existsSync(contentPath(file.sha256))) throw notFound('attachment');
      res.setHeader('Content-Type', file.mime);
      res.setHeader('Content-Disposition', `inline; filename="attachment.pdf"; filename*=UTF-8''${encodeURIComponent(`${FILING_ATTACHMENT_LABELS[params.kind]}.pdf`)}`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await new Promise<void>((resolve, reject) => res.sendFile(contentPath(file.sha256), (e) => (e ? reject(e) : resolve())));
    },
  });

  r.add({
    method: 'post',
    path: '/filings/:id/submit',
    summary: '申报: send the filing to the office (all four attachments present)',
    tags: ['after'],
    needs: 'resultFiling:submit',
    params: idParams,
    response: filingView,
    async handler({ actor, params }) {
      const f = await inTransaction((t) => submitFiling(actor, params.id, t));
      return (await present(actor, [f]))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/filings/:id/review',
    summary: '备案审核: pass with a filing number and date, or return with an opinion',
    tags: ['after'],
    needs: 'resultFiling:review',
    params: idParams,
    body: reviewBody,
    response: filingView,
    async handler({ actor, params, body }) {
      const f = await inTransaction((t) => reviewFiling(actor, params.id, body, t));
      return (await present(actor, [f]))[0];
    },
  });
}
