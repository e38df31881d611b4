import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { Committee, CommitteeExpert, Expert, ExpertRecommendation, LibraryFiling, LibraryFilingItem } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize, type Actor } from '../../policies';
import { committeeSubject, loadCommittee } from '../../commands/setup/committees';
import { addExpertToLibrary, removePendingEntry } from '../../commands/setup/library';
import { buildTemplate, loadImportJob, startExpertImport } from '../../commands/setup/importExperts';
import { authorizeFilingRead, decideFiling, fileLibraryChange, loadFiling } from '../../commands/setup/filings';
import { decideRecommendation, recommendExpert } from '../../commands/setup/recommendations';
import { presentFiling, presentJob, presentLibraryEntry, presentRecommendation } from '../../presenters/setup';
import { sendWorkbook, streamWorkbook, XLSX_MIME } from '../../exports/xlsx';
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


async function committeeFor(actor: Actor, id: number, action: 'library:read' | 'library:manage') {
  const c = await loadCommittee(id);
  authorize(actor, action, await committeeSubject(c));
  return c;
}

async function libraryRows(committeeId: number, q: { status: string; specialty?: string; q?: string }, paging?: { limit: number; offset: number }) {
  const expertWhere: WhereOptions<Expert>[] = [];
  if (q.specialty) expertWhere.push({ specialties: { [Op.like]: `%"${q.specialty}"%` } } as WhereOptions<Expert>);
  if (q.q) expertWhere.push({ [Op.or]: [{ name: { [Op.like]: `%${q.q}%` } }, { idNumber: q.q.toUpperCase() }] });
  return CommitteeExpert.findAndCountAll({
    where: { committeeId, ...(q.status !== 'all' ? { status: q.status } : {}) },
    include: [{ model: Expert, as: 'expert', where: { [Op.and]: expertWhere }, required: true }],
    order: [['id', 'ASC']],
    ...(paging ?? {}),
  });
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
      const { rows } = await libraryRows(c.id, query);
      const status: Record<string, string> = { pending: '预入库', active: '已入库', removed: '已移出' };
      const profile: Record<string, string> = { draft: '未提交', submitted: '审核中', approved: '已审核', returned: '已退回' };
      await streamWorkbook(res, `专家名单-${c.name}.xlsx`, [
        {
          name: '专家名单',
          rows: rows.map(entryOf),
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
      const own = await Committee.findAll({ where: { ownerOrgId: actor.orgId }, attributes: ['id'] });
      const where = query.side === 'incoming' ? { committeeId: { [Op.in]: own.map((c) => c.id) } } : { fromOrgId: actor.orgId };
      const rows = await ExpertRecommendation.findAll({ where: { ...where, ...(query.status ? { status: query.status } : {}) }, order: [['id', 'DESC']] });
      const experts = await Expert.findAll({ where: { id: { [Op.in]: rows.map((x) => x.expertId) } } });
      return { items: rows.map((x) => presentRecommendation(x, experts.find((e) => e.id === x.expertId))) };
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
