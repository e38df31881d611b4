import { Op } from 'sequelize';
import { z } from 'zod';
import { rateLimit } from 'express-rate-limit';
import { BlacklistEntry, Organisation, ResultItem, ResultPublicity } from '../../../../models';
import { idParams, pageOf, pageQuery, type Routes } from '../../../http/route';
import { inTransaction } from '../../../tx';
import { notFound, rateLimited } from '../../../errors';
import { chinaToday } from '../../../domain/workingDays';
import { maskName } from '../../../domain/after';
import { reportOnResult } from '../../../commands/after/publicity';
import { verifyCertificate } from '../../../commands/after/certificates';
import { orgNameMap, presentItems, presentPublicity, presentVerification } from '../../../presenters/after';
import { itemView, publicityView, text, verificationView } from '../schema';

/**
 * What anyone may see without signing in: result publicity lists (passed results only: name,
 * unit, title), a form to report an entry, the certificate check and the blacklist notice. Reports
 * and checks are rate-limited per address: a verification code has 79 random bits, and nobody
 * should be able to try them in bulk either.
 */
const limiter = (limit: number) =>
  rateLimit({ windowMs: 60_000, limit, standardHeaders: 'draft-7', legacyHeaders: false, handler: (_req, _res, next) => next(rateLimited()) });
const reportLimiter = limiter(10);
const verifyLimiter = limiter(60);

const runningWhere = () => {
  const today = chinaToday();
  return { status: 'open', startsOn: { [Op.lte]: today }, endsOn: { [Op.gte]: today } };
};

const reportBody = z
  .object({ itemId: z.number().int().positive(), reporterName: z.string().trim().max(50).nullable().optional(), contact: z.string().trim().max(100).nullable().optional(), content: text(2000) })
  .strict();

const noticeView = z.object({ id: z.number(), name: z.string(), orgName: z.string().nullable(), reason: z.string().nullable(), years: z.number(), startsOn: z.string(), endsOn: z.string() });

export function registerPublicRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/public/result-publicities',
    summary: '评审结果公示 running now, for anyone',
    tags: ['public'],
    needs: 'public',
    query: z.object({ ...pageQuery }).strict(),
    response: pageOf(publicityView),
    async handler({ query }) {
      const { rows, count } = await ResultPublicity.findAndCountAll({ where: runningWhere(), order: [['endsOn', 'ASC'], ['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      const names = await orgNameMap(rows.map((p) => p.orgId));
      return { items: rows.map((p) => presentPublicity(p, names.get(p.orgId) ?? null)), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/public/result-publicities/:id',
    summary: 'One running result publicity: the passed results (name, unit, title; no ID numbers, no votes)',
    tags: ['public'],
    needs: 'public',
    params: idParams,
    response: publicityView.extend({ items: z.array(itemView) }),
    async handler({ params }) {
      const p = await ResultPublicity.findOne({ where: { id: params.id, ...runningWhere() } });
      if (!p) throw notFound('running result publicity');
      const items = await ResultItem.findAll({ where: { publicityId: p.id, result: 'passed' }, order: [['position', 'ASC']] });
      const org = await Organisation.findByPk(p.orgId, { attributes: ['name'] });
      return { ...presentPublicity(p, org?.name ?? null), items: await presentItems(items, { staff: false }) };
    },
  });

  r.add({
    method: 'post',
    path: '/public/result-publicities/:id/reports',
    summary: 'Report a problem with an entry while the publicity runs (举报), no sign-in',
    tags: ['public'],
    needs: 'public',
    params: idParams,
    before: [reportLimiter],
    body: reportBody,
    response: z.object({ id: z.number(), createdAt: z.string() }),
    status: 201,
    async handler({ params, body }) {
      const rep = await inTransaction((t) => reportOnResult(params.id, body, t));
      return { id: rep.id, createdAt: rep.createdAt.toISOString() };
    },
  });

  r.add({
    method: 'get',
    path: '/public/certificates/verify',
    summary: '证书核验: a certificate by its verification code (valid or revoked); 404 certificate_not_found otherwise',
    tags: ['public'],
    needs: 'public',
    before: [verifyLimiter],
    query: z.object({ code: z.string().trim().min(1).max(40) }).strict(),
    response: verificationView,
    async handler({ query, res }) {
      res.setHeader('Cache-Control', 'no-store');
      const { c, unit } = await verifyCertificate(query.code);
      return presentVerification(c, unit);
    },
  });

  r.add({
    method: 'get',
    path: '/public/blacklist-notice',
    summary: '失信人员处理意见 (scrolling notice, seed 002): entries in force that the office shows publicly; names masked',
    tags: ['public'],
    needs: 'public',
    response: z.object({ items: z.array(noticeView) }),
    async handler({ res }) {
      res.setHeader('Cache-Control', 'public, max-age=60');
      const rows = await BlacklistEntry.findAll({ where: { liftedAt: null, publicNotice: true, endsAt: { [Op.gt]: new Date() } }, order: [['startsAt', 'DESC']], limit: 50 });
      const names = await orgNameMap(rows.map((e) => e.orgId));
      return {
        items: rows.map((e) => ({
          id: e.id,
          name: maskName(e.name),
          orgName: names.get(e.orgId) ?? null,
          reason: e.reason,
          years: e.years,
          startsOn: chinaToday(e.startsAt),
          endsOn: chinaToday(e.endsAt),
        })),
      };
    },
  });
}
