import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { Account, Declaration, DeclarationPlan, Organisation, Transfer } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { allowedActions, type Actor } from '../../policies';
import { LEVEL_LABELS, PLAN_STATUS_LABELS, QUOTA_STATUSES, type DeclarationStatus, type PlanStatus, type TransferStatus } from '../../domain/titles';
import { createPlan, decidePlan, decideTransfer, requestTransfer, submitPlan, updatePlan } from '../../commands/declarations/around';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import {
  decisionBody,
  planBody,
  planPatch,
  planQuery,
  planView,
  statsQuery,
  statsRow,
  transferBody,
  transferQuery,
  transferView,
} from './schema';

const subtreeIds = async (code: string) =>
  (await Organisation.findAll({ attributes: ['id'], where: { code: { [Op.like]: `${code}%` } } })).map((o) => o.id);

async function presentPlans(actor: Actor, list: DeclarationPlan[]) {
  const orgs = await Organisation.findAll({ attributes: ['id', 'code', 'name'], where: { id: [...list.map((p) => p.orgId), ...list.map((p) => p.approvingOrgId ?? 0)] } });
  return list.map((p) => {
    const o = orgs.find((x) => x.id === p.orgId);
    const a = orgs.find((x) => x.id === p.approvingOrgId);
    return {
      id: p.id,
      org: o ? { id: o.id, code: o.code, name: o.name } : null,
      year: p.year,
      seriesCode: p.seriesCode,
      level: p.level,
      levelName: LEVEL_LABELS[p.level],
      quota: p.quota,
      note: p.note ?? null,
      status: p.status as PlanStatus,
      statusName: PLAN_STATUS_LABELS[p.status as PlanStatus],
      approvingOrg: a ? { id: a.id, name: a.name } : null,
      history: p.history.map((h) => ({ orgName: h.orgName, byName: h.byName, action: h.action, reason: h.reason, at: h.at })),
      approvedAt: p.approvedAt ? p.approvedAt.toISOString() : null,
      can: [
        ...allowedActions(actor, { orgId: p.orgId }, ['plan:edit']).filter(() => p.status === 'draft' || p.status === 'returned'),
        ...allowedActions(actor, { approvingOrgId: p.approvingOrgId }, ['plan:decide']).filter(() => p.status === 'submitted'),
      ],
    };
  });
}

async function planWhere(actor: Actor, q: { year?: number; status?: string; pendingMine?: 'true' | 'false' }): Promise<WhereOptions<DeclarationPlan>> {
  const w: Record<string | symbol, unknown> = {};
  if (q.pendingMine === 'true') {
    w.approvingOrgId = actor.orgId;
    w.status = 'submitted';
  } else {
    w.orgId = await subtreeIds(actor.orgCode);
    if (q.status) w.status = q.status;
  }
  if (q.year) w.year = q.year;
  return w as WhereOptions<DeclarationPlan>;
}

const PASSED: DeclarationStatus[] = ['awaiting_assignment', 'approved', 'assigned', 'policy_review', 'policy_passed', 'policy_failed', 'ready_for_meeting'];

/** 申报计划统计: each approved plan of the subtree with what its quota holds now. */
async function stats(actor: Actor, year: number) {
  const orgs = await Organisation.findAll({ attributes: ['id', 'code', 'name'], where: { code: { [Op.like]: `${actor.orgCode}%` } } });
  const plans = await DeclarationPlan.findAll({ where: { orgId: orgs.map((o) => o.id), year, status: 'approved' }, order: [['orgId', 'ASC'], ['seriesCode', 'ASC'], ['level', 'ASC']] });
  const out = [];
  for (const p of plans) {
    const org = orgs.find((o) => o.id === p.orgId)!;
    const inSubtree = { model: Organisation, as: 'org', where: { code: { [Op.like]: `${org.code}%` } }, required: true, attributes: [] };
    const base = { year, seriesCode: p.seriesCode, level: p.level };
    const [used, submitted, passed] = await Promise.all([
      Declaration.count({ where: { ...base, status: QUOTA_STATUSES }, include: [inSubtree] }),
      Declaration.count({ where: { ...base, submittedAt: { [Op.ne]: null } }, include: [inSubtree] }),
      Declaration.count({ where: { ...base, status: PASSED }, include: [inSubtree] }),
    ]);
    out.push({
      org: { id: org.id, code: org.code, name: org.name },
      seriesCode: p.seriesCode,
      level: p.level,
      levelName: LEVEL_LABELS[p.level],
      quota: p.quota,
      used,
      remaining: Math.max(0, p.quota - used),
      submitted,
      passed,
    });
  }
  return out;
}

async function presentTransfers(actor: Actor, list: Transfer[]) {
  const [accounts, orgs] = await Promise.all([
    Account.findAll({ attributes: ['id', 'name', 'idNumber'], where: { id: list.map((t) => t.accountId) } }),
    Organisation.findAll({ attributes: ['id', 'name'], where: { id: list.flatMap((t) => [t.fromOrgId, t.toOrgId]) } }),
  ]);
  const org = (id: number) => {
    const o = orgs.find((x) => x.id === id);
    return o ? { id: o.id, name: o.name } : null;
  };
  return list.map((t) => {
    const a = accounts.find((x) => x.id === t.accountId);
    return {
      id: t.id,
      person: { accountId: t.accountId, name: a?.name ?? '', idNumber: a?.idNumber ?? null },
      fromOrg: org(t.fromOrgId),
      toOrg: org(t.toOrgId),
      status: t.status as TransferStatus,
      note: t.note ?? null,
      reason: t.reason ?? null,
      createdAt: t.createdAt.toISOString(),
      decidedAt: t.decidedAt ? t.decidedAt.toISOString() : null,
      can: t.status === 'pending' ? allowedActions(actor, { fromOrgId: t.fromOrgId }, ['transfer:decide']) : [],
    };
  });
}

function transferWhere(actor: Actor, q: { direction: 'incoming' | 'outgoing' | 'all'; status?: string }): WhereOptions<Transfer> {
  const dir =
    q.direction === 'incoming' ? { toOrgId: actor.orgId } : q.direction === 'outgoing' ? { fromOrgId: actor.orgId } : { [Op.or]: [{ toOrgId: actor.orgId }, { fromOrgId: actor.orgId }] };
  return { ...dir, ...(q.status ? { status: q.status } : {}) } as WhereOptions<Transfer>;
}

export function registerPlanRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/plans',
    summary: 'Declaration plans (申报计划) of my org and below, or those waiting for my approval',
    tags: ['plans'],
    needs: 'plan:read',
    query: planQuery,
    response: pageOf(planView),
    async handler({ actor, query }) {
      const { rows, count } = await DeclarationPlan.findAndCountAll({ where: await planWhere(actor, query), order: [['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: await presentPlans(actor, rows), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/plans/export',
    summary: 'Plans as a spreadsheet',
    tags: ['plans'],
    needs: 'plan:read',
    query: planQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = await planWhere(actor, query);
      const rows = byKey([['id', 'DESC']], (after, order, limit) => DeclarationPlan.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), (ps) => presentPlans(actor, ps));
      const cols: Column<Awaited<ReturnType<typeof presentPlans>>[number]>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '单位', width: 28, value: (p) => p.org?.name },
        { header: '年度', value: (p) => p.year },
        { header: '系列', value: (p) => p.seriesCode },
        { header: '层级', value: (p) => p.levelName },
        { header: '职数', value: (p) => p.quota },
        { header: '状态', value: (p) => p.statusName },
        { header: '待审核单位', width: 28, value: (p) => p.approvingOrg?.name },
        { header: '备注', width: 30, value: (p) => p.note },
      ];
      await streamXlsx(res, '申报计划', '申报计划', cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/plans/stats',
    summary: 'Plan statistics of the subtree (申报计划统计): quota, used, remaining, submitted, passed',
    tags: ['plans'],
    needs: 'plan:read',
    query: statsQuery,
    response: z.object({ items: z.array(statsRow) }),
    async handler({ actor, query }) {
      return { items: await stats(actor, query.year) };
    },
  });

  r.add({
    method: 'get',
    path: '/plans/stats/export',
    summary: 'Plan statistics as a spreadsheet',
    tags: ['plans'],
    needs: 'plan:read',
    query: statsQuery,
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const rows = await stats(actor, query.year);
      const cols: Column<(typeof rows)[number]>[] = [
        { header: '单位', width: 28, value: (x) => x.org.name },
        { header: '系列', value: (x) => x.seriesCode },
        { header: '层级', value: (x) => x.levelName },
        { header: '职数', value: (x) => x.quota },
        { header: '已占用', value: (x) => x.used },
        { header: '剩余', value: (x) => x.remaining },
        { header: '已提交', value: (x) => x.submitted },
        { header: '已通过审查', value: (x) => x.passed },
      ];
      await streamXlsx(res, `申报计划统计-${query.year}`, '申报计划统计', cols, [rows]);
    },
  });

  r.add({
    method: 'post',
    path: '/plans',
    summary: 'Draft my org’s plan for a year, series and level with its quota (职数)',
    tags: ['plans'],
    needs: 'plan:edit',
    body: planBody,
    response: planView,
    status: 201,
    async handler({ actor, body }) {
      return (await presentPlans(actor, [await inTransaction((t) => createPlan(actor, body, t))]))[0];
    },
  });

  r.add({
    method: 'patch',
    path: '/plans/:id',
    summary: 'Edit a draft or returned plan',
    tags: ['plans'],
    needs: 'plan:edit',
    params: idParams,
    body: planPatch,
    response: planView,
    async handler({ actor, params, body }) {
      return (await presentPlans(actor, [await inTransaction((t) => updatePlan(actor, params.id, body, t))]))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/plans/:id/submit',
    summary: 'Submit a plan to the org above (上报)',
    tags: ['plans'],
    needs: 'plan:edit',
    params: idParams,
    response: planView,
    async handler({ actor, params }) {
      return (await presentPlans(actor, [await inTransaction((t) => submitPlan(actor, params.id, t))]))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/plans/:id/decision',
    summary: 'Approve (up one level; approved at the top) or return (撤回, with a reason) a plan waiting at my org',
    tags: ['plans'],
    needs: 'plan:decide',
    params: idParams,
    body: decisionBody,
    response: planView,
    async handler({ actor, params, body }) {
      return (await presentPlans(actor, [await inTransaction((t) => decidePlan(actor, params.id, body.approve, body.reason, t))]))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/transfers',
    summary: 'Transfers of people into (incoming) or out of (outgoing) my unit',
    tags: ['plans'],
    needs: 'transfer:read',
    query: transferQuery,
    response: pageOf(transferView),
    async handler({ actor, query }) {
      const { rows, count } = await Transfer.findAndCountAll({ where: transferWhere(actor, query), order: [['id', 'DESC']], limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
      return { items: await presentTransfers(actor, rows), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/transfers/export',
    summary: 'Transfers as a spreadsheet',
    tags: ['plans'],
    needs: 'transfer:read',
    query: transferQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = transferWhere(actor, query);
      const rows = byKey([['id', 'DESC']], (after, order, limit) => Transfer.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), (ts) => presentTransfers(actor, ts));
      const label = { pending: '待处理', accepted: '已同意', refused: '已拒绝' } as const;
      const cols: Column<Awaited<ReturnType<typeof presentTransfers>>[number]>[] = [
        { header: '序号', value: (_x, i) => i + 1 },
        { header: '姓名', value: (x) => x.person.name },
        { header: '身份证号', width: 20, value: (x) => x.person.idNumber },
        { header: '原单位', width: 28, value: (x) => x.fromOrg?.name },
        { header: '新单位', width: 28, value: (x) => x.toOrg?.name },
        { header: '状态', value: (x) => label[x.status] },
        { header: '申请时间', width: 18, value: (x) => fmtTime(new Date(x.createdAt)) },
        { header: '理由', width: 30, value: (x) => x.reason },
      ];
      await streamXlsx(res, '单位变动人员', '单位变动人员', cols, rows);
    },
  });

  r.add({
    method: 'post',
    path: '/transfers',
    summary: 'Ask to take over a person who changed employer (the new unit asks by ID number)',
    tags: ['plans'],
    needs: 'transfer:request',
    body: transferBody,
    response: transferView,
    status: 201,
    async handler({ actor, body }) {
      return (await presentTransfers(actor, [await inTransaction((t) => requestTransfer(actor, body, t))]))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/transfers/:id/decision',
    summary: 'The old unit agrees (the account and an editable declaration move) or refuses',
    tags: ['plans'],
    needs: 'transfer:decide',
    params: idParams,
    body: decisionBody,
    response: transferView,
    async handler({ actor, params, body }) {
      return (await presentTransfers(actor, [await inTransaction((t) => decideTransfer(actor, params.id, body.approve, body.reason, t))]))[0];
    },
  });
}

