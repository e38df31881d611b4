import { z } from 'zod';
import type { WhereOptions } from 'sequelize';
import { Committee, Organisation } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { notFound } from '../../errors';
import { COMMITTEE_TYPE_LABELS, LEVEL_LABELS } from '../../domain/titles';
import { createCommittee, updateCommittee } from '../../commands/declarations/committees';
import { fmtTime, inBatches, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import { committeeBody, committeePatch, committeeQuery, committeeView } from './schema';

type View = z.infer<typeof committeeView>;

async function present(list: Committee[]): Promise<View[]> {
  const owners = await Organisation.findAll({ attributes: ['id', 'code', 'name'], where: { id: list.map((c) => c.ownerOrgId) } });
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return list.map((c) => {
    const o = owners.find((x) => x.id === c.ownerOrgId);
    return {
      id: c.id,
      code: c.code,
      name: c.name,
      seriesCode: c.seriesCode,
      type: c.type,
      typeName: COMMITTEE_TYPE_LABELS[c.type],
      owner: o ? { id: o.id, code: o.code, name: o.name } : null,
      levels: c.levels,
      specialties: c.specialties,
      status: c.status,
      statusReason: c.statusReason ?? null,
      materialDeadline: iso(c.materialDeadline),
      validFrom: iso(c.validFrom),
      validUntil: iso(c.validUntil),
      note: c.note ?? null,
    };
  });
}

function where(q: z.infer<typeof committeeQuery> | Omit<z.infer<typeof committeeQuery>, 'page' | 'pageSize'>): WhereOptions<Committee> {
  const w: Record<string, unknown> = {};
  if (q.seriesCode) w.seriesCode = q.seriesCode;
  if (q.ownerOrgId) w.ownerOrgId = q.ownerOrgId;
  if (q.status) w.status = q.status;
  return w as WhereOptions<Committee>;
}

/** The level filter is on a JSON list: applied after the query (committees are few). */
const byLevel = (list: Committee[], level?: string) => (level ? list.filter((c) => c.levels.includes(level as never)) : list);

export function registerCommitteeRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/committees',
    summary: 'Committees (评委会), by series, level, owner or status',
    tags: ['committees'],
    needs: 'committee:read',
    query: committeeQuery,
    response: pageOf(committeeView),
    async handler({ query }) {
      const all = byLevel(await Committee.findAll({ where: where(query), order: [['code', 'ASC']] }), query.level);
      const pageRows = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
      return { items: await present(pageRows), total: all.length, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/committees/export',
    summary: 'Committees as a spreadsheet',
    tags: ['committees'],
    needs: 'committee:read',
    query: committeeQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ query, res }) {
      const cols: Column<View>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '评委会编码', value: (c) => c.code },
        { header: '评委会名称', width: 36, value: (c) => c.name },
        { header: '系列', value: (c) => c.seriesCode },
        { header: '评审类型', value: (c) => c.typeName },
        { header: '组建单位', width: 28, value: (c) => c.owner?.name },
        { header: '评审层级', width: 20, value: (c) => c.levels.map((l) => LEVEL_LABELS[l]).join('、') },
        { header: '材料截止时间', width: 18, value: (c) => fmtTime(c.materialDeadline ? new Date(c.materialDeadline) : null) },
        { header: '状态', value: (c) => (c.status === 'active' ? '有效' : '已注销') },
      ];
      const rows = inBatches(async (offset, limit) => present(byLevel(await Committee.findAll({ where: where(query), order: [['code', 'ASC']] }), query.level).slice(offset, offset + limit)));
      await streamXlsx(res, '评委会', '评委会', cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/committees/:id',
    summary: 'One committee',
    tags: ['committees'],
    needs: 'committee:read',
    params: idParams,
    response: committeeView,
    async handler({ params }) {
      const c = await Committee.findByPk(params.id);
      if (!c) throw notFound('committee');
      return (await present([c]))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/committees',
    summary: 'Create a committee for a committee unit in my subtree (office admin)',
    tags: ['committees'],
    needs: 'committee:manage',
    body: committeeBody,
    response: committeeView,
    status: 201,
    async handler({ actor, body }) {
      return (await present([await inTransaction((t) => createCommittee(actor, body, t))]))[0];
    },
  });

  r.add({
    method: 'patch',
    path: '/committees/:id',
    summary: 'Edit a committee’s levels, specialties, dates, or disable it (注销, with a reason)',
    tags: ['committees'],
    needs: 'committee:manage',
    params: idParams,
    body: committeePatch,
    response: committeeView,
    async handler({ actor, params, body }) {
      return (await present([await inTransaction((t) => updateCommittee(actor, params.id, body, t))]))[0];
    },
  });
}
