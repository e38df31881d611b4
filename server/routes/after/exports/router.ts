import { FlowEntry, ReviewPath } from '../../../../models';
import { idParams, type Routes } from '../../../http/route';
import { presentFlowEntry } from '../../../presenters/declaration';
import { LEVEL_LABELS, PATH_END_LABELS, ROUTE_LABELS, STATUS_LABELS, STEP_LABELS, type DeclarationStatus, type Step } from '../../../domain/titles';
import { loadReadable } from '../../declarations/router';
import { chunks, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../../exports/xlsx';
import { ACTOR_ROLE_LABELS, FLOW_ACTION_LABELS, label, ORG_KIND_LABELS } from '../../../exports/labels';

/**
 * Exports of lists whose routes live in other areas' routers (the declaration's flow log, the
 * review paths): the same reads and rights as those lists, as spreadsheets (issue 7 item 7).
 */
export function registerListExportRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/declarations/:id/flow/export',
    summary: 'A declaration’s flow log (流转记录) as a spreadsheet; the applicant sees roles and orgs, not reviewers’ names',
    tags: ['declarations'],
    needs: 'signedIn',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const d = await loadReadable(actor, params.id);
      const flow = await FlowEntry.findAll({ where: { declarationId: d.id }, order: [['seq', 'ASC']] });
      const rows = flow.map((e) => presentFlowEntry(e, actor.id === d.applicantAccountId));
      const status = (s: string | null) => (s ? (STATUS_LABELS[s as DeclarationStatus] ?? s) : '');
      const cols: Column<(typeof rows)[number]>[] = [
        { header: '序号', value: (_e, i) => i + 1 },
        { header: '时间', width: 18, value: (e) => fmtTime(new Date(e.at)) },
        { header: '操作', width: 16, value: (e) => label(FLOW_ACTION_LABELS, e.action) },
        { header: '环节', width: 14, value: (e) => (e.step ? (STEP_LABELS[e.step as Step] ?? e.step) : '') },
        { header: '单位', width: 30, value: (e) => e.orgName },
        { header: '操作人', value: (e) => e.actorName ?? label(ACTOR_ROLE_LABELS, e.actorRole) },
        { header: '原状态', width: 16, value: (e) => status(e.fromStatus) },
        { header: '新状态', width: 16, value: (e) => status(e.toStatus) },
        { header: '意见', width: 50, value: (e) => e.opinion },
      ];
      await streamXlsx(res, `流转记录-${d.applicantName}`, '流转记录', cols, chunks(rows));
    },
  });

  r.add({
    method: 'get',
    path: '/review-paths/export',
    summary: 'Review paths (审核路径) as a spreadsheet',
    tags: ['catalogue'],
    needs: 'signedIn',
    produces: XLSX_MIME,
    async handler({ res }) {
      const rows = await ReviewPath.findAll({ order: [['seriesCode', 'ASC'], ['route', 'ASC'], ['level', 'ASC']] });
      const cols: Column<ReviewPath>[] = [
        { header: '序号', value: (_p, i) => i + 1 },
        { header: '系列', value: (p) => (p.seriesCode === '*' ? '全部系列' : p.seriesCode) },
        { header: '级别', value: (p) => LEVEL_LABELS[p.level] ?? p.level },
        { header: '申报途径', width: 14, value: (p) => ROUTE_LABELS[p.route] ?? p.route },
        { header: '审核终点', width: 18, value: (p) => PATH_END_LABELS[p.endsAt] ?? p.endsAt },
        { header: '跳过的机构类型', width: 30, value: (p) => (p.skipKinds ?? []).map((k) => label(ORG_KIND_LABELS, k)).join('、') },
        { header: '说明', width: 30, value: (p) => p.note },
      ];
      await streamXlsx(res, '审核路径', '审核路径', cols, chunks(rows));
    },
  });
}
