import type { Transaction } from 'sequelize';
import { BlacklistEntry, Committee, type Declaration } from '../../../models';
import { AppError, conflict, forbidden, invalidField } from '../../errors';
import { can, type Actor } from '../../policies';
import { STEP_ACTION, type DeclarationSubject } from '../../policies/declaration';
import { decide, deadlinePassed, needsOpinion, RECEIVE_ACTIONS_AFTER_DEADLINE } from '../../domain/declarationFlow';
import { STEP_LABELS, type ReviewAction, type Step } from '../../domain/titles';
import { inTransaction } from '../../tx';
import { checkCommitteeFor } from './committees';
import { factsOf, lockDeclaration, moveTo, subjectOf } from './position';

/** 审核 at any step: pass, return, fail, blacklist, assign, accept, refuse, terminate, or recall. */
export interface ActInput {
  action: ReviewAction;
  opinion?: string;
  /** The version the reviewer saw; a different one means someone else acted first (409). */
  version?: number;
  /** Blacklist: 1, 3 or 5 years. */
  years?: number;
  /** Assign: the committee. */
  committeeId?: number;
}

/**
 * At the receive step after the committee's material deadline: 409 material_deadline_passed for
 * anything but terminating (the committee unit applies the deadline, `applyMaterialDeadline`).
 */
async function refuseAfterDeadline(d: Declaration, action: ReviewAction | 'recall', t: Transaction) {
  if (d.step !== 'receive' || !d.committeeId || (action !== 'recall' && RECEIVE_ACTIONS_AFTER_DEADLINE.includes(action))) return;
  const c = await Committee.findByPk(d.committeeId, { attributes: ['id', 'materialDeadline'], transaction: t });
  if (c && deadlinePassed(c.materialDeadline)) {
    throw conflict('material_deadline_passed', 'The committee’s material deadline has passed: material not received counts as not passed', [
      { path: 'body.action', message: `deadline ${c.materialDeadline!.toISOString()}` },
    ]);
  }
}

const notAtYourStep = (d: Declaration) =>
  conflict('not_at_your_step', d.step ? `It is waiting at ${STEP_LABELS[d.step as Step]} elsewhere` : `It is ${d.status}; nobody reviews it now`, [
    { path: 'params.id', message: d.status },
  ]);

/** May the actor act at the step the subject waits at? */
export const mayActAt = (actor: Actor, s: DeclarationSubject) => s.step !== null && can(actor, STEP_ACTION[s.step], s);

export async function actOnDeclaration(actor: Actor, id: number, input: ActInput, t: Transaction) {
  const d = await lockDeclaration(id, t);
  const subject = await subjectOf(d, t);
  if (!can(actor, 'declaration:read', subject) && !mayActAt(actor, subject) && !(d.prevPosition && mayActAt(actor, { ...subject, ...posSubject(d) }))) {
    throw forbidden();
  }
  if (input.version !== undefined && input.version !== d.version) {
    throw conflict('stale_version', 'Someone acted on it since you loaded it; reload', [{ path: 'body.version', message: `now ${d.version}` }]);
  }
  if (input.action === 'recall') return recall(actor, d, subject, input.opinion, t);
  if (!d.step || !d.currentOrgId || !mayActAt(actor, subject)) throw notAtYourStep(d);
  await refuseAfterDeadline(d, input.action, t);

  const opinion = input.opinion?.trim() || null;
  if (needsOpinion(input.action) && !opinion) throw invalidField('body.opinion', 'opinion_required', 'Say why (审核意见)');
  let committeeOrgId: number | undefined;
  if (input.action === 'assign') {
    if (!input.committeeId) throw invalidField('body.committeeId', 'committee_required', 'Choose the committee');
    const c = await checkCommitteeFor(d, input.committeeId, t);
    committeeOrgId = c.ownerOrgId;
    d.committeeId = c.id;
  }
  if (input.action === 'blacklist' && ![1, 3, 5].includes(input.years ?? 0)) {
    throw invalidField('body.years', 'years_required', 'Blacklist for 1, 3 or 5 years');
  }
  const at = { step: d.step, orgId: d.currentOrgId };
  const decided = decide(factsOf(d, subject), at, input.action, committeeOrgId);
  if (!decided) throw invalidField('body.action', 'action_not_allowed', `${input.action} is not possible at ${STEP_LABELS[d.step as Step]}`);

  if (input.action === 'refuse') d.committeeId = null;
  if (input.action === 'return') d.policyResubmit = false;
  if (d.step === 'policy_first') {
    d.policyFirst = { result: input.action === 'pass' ? 'pass' : 'fail', opinion, byId: actor.id, byName: actor.name, at: new Date().toISOString() };
  }
  if (input.action === 'blacklist') {
    const now = new Date();
    const ends = new Date(now);
    ends.setUTCFullYear(ends.getUTCFullYear() + input.years!);
    await BlacklistEntry.create(
      { idNumber: d.idNumber, name: d.applicantName, declarationId: d.id, orgId: actor.orgId, years: input.years!, startsAt: now, endsAt: ends, reason: opinion, createdById: actor.id },
      { transaction: t },
    );
  }
  await moveTo(t, d, decided.to, { action: decided.logAction, actor, opinion, forward: decided.forward, atOrgId: at.orgId });
  return d;
}

const posSubject = (d: Declaration) => ({ status: d.prevPosition!.status, step: d.prevPosition!.step, currentOrgId: d.prevPosition!.orgId });

/**
 * 撤回: the step that sent it on takes it back while the next step has not acted. Every move records
 * the position it left only when it is a forward move, and any later move replaces or clears it, so
 * "the previous position is one I may act at" is exactly "nobody has acted since I did".
 */
async function recall(actor: Actor, d: Declaration, subject: DeclarationSubject, opinion: string | undefined, t: Transaction) {
  const prev = d.prevPosition;
  if (!prev || !prev.step || !prev.orgId) throw conflict('nothing_to_recall', 'There is nothing to recall: the next step has acted, or it never moved on');
  // Only a recall of an assignment changes the committee, and the assign step does not look at it.
  const committeeOrgId = prev.committeeId === d.committeeId ? subject.committeeOrgId : null;
  if (!mayActAt(actor, { ...subject, ...posSubject(d), committeeOrgId })) {
    throw conflict('recall_not_allowed', 'Only the step that sent it on may recall it');
  }
  await refuseAfterDeadline(d, 'recall', t);
  const from = d.step;
  d.committeeId = prev.committeeId ?? null;
  if (from === 'policy_second' && prev.step === 'policy_first') d.policyFirst = null;
  await moveTo(t, d, { status: prev.status, step: prev.step, orgId: prev.orgId }, { action: 'recall', actor, opinion: opinion ?? null, forward: false, atOrgId: prev.orgId });
  return d;
}

export interface BatchResult {
  id: number;
  ok: boolean;
  status?: string;
  version?: number;
  error?: { code: string; message: string; status: number };
}

/** 批量审核: one opinion for many; each in its own transaction, each reporting its own outcome. */
export async function batchAct(actor: Actor, ids: number[], input: Omit<ActInput, 'version'>): Promise<BatchResult[]> {
  const out: BatchResult[] = [];
  for (const id of ids) {
    try {
      const d = await inTransaction((t) => actOnDeclaration(actor, id, input, t));
      out.push({ id, ok: true, status: d.status, version: d.version });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      out.push({ id, ok: false, error: { code: e.code, message: e.message, status: e.status } });
    }
  }
  return out;
}
