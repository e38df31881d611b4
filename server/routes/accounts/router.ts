import { Op, type WhereOptions } from 'sequelize';
import type { z } from 'zod';
import { Account, Organisation } from '../../../models';
import { idParams, pageOf, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { allowedActions, authorize, type Actor } from '../../policies';
import { notFound } from '../../errors';
import { presentAccount } from '../../presenters/account';
import {
  createAccount,
  deleteAccount,
  resetAccountPassword,
  setAccountDisabled,
  updateAccount,
} from '../../commands/accounts';
import { accountView } from '../auth/schema';
import { resetView } from '../orgs/schema';
import { byKey, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import { label, ROLE_LABELS, STAFF_KIND_LABELS } from '../../exports/labels';
import { accountListItem, createAccountBody, createdAccountView, listAccountsQuery, updateAccountBody } from './schema';

const ACCOUNT_ACTIONS = ['account:update', 'account:disable', 'account:enable', 'account:resetPassword', 'account:delete'] as const;

function listItem(actor: Actor, a: Account, org: Organisation) {
  const subject = { id: a.id, role: a.role, orgId: a.orgId, orgCode: org.code };
  return { ...presentAccount(a), org: { id: org.id, code: org.code, name: org.name }, can: allowedActions(actor, subject, ACCOUNT_ACTIONS) };
}

/** The list's filters and rights (GET /accounts and its export). */
async function accountSearch(actor: Actor, query: Omit<z.infer<typeof listAccountsQuery>, 'page' | 'pageSize'>) {
  const org = await Organisation.findByPk(query.orgId ?? actor.orgId);
  if (!org) throw notFound('organisation');
  authorize(actor, 'account:list', { orgCode: org.code });
  const where: WhereOptions<Account>[] = [];
  if (query.role) where.push({ role: query.role });
  if (query.q) {
    where.push({
      [Op.or]: [{ name: { [Op.like]: `%${query.q}%` } }, { username: { [Op.like]: `${query.q}%` } }, { idNumber: query.q.toUpperCase() }],
    });
  }
  if (query.state === 'active') where.push({ disabledAt: null, lockedAt: null });
  if (query.state === 'disabled') where.push({ disabledAt: { [Op.ne]: null } });
  if (query.state === 'locked') where.push({ lockedAt: { [Op.ne]: null } });
  if (query.state === 'must_change') where.push({ mustChangePassword: true });
  const orgWhere = query.subtree === 'true' ? { code: { [Op.like]: `${org.code}%` } } : { id: org.id };
  return { where: { [Op.and]: where } as WhereOptions<Account>, include: [{ model: Organisation, as: 'org', where: orgWhere, required: true }] };
}

export function registerAccountRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/accounts',
    summary: 'Search accounts of an organisation (optionally its subtree) by name, username or ID number',
    tags: ['accounts'],
    needs: 'account:list',
    query: listAccountsQuery,
    response: pageOf(accountListItem),
    async handler({ actor, query }) {
      const { where, include } = await accountSearch(actor, query);
      const { rows, count } = await Account.findAndCountAll({
        where,
        include,
        order: [['id', 'ASC']],
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      const items = rows.map((a) => listItem(actor, a, (a as Account & { org: Organisation }).org));
      return { items, total: count, page: query.page, pageSize: query.pageSize };
    },
  });

  r.add({
    method: 'get',
    path: '/accounts/export',
    summary: 'The account search as a spreadsheet (账号列表导出), same filters and rights as the list',
    tags: ['accounts'],
    needs: 'account:list',
    query: listAccountsQuery.omit({ page: true, pageSize: true }),
    produces: XLSX_MIME,
    async handler({ actor, query, res }) {
      const { where, include } = await accountSearch(actor, query);
      const rows = byKey([['id', 'ASC']], (after, order, limit) => Account.findAll({ where: { [Op.and]: [where, after] }, include, order: order as never, limit }), (list) =>
        list.map((a) => ({ ...presentAccount(a), org: (a as Account & { org: Organisation }).org })),
      );
      type Row = ReturnType<typeof presentAccount> & { org: Organisation };
      const state = (a: Row) => (a.disabled ? '已停用' : a.locked ? '已锁定' : a.mustChangePassword ? '待修改初始密码' : '正常');
      const cols: Column<Row>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '用户名', width: 20, value: (a) => a.username },
        { header: '姓名', value: (a) => a.name },
        { header: '角色', width: 12, value: (a) => label(ROLE_LABELS, a.role) },
        { header: '人员类别', value: (a) => label(STAFF_KIND_LABELS, a.staffKind) },
        { header: '身份证号', width: 20, value: (a) => a.idNumber },
        { header: '手机号', width: 14, value: (a) => a.phone },
        { header: '所属单位', width: 30, value: (a) => a.org.name },
        { header: '单位编码', width: 14, value: (a) => a.org.code },
        { header: '状态', width: 14, value: (a) => state(a) },
        { header: '有效期至', width: 18, value: (a) => (a.expiresAt ? fmtTime(new Date(a.expiresAt)) : '') },
        { header: '最近登录', width: 18, value: (a) => (a.lastLoginAt ? fmtTime(new Date(a.lastLoginAt)) : '') },
        { header: '创建时间', width: 18, value: (a) => fmtTime(new Date(a.createdAt)) },
      ];
      await streamXlsx(res, '账号列表', '账号', cols, rows);
    },
  });

  r.add({
    method: 'get',
    path: '/accounts/:id',
    summary: 'One account',
    tags: ['accounts'],
    needs: 'account:read',
    params: idParams,
    response: accountListItem,
    async handler({ actor, params }) {
      const a = await Account.findByPk(params.id, { include: [{ model: Organisation, as: 'org' }] });
      if (!a) throw notFound('account');
      const org = (a as Account & { org: Organisation }).org;
      authorize(actor, 'account:read', { id: a.id, role: a.role, orgId: a.orgId, orgCode: org.code });
      return listItem(actor, a, org);
    },
  });

  r.add({
    method: 'post',
    path: '/accounts',
    summary: 'Create a staff, applicant, expert, policy-reviewer or supervisor account (initial password shown once)',
    tags: ['accounts'],
    needs: 'account:create',
    body: createAccountBody,
    response: createdAccountView,
    status: 201,
    async handler({ actor, body }) {
      const { account, initialPassword } = await inTransaction((t) => createAccount(actor, body, t));
      return { account: presentAccount(account), initialPassword };
    },
  });

  r.add({
    method: 'patch',
    path: '/accounts/:id',
    summary: 'Edit name, phone, staff kind, permissions or series scope',
    tags: ['accounts'],
    needs: 'account:update',
    params: idParams,
    body: updateAccountBody,
    response: accountView,
    async handler({ actor, params, body }) {
      return presentAccount(await inTransaction((t) => updateAccount(actor, params.id, body, t)));
    },
  });

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    r.add({
      method: 'post',
      path: `/accounts/:id/${verb}`,
      summary: disabled ? 'Disable an account; its sessions end at once' : 'Enable a disabled account',
      tags: ['accounts'],
      needs: disabled ? 'account:disable' : 'account:enable',
      params: idParams,
      response: accountView,
      async handler({ actor, params }) {
        return presentAccount(await inTransaction((t) => setAccountDisabled(actor, params.id, disabled, t)));
      },
    });
  }

  r.add({
    method: 'post',
    path: '/accounts/:id/reset-password',
    summary: 'Reset the password (also unlocks); it must be changed at next sign-in',
    tags: ['accounts'],
    needs: 'account:resetPassword',
    params: idParams,
    response: resetView,
    async handler({ actor, params }) {
      const { account, initialPassword } = await inTransaction((t) => resetAccountPassword(actor, params.id, t));
      return { username: account.username, initialPassword };
    },
  });

  r.add({
    method: 'delete',
    path: '/accounts/:id',
    summary: 'Delete an account that never signed in (otherwise 409 account_has_history: disable it)',
    tags: ['accounts'],
    needs: 'account:delete',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => deleteAccount(actor, params.id, t));
    },
  });
}
