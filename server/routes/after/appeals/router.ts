import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { Certificate, Declaration, IssuingUnit, Meeting, Organisation, ResultAppeal, ResultItem, ResultPublicity } from '../../../../models';
import { idParams, pageOf, type Routes } from '../../../http/route';
import { inTransaction } from '../../../tx';
import { authorize, refuseBeforePasswordChange, type Actor } from '../../../policies';
import { APPEAL_KINDS, APPEAL_STATUSES, ITEM_OUTCOME_LABELS, type ItemOutcome } from '../../../domain/after';
import { STATUS_LABELS } from '../../../domain/titles';
import { createAppeal, handleAppeal, loadAppealContext } from '../../../commands/after/appeals';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../../exports/xlsx';
import { presentAppeal, presentCertificate, presentPublicity } from '../../../presenters/after';
import { appealsQuery, appealView, certificateView, publicityView, text } from '../schema';

const appealBody = z.object({ declarationId: z.number().int().positive(), kind: z.enum(APPEAL_KINDS), content: text(2000) }).strict();
const handleBody = z
  .object({ status: z.enum(APPEAL_STATUSES).exclude(['submitted']), opinion: z.string().trim().max(2000).nullable().optional() })
  .strict()
  .refine((b) => b.status === 'accepted' || !!b.opinion, { message: 'Say why (处理意见)', path: ['opinion'] });

const myResultView = z.object({
  declarationId: z.number(),
  year: z.number(),
  status: z.string(),
  statusName: z.string(),
  result: z.enum(['passed', 'failed']),
  outcome: z.string(),
  outcomeName: z.string(),
  outcomeNote: z.string().nullable(),
  meetingName: z.string().nullable(),
  publicity: publicityView,
  appeals: z.array(appealView),
  certificates: z.array(certificateView),
});

/** Appeals on meetings of the actor's unit, or of its subtree for an office. */
async function appealScope(actor: Actor, meetingId?: number): Promise<WhereOptions<ResultAppeal>> {
  const orgs = await Organisation.findAll({ where: { code: { [Op.like]: `${actor.orgCode}%` } }, attributes: ['id'] });
  const pubs = await ResultPublicity.findAll({ where: { orgId: { [Op.in]: orgs.map((o) => o.id) }, ...(meetingId ? { meetingId } : {}) }, attributes: ['id'] });
  const items = await ResultItem.findAll({ where: { publicityId: { [Op.in]: pubs.map((p) => p.id) } }, attributes: ['id'] });
  return { itemId: { [Op.in]: items.map((i) => i.id) } };
}

async function present(list: ResultAppeal[]) {
  const items = await ResultItem.findAll({ where: { id: { [Op.in]: list.map((a) => a.itemId) } } });
  const decls = await Declaration.findAll({ where: { id: { [Op.in]: items.map((i) => i.declarationId) } }, attributes: ['id', 'applicantName'] });
  const pubs = await ResultPublicity.findAll({ where: { id: { [Op.in]: items.map((i) => i.publicityId) } }, attributes: ['id', 'meetingId'] });
  const meetings = await Meeting.findAll({ where: { id: { [Op.in]: pubs.map((p) => p.meetingId) } }, attributes: ['id', 'name'] });
  return list.map((a) => {
    const item = items.find((i) => i.id === a.itemId)!;
    const pub = pubs.find((p) => p.id === item.publicityId);
    return presentAppeal(a, {
      name: decls.find((d) => d.id === item.declarationId)?.applicantName ?? '',
      meetingName: meetings.find((m) => m.id === pub?.meetingId)?.name ?? null,
      declarationId: item.declarationId,
    });
  });
}

export function registerAppealRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/my/results',
    summary: 'My published review results, re-checks and complaints, and certificates (applicant)',
    tags: ['after'],
    needs: 'signedIn',
    response: z.object({ items: z.array(myResultView) }),
    async handler({ actor }) {
      refuseBeforePasswordChange(actor);
      const decls = await Declaration.findAll({ where: { applicantAccountId: actor.id } });
      const items = await ResultItem.findAll({ where: { declarationId: { [Op.in]: decls.map((d) => d.id) } } });
      const pubs = await ResultPublicity.findAll({ where: { id: { [Op.in]: items.map((i) => i.publicityId) } } });
      const meetings = await Meeting.findAll({ where: { id: { [Op.in]: pubs.map((p) => p.meetingId) } }, attributes: ['id', 'name'] });
      const orgs = await Organisation.findAll({ where: { id: { [Op.in]: pubs.map((p) => p.orgId) } }, attributes: ['id', 'name'] });
      const appeals = await present(await ResultAppeal.findAll({ where: { itemId: { [Op.in]: items.map((i) => i.id) } }, order: [['id', 'DESC']] }));
      const certs = await Certificate.findAll({ where: { declarationId: { [Op.in]: decls.map((d) => d.id) } }, order: [['id', 'DESC']] });
      const units = await IssuingUnit.findAll({ where: { id: { [Op.in]: certs.map((c) => c.issuingUnitId) } } });
      return {
        items: items.map((i) => {
          const d = decls.find((x) => x.id === i.declarationId)!;
          const p = pubs.find((x) => x.id === i.publicityId)!;
          return {
            declarationId: d.id,
            year: d.year,
            status: d.status,
            statusName: STATUS_LABELS[d.status],
            result: i.result,
            outcome: i.outcome,
            outcomeName: ITEM_OUTCOME_LABELS[i.outcome as ItemOutcome],
            outcomeNote: i.outcomeNote ?? null,
            meetingName: meetings.find((m) => m.id === p.meetingId)?.name ?? null,
            publicity: presentPublicity(p, orgs.find((o) => o.id === p.orgId)?.name ?? null),
            appeals: appeals.filter((a) => a.itemId === i.id),
            certificates: certs.filter((c) => c.declarationId === d.id).map((c) => presentCertificate(c, units.find((u) => u.id === c.issuingUnitId))),
          };
        }),
      };
    },
  });

  r.add({
    method: 'post',
    path: '/appeals',
    summary: 'Ask for a re-check (复查) of my result, or complain (投诉), while it is public',
    tags: ['after'],
    needs: 'appeal:create',
    body: appealBody,
    response: appealView,
    status: 201,
    async handler({ actor, body }) {
      const a = await inTransaction((t) => createAppeal(actor, body, t));
      return (await present([a]))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/appeals',
    summary: 'Re-checks and complaints on my unit’s (or subtree’s) meetings',
    tags: ['after'],
    needs: 'results:read',
    query: appealsQuery,
    response: pageOf(appealView),
    async handler({ actor, query }) {
      const where = { ...(await appealScope(actor, query.meetingId)), ...(query.status ? { status: query.status } : {}) };
      const { rows, count } = await ResultAppeal.findAndCountAll({ where, order: [['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: await present(rows), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/appeals/export',
    summary: 'Re-checks and complaints as a spreadsheet',
    tags: ['after'],
    needs: 'results:read',
    query: appealsQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = { ...(await appealScope(actor, query.meetingId)), ...(query.status ? { status: query.status } : {}) };
      type Row = Awaited<ReturnType<typeof present>>[number];
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '申请人', value: (a) => a.name },
        { header: '评审会议', width: 36, value: (a) => a.meetingName },
        { header: '类型', value: (a) => a.kindName },
        { header: '内容', width: 50, value: (a) => a.content },
        { header: '提交时间', width: 18, value: (a) => fmtTime(new Date(a.createdAt)) },
        { header: '状态', value: (a) => a.statusName },
        { header: '处理意见', width: 40, value: (a) => a.handlingOpinion },
      ];
      const rows = byKey([['id', 'DESC']], (after, order, limit) => ResultAppeal.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), present);
      await streamXlsx(res, '复查投诉', '复查投诉', cols, rows);
    },
  });

  r.add({
    method: 'post',
    path: '/appeals/:id/handle',
    summary: 'Accept, refuse or conclude a re-check or complaint, with the handling opinion',
    tags: ['after'],
    needs: 'results:manage',
    params: idParams,
    body: handleBody,
    response: appealView,
    async handler({ actor, params, body }) {
      const a = await inTransaction((t) => handleAppeal(actor, params.id, body, t));
      return (await present([a]))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/appeals/:id',
    summary: 'One re-check or complaint',
    tags: ['after'],
    needs: 'results:read',
    params: idParams,
    response: appealView,
    async handler({ actor, params }) {
      const { appeal, ctx } = await loadAppealContext(actor, params.id);
      authorize(actor, 'results:read', ctx);
      return (await present([appeal]))[0];
    },
  });
}
