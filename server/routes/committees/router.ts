import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { Committee, CommitteeCommission, Organisation } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { COMMITTEE_TYPE_LABELS, LEVEL_LABELS } from '../../domain/titles';
import { fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import { allowedActions, authorize, type Actor } from '../../policies';
import {
  committeeDetails,
  committeeStateWhere,
  createCommittee,
  decideCommission,
  disableCommittee,
  loadCommittee,
  requestCommission,
  updateCommittee,
  withdrawCommission,
} from '../../commands/setup/committees';
import { presentCommission, presentCommittee, presentFeeItem, presentFoundingUnit } from '../../presenters/setup';
import { applyMaterialDeadline } from '../../commands/declarations/deadline';
import {
  commissionBody,
  commissionDecision,
  commissionView,
  committeeDetail,
  committeeView,
  createCommitteeBody,
  disableBody,
  listCommissionsQuery,
  listCommitteesQuery,
  updateCommitteeBody,
} from './schema';

const COMMITTEE_ACTIONS = ['committee:manage', 'committee:commission', 'library:read', 'library:manage', 'commission:decide'] as const;

async function detail(actor: Actor, c: Committee) {
  const d = await committeeDetails(c);
  const subject = { ownerOrgId: d.owner.id, ownerOrgCode: d.owner.code };
  return {
    ...presentCommittee(c, d.owner),
    foundingUnits: d.foundingUnits.map(presentFoundingUnit),
    feeItems: d.feeItems.map(presentFeeItem),
    can: allowedActions(actor, subject, COMMITTEE_ACTIONS),
  };
}

async function commissionNames(rows: CommitteeCommission[]) {
  const committees = await Committee.findAll({ where: { id: { [Op.in]: rows.map((r) => r.committeeId) } }, attributes: ['id', 'name'] });
  const orgs = await Organisation.findAll({ where: { id: { [Op.in]: rows.map((r) => r.orgId) } }, attributes: ['id', 'name'] });
  return rows.map((r) => presentCommission(r, { committee: committees.find((c) => c.id === r.committeeId)?.name, org: orgs.find((o) => o.id === r.orgId)?.name }));
}

function listWhere(query: { state: 'active' | 'history' | 'all'; seriesCode?: string; ownerOrgId?: number; q?: string }) {
  const where: WhereOptions<Committee>[] = [committeeStateWhere(query.state)];
  if (query.seriesCode) where.push({ seriesCode: query.seriesCode });
  if (query.ownerOrgId) where.push({ ownerOrgId: query.ownerOrgId });
  if (query.q) where.push({ [Op.or]: [{ name: { [Op.like]: `%${query.q}%` } }, { code: { [Op.like]: `${query.q}%` } }] });
  return { [Op.and]: where };
}

/** 评委会管理 / 历史评委会 / 委托评审 */
export function registerCommitteeRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/committees',
    summary: 'Committees: active ones, or the history (disabled or expired); filter by series, owner, name or code',
    tags: ['committees'],
    needs: 'committee:read',
    query: listCommitteesQuery,
    response: pageOf(committeeView),
    async handler({ query }) {
      // Levels are a JSON list; filter them here (a committee list is short).
      const all = (await Committee.findAll({ where: listWhere(query), order: [['id', 'ASC']] })).filter((c) => !query.level || c.levels.includes(query.level));
      const rows = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize);
      const owners = await Organisation.findAll({ where: { id: { [Op.in]: rows.map((c) => c.ownerOrgId) } }, attributes: ['id', 'name'] });
      return { items: rows.map((c) => presentCommittee(c, owners.find((o) => o.id === c.ownerOrgId))), total: all.length, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/committees/export',
    summary: 'Committees as a spreadsheet (same filters as the list)',
    tags: ['committees'],
    needs: 'committee:read',
    query: listCommitteesQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ query, res }) {
      const all = (await Committee.findAll({ where: listWhere(query), order: [['code', 'ASC']] })).filter((c) => !query.level || c.levels.includes(query.level));
      const owners = await Organisation.findAll({ where: { id: { [Op.in]: all.map((c) => c.ownerOrgId) } }, attributes: ['id', 'name'] });
      const cols: Column<Committee>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '评委会编码', value: (c) => c.code },
        { header: '评委会名称', width: 36, value: (c) => c.name },
        { header: '系列', value: (c) => c.seriesCode },
        { header: '评审类型', value: (c) => COMMITTEE_TYPE_LABELS[c.type] },
        { header: '组建单位', width: 28, value: (c) => owners.find((o) => o.id === c.ownerOrgId)?.name },
        { header: '评审层级', width: 20, value: (c) => c.levels.map((l) => LEVEL_LABELS[l]).join('、') },
        { header: '材料截止时间', width: 18, value: (c) => fmtTime(c.materialDeadline) },
        { header: '状态', value: (c) => (c.status === 'active' ? '有效' : '已注销') },
      ];
      await streamXlsx(res, '评委会', '评委会', cols, [all]);
    },
  });

  r.add({
    method: 'post',
    path: '/committees',
    summary: 'Create a committee for a committee unit (office admin): own code, series, type, levels, specialties, founding units, fees',
    tags: ['committees'],
    needs: 'committee:manage',
    body: createCommitteeBody,
    response: committeeDetail,
    status: 201,
    async handler({ actor, body }) {
      const c = await inTransaction((t) => createCommittee(actor, body, t));
      return detail(actor, c);
    },
  });

  r.add({
    method: 'get',
    path: '/committees/:id',
    summary: 'One committee with its founding units and fee items, and what the actor may do with it',
    tags: ['committees'],
    needs: 'committee:read',
    params: idParams,
    response: committeeDetail,
    async handler({ actor, params }) {
      return detail(actor, await loadCommittee(params.id));
    },
  });

  r.add({
    method: 'patch',
    path: '/committees/:id',
    summary: 'Change a committee (not its code, series, type or owner); founding units and fee items are replaced when given',
    tags: ['committees'],
    needs: 'committee:manage',
    params: idParams,
    body: updateCommitteeBody,
    response: committeeDetail,
    async handler({ actor, params, body }) {
      const c = await inTransaction((t) => updateCommittee(actor, params.id, body, t));
      return detail(actor, c);
    },
  });

  r.add({
    method: 'post',
    path: '/committees/:id/disable',
    summary: '注销: disable a committee with a reason; it stays in the history',
    tags: ['committees'],
    needs: 'committee:manage',
    params: idParams,
    body: disableBody,
    response: committeeDetail,
    async handler({ actor, params, body }) {
      const c = await inTransaction((t) => disableCommittee(actor, params.id, body.reason, t));
      return detail(actor, c);
    },
  });

  r.add({
    method: 'post',
    path: '/committees/:id/material-deadline',
    summary:
      '材料截止: once the material deadline has passed, every declaration still waiting for this committee’s 材料接收 becomes 审查不通过 (failed), with a flow entry; the committee unit’s handler; idempotent',
    tags: ['committees'],
    needs: 'declaration:act',
    params: idParams,
    response: z.object({
      committeeId: z.number().int(),
      materialDeadline: z.string(),
      failed: z.array(z.number().int()),
      skipped: z.array(z.number().int()),
    }),
    async handler({ actor, params }) {
      return applyMaterialDeadline(actor, params.id);
    },
  });

  r.add({
    method: 'post',
    path: '/committees/:id/commissions',
    summary: '委托评审: ask this committee to review the actor’s unit’s applicants for a year',
    tags: ['committees'],
    needs: 'committee:commission',
    params: idParams,
    body: commissionBody,
    response: commissionView,
    status: 201,
    async handler({ actor, params, body }) {
      const m = await inTransaction((t) => requestCommission(actor, params.id, body, t));
      return (await commissionNames([m]))[0];
    },
  });

  r.add({
    method: 'get',
    path: '/commissions',
    summary: 'Commission requests to the actor’s committees (incoming) or from the actor’s unit (outgoing)',
    tags: ['committees'],
    needs: 'committee:read',
    query: listCommissionsQuery,
    response: z.object({ items: z.array(commissionView) }),
    async handler({ actor, query }) {
      const own = await Committee.findAll({ where: { ownerOrgId: actor.orgId }, attributes: ['id'] });
      const where =
        query.side === 'incoming' ? { committeeId: { [Op.in]: own.map((c) => c.id) } } : { orgId: actor.orgId };
      const rows = await CommitteeCommission.findAll({ where: { ...where, ...(query.status ? { status: query.status } : {}) }, order: [['id', 'DESC']] });
      return { items: await commissionNames(rows) };
    },
  });

  r.add({
    method: 'post',
    path: '/commissions/:id/decide',
    summary: 'The committee unit accepts or refuses a commission request (a refusal needs an opinion)',
    tags: ['committees'],
    needs: 'commission:decide',
    params: idParams,
    body: commissionDecision,
    response: commissionView,
    async handler({ actor, params, body }) {
      const m = await inTransaction((t) => decideCommission(actor, params.id, body.accept, body.opinion ?? null, t));
      return (await commissionNames([m]))[0];
    },
  });

  r.add({
    method: 'post',
    path: '/commissions/:id/withdraw',
    summary: 'The asking unit withdraws a pending commission request',
    tags: ['committees'],
    needs: 'commission:withdraw',
    params: idParams,
    response: commissionView,
    async handler({ actor, params }) {
      const m = await inTransaction((t) => withdrawCommission(actor, params.id, t));
      return (await commissionNames([m]))[0];
    },
  });
}

