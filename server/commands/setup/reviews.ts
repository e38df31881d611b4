import type { Transaction } from 'sequelize';
import { MeetingApplicant, MeetingSetupLog, ReviewGroup } from '../../../models';
import { conflict, invalidField, unprocessable, type ErrorDetail } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { checkStandard, type Criterion } from '../../domain/scoring';
import { logSetup, officeAbove, provinceOffice, setupFor, loadSetupContext, requireSetupOpen } from './context';
import { finishSetupChange } from './readiness';

/**
 * 评审方案 (seed 000 (2)(3), seed 002 五 评审方案审查, seed 003 §1.13–1.14): written by the unit's
 * staff, checked by its handler (经办人审核), approved by an office — the office above the unit for a
 * normal plan, the province office for a special one. Once approved it is frozen: a change is refused.
 *
 * 评分标准 (seed 000 (7), 第四章 评分标准确认): criteria with weights adding up to 100 and a maximum
 * each; submitted, approved by the unit's leader, confirmed by the chair (主任).
 */
/**
 * The plan is logged word for word when it is submitted (the snapshot the reviewers approve), in a
 * TEXT column of 65,535 bytes: a plan whose logged form would not fit is refused when it is written,
 * not with a 500 at submission. 20,000 Chinese characters take 60,000 bytes and fit; 20,000 control
 * characters escaped as \u0000 would take 120,000.
 */
const SNAPSHOT_MAX_BYTES = 65_535;
const PLAN_TEXT_MAX_BYTES = 62_000;
const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');
const planTooLong = (bytes: number) =>
  unprocessable('plan_too_long', `The plan takes ${bytes} bytes once stored; at most ${PLAN_TEXT_MAX_BYTES}`, [{ path: 'body.text', message: 'too long', code: 'plan_too_long' }]);

export async function savePlan(actor: Actor, meetingId: number, input: { kind: 'normal' | 'special'; text: string }, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  const bytes = jsonBytes(input.text);
  if (bytes > PLAN_TEXT_MAX_BYTES) throw planTooLong(bytes);
  if (meeting.planStatus === 'approved') throw conflict('plan_approved', 'The plan is approved; it can no longer change', [{ path: 'body.text', message: 'approved' }]);
  if (meeting.planStatus === 'submitted' || meeting.planStatus === 'handler_approved') {
    throw conflict('plan_under_review', 'The plan is being reviewed; wait for the answer');
  }
  Object.assign(meeting, { planKind: input.kind, planText: input.text, planStatus: 'draft' });
  await meeting.save({ transaction: t });
  await finishSetupChange(actor, meeting, ['plan'], t);
  return meeting;
}

export async function submitPlan(actor: Actor, meetingId: number, t: Transaction) {
  const ctx = await setupFor(actor, meetingId, 'meeting:setup', t);
  const { meeting } = ctx;
  if (meeting.planStatus !== 'draft' && meeting.planStatus !== 'returned') throw conflict('plan_not_draft', `The plan is ${meeting.planStatus}`);
  if (!meeting.planText?.trim()) throw invalidField('body.text', 'plan_empty', 'Write the plan first');
  const office = meeting.planKind === 'special' ? await provinceOffice(ctx.owner, t) : await officeAbove(ctx.owner, t);
  if (!office) throw unprocessable('no_office_above', 'No title office above the committee unit to approve the plan');
  const [groups, applicants] = await Promise.all([
    ReviewGroup.findAll({ where: { meetingId }, transaction: t }),
    MeetingApplicant.count({ where: { meetingId }, transaction: t }),
  ]);
  // What the reviewers approve: the text and the shape of the meeting at that moment (参评人员, 专家需求).
  const snapshot = {
    kind: meeting.planKind,
    text: meeting.planText,
    applicants,
    groups: groups.map((g) => ({ name: g.name, specialties: g.specialties, size: g.size })),
  };
  const bytes = jsonBytes(snapshot);
  if (bytes > SNAPSHOT_MAX_BYTES) throw planTooLong(bytes);
  Object.assign(meeting, { planStatus: 'submitted', planOfficeOrgId: office.id });
  await meeting.save({ transaction: t });
  await logSetup(t, meetingId, 'plan', 'submit', actor, null, snapshot);
  await finishSetupChange(actor, meeting, ['plan'], t);
  return meeting;
}

/** One route for both steps: the handler's check on a submitted plan, the office's on a checked one. */
export async function reviewPlan(actor: Actor, meetingId: number, input: { approve: boolean; opinion?: string | null }, t: Transaction) {
  const ctx = await loadSetupContext(actor, meetingId, t, true);
  const { meeting } = ctx;
  const step = meeting.planStatus === 'submitted' ? 'handler' : meeting.planStatus === 'handler_approved' ? 'office' : null;
  if (!step) {
    // Say 403 to strangers before saying anything about the plan's state.
    authorize(actor, 'meeting:read', ctx);
    throw conflict('plan_not_under_review', `The plan is ${meeting.planStatus}`);
  }
  authorize(actor, step === 'handler' ? 'plan:handlerReview' : 'plan:officeReview', ctx);
  requireSetupOpen(ctx);
  if (!input.approve && !input.opinion) throw invalidField('body.opinion', 'opinion_required', 'Say what to change');
  meeting.planStatus = !input.approve ? 'returned' : step === 'handler' ? 'handler_approved' : 'approved';
  await meeting.save({ transaction: t });
  await logSetup(t, meetingId, 'plan', input.approve ? `${step}_approve` : `${step}_return`, actor, input.opinion ?? null);
  await finishSetupChange(actor, meeting, ['plan'], t);
  return meeting;
}

export function standardProblems(criteria: Criterion[]): ErrorDetail[] {
  return checkStandard(criteria).map((p) => {
    const i = criteria.findIndex((c) => 'key' in p && c.key === p.key);
    switch (p.code) {
      case 'weights_sum':
        return { path: 'body.criteria', code: p.code, message: `weights add up to ${p.sum}, not 100` };
      case 'duplicate_key':
        return { path: `body.criteria.${criteria.map((c) => c.key).lastIndexOf(p.key)}.key`, code: p.code, message: `${p.key} is used twice` };
      case 'bad_max':
        return { path: `body.criteria.${i}.max`, code: p.code, message: 'the maximum must be above 0' };
      default:
        return { path: 'body.criteria', code: p.code, message: 'at least one criterion' };
    }
  });
}

export async function saveStandard(actor: Actor, meetingId: number, criteria: Criterion[], t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  if (meeting.standardStatus !== 'draft' && meeting.standardStatus !== 'returned') {
    throw conflict('standard_locked', `The standard is ${meeting.standardStatus}; it can no longer change`);
  }
  const problems = standardProblems(criteria);
  if (problems.length) throw unprocessable('standard_invalid', 'The scoring standard is not valid', problems);
  Object.assign(meeting, { standard: criteria, standardStatus: 'draft' });
  await meeting.save({ transaction: t });
  await finishSetupChange(actor, meeting, ['standard'], t);
  return meeting;
}

export async function submitStandard(actor: Actor, meetingId: number, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  if (meeting.standardStatus !== 'draft' && meeting.standardStatus !== 'returned') throw conflict('standard_not_draft', `The standard is ${meeting.standardStatus}`);
  const problems = standardProblems(meeting.standard);
  if (problems.length) throw unprocessable('standard_invalid', 'The scoring standard is not valid', problems);
  meeting.standardStatus = 'submitted';
  await meeting.save({ transaction: t });
  await logSetup(t, meetingId, 'standard', 'submit', actor, null, meeting.standard);
  await finishSetupChange(actor, meeting, ['standard'], t);
  return meeting;
}

/** The unit's leader approves a submitted standard; the chair confirms an approved one. Both may return it. */
export async function decideStandard(actor: Actor, meetingId: number, input: { approve: boolean; opinion?: string | null }, step: 'approve' | 'confirm', t: Transaction) {
  const ctx = await loadSetupContext(actor, meetingId, t, true);
  authorize(actor, step === 'approve' ? 'standard:approve' : 'standard:confirm', ctx);
  requireSetupOpen(ctx);
  const { meeting } = ctx;
  const from = step === 'approve' ? 'submitted' : 'approved';
  if (meeting.standardStatus !== from) throw conflict(`standard_not_${from}`, `The standard is ${meeting.standardStatus}`);
  if (!input.approve && !input.opinion) throw invalidField('body.opinion', 'opinion_required', 'Say what to change');
  meeting.standardStatus = !input.approve ? 'returned' : step === 'approve' ? 'approved' : 'confirmed';
  await meeting.save({ transaction: t });
  await logSetup(t, meetingId, 'standard', input.approve ? step : `${step}_return`, actor, input.opinion ?? null);
  await finishSetupChange(actor, meeting, ['standard'], t);
  return meeting;
}

export async function setupLog(meetingId: number) {
  return MeetingSetupLog.findAll({ where: { meetingId }, order: [['id', 'ASC']] });
}
