import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { rateLimit } from 'express-rate-limit';
import {
  Declaration,
  Organisation,
  Publicity,
  PublicityItem,
  PublicityReport,
  TitleQualification,
  TitleSeries,
  TitleSpecialty,
} from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize, type Actor } from '../../policies';
import { notFound, rateLimited } from '../../errors';
import { LEVEL_LABELS, PUBLICITY_KIND_LABELS, STATUS_LABELS } from '../../domain/titles';
import { completePublicity, createPublicity, reportOnPublicity } from '../../commands/declarations/publicity';
import { registerRecommendationRoutes } from './recommendations';
import { orgPart } from './scope';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import {
  publicityBody,
  publicityDetail,
  publicityQuery,
  publicityView,
  publicPublicityDetail,
  reportBody,
  reportView,
} from './schema';

async function presentPublicities(list: Publicity[], withReports: boolean) {
  const ids = list.map((p) => p.id);
  const [orgs, counts, reports] = await Promise.all([
    Organisation.findAll({ attributes: ['id', 'name'], where: { id: list.map((p) => p.orgId) } }),
    PublicityItem.count({ where: { publicityId: ids }, group: ['publicityId'] }),
    withReports ? PublicityReport.count({ where: { publicityId: ids }, group: ['publicityId'] }) : Promise.resolve([]),
  ]);
  const count = (rows: Array<{ publicityId?: unknown; count: number }>, id: number) => Number(rows.find((c) => Number(c.publicityId) === id)?.count ?? 0);
  return list.map((p) => {
    const o = orgs.find((x) => x.id === p.orgId);
    return {
      id: p.id,
      kind: p.kind,
      kindName: PUBLICITY_KIND_LABELS[p.kind],
      org: o ? { id: o.id, name: o.name } : null,
      committeeId: p.committeeId,
      year: p.year,
      title: p.title,
      content: p.content,
      startsAt: p.startsAt.toISOString(),
      endsAt: p.endsAt.toISOString(),
      status: p.status,
      itemCount: count(counts as never, p.id),
      ...(withReports ? { reportCount: count(reports as never, p.id) } : {}),
    };
  });
}

/** The lines of a list, with the names the public may see. */
async function itemsOf(publicityId: number) {
  return presentItems(publicityId, await PublicityItem.findAll({ where: { publicityId }, order: [['id', 'ASC']] }));
}

async function presentItems(publicityId: number, items: PublicityItem[]) {
  const decls = await Declaration.findAll({ where: { id: items.map((i) => i.declarationId) } });
  const [orgs, quals, specs, series, reports] = await Promise.all([
    Organisation.findAll({ attributes: ['id', 'name'], where: { id: decls.map((d) => d.orgId) } }),
    TitleQualification.findAll({ attributes: ['id', 'name'], where: { id: decls.map((d) => d.qualificationId) } }),
    TitleSpecialty.findAll({ attributes: ['id', 'name'], where: { id: decls.map((d) => d.specialtyId).filter((x): x is number => !!x) } }),
    TitleSeries.findAll({ attributes: ['code', 'name'], where: { code: decls.map((d) => d.seriesCode) } }),
    PublicityReport.count({ where: { publicityId, declarationId: items.map((i) => i.declarationId) }, group: ['declarationId'] }),
  ]);
  return items.map((i) => {
    const d = decls.find((x) => x.id === i.declarationId)!;
    return {
      declarationId: d.id,
      name: d.applicantName,
      employer: orgs.find((o) => o.id === d.orgId)?.name ?? null,
      seriesName: series.find((s) => s.code === d.seriesCode)?.name ?? null,
      levelName: LEVEL_LABELS[d.level],
      qualificationName: quals.find((q) => q.id === d.qualificationId)?.name ?? null,
      specialtyName: specs.find((s) => s.id === d.specialtyId)?.name ?? null,
      status: d.status,
      note: i.note ?? null,
      reportCount: Number((reports as unknown as Array<{ declarationId: number; count: number }>).find((r) => Number(r.declarationId) === d.id)?.count ?? 0),
    };
  });
}

async function loadReadable(actor: Actor, id: number) {
  const p = await Publicity.findByPk(id);
  if (!p) throw notFound('publicity');
  const org = await Organisation.findByPk(p.orgId);
  authorize(actor, 'publicity:read', { orgId: p.orgId, orgCode: org?.code ?? '' });
  return p;
}

/** A publicity is public during its period only. */
const openNow = (): WhereOptions<Publicity> => ({ startsAt: { [Op.lte]: new Date() }, endsAt: { [Op.gte]: new Date() } });

const reportLimiter = rateLimit({
  windowMs: 60_000,
  limit: 20,
  standardHeaders: 'draft-7',
  legacyHeaders: false,
  handler: (_req, _res, next) => next(rateLimited()),
});

export function registerPublicityRoutes(r: Routes) {
  r.add({
    method: 'post',
    path: '/publicities',
    summary: 'Publish a list: the unit’s 申报公示, or the committee unit’s to-be-reviewed or failure list',
    tags: ['publicity'],
    needs: 'publicity:create',
    body: publicityBody,
    response: publicityView,
    status: 201,
    async handler({ actor, body }) {
      const p = await inTransaction((t) => createPublicity(actor, body, t));
      return (await presentPublicities([p], true))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/publicities',
    summary: 'Publicities of my org and below',
    tags: ['publicity'],
    needs: 'publicity:read',
    query: publicityQuery,
    response: pageOf(publicityView),
    async handler({ actor, query }) {
      const { rows, count } = await Publicity.findAndCountAll({ where: publicitiesWhere(actor, query), order: [['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: await presentPublicities(rows, true), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/publicities/export',
    summary: 'The publicities of my org and below as a spreadsheet (same filters as the list)',
    tags: ['publicity'],
    needs: 'publicity:read',
    query: publicityQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = publicitiesWhere(actor, query);
      const rows = byKey([['id', 'DESC']], (after, order, limit) => Publicity.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), (ps) => presentPublicities(ps, true));
      const cols: Column<Awaited<ReturnType<typeof presentPublicities>>[number]>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '公示标题', width: 40, value: (p) => p.title },
        { header: '类型', width: 16, value: (p) => p.kindName },
        { header: '发布单位', width: 28, value: (p) => p.org?.name },
        { header: '年度', value: (p) => p.year },
        { header: '开始时间', width: 18, value: (p) => fmtTime(new Date(p.startsAt)) },
        { header: '结束时间', width: 18, value: (p) => fmtTime(new Date(p.endsAt)) },
        { header: '公示人数', value: (p) => p.itemCount },
        { header: '举报数', value: (p) => p.reportCount },
        { header: '状态', value: (p) => (p.status === 'completed' ? '已完成' : '公示中') },
      ];
      await streamXlsx(res, '公示列表', '公示', cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/publicities/:id',
    summary: 'One publicity with its list and report counts',
    tags: ['publicity'],
    needs: 'publicity:read',
    params: idParams,
    response: publicityDetail,
    async handler({ actor, params }) {
      const p = await loadReadable(actor, params.id);
      return { ...(await presentPublicities([p], true))[0], items: await itemsOf(p.id) };
    },
  });

  r.add({
    method: 'get',
    path: '/publicities/:id/export',
    summary: 'A publicity list as a spreadsheet',
    tags: ['publicity'],
    needs: 'publicity:read',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const p = await loadReadable(actor, params.id);
      type Row = Awaited<ReturnType<typeof itemsOf>>[number];
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '姓名', value: (x) => x.name },
        { header: '工作单位', width: 28, value: (x) => x.employer },
        { header: '系列', value: (x) => x.seriesName },
        { header: '层级', value: (x) => x.levelName },
        { header: '资格名称', value: (x) => x.qualificationName },
        { header: '专业', value: (x) => x.specialtyName },
        { header: '状态', value: (x) => STATUS_LABELS[x.status] },
        { header: '说明', width: 30, value: (x) => x.note },
        { header: '举报数', value: (x) => x.reportCount },
      ];
      const rows = byKey([['id', 'ASC']], (after, order, limit) => PublicityItem.findAll({ where: { [Op.and]: [{ publicityId: p.id }, after] }, order: order as never, limit }), (items) => presentItems(p.id, items));
      await streamXlsx(res, p.title, PUBLICITY_KIND_LABELS[p.kind], cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/publicities/:id/reports',
    summary: 'Reports from the public against this list',
    tags: ['publicity'],
    needs: 'publicity:read',
    params: idParams,
    response: z.object({ items: z.array(reportView) }),
    async handler({ actor, params }) {
      const p = await loadReadable(actor, params.id);
      return { items: await presentReports(await PublicityReport.findAll({ where: { publicityId: p.id }, order: [['id', 'ASC']] })) };
    },
  });

  r.add({
    method: 'get',
    path: '/publicities/:id/reports/export',
    summary: 'The reports against this list as a spreadsheet',
    tags: ['publicity'],
    needs: 'publicity:read',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const p = await loadReadable(actor, params.id);
      const rows = byKey([['id', 'ASC']], (after, order, limit) => PublicityReport.findAll({ where: { [Op.and]: [{ publicityId: p.id }, after] }, order: order as never, limit }), presentReports);
      const cols: Column<Awaited<ReturnType<typeof presentReports>>[number]>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '被反映人', value: (x) => x.applicantName },
        { header: '反映内容', width: 50, value: (x) => x.content },
        { header: '反映人', value: (x) => x.reporterName },
        { header: '联系方式', width: 16, value: (x) => x.contact },
        { header: '反映时间', width: 18, value: (x) => fmtTime(new Date(x.createdAt)) },
      ];
      await streamXlsx(res, `${p.title}-举报`, '举报', cols, rows);
    },
  });

  r.add({
    method: 'post',
    path: '/publicities/:id/complete',
    summary: '完成公示: after the period, the unit’s declarations wait for its recommendation',
    tags: ['publicity'],
    needs: 'publicity:complete',
    params: idParams,
    response: publicityView,
    async handler({ actor, params }) {
      const p = await inTransaction((t) => completePublicity(actor, params.id, t));
      return (await presentPublicities([p], true))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/public/publicities',
    summary: 'Publicities open now, for anyone (no sign-in)',
    tags: ['public'],
    needs: 'public',
    query: publicityQuery.omit({ status: true }),
    response: pageOf(publicityView.omit({ reportCount: true })),
    async handler({ query }) {
      const where = { ...openNow(), ...(query.kind ? { kind: query.kind } : {}) };
      const { rows, count } = await Publicity.findAndCountAll({ where, order: [['endsAt', 'ASC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: await presentPublicities(rows, false), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/public/publicities/:id',
    summary: 'One open publicity list, for anyone (names, units, titles; no ID numbers)',
    tags: ['public'],
    needs: 'public',
    params: idParams,
    response: publicPublicityDetail,
    async handler({ params }) {
      const p = await Publicity.findOne({ where: { id: params.id, ...openNow() } });
      if (!p) throw notFound('open publicity');
      const items = (await itemsOf(p.id)).map(({ status: _s, note: _n, reportCount: _c, ...rest }) => rest);
      return { ...(await presentPublicities([p], false))[0], items };
    },
  });

  r.add({
    method: 'post',
    path: '/public/publicities/:id/reports',
    summary: 'Report a problem with a declaration on an open list (举报), no sign-in',
    tags: ['public'],
    needs: 'public',
    params: idParams,
    before: [reportLimiter],
    body: reportBody,
    response: z.object({ id: z.number(), createdAt: z.string() }),
    status: 201,
    async handler({ params, body }) {
      const rep = await inTransaction((t) => reportOnPublicity(params.id, body, t));
      return { id: rep.id, createdAt: rep.createdAt.toISOString() };
    },
  });

  registerRecommendationRoutes(r);
}

function publicitiesWhere(actor: Actor, q: { kind?: string; status?: string }): WhereOptions<Publicity> {
  return { ...orgPart(actor), ...(q.kind ? { kind: q.kind } : {}), ...(q.status ? { status: q.status } : {}) } as WhereOptions<Publicity>;
}

async function presentReports(rows: PublicityReport[]) {
  const decls = await Declaration.findAll({ attributes: ['id', 'applicantName'], where: { id: rows.map((x) => x.declarationId) } });
  return rows.map((x) => ({
    id: x.id,
    declarationId: x.declarationId,
    applicantName: decls.find((d) => d.id === x.declarationId)?.applicantName ?? null,
    reporterName: x.reporterName,
    contact: x.contact,
    content: x.content,
    createdAt: x.createdAt.toISOString(),
  }));
}
