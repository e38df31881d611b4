import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { Committee, CommitteeExpert, Expert, ExpertRecommendation, LibraryFiling, LibraryFilingItem, Organisation } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize, type Actor } from '../../policies';
import { committeeSubject, loadCommittee } from '../../commands/setup/committees';
import { addExpertToLibrary, removePendingEntry } from '../../commands/setup/library';
import { buildTemplate, loadImportJob, startExpertImport } from '../../commands/setup/importExperts';
import { authorizeFilingRead, decideFiling, fileLibraryChange, loadFiling } from '../../commands/setup/filings';
import { decideRecommendation, recommendExpert } from '../../commands/setup/recommendations';
import { presentFiling, presentJob, presentLibraryEntry, presentRecommendation } from '../../presenters/setup';
import { byKey, fmtTime, sendWorkbook, streamWorkbook, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import { LEVEL_LABELS } from '../../domain/titles';
import { singleFile, uploaded } from './upload';
import {
  acceptBody,
  addedExpertView,
  decideBody,
  expertBody,
  expertParams,
  filingBody,
  filingQuery,
  filingView,
  importJobView,
  importUpload,
  libraryEntryView,
  libraryQuery,
  recommendationQuery,
  recommendationView,
  recommendBody,
} from './schema';


/** Recommendations to my unit's committees (incoming) or made by my unit (outgoing). */
async function recommendationsWhere(actor: Actor, query: { side: 'incoming' | 'outgoing'; status?: string }): Promise<WhereOptions<ExpertRecommendation>> {
  const own = await Committee.findAll({ where: { ownerOrgId: actor.orgId }, attributes: ['id'] });
  const where = query.side === 'incoming' ? { committeeId: { [Op.in]: own.map((c) => c.id) } } : { fromOrgId: actor.orgId };
  return { ...where, ...(query.status ? { status: query.status } : {}) } as WhereOptions<ExpertRecommendation>;
}

async function committeeFor(actor: Actor, id: number, action: 'library:read' | 'library:manage') {
  const c = await loadCommittee(id);
  authorize(actor, action, await committeeSubject(c));
  return c;
}

function libraryQueryOf(committeeId: number, q: { status: string; specialty?: string; q?: string }) {
  const expertWhere: WhereOptions<Expert>[] = [];
  if (q.specialty) expertWhere.push({ specialties: { [Op.like]: `%"${q.specialty}"%` } } as WhereOptions<Expert>);
  if (q.q) expertWhere.push({ [Op.or]: [{ name: { [Op.like]: `%${q.q}%` } }, { idNumber: q.q.toUpperCase() }] });
  return {
    where: { committeeId, ...(q.status !== 'all' ? { status: q.status } : {}) } as WhereOptions<CommitteeExpert>,
    include: [{ model: Expert, as: 'expert', where: { [Op.and]: expertWhere }, required: true }],
  };
}

async function libraryRows(committeeId: number, q: { status: string; specialty?: string; q?: string }, paging?: { limit: number; offset: number }) {
  return CommitteeExpert.findAndCountAll({ ...libraryQueryOf(committeeId, q), order: [['id', 'ASC']], ...(paging ?? {}) });
}
const entryOf = (row: CommitteeExpert) => presentLibraryEntry(row, (row as CommitteeExpert & { expert: Expert }).expert);

async function viewFiling(f: LibraryFiling) {
  const items = await LibraryFilingItem.findAll({ where: { filingId: f.id }, order: [['id', 'ASC']] });
  const experts = await Expert.findAll({ where: { id: { [Op.in]: items.map((i) => i.expertId) } }, attributes: ['id', 'name'] });
  return presentFiling(f, items, new Map(experts.map((e) => [e.id, e.name])));
}

/** 评委库: the library, its import and export, change filings (备案) and recommendations (推荐). */
export function registerLibraryRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/committees/:id/experts',
    summary: 'The committee’s expert library (预入库 pending, 已入库 active, removed), by specialty, name or ID number',
    tags: ['library'],
    needs: 'library:read',
    params: idParams,
    query: libraryQuery,
    response: pageOf(libraryEntryView),
    async handler({ actor, params, query }) {
      await committeeFor(actor, params.id, 'library:read');
      const { rows, count } = await libraryRows(params.id, query, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: rows.map(entryOf), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'post',
    path: '/committees/:id/experts',
    summary: '单个新增专家: by ID number; makes the expert account (initial password shown once) or reuses it; enters the library as pending',
    tags: ['library'],
    needs: 'library:manage',
    params: idParams,
    body: expertBody,
    response: addedExpertView,
    status: 201,
    async handler({ actor, params, body }) {
      const out = await inTransaction((t) => addExpertToLibrary(actor, params.id, body, t));
      return { entry: presentLibraryEntry(out.entry, out.expert), initialPassword: out.initialPassword };
    },
  });

  r.add({
    method: 'delete',
    path: '/committees/:id/experts/:expertId',
    summary: 'Take a pending (never filed) expert out of the library; active ones leave through a filing',
    tags: ['library'],
    needs: 'library:manage',
    params: expertParams,
    async handler({ actor, params }) {
      await inTransaction((t) => removePendingEntry(actor, params.id, params.expertId, t));
    },
  });

  r.add({
    method: 'get',
    path: '/committees/:id/experts/template',
    summary: '下载模板: the import spreadsheet, with instructions and the series’ specialty codes',
    tags: ['library'],
    needs: 'library:manage',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const c = await committeeFor(actor, params.id, 'library:manage');
      await sendWorkbook(res, `专家批量导入模板-${c.name}.xlsx`, await buildTemplate(c));
    },
  });

  r.add({
    method: 'post',
    path: '/committees/:id/experts/import',
    summary: '批量新增专家: upload the filled template; answers 202 with a job (GET /import-jobs/:id, import:progress events); all rows apply or none',
    tags: ['library'],
    needs: 'library:manage',
    params: idParams,
    before: [singleFile],
    requestContent: { 'multipart/form-data': { schema: importUpload } },
    response: importJobView,
    status: 202,
    async handler({ actor, params, req }) {
      return presentJob(await startExpertImport(actor, params.id, uploaded(req)));
    },
  });

  r.add({
    method: 'get',
    path: '/import-jobs/:id',
    summary: 'An import’s progress, and when it failed every bad row (row, column, reason)',
    tags: ['library'],
    needs: 'signedIn',
    params: idParams,
    response: importJobView,
    async handler({ actor, params }) {
      return presentJob(await loadImportJob(actor, params.id));
    },
  });

  r.add({
    method: 'get',
    path: '/committees/:id/experts/export',
    summary: '导出专家名单 (spreadsheet), with the same filters as the list',
    tags: ['library', 'exports'],
    needs: 'library:read',
    params: idParams,
    query: libraryQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, params, query, res }) {
      const c = await committeeFor(actor, params.id, 'library:read');
      const { where, include } = libraryQueryOf(c.id, query);
      const rows = byKey([['id', 'ASC']], (after, order, limit) => CommitteeExpert.findAll({ where: { [Op.and]: [where, after] }, include, order: order as never, limit }), (list) => list.map(entryOf));
      const status: Record<string, string> = { pending: '预入库', active: '已入库', removed: '已移出' };
      const profile: Record<string, string> = { draft: '未提交', submitted: '审核中', approved: '已审核', returned: '已退回' };
      await streamWorkbook(res, `专家名单-${c.name}.xlsx`, [
        {
          name: '专家名单',
          rows,
          columns: [
            { header: '序号', width: 6, value: (_e, i) => i + 1 },
            { header: '姓名', value: (e) => e.name },
            { header: '身份证号', width: 22, value: (e) => e.idNumber },
            { header: '工作单位', width: 30, value: (e) => e.employerName },
            { header: '专业代码', width: 20, value: (e) => e.specialties.join(',') },
            { header: '职称级别', value: (e) => (e.titleLevel ? (LEVEL_LABELS[e.titleLevel as keyof typeof LEVEL_LABELS] ?? e.titleLevel) : '') },
            { header: '职称名称', value: (e) => e.titleName },
            { header: '手机号码', value: (e) => e.phone },
            { header: '入库状态', value: (e) => status[e.libraryStatus] },
            { header: '个人信息审核', value: (e) => profile[e.profileStatus] },
          ],
        },
      ]);
    },
  });

  r.add({
    method: 'post',
    path: '/committees/:id/filings',
    summary: '专家库更新备案: file additions (pending experts) and removals (active experts) with the office above',
    tags: ['library'],
    needs: 'library:manage',
    params: idParams,
    body: filingBody,
    response: filingView,
    status: 201,
    async handler({ actor, params, body }) {
      return viewFiling(await inTransaction((t) => fileLibraryChange(actor, params.id, body, t)));
    },
  });

  r.add({
    method: 'get',
    path: '/committees/:id/filings',
    summary: '备案查询: the committee’s library filings',
    tags: ['library'],
    needs: 'library:read',
    params: idParams,
    query: filingQuery,
    response: z.object({ items: z.array(filingView) }),
    async handler({ actor, params, query }) {
      await committeeFor(actor, params.id, 'library:read');
      const rows = await LibraryFiling.findAll({ where: { committeeId: params.id, ...(query.status ? { status: query.status } : {}) }, order: [['id', 'DESC']] });
      return { items: await Promise.all(rows.map(viewFiling)) };
    },
  });

  r.add({
    method: 'get',
    path: '/library-filings',
    summary: '专家库更新备案审核: filings waiting at (or decided by) the actor’s office',
    tags: ['library'],
    needs: 'filing:decide',
    query: filingQuery,
    response: z.object({ items: z.array(filingView) }),
    async handler({ actor, query }) {
      const rows = await LibraryFiling.findAll({ where: { officeOrgId: actor.orgId, status: query.status ?? 'submitted' }, order: [['id', 'ASC']] });
      return { items: await Promise.all(rows.map(viewFiling)) };
    },
  });

  r.add({
    method: 'get',
    path: '/library-filings/export',
    summary: '专家库更新备案审核 as a spreadsheet (same status filter as the list)',
    tags: ['library'],
    needs: 'filing:decide',
    query: filingQuery,
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = { officeOrgId: actor.orgId, status: query.status ?? 'submitted' };
      const rows = byKey([['id', 'ASC']], (after, order, limit) => LibraryFiling.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), async (list) => {
        const committees = await Committee.findAll({ attributes: ['id', 'name'], where: { id: list.map((f) => f.committeeId) } });
        const views = await Promise.all(list.map(viewFiling));
        return views.map((v) => ({ ...v, committeeName: committees.find((c) => c.id === v.committeeId)?.name ?? '' }));
      });
      type Row = Awaited<ReturnType<typeof viewFiling>> & { committeeName: string };
      const names = (f: Row, action: 'add' | 'remove') => f.items.filter((i) => i.action === action).map((i) => i.expertName ?? '').join('、');
      const STATUS: Record<string, string> = { draft: '草稿', submitted: '待审核', approved: '已通过', returned: '已退回' };
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '评委会', width: 36, value: (f) => f.committeeName },
        { header: '新增专家人数', value: (f) => f.items.filter((i) => i.action === 'add').length },
        { header: '新增专家', width: 40, value: (f) => names(f, 'add') },
        { header: '移出专家人数', value: (f) => f.items.filter((i) => i.action === 'remove').length },
        { header: '移出专家', width: 40, value: (f) => names(f, 'remove') },
        { header: '备案说明', width: 30, value: (f) => f.note },
        { header: '状态', value: (f) => STATUS[f.status] ?? f.status },
        { header: '提交时间', width: 18, value: (f) => (f.submittedAt ? fmtTime(new Date(f.submittedAt)) : '') },
        { header: '审核意见', width: 30, value: (f) => f.opinion },
        { header: '审核时间', width: 18, value: (f) => (f.decidedAt ? fmtTime(new Date(f.decidedAt)) : '') },
      ];
      await streamXlsx(res, '专家库更新备案', '备案', cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/library-filings/:id',
    summary: 'One filing with its items',
    tags: ['library'],
    needs: 'signedIn',
    params: idParams,
    response: filingView,
    async handler({ actor, params }) {
      const f = await loadFiling(params.id);
      await authorizeFilingRead(actor, f);
      return viewFiling(f);
    },
  });

  r.add({
    method: 'post',
    path: '/library-filings/:id/decide',
    summary: 'The office approves a filing (the library changes, all items at once) or returns it with an opinion',
    tags: ['library'],
    needs: 'filing:decide',
    params: idParams,
    body: decideBody,
    response: filingView,
    async handler({ actor, params, body }) {
      return viewFiling(await inTransaction((t) => decideFiling(actor, params.id, body.approve, body.opinion ?? null, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/expert-recommendations',
    summary: '专家推荐: a unit recommends one of its people to a committee (the expert account is made in the unit)',
    tags: ['library'],
    needs: 'expertRecommendation:create',
    body: recommendBody,
    response: recommendationView.extend({ initialPassword: z.string().nullable() }),
    status: 201,
    async handler({ actor, body }) {
      const out = await inTransaction((t) => recommendExpert(actor, body, t));
      return { ...presentRecommendation(out.recommendation, out.expert), initialPassword: out.initialPassword };
    },
  });

  r.add({
    method: 'get',
    path: '/expert-recommendations',
    summary: 'Recommendations to the actor’s committees (incoming) or made by the actor’s unit (outgoing)',
    tags: ['library'],
    needs: 'committee:read',
    query: recommendationQuery,
    response: z.object({ items: z.array(recommendationView) }),
    async handler({ actor, query }) {
      const rows = await ExpertRecommendation.findAll({ where: await recommendationsWhere(actor, query), order: [['id', 'DESC']] });
      const experts = await Expert.findAll({ where: { id: { [Op.in]: rows.map((x) => x.expertId) } } });
      return { items: rows.map((x) => presentRecommendation(x, experts.find((e) => e.id === x.expertId))) };
    },
  });

  r.add({
    method: 'get',
    path: '/expert-recommendations/export',
    summary: '专家推荐 as a spreadsheet (incoming or outgoing, same filters as the list)',
    tags: ['library'],
    needs: 'committee:read',
    query: recommendationQuery,
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = await recommendationsWhere(actor, query);
      const rows = byKey([['id', 'DESC']], (after, order, limit) => ExpertRecommendation.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), async (list) => {
        const [experts, committees, orgs] = await Promise.all([
          Expert.findAll({ where: { id: { [Op.in]: list.map((x) => x.expertId) } } }),
          Committee.findAll({ attributes: ['id', 'name'], where: { id: list.map((x) => x.committeeId) } }),
          Organisation.findAll({ attributes: ['id', 'name'], where: { id: list.map((x) => x.fromOrgId) } }),
        ]);
        return list.map((x) => {
          const e = experts.find((y) => y.id === x.expertId);
          return {
            ...presentRecommendation(x, e),
            employerName: e?.employerName ?? '',
            titleName: e?.titleName ?? '',
            committeeName: committees.find((c) => c.id === x.committeeId)?.name ?? '',
            fromOrgName: orgs.find((o) => o.id === x.fromOrgId)?.name ?? '',
          };
        });
      });
      type Row = ReturnType<typeof presentRecommendation> & { employerName: string; titleName: string; committeeName: string; fromOrgName: string };
      const STATUS: Record<string, string> = { pending: '待处理', accepted: '已接收', refused: '未接收' };
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '专家姓名', value: (x) => x.expertName },
        { header: '工作单位', width: 28, value: (x) => x.employerName },
        { header: '职称', width: 16, value: (x) => x.titleName },
        { header: '专业代码', width: 20, value: (x) => x.specialties.join(',') },
        { header: '推荐单位', width: 28, value: (x) => x.fromOrgName },
        { header: '评委会', width: 36, value: (x) => x.committeeName },
        { header: '状态', value: (x) => STATUS[x.status] ?? x.status },
        { header: '推荐说明', width: 30, value: (x) => x.note },
        { header: '处理意见', width: 30, value: (x) => x.opinion },
        { header: '推荐时间', width: 18, value: (x) => fmtTime(new Date(x.createdAt)) },
      ];
      await streamXlsx(res, query.side === 'incoming' ? '收到的专家推荐' : '本单位推荐的专家', '专家推荐', cols, rows);
    },
  });

  r.add({
    method: 'post',
    path: '/expert-recommendations/:id/decide',
    summary: 'The committee unit accepts (the expert enters its library as pending) or refuses a recommendation',
    tags: ['library'],
    needs: 'expertRecommendation:decide',
    params: idParams,
    body: acceptBody,
    response: recommendationView,
    async handler({ actor, params, body }) {
      const rec = await inTransaction((t) => decideRecommendation(actor, params.id, body.accept, body.opinion ?? null, t));
      return presentRecommendation(rec, await Expert.findByPk(rec.expertId));
    },
  });
}
