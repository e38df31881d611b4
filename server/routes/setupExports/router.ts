import { idParams, type Routes } from '../../http/route';
import { authorize, type Actor } from '../../policies';
import { loadSetupContext } from '../../commands/setup/context';
import { applicantsOf, groupsOf, meetingExpertsOf } from '../../commands/setup/queries';
import { streamWorkbook, XLSX_MIME, type SheetSpec } from '../../exports/xlsx';
import { LEVEL_LABELS, type Level } from '../../domain/titles';
import { resultsQuery } from './schema';

const TITLE_LABELS = { chair: '主任委员', vice_chair: '副主任委员', member: '委员', reviewer: '评审专家' } as const;
const SOURCE_LABELS = { manual: '手工分组', random: '随机抽取', entrusted: '委托抽取' } as const;
const RESULT_LABELS = { passed: '通过', failed: '未通过', pending: '待表决' } as const;
const level = (l: string | null) => (l ? (LEVEL_LABELS[l as Level] ?? l) : '');

async function exportable(actor: Actor, meetingId: number) {
  const ctx = await loadSetupContext(actor, meetingId);
  authorize(actor, 'meeting:export', ctx);
  return ctx.meeting;
}

type ApplicantRow = Awaited<ReturnType<typeof applicantsOf>>[number];
const applicantColumns = (groupName: (id: number | null) => string): SheetSpec<ApplicantRow>['columns'] => [
  { header: '序号', width: 6, value: (_a, i) => i + 1 },
  { header: '盲评编号', width: 10, value: (a) => a.blindCode },
  { header: '姓名', value: (a) => a.name },
  { header: '工作单位', width: 30, value: (a) => a.orgName },
  { header: '申报级别', value: (a) => level(a.level) },
  { header: '资格名称', value: (a) => a.qualification },
  { header: '专业', width: 16, value: (a) => a.specialty },
  { header: '评议组', value: (a) => groupName(a.groupId) },
];

/** 导出评委清单 / 参评人员分组名单 / 评审通过清单 / 评审未通过清单 (spreadsheets, streamed). */
export function registerSetupExportRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/meetings/:id/exports/experts',
    summary: '导出评委清单: the meeting’s experts with group, title and source',
    tags: ['exports'],
    needs: 'meeting:export',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const meeting = await exportable(actor, params.id);
      const groups = await groupsOf(meeting.id);
      const experts = await meetingExpertsOf(meeting.id);
      await streamWorkbook(res, `评委清单-${meeting.name}.xlsx`, [
        {
          name: '评委清单',
          rows: experts,
          columns: [
            { header: '序号', width: 6, value: (_e, i) => i + 1 },
            { header: '姓名', value: (e) => e.name },
            { header: '工作单位', width: 30, value: (e) => e.employerName },
            { header: '专业代码', width: 18, value: (e) => e.specialties.join(',') },
            { header: '职称', value: (e) => e.titleName },
            { header: '会议职务', value: (e) => TITLE_LABELS[e.title as keyof typeof TITLE_LABELS] },
            { header: '评议组', value: (e) => groups.find((g) => g.id === e.groupId)?.name ?? '' },
            { header: '组长', width: 6, value: (e) => (e.isGroupLeader ? '是' : '') },
            { header: '产生方式', value: (e) => SOURCE_LABELS[e.source as keyof typeof SOURCE_LABELS] },
            { header: '登录账号', width: 14, value: (e) => e.temporaryLogin?.username ?? '' },
          ],
        },
      ]);
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/exports/applicants',
    summary: '导出参评人员分组名单: one sheet per group (and the ungrouped)',
    tags: ['exports'],
    needs: 'meeting:export',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const meeting = await exportable(actor, params.id);
      const groups = await groupsOf(meeting.id);
      const all = await applicantsOf(meeting.id);
      const name = (id: number | null) => groups.find((g) => g.id === id)?.name ?? '未分组';
      const sheets: Array<SheetSpec<ApplicantRow>> = groups.map((g) => ({ name: g.name, rows: all.filter((a) => a.groupId === g.id), columns: applicantColumns(name) }));
      const loose = all.filter((a) => a.groupId === null);
      if (loose.length || sheets.length === 0) sheets.push({ name: '未分组', rows: loose, columns: applicantColumns(name) });
      await streamWorkbook(res, `参评人员分组名单-${meeting.name}.xlsx`, sheets);
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/exports/results',
    summary: '导出评审通过清单 / 评审未通过清单 (from the results the live meeting recorded)',
    tags: ['exports'],
    needs: 'meeting:export',
    params: idParams,
    query: resultsQuery,
    produces: XLSX_MIME,
    async handler({ actor, params, query, res }) {
      const meeting = await exportable(actor, params.id);
      const groups = await groupsOf(meeting.id);
      const rows = await applicantsOf(meeting.id, { result: query.result });
      const title = query.result === 'passed' ? '评审通过清单' : '评审未通过清单';
      await streamWorkbook(res, `${title}-${meeting.name}.xlsx`, [
        {
          name: title,
          rows,
          columns: [
            ...applicantColumns((id) => groups.find((g) => g.id === id)?.name ?? ''),
            { header: '评审结果', value: (a: ApplicantRow) => RESULT_LABELS[a.result] },
          ],
        },
      ]);
    },
  });
}
