import { Op, type WhereOptions } from 'sequelize';
import { Declaration, Organisation, Recommendation, RecommendationItem, StoredFile } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize, type Actor } from '../../policies';
import { notFound } from '../../errors';
import { recommend } from '../../commands/declarations/publicity';
import { storeOrgFile } from '../../commands/declarations/files';
import { multipartContent, singleFile } from '../../http/upload';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import { fileView } from '../declarations/schema';
import { orgFileFields, recommendationBody, recommendationQuery, recommendationView } from './schema';
import { orgPart } from './scope';

/** 单位推荐上报 (seed 004 §6.2.3): a unit recommends declarations after their publicity, with its handling details and proof. */
export function registerRecommendationRoutes(r: Routes) {
  r.add({
    method: 'post',
    path: '/recommendations/files',
    summary: 'Upload a proof file for a recommendation (单位证明材料)',
    tags: ['publicity'],
    needs: 'recommendation:create',
    before: [singleFile],
    body: orgFileFields,
    requestContent: multipartContent(orgFileFields),
    response: fileView,
    status: 201,
    async handler({ actor, req }) {
      const f = await inTransaction((t) => storeOrgFile(actor, 'recommendation', req.file, t));
      return { id: f.id, name: f.originalName, mime: f.mime, size: f.size, purpose: f.purpose, slot: null, sha256: f.sha256, createdAt: f.createdAt.toISOString() };
    },
  });

  r.add({
    method: 'post',
    path: '/recommendations',
    summary: '单位推荐上报: recommend declarations after publicity, with the unit’s handling details and proof',
    tags: ['publicity'],
    needs: 'recommendation:create',
    body: recommendationBody,
    response: recommendationView,
    status: 201,
    async handler({ actor, body }) {
      const rec = await inTransaction((t) => recommend(actor, body, t));
      return (await presentRecommendations([rec]))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/recommendations',
    summary: 'Recommendations of my org and below',
    tags: ['publicity'],
    needs: 'recommendation:read',
    query: recommendationQuery,
    response: pageOf(recommendationView),
    async handler({ actor, query }) {
      const { rows, count } = await Recommendation.findAndCountAll({ where: recommendationsWhere(actor, query), order: [['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: await presentRecommendations(rows), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/recommendations/export',
    summary: 'Recommendations of my org and below as a spreadsheet (推荐上报情况)',
    tags: ['publicity'],
    needs: 'recommendation:read',
    query: recommendationQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = recommendationsWhere(actor, query);
      const rows = byKey([['id', 'DESC']], (after, order, limit) => Recommendation.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), async (recs) => {
        const views = await presentRecommendations(recs);
        const decls = await Declaration.findAll({ attributes: ['id', 'applicantName'], where: { id: views.flatMap((v) => v.declarationIds) } });
        return views.map((v) => ({ ...v, names: v.declarationIds.map((id) => decls.find((d) => d.id === id)?.applicantName ?? '').filter(Boolean) }));
      });
      type Row = Awaited<ReturnType<typeof presentRecommendations>>[number] & { names: string[] };
      const detail = (r: Row, key: string) => (r.details[key] === undefined || r.details[key] === null ? '' : String(r.details[key]));
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '推荐单位', width: 28, value: (x) => x.org?.name },
        { header: '年度', value: (x) => x.year },
        { header: '推荐人数', value: (x) => x.declarationIds.length },
        { header: '推荐人员', width: 40, value: (x) => x.names.join('、') },
        { header: '经办人', value: (x) => x.handlerName },
        { header: '联系电话', width: 16, value: (x) => x.handlerPhone },
        { header: '推荐方式', width: 16, value: (x) => detail(x, 'method') },
        { header: '评议组人数', value: (x) => detail(x, 'groupSize') },
        { header: '评议组意见', width: 30, value: (x) => detail(x, 'groupOpinion') },
        { header: '公示结果', width: 24, value: (x) => detail(x, 'publicityResult') },
        { header: '单位意见', width: 40, value: (x) => x.opinion },
        { header: '证明材料', width: 30, value: (x) => x.files.map((f) => f.name).join('、') },
        { header: '上报时间', width: 18, value: (x) => fmtTime(new Date(x.createdAt)) },
      ];
      await streamXlsx(res, '单位推荐上报', '推荐上报', cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/recommendations/:id',
    summary: 'One recommendation: handling details, proof files and its declarations',
    tags: ['publicity'],
    needs: 'recommendation:read',
    params: idParams,
    response: recommendationView,
    async handler({ actor, params }) {
      const rec = await Recommendation.findByPk(params.id);
      if (!rec) throw notFound('recommendation');
      const org = await Organisation.findByPk(rec.orgId);
      authorize(actor, 'recommendation:read', { orgCode: org?.code ?? '' });
      return (await presentRecommendations([rec]))[0];
    },
  });
}

function recommendationsWhere(actor: Actor, q: { year?: number }): WhereOptions<Recommendation> {
  return { ...orgPart(actor), ...(q.year ? { year: q.year } : {}) } as WhereOptions<Recommendation>;
}

async function presentRecommendations(list: Recommendation[]) {
  const [orgs, items, files] = await Promise.all([
    Organisation.findAll({ attributes: ['id', 'name'], where: { id: list.map((x) => x.orgId) } }),
    RecommendationItem.findAll({ where: { recommendationId: list.map((x) => x.id) } }),
    StoredFile.findAll({ where: { id: list.flatMap((x) => x.fileIds) } }),
  ]);
  return list.map((x) => {
    const o = orgs.find((y) => y.id === x.orgId);
    return {
      id: x.id,
      org: o ? { id: o.id, name: o.name } : null,
      year: x.year,
      handlerName: x.handlerName,
      handlerPhone: x.handlerPhone,
      opinion: x.opinion,
      details: x.details as Record<string, unknown>,
      files: files.filter((f) => x.fileIds.includes(f.id)).map((f) => ({ id: f.id, name: f.originalName, mime: f.mime, size: f.size })),
      declarationIds: items.filter((i) => i.recommendationId === x.id).map((i) => i.declarationId),
      createdAt: x.createdAt.toISOString(),
    };
  });
}
