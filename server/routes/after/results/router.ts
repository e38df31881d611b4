import { z } from 'zod';
import { Op } from 'sequelize';
import { Declaration, Filing, Meeting, MeetingApplicant, ResultItem, ResultPublicity, ResultReport, TitleQualification } from '../../../../models';
import { idParams, pageOf, type Routes } from '../../../http/route';
import { inTransaction } from '../../../tx';
import { allowedActions, authorize } from '../../../policies';
import { notFound } from '../../../errors';
import { FILING_STATUS_LABELS, type FilingStatus } from '../../../domain/after';
import { loadSetupContext } from '../../../commands/setup/context';
import { completePublicity, handleReport, publishResults, resolveHeld } from '../../../commands/after/publicity';
import { AFTER_MEETINGS_ORDER, afterMeetings, afterMeetingsScope, closeMeeting, presentAfterMeetings } from '../../../commands/after/closure';
import { reviewForm } from '../../../commands/after/reviewForm';
import { reviewFormPdf } from '../../../exports/after/reviewFormPdf';
import { sendPdf } from '../../../exports/after/font';
import { byKey, fmtTime, streamWorkbook, streamXlsx, XLSX_MIME, type Column } from '../../../exports/xlsx';
import { orgNameMap, presentItems, presentPublicity, presentReport } from '../../../presenters/after';
import { registerListExportRoutes } from '../exports/router';
import { day, filingView, itemView, meetingsQuery, publicityView, reportView, text } from '../schema';

const publishBody = z
  .object({ title: text(200).optional(), content: z.string().trim().max(2000).nullable().optional(), workingDays: z.number().int().min(1).max(60).optional(), endsOn: day.optional() })
  .strict()
  .refine((b) => !(b.workingDays && b.endsOn), { message: 'Give workingDays or endsOn, not both', path: ['endsOn'] });
const completeBody = z.object({ hold: z.array(z.object({ itemId: z.number().int().positive(), note: text(500) }).strict()).max(500).optional() }).strict();
const handleReportBody = z.object({ decision: z.enum(['upheld', 'dismissed']), opinion: text(1000) }).strict();
const resolveBody = z.object({ outcome: z.enum(['confirmed', 'revoked']), note: text(500) }).strict();
const closeBody = z.object({ note: z.string().trim().max(500).nullable().optional() }).strict();

const afterMeetingView = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  owner: z.object({ id: z.number(), name: z.string() }),
  startsAt: z.string(),
  endsAt: z.string(),
  closedAt: z.string().nullable(),
  applicants: z.number(),
  passed: z.number(),
  failed: z.number(),
  pending: z.number(),
  state: z.string(),
  publicity: z.object({ id: z.number(), status: z.string(), startsOn: z.string(), endsOn: z.string() }).nullable(),
  filing: z.object({ id: z.number(), status: z.string(), filingNumber: z.string().nullable() }).nullable(),
  can: z.array(z.string()),
});

const resultsView = z.object({
  meeting: z.object({ id: z.number(), name: z.string(), status: z.string(), ownerName: z.string() }),
  applicants: z.array(z.object({ meetingApplicantId: z.number(), blindCode: z.string(), result: z.string(), name: z.string(), employer: z.string().nullable(), qualification: z.string().nullable() })),
  publicity: publicityView.nullable(),
  items: z.array(itemView),
  reports: z.array(reportView),
  filing: filingView.pick({ id: true, status: true, statusName: true, filingNumber: true }).nullable(),
  can: z.array(z.string()),
});

const STATE_LABELS: Record<string, string> = {
  results_pending: '表决结果待确认',
  results_confirmed: '结果已确认待公示',
  in_publicity: '公示中',
  publicity_completed: '公示已结束',
  filing: '备案中',
  filed: '已备案',
};

export function registerResultRoutes(r: Routes) {
  // Exports of other areas' lists (flow log, review paths) are registered with the after area's
  // routes; they belong in server/areas/after.ts next to the others once that file is touched.
  registerListExportRoutes(r);

  r.add({
    method: 'get',
    path: '/after/meetings',
    summary: '评审后处理: meetings of my unit (or subtree) with where each stands; state=history lists closed ones',
    tags: ['after'],
    needs: 'statistics:read',
    query: meetingsQuery,
    response: pageOf(afterMeetingView),
    async handler({ actor, query }) {
      return afterMeetings(actor, query);
    },
  });

  r.add({
    method: 'get',
    path: '/after/meetings/export',
    summary: 'The meetings list (history) as a spreadsheet',
    tags: ['after'],
    needs: 'statistics:read',
    query: meetingsQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const { where, orgs } = await afterMeetingsScope(actor, query.state);
      const rows = byKey(AFTER_MEETINGS_ORDER, (after, order, limit) => Meeting.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), (ms) => presentAfterMeetings(actor, ms, orgs));
      type Row = Awaited<ReturnType<typeof presentAfterMeetings>>[number];
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '评审会议', width: 40, value: (m) => m.name },
        { header: '组建单位', width: 28, value: (m) => m.owner.name },
        { header: '开始时间', width: 18, value: (m) => fmtTime(new Date(m.startsAt)) },
        { header: '参评人数', value: (m) => m.applicants },
        { header: '通过', value: (m) => m.passed },
        { header: '未通过', value: (m) => m.failed },
        { header: '进度', width: 16, value: (m) => STATE_LABELS[m.state] },
        { header: '备案文号', width: 20, value: (m) => m.filing?.filingNumber },
        { header: '关闭时间', width: 18, value: (m) => (m.closedAt ? fmtTime(new Date(m.closedAt)) : '') },
      ];
      await streamXlsx(res, query.state === 'history' ? '历史评审会议' : '评审会议', '评审会议', cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/results',
    summary: 'The confirmed results of a meeting, its publicity, reports and filing',
    tags: ['after'],
    needs: 'results:read',
    params: idParams,
    response: resultsView,
    async handler({ actor, params }) {
      const ctx = await loadSetupContext(actor, params.id);
      authorize(actor, 'results:read', ctx);
      const applicants = await MeetingApplicant.findAll({ where: { meetingId: params.id }, order: [['position', 'ASC'], ['id', 'ASC']] });
      const decls = await Declaration.findAll({ where: { id: { [Op.in]: applicants.map((a) => a.declarationId) } } });
      const [orgs, quals] = await Promise.all([
        orgNameMap(decls.map((d) => d.orgId)),
        TitleQualification.findAll({ where: { id: { [Op.in]: decls.map((d) => d.qualificationId) } }, attributes: ['id', 'name'] }),
      ]);
      const pub = await ResultPublicity.findOne({ where: { meetingId: params.id } });
      const items = pub ? await ResultItem.findAll({ where: { publicityId: pub.id }, order: [['position', 'ASC']] }) : [];
      const shown = await presentItems(items, { staff: true });
      const reports = pub ? await ResultReport.findAll({ where: { publicityId: pub.id }, order: [['id', 'DESC']] }) : [];
      const filing = await Filing.findOne({ where: { meetingId: params.id } });
      return {
        meeting: { id: ctx.meeting.id, name: ctx.meeting.name, status: ctx.meeting.status, ownerName: ctx.owner.name },
        applicants: applicants.map((a) => {
          const d = decls.find((x) => x.id === a.declarationId)!;
          return { meetingApplicantId: a.id, blindCode: a.blindCode, result: a.result, name: d.applicantName, employer: orgs.get(d.orgId) ?? null, qualification: quals.find((q) => q.id === d.qualificationId)?.name ?? null };
        }),
        publicity: pub ? presentPublicity(pub, ctx.owner.name) : null,
        items: shown,
        reports: reports.map((x) => presentReport(x, shown.find((i) => i.id === x.itemId)?.name ?? null)),
        filing: filing ? { id: filing.id, status: filing.status, statusName: FILING_STATUS_LABELS[filing.status as FilingStatus], filingNumber: filing.filingNumber ?? null } : null,
        can: allowedActions(actor, ctx, ['results:manage', 'meeting:close', 'resultFiling:submit', 'reviewForm:read'] as const),
      };
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/results/export',
    summary: '导出评审通过清单、未通过清单 (two sheets, with the votes)',
    tags: ['after'],
    needs: 'results:read',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const ctx = await loadSetupContext(actor, params.id);
      authorize(actor, 'results:read', ctx);
      const pub = await ResultPublicity.findOne({ where: { meetingId: params.id } });
      if (!pub) throw notFound('published results');
      const items = await presentItems(await ResultItem.findAll({ where: { publicityId: pub.id }, order: [['position', 'ASC']] }), { staff: true });
      type Row = (typeof items)[number];
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '姓名', value: (x) => x.name },
        { header: '工作单位', width: 28, value: (x) => x.employer },
        { header: '系列', value: (x) => x.seriesName },
        { header: '级别', value: (x) => x.levelName },
        { header: '资格名称', width: 14, value: (x) => x.qualification },
        { header: '专业', value: (x) => x.specialty },
        { header: '同意', value: (x) => x.votes?.yes },
        { header: '不同意', value: (x) => x.votes?.no },
        { header: '弃权', value: (x) => x.votes?.abstain },
        { header: '公示结果', value: (x) => x.outcomeName },
      ];
      await streamWorkbook(res, `${ctx.meeting.name}-评审结果`, [
        { name: '评审通过', columns: cols, rows: items.filter((x) => x.result === 'passed') },
        { name: '评审未通过', columns: cols, rows: items.filter((x) => x.result === 'failed') },
      ]);
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/results/publish',
    summary: '发布评审结果公示: at least the minimum working days; applicants hear their result now',
    tags: ['after'],
    needs: 'results:manage',
    params: idParams,
    body: publishBody,
    response: publicityView,
    status: 201,
    async handler({ actor, params, body }) {
      const p = await inTransaction((t) => publishResults(actor, params.id, body, t));
      return presentPublicity(p, (await orgNameMap([p.orgId])).get(p.orgId) ?? null);
    },
  });

  r.add({
    method: 'post',
    path: '/result-publicities/:id/complete',
    summary: '公示结束: confirm each passed result, or hold it (暂缓) while a report stands',
    tags: ['after'],
    needs: 'results:manage',
    params: idParams,
    body: completeBody,
    response: publicityView,
    async handler({ actor, params, body }) {
      const p = await inTransaction((t) => completePublicity(actor, params.id, body, t));
      return presentPublicity(p, (await orgNameMap([p.orgId])).get(p.orgId) ?? null);
    },
  });

  r.add({
    method: 'get',
    path: '/result-publicities/:id/reports/export',
    summary: 'The public reports on a result publicity as a spreadsheet',
    tags: ['after'],
    needs: 'results:read',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const p = await ResultPublicity.findByPk(params.id);
      if (!p) throw notFound('result publicity');
      authorize(actor, 'results:read', await loadSetupContext(actor, p.meetingId));
      const items = await presentItems(await ResultItem.findAll({ where: { publicityId: p.id } }), { staff: false });
      const rows = (await ResultReport.findAll({ where: { publicityId: p.id }, order: [['id', 'ASC']] })).map((x) => presentReport(x, items.find((i) => i.id === x.itemId)?.name ?? null));
      const cols: Column<(typeof rows)[number]>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '被反映人', value: (x) => x.itemName },
        { header: '反映内容', width: 50, value: (x) => x.content },
        { header: '反映人', value: (x) => x.reporterName },
        { header: '联系方式', width: 16, value: (x) => x.contact },
        { header: '反映时间', width: 18, value: (x) => fmtTime(new Date(x.createdAt)) },
        { header: '处理结果', value: (x) => x.statusName },
        { header: '处理意见', width: 40, value: (x) => x.handlingOpinion },
      ];
      await streamXlsx(res, `${p.title}-举报`, '举报', cols, [rows]);
    },
  });

  r.add({
    method: 'post',
    path: '/result-reports/:id/handle',
    summary: 'Handle a public report: true (upheld) or not (dismissed), with an opinion',
    tags: ['after'],
    needs: 'results:manage',
    params: idParams,
    body: handleReportBody,
    response: reportView,
    async handler({ actor, params, body }) {
      const rep = await inTransaction((t) => handleReport(actor, params.id, body, t));
      return presentReport(rep, null);
    },
  });

  r.add({
    method: 'post',
    path: '/result-items/:id/resolve',
    summary: 'Settle a held result: confirmed after all, or the pass revoked',
    tags: ['after'],
    needs: 'results:manage',
    params: idParams,
    body: resolveBody,
    response: itemView,
    async handler({ actor, params, body }) {
      const item = await inTransaction((t) => resolveHeld(actor, params.id, body, t));
      return (await presentItems([item], { staff: true }))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/close',
    summary: '关闭评审会议: read-only from now on; its temporary logins stop working',
    tags: ['after'],
    needs: 'meeting:close',
    params: idParams,
    body: closeBody,
    response: z.object({ id: z.number(), status: z.string(), closedAt: z.string().nullable() }),
    async handler({ actor, params, body }) {
      const m = await inTransaction((t) => closeMeeting(actor, params.id, body, t));
      return { id: m.id, status: m.status, closedAt: m.closedAt ? m.closedAt.toISOString() : null };
    },
  });

  r.add({
    method: 'get',
    path: '/meeting-applicants/:id/review-form',
    summary: '评审表 of one applicant as a PDF (declaration summary, opinions, scores, votes)',
    tags: ['after'],
    needs: 'reviewForm:read',
    params: idParams,
    produces: 'application/pdf',
    async handler({ actor, params, res }) {
      const form = await reviewForm(actor, params.id);
      await sendPdf(res, reviewFormPdf(form), `评审表-${form.applicant.name}.pdf`);
    },
  });
}
