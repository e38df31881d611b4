import { Op, type Transaction } from 'sequelize';
import { Account, BlacklistEntry, CommonOpinion, Declaration, DeclarationPlan, Organisation, Transfer, type PlanHistoryEntry } from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { EDITABLE_STATUSES, FINAL_STATUSES, type Level } from '../../domain/titles';
import { checkIdNumberField, currentYear } from '../accounts';
import { findSeries } from './catalogue';
import { lockDeclaration, moveTo } from './position';

/* ---------- 申报计划 (seed 002 三): filled in by the unit, approved by each org above in turn ---------- */

export interface PlanInput {
  year: number;
  seriesCode: string;
  level: Level;
  quota: number;
  note?: string | null;
}

async function lockPlan(id: number, t: Transaction) {
  const p = await DeclarationPlan.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!p) throw notFound('plan');
  return p;
}

const historyEntry = (actor: Actor, org: Organisation, action: PlanHistoryEntry['action'], reason: string | null): PlanHistoryEntry => ({
  orgId: org.id,
  orgName: org.name,
  byId: actor.id,
  byName: actor.name,
  action,
  reason,
  at: new Date().toISOString(),
});

export async function createPlan(actor: Actor, input: PlanInput, t: Transaction) {
  authorize(actor, 'plan:edit', { orgId: actor.orgId });
  const series = await findSeries(input.seriesCode, t);
  if (!series.levels.includes(input.level)) throw invalidField('body.level', 'level_not_in_series', `${series.name} has no such level`);
  const exists = await DeclarationPlan.count({ where: { orgId: actor.orgId, year: input.year, seriesCode: input.seriesCode, level: input.level }, transaction: t });
  if (exists) throw conflict('duplicate_plan', 'This unit has a plan for that year, series and level', [{ path: 'body.level', message: 'taken' }]);
  return DeclarationPlan.create({ ...input, orgId: actor.orgId, createdById: actor.id }, { transaction: t });
}

export async function updatePlan(actor: Actor, id: number, changes: { quota?: number; note?: string | null }, t: Transaction) {
  const p = await lockPlan(id, t);
  authorize(actor, 'plan:edit', { orgId: p.orgId });
  if (p.status !== 'draft' && p.status !== 'returned') throw conflict('plan_not_editable', 'A submitted or approved plan cannot change');
  Object.assign(p, changes);
  await p.save({ transaction: t });
  return p;
}

/** 上报: to the parent; the province office's own plan needs nobody above it. */
export async function submitPlan(actor: Actor, id: number, t: Transaction) {
  const p = await lockPlan(id, t);
  authorize(actor, 'plan:edit', { orgId: p.orgId });
  if (p.status !== 'draft' && p.status !== 'returned') throw conflict('plan_not_editable', 'Already submitted or approved');
  const org = (await Organisation.findByPk(p.orgId, { transaction: t }))!;
  p.history = [...p.history, historyEntry(actor, org, 'submit', null)];
  if (org.parentId) {
    p.status = 'submitted';
    p.approvingOrgId = org.parentId;
  } else {
    p.status = 'approved';
    p.approvedAt = new Date();
  }
  await p.save({ transaction: t });
  return p;
}

/** 申报计划审查: pass (up one level, approved at the top) or 撤回 with a reason. */
export async function decidePlan(actor: Actor, id: number, approve: boolean, reason: string | undefined, t: Transaction) {
  const p = await lockPlan(id, t);
  authorize(actor, 'plan:decide', { approvingOrgId: p.approvingOrgId });
  if (p.status !== 'submitted') throw conflict('plan_not_submitted', 'This plan is not waiting for approval');
  const org = (await Organisation.findByPk(p.approvingOrgId!, { transaction: t }))!;
  if (!approve) {
    if (!reason) throw invalidField('body.reason', 'reason_required', 'Say why (撤回理由)');
    p.status = 'returned';
    p.approvingOrgId = null;
    p.history = [...p.history, historyEntry(actor, org, 'return', reason)];
  } else if (org.parentId) {
    p.approvingOrgId = org.parentId;
    p.history = [...p.history, historyEntry(actor, org, 'forward', reason ?? null)];
  } else {
    p.status = 'approved';
    p.approvingOrgId = null;
    p.approvedAt = new Date();
    p.history = [...p.history, historyEntry(actor, org, 'approve', reason ?? null)];
  }
  await p.save({ transaction: t });
  return p;
}

/* ---------- 单位变动人员 (seed 002 二): the new unit asks, the old unit agrees or refuses ---------- */

/** Under review, or returned after the policy check (its committee and path are fixed): it stays put. */
const inProgress = (d: Declaration) =>
  (d.policyResubmit && EDITABLE_STATUSES.includes(d.status)) || (!EDITABLE_STATUSES.includes(d.status) && !FINAL_STATUSES.includes(d.status));

export async function requestTransfer(actor: Actor, input: { idNumber: string; year?: number; note?: string }, t: Transaction) {
  authorize(actor, 'transfer:request', { toOrgId: actor.orgId });
  const idNumber = checkIdNumberField(input.idNumber);
  const year = input.year ?? currentYear();
  const account = await Account.findOne({ where: { idNumber, role: 'applicant', loginYear: year }, transaction: t, lock: t.LOCK.UPDATE });
  if (!account) throw invalidField('body.idNumber', 'applicant_not_found', `No applicant account for ${year} with this ID number`);
  if (account.orgId === actor.orgId) throw invalidField('body.idNumber', 'already_in_unit', 'This person is already in your unit');
  const pending = await Transfer.count({ where: { accountId: account.id, status: 'pending' }, transaction: t });
  if (pending) throw conflict('transfer_pending', 'A transfer of this person is already waiting');
  const d = await Declaration.findOne({ where: { applicantAccountId: account.id }, transaction: t });
  if (d && inProgress(d)) {
    throw conflict('declaration_in_progress', 'The person’s declaration is under review; it cannot change unit now');
  }
  return Transfer.create({ accountId: account.id, fromOrgId: account.orgId, toOrgId: actor.orgId, note: input.note ?? null, requestedById: actor.id }, { transaction: t });
}

export async function decideTransfer(actor: Actor, id: number, approve: boolean, reason: string | undefined, t: Transaction) {
  const tr = await Transfer.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!tr) throw notFound('transfer');
  authorize(actor, 'transfer:decide', { fromOrgId: tr.fromOrgId });
  if (tr.status !== 'pending') throw conflict('transfer_decided', 'This transfer has been decided');
  tr.status = approve ? 'accepted' : 'refused';
  tr.reason = reason ?? null;
  tr.decidedById = actor.id;
  tr.decidedAt = new Date();
  if (approve) {
    const account = await Account.findByPk(tr.accountId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!account) throw notFound('account');
    const found = await Declaration.findOne({ where: { applicantAccountId: account.id }, transaction: t });
    const d = found ? await lockDeclaration(found.id, t) : null;
    if (d && inProgress(d)) {
      throw conflict('declaration_in_progress', 'The person’s declaration went under review meanwhile; refuse or wait');
    }
    account.orgId = tr.toOrgId;
    await account.save({ transaction: t });
    if (d && EDITABLE_STATUSES.includes(d.status)) {
      // The declaration follows the person; its path is computed afresh at the next submit.
      d.orgId = tr.toOrgId;
      d.path = [];
      await moveTo(t, d, { status: d.status, step: null, orgId: null }, { action: 'transfer', actor, opinion: reason ?? null, forward: false, atOrgId: tr.fromOrgId });
    }
  }
  await tr.save({ transaction: t });
  return tr;
}

/* ---------- 黑名单 (seed 003 §1.21): lifting an entry ---------- */

export async function liftBlacklisting(actor: Actor, id: number, reason: string, t: Transaction) {
  const e = await BlacklistEntry.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!e) throw notFound('blacklist entry');
  const org = await Organisation.findByPk(e.orgId, { transaction: t });
  authorize(actor, 'blacklist:lift', { orgCode: org?.code ?? '' });
  if (e.liftedAt) throw conflict('already_lifted', 'This entry was lifted already');
  e.liftedAt = new Date();
  e.liftedById = actor.id;
  e.liftReason = reason;
  await e.save({ transaction: t });
  return e;
}

/* ---------- 常用意见 ---------- */

export async function addOpinion(actor: Actor, text: string, t: Transaction) {
  authorize(actor, 'opinion:manage', { accountId: actor.id });
  const n = await CommonOpinion.count({ where: { accountId: actor.id }, transaction: t });
  if (n >= 50) throw conflict('too_many_opinions', 'At most 50 common opinions');
  return CommonOpinion.create({ accountId: actor.id, text, position: n }, { transaction: t });
}

export async function editOpinion(actor: Actor, id: number, changes: { text?: string; position?: number }, t: Transaction) {
  const o = await CommonOpinion.findByPk(id, { transaction: t });
  if (!o) throw notFound('opinion');
  authorize(actor, 'opinion:manage', { accountId: o.accountId });
  Object.assign(o, changes);
  await o.save({ transaction: t });
  return o;
}

export async function deleteOpinion(actor: Actor, id: number, t: Transaction) {
  const o = await CommonOpinion.findByPk(id, { transaction: t });
  if (!o) throw notFound('opinion');
  authorize(actor, 'opinion:manage', { accountId: o.accountId });
  await o.destroy({ transaction: t });
}

/** Plans visible to an org: its own and its subtree's. */
export const subtreeWhere = (code: string) => ({ code: { [Op.like]: `${code}%` } });
