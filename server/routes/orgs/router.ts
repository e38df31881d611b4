import { Op, type WhereOptions } from 'sequelize';
import { z } from 'zod';
import { Organisation } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { allowedActions, authorize, can, type Actor } from '../../policies';
import { notFound } from '../../errors';
import { presentOrg } from '../../presenters/org';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import { label, ORG_CATEGORY_LABELS, ORG_KIND_LABELS, ORG_LEVEL_LABELS, ORG_STATUS_LABELS } from '../../exports/labels';
import {
  createOrg,
  decideOrgApproval,
  decideOrgMove,
  disableOrg,
  requestOrgMove,
  resetOrgAdminPassword,
  submitOrgProfile,
} from '../../commands/orgs';
import {
  createOrgBody,
  createdOrgView,
  decisionBody,
  listOrgsQuery,
  lookupQuery,
  moveBody,
  orgDetailView,
  orgView,
  resetView,
  submitProfileBody,
  treeQuery,
} from './schema';

const ORG_ACTIONS = [
  'org:create',
  'org:updateProfile',
  'org:approve',
  'org:resetAdminPassword',
  'org:disable',
  'org:requestMove',
] as const;

async function loadVisibleOrg(actor: Actor, id: number) {
  const org = await Organisation.findByPk(id);
  if (!org) throw notFound('organisation');
  authorize(actor, 'org:read', org);
  return org;
}

const brief = (o: Organisation | null) => (o ? { id: o.id, code: o.code, name: o.name } : null);

async function detail(actor: Actor, org: Organisation) {
  const [parent, pendingParent] = await Promise.all([
    org.parentId ? Organisation.findByPk(org.parentId) : null,
    org.pendingParentId ? Organisation.findByPk(org.pendingParentId) : null,
  ]);
  const can: string[] = allowedActions(actor, org, ORG_ACTIONS);
  if (pendingParent && allowedActions(actor, { ...org.get(), pendingParentCode: pendingParent.code }, ['org:approveMove']).length) {
    can.push('org:approveMove');
  }
  return { ...presentOrg(org), parent: brief(parent), pendingParent: brief(pendingParent), can };
}

/** The list's filters: always the actor's subtree (GET /orgs and its export). */
function orgSearch(actor: Actor, query: { q?: string; kind?: string; status?: string; parentId?: number }): WhereOptions<Organisation> {
  const where: WhereOptions<Organisation>[] = [{ code: { [Op.like]: `${actor.orgCode}%` } }];
  if (query.q) where.push({ [Op.or]: [{ name: { [Op.like]: `%${query.q}%` } }, { code: { [Op.like]: `${query.q}%` } }] });
  if (query.kind) where.push({ kind: query.kind as never });
  if (query.status) where.push({ status: query.status as never });
  if (query.parentId) where.push({ parentId: query.parentId });
  return { [Op.and]: where };
}

export function registerOrgRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/orgs/tree',
    summary: "The signed-in account's organisation subtree, ordered by code (parents before children)",
    tags: ['orgs'],
    needs: 'org:read',
    query: treeQuery,
    response: z.object({ items: z.array(orgView) }),
    async handler({ actor, query }) {
      const root = query.rootId ? await loadVisibleOrg(actor, query.rootId) : await loadVisibleOrg(actor, actor.orgId);
      const items = await Organisation.findAll({ where: { code: { [Op.like]: `${root.code}%` } }, order: [['code', 'ASC']] });
      return { items: items.map(presentOrg) };
    },
  });

  r.add({
    method: 'get',
    path: '/orgs',
    summary: 'Search organisations in the subtree by name or code, kind, status or parent',
    tags: ['orgs'],
    needs: 'org:read',
    query: listOrgsQuery,
    response: pageOf(orgView),
    async handler({ actor, query }) {
      const { rows, count } = await Organisation.findAndCountAll({
        where: orgSearch(actor, query),
        order: [['code', 'ASC']],
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return { items: rows.map(presentOrg), total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/orgs/export',
    summary: 'The organisation search as a spreadsheet (机构列表导出), same filters as the list',
    tags: ['orgs'],
    needs: 'org:read',
    query: listOrgsQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const where = orgSearch(actor, query);
      const rows = byKey([['code', 'ASC'], ['id', 'ASC']], (after, order, limit) => Organisation.findAll({ where: { [Op.and]: [where, after] }, order: order as never, limit }), async (list) => {
        const parents = await Organisation.findAll({ attributes: ['id', 'name'], where: { id: list.map((o) => o.parentId ?? 0) } });
        return list.map((o) => ({ ...presentOrg(o), parentName: parents.find((p) => p.id === o.parentId)?.name ?? '' }));
      });
      type Row = ReturnType<typeof presentOrg> & { parentName: string };
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '机构编码', width: 16, value: (o) => o.code },
        { header: '机构名称', width: 36, value: (o) => o.name },
        { header: '机构类型', width: 18, value: (o) => label(ORG_KIND_LABELS, o.kind) },
        { header: '类别', width: 14, value: (o) => label(ORG_CATEGORY_LABELS, o.category) },
        { header: '级别', value: (o) => label(ORG_LEVEL_LABELS, o.level) },
        { header: '上级机构', width: 30, value: (o) => o.parentName },
        { header: '状态', width: 12, value: (o) => label(ORG_STATUS_LABELS, o.status) },
        { header: '机构性质', width: 12, value: (o) => o.profile?.nature },
        { header: '统一社会信用代码', width: 22, value: (o) => o.profile?.creditCode },
        { header: '联系人', value: (o) => o.profile?.contactName },
        { header: '联系电话', width: 16, value: (o) => o.profile?.contactPhone },
        { header: '地址', width: 30, value: (o) => o.profile?.address },
        { header: '创建时间', width: 18, value: (o) => fmtTime(new Date(o.createdAt)) },
      ];
      await streamXlsx(res, '机构列表', '机构', cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/orgs/lookup',
    summary: 'Find an active organisation of the same province by its exact code (a new parent, an office to entrust, an expert’s employer)',
    tags: ['orgs'],
    needs: 'org:lookup',
    query: lookupQuery,
    response: z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.string() }),
    async handler({ actor, query }) {
      const org = await Organisation.findOne({ where: { code: query.code, status: 'active' } });
      // Another province's organisation is not found, as if it did not exist.
      if (!org || !can(actor, 'org:lookup', org)) throw notFound('organisation');
      return { id: org.id, code: org.code, name: org.name, kind: org.kind };
    },
  });

  r.add({
    method: 'get',
    path: '/orgs/pending-moves',
    summary: 'Units waiting for this side to approve their move',
    tags: ['orgs'],
    needs: 'org:approveMove',
    response: z.object({ items: z.array(orgDetailView) }),
    async handler({ actor }) {
      const targets = await Organisation.findAll({ attributes: ['id'], where: { code: { [Op.like]: `${actor.orgCode}%` } } });
      const orgs = await Organisation.findAll({
        where: { pendingParentId: { [Op.in]: targets.map((o) => o.id) } },
        order: [['code', 'ASC']],
      });
      const items = await Promise.all(orgs.map((o) => detail(actor, o)));
      return { items: items.filter((i) => i.can.includes('org:approveMove')) };
    },
  });

  r.add({
    method: 'get',
    path: '/orgs/:id',
    summary: 'One organisation with its parent and what the viewer may do',
    tags: ['orgs'],
    needs: 'org:read',
    params: idParams,
    response: orgDetailView,
    async handler({ actor, params }) {
      return detail(actor, await loadVisibleOrg(actor, params.id));
    },
  });

  r.add({
    method: 'post',
    path: '/orgs',
    summary: 'Create a child organisation and its admin account (the initial password is shown once)',
    tags: ['orgs'],
    needs: 'org:create',
    body: createOrgBody,
    response: createdOrgView,
    status: 201,
    async handler({ actor, body }) {
      const { org, admin, initialPassword } = await inTransaction((t) => createOrg(actor, body, t));
      return { org: presentOrg(org), admin: { id: admin.id, username: admin.username, initialPassword } };
    },
  });

  r.add({
    method: 'put',
    path: '/orgs/:id/profile',
    summary: "Complete or edit one's own organisation profile; a new organisation is then submitted to its parent",
    tags: ['orgs'],
    needs: 'org:updateProfile',
    params: idParams,
    body: submitProfileBody,
    response: orgView,
    async handler({ actor, params, body }) {
      return presentOrg(await inTransaction((t) => submitOrgProfile(actor, params.id, body.profile, body.name, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/orgs/:id/approval',
    summary: "Approve a child's profile (it may then act) or send it back with a reason",
    tags: ['orgs'],
    needs: 'org:approve',
    params: idParams,
    body: decisionBody,
    response: orgView,
    async handler({ actor, params, body }) {
      await loadVisibleOrg(actor, params.id);
      return presentOrg(await inTransaction((t) => decideOrgApproval(actor, params.id, body.approve, body.reason, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/orgs/:id/reset-admin-password',
    summary: "Reset a child organisation's admin password; it must be changed at next sign-in",
    tags: ['orgs'],
    needs: 'org:resetAdminPassword',
    params: idParams,
    response: resetView,
    async handler({ actor, params }) {
      await loadVisibleOrg(actor, params.id);
      const { admin, initialPassword } = await inTransaction((t) => resetOrgAdminPassword(actor, params.id, t));
      return { username: admin.username, initialPassword };
    },
  });

  r.add({
    method: 'post',
    path: '/orgs/:id/disable',
    summary: 'Disable a child organisation',
    tags: ['orgs'],
    needs: 'org:disable',
    params: idParams,
    response: orgView,
    async handler({ actor, params }) {
      await loadVisibleOrg(actor, params.id);
      return presentOrg(await inTransaction((t) => disableOrg(actor, params.id, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/orgs/:id/move',
    summary: 'Ask to move this unit under another parent (单位归口); the new parent side approves',
    tags: ['orgs'],
    needs: 'org:requestMove',
    params: idParams,
    body: moveBody,
    response: orgView,
    async handler({ actor, params, body }) {
      await loadVisibleOrg(actor, params.id);
      return presentOrg(await inTransaction((t) => requestOrgMove(actor, params.id, body.newParentId, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/orgs/:id/move/decision',
    summary: "Approve or refuse a unit's move under this side; on approval its subtree takes new codes",
    tags: ['orgs'],
    needs: 'org:approveMove',
    params: idParams,
    body: decisionBody,
    response: orgView,
    async handler({ actor, params, body }) {
      return presentOrg(await inTransaction((t) => decideOrgMove(actor, params.id, body.approve, body.reason, t)));
    },
  });
}
