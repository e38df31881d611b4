import { Op, Sequelize, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { db, BlacklistEntry, CommonOpinion, Declaration, Organisation } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize, type Actor } from '../../policies';
import { presentDeclarations } from '../../presenters/declarationList';
import { actOnDeclaration, batchAct } from '../../commands/declarations/review';
import { addOpinion, deleteOpinion, editOpinion, liftBlacklisting } from '../../commands/declarations/around';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column, type KeyOrder } from '../../exports/xlsx';
import { STEP_LABELS } from '../../domain/titles';
import { declarationView } from '../declarations/schema';
import { declarationColumns, queueWhere, searchWhere } from './queries';
import {
  actionBody,
  batchBody,
  batchResult,
  blacklistQuery,
  blacklistView,
  liftBody,
  opinionBody,
  opinionPatch,
  opinionView,
  queueExportQuery,
  queueQuery,
  searchExportQuery,
  searchQuery,
} from './schema';

async function page(actor: Actor, where: WhereOptions<Declaration>, order: KeyOrder, p: { page: number; pageSize: number }) {
  const { rows, count } = await Declaration.findAndCountAll({ where, order: order as never, limit: p.pageSize, offset: (p.page - 1) * p.pageSize });
  return { items: await presentDeclarations(actor, rows), total: count, page: p.page, pageSize: p.pageSize };
}

/** The list in the list's order, paged by key (not OFFSET), so nothing is skipped or repeated. */
function exportRows(actor: Actor, where: WhereOptions<Declaration>, order: KeyOrder) {
  return byKey(
    order,
    (after, o, limit) => Declaration.findAll({ where: { [Op.and]: [where, after] }, order: o as never, limit }),
    async (rows) => (await presentDeclarations(actor, rows)).map((v, i) => ({ ...v, idNumber: rows[i].idNumber })),
  );
}

const QUEUE_ORDER = [['updatedAt', 'ASC'], ['id', 'ASC']] as const;
const SEARCH_ORDER = [['id', 'DESC']] as const;

const presentBlacklist = (e: BlacklistEntry, org: Organisation | undefined) => ({
  id: e.id,
  idNumber: e.idNumber,
  name: e.name,
  declarationId: e.declarationId,
  org: org ? { id: org.id, name: org.name } : null,
  years: e.years,
  startsAt: e.startsAt.toISOString(),
  endsAt: e.endsAt.toISOString(),
  reason: e.reason,
  liftedAt: e.liftedAt ? e.liftedAt.toISOString() : null,
  liftReason: e.liftReason ?? null,
  active: !e.liftedAt && e.endsAt > new Date(),
  // Added with the after-meeting area (issue 7): how it got there, and whether the public notice shows it.
  source: e.source,
  publicNotice: e.publicNotice,
});

/**
 * Entries of the actor's subtree (DESIGN: a user sees its own org's subtree): recorded by an org
 * of the subtree, or about a declaration made there. A province office sees its province; a city
 * office its city. Blocking a declaration does not depend on this: an entry blocks everywhere.
 */
function blacklistWhere(actor: Actor, q: { q?: string; active: 'true' | 'false' | 'all' }) {
  const subtree = `(SELECT id FROM organisations WHERE code LIKE ${db().escape(`${actor.orgCode}%`)})`;
  const and: object[] = [
    {
      [Op.or]: [
        { orgId: { [Op.in]: Sequelize.literal(subtree) } },
        { declarationId: { [Op.in]: Sequelize.literal(`(SELECT id FROM declarations WHERE org_id IN ${subtree})`) } },
      ],
    },
  ];
  if (q.q) and.push({ [Op.or]: [{ name: { [Op.like]: `%${q.q}%` } }, { idNumber: q.q.toUpperCase() }] });
  if (q.active === 'true') and.push({ liftedAt: null, endsAt: { [Op.gt]: new Date() } });
  if (q.active === 'false') and.push({ [Op.or]: [{ liftedAt: { [Op.ne]: null } }, { endsAt: { [Op.lte]: new Date() } }] });
  return { [Op.and]: and };
}

export function registerReviewRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/review/queue',
    summary: 'What waits at my org and step (待审核), oldest first; series scope applies',
    tags: ['review'],
    needs: 'declaration:list',
    query: queueQuery,
    response: pageOf(declarationView),
    async handler({ actor, query }) {
      return page(actor, await queueWhere(actor, query), QUEUE_ORDER, query);
    },
  });

  r.add({
    method: 'get',
    path: '/review/queue/export',
    summary: 'The queue as a spreadsheet',
    tags: ['review'],
    needs: 'declaration:export',
    query: queueExportQuery,
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      await streamXlsx(res, `待审核-${STEP_LABELS[query.step]}`, '待审核', declarationColumns, exportRows(actor, await queueWhere(actor, query), QUEUE_ORDER));
    },
  });

  r.add({
    method: 'get',
    path: '/review/declarations',
    summary: 'Search the declarations I may read (subtree, my committees), with filters; 已审核 with handledByMyOrg',
    tags: ['review'],
    needs: 'declaration:list',
    query: searchQuery,
    response: pageOf(declarationView),
    async handler({ actor, query }) {
      return page(actor, await searchWhere(actor, query), SEARCH_ORDER, query);
    },
  });

  r.add({
    method: 'get',
    path: '/review/declarations/export',
    summary: 'The search result as a spreadsheet (资格审查名单导出)',
    tags: ['review'],
    needs: 'declaration:export',
    query: searchExportQuery,
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      await streamXlsx(res, '申报名单', '申报名单', declarationColumns, exportRows(actor, await searchWhere(actor, query), SEARCH_ORDER));
    },
  });

  r.add({
    method: 'post',
    path: '/declarations/:id/actions',
    summary: 'Act at my step: pass, return, fail, blacklist, assign, accept, refuse, terminate, or recall (撤回)',
    tags: ['review'],
    needs: 'declaration:act',
    params: idParams,
    body: actionBody,
    response: declarationView,
    async handler({ actor, params, body }) {
      const d = await inTransaction((t) => actOnDeclaration(actor, params.id, body, t));
      return (await presentDeclarations(actor, [d]))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/declarations/actions/batch',
    summary: 'One action and opinion on many declarations (批量审核); each succeeds or reports its own error',
    tags: ['review'],
    needs: 'declaration:act',
    body: batchBody,
    response: batchResult,
    async handler({ actor, body }) {
      const { ids, ...input } = body;
      const results = await batchAct(actor, ids, input);
      return { results, succeeded: results.filter((x) => x.ok).length, failed: results.filter((x) => !x.ok).length };
    },
  });

  r.add({
    method: 'get',
    path: '/opinions',
    summary: 'My common opinions (常用意见)',
    tags: ['review'],
    needs: 'opinion:manage',
    response: z.object({ items: z.array(opinionView) }),
    async handler({ actor }) {
      const rows = await CommonOpinion.findAll({ where: { accountId: actor.id }, order: [['position', 'ASC'], ['id', 'ASC']] });
      return { items: rows.map((o) => ({ id: o.id, text: o.text, position: o.position })) };
    },
  });

  r.add({
    method: 'get',
    path: '/opinions/export',
    summary: 'My common opinions as a spreadsheet',
    tags: ['review'],
    needs: 'opinion:manage',
    produces: XLSX_MIME,
    async handler({ actor, res }) {
      const rows = await CommonOpinion.findAll({ where: { accountId: actor.id }, order: [['position', 'ASC'], ['id', 'ASC']] });
      const cols: Column<CommonOpinion>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '常用意见', width: 80, value: (o) => o.text },
      ];
      await streamXlsx(res, '常用意见', '常用意见', cols, [rows]);
    },
  });

  r.add({
    method: 'post',
    path: '/opinions',
    summary: 'Save a common opinion',
    tags: ['review'],
    needs: 'opinion:manage',
    body: opinionBody,
    response: opinionView,
    status: 201,
    async handler({ actor, body }) {
      const o = await inTransaction((t) => addOpinion(actor, body.text, t));
      return { id: o.id, text: o.text, position: o.position };
    },
  });

  r.add({
    method: 'patch',
    path: '/opinions/:id',
    summary: 'Edit or reorder a common opinion',
    tags: ['review'],
    needs: 'opinion:manage',
    params: idParams,
    body: opinionPatch,
    response: opinionView,
    async handler({ actor, params, body }) {
      const o = await inTransaction((t) => editOpinion(actor, params.id, body, t));
      return { id: o.id, text: o.text, position: o.position };
    },
  });

  r.add({
    method: 'delete',
    path: '/opinions/:id',
    summary: 'Delete a common opinion',
    tags: ['review'],
    needs: 'opinion:manage',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => deleteOpinion(actor, params.id, t));
    },
  });

  r.add({
    method: 'get',
    path: '/blacklist',
    summary: 'The blacklist (title offices)',
    tags: ['review'],
    needs: 'blacklist:read',
    query: blacklistQuery,
    response: pageOf(blacklistView),
    async handler({ actor, query }) {
      authorize(actor, 'blacklist:read', {});
      const { rows, count } = await BlacklistEntry.findAndCountAll({
        where: blacklistWhere(actor, query),
        order: [['id', 'DESC']],
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      const orgs = await Organisation.findAll({ attributes: ['id', 'name'], where: { id: rows.map((e) => e.orgId) } });
      return { items: rows.map((e) => presentBlacklist(e, orgs.find((o) => o.id === e.orgId))), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/blacklist/export',
    summary: 'The blacklist as a spreadsheet',
    tags: ['review'],
    needs: 'blacklist:read',
    query: blacklistQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      authorize(actor, 'blacklist:read', {});
      type Row = ReturnType<typeof presentBlacklist>;
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '姓名', value: (r) => r.name },
        { header: '身份证号', width: 20, value: (r) => r.idNumber },
        { header: '处理单位', width: 28, value: (r) => r.org?.name },
        { header: '年限', value: (r) => r.years },
        { header: '开始时间', width: 18, value: (r) => fmtTime(new Date(r.startsAt)) },
        { header: '结束时间', width: 18, value: (r) => fmtTime(new Date(r.endsAt)) },
        { header: '原因', width: 40, value: (r) => r.reason },
        { header: '状态', value: (r) => (r.active ? '有效' : '已解除或到期') },
      ];
      const where = blacklistWhere(actor, query);
      const rows = byKey(
        [['id', 'DESC']],
        (after, order, limit) => BlacklistEntry.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }),
        async (list) => {
          const orgs = await Organisation.findAll({ attributes: ['id', 'name'], where: { id: list.map((e) => e.orgId) } });
          return list.map((e) => presentBlacklist(e, orgs.find((o) => o.id === e.orgId)));
        },
      );
      await streamXlsx(res, '黑名单', '黑名单', cols, rows);
    },
  });

  r.add({
    method: 'post',
    path: '/blacklist/:id/lift',
    summary: 'Lift a blacklist entry (解除) with a reason',
    tags: ['review'],
    needs: 'blacklist:lift',
    params: idParams,
    body: liftBody,
    response: blacklistView,
    async handler({ actor, params, body }) {
      const e = await inTransaction((t) => liftBlacklisting(actor, params.id, body.reason, t));
      return presentBlacklist(e, (await Organisation.findByPk(e.orgId)) ?? undefined);
    },
  });
}
