import { type Transaction } from 'sequelize';
import { Assignment, MeetingApplicant, ReviewGroup } from '../../../models';
import { announce } from '../../announce';
import { conflict, invalidField, notFound, validationFailed, type ErrorDetail } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { checkScores, totalScore } from '../../domain/scoring';
import type { Meeting } from '../../../models';
import type { ReviewDraftInput } from '../../../realtime/events';
import { loadMeetingContext, refuseIfClosed } from './context';
import { groupRooms } from './distribution';
import { collabDocName, collabRightsChangedAfterCommit, freezeCollabDoc, type CollabField } from '../../../realtime/collab';

async function announceAssignment(t: Transaction, meetingId: number, groupId: number, a: Assignment) {
  for (const room of groupRooms(meetingId, groupId)) {
    await announce(t, room, 'assignment:changed', {
      meetingId, groupId, assignmentId: a.id, meetingApplicantId: a.meetingApplicantId, meetingExpertId: a.meetingExpertId,
      role: a.role, state: a.state, verdict: a.verdict ?? null,
    });
  }
}

/** Why an applicant cannot be confirmed yet, or null when every review is final and agreed. */
export function applicantBlock(assignments: Assignment[]): string | null {
  if (assignments.length === 0) return 'not_distributed';
  if (assignments.some((a) => a.state !== 'final')) return 'review_pending';
  if (assignments.some((a) => a.role === 'secondary' && a.verdict === 'dispute')) return 'score_disputed';
  return null;
}

export async function refreshApplicantStage(applicant: MeetingApplicant, t: Transaction) {
  const all = await Assignment.findAll({ where: { meetingApplicantId: applicant.id }, transaction: t });
  const blocked = applicantBlock(all);
  const stage = blocked ? 'distributed' : 'reviewed';
  if (applicant.stage !== stage) {
    applicant.stage = stage;
    await applicant.save({ transaction: t });
  }
  for (const room of groupRooms(applicant.meetingId, applicant.groupId!)) {
    await announce(t, room, 'applicant:stage', {
      meetingId: applicant.meetingId, groupId: applicant.groupId, meetingApplicantId: applicant.id, blindCode: applicant.blindCode, stage, blocked,
    });
  }
}

async function loadForReview(actor: Actor, assignmentId: number, t: Transaction) {
  const a = await Assignment.findByPk(assignmentId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!a) throw notFound('assignment');
  const applicant = await MeetingApplicant.findByPk(a.meetingApplicantId, { transaction: t, lock: t.LOCK.UPDATE });
  const ctx = await loadMeetingContext(actor, applicant!.meetingId, t);
  authorize(actor, 'review:write', { ...ctx, assignmentExpertId: a.meetingExpertId });
  refuseIfClosed(ctx.meeting);
  const group = await ReviewGroup.findByPk(applicant!.groupId!, { transaction: t });
  if (group!.stage !== 'reviewing') {
    throw conflict(group!.stage === 'setup' || group!.stage === 'distributing' ? 'review_not_started' : 'group_confirmed', 'Reviews cannot be changed at this stage');
  }
  if (a.state === 'final') throw conflict('review_final', 'This review is finished and final');
  return { a, applicant: applicant!, meeting: ctx.meeting, group: group! };
}

function applyDraft(meeting: Meeting, a: Assignment, input: ReviewDraftInput) {
  const problems: ErrorDetail[] = [];
  if (a.role === 'secondary') {
    if (input.scores) problems.push({ path: 'payload.scores', message: 'only the main reviewer scores', code: 'not_main_reviewer' });
    const other = ['academic', 'defenseQuestions', 'defenseEvaluation', 'defenseScore'].filter((k) => input.opinions && k in input.opinions);
    for (const k of other) problems.push({ path: `payload.opinions.${k}`, message: 'only the main reviewer writes this', code: 'not_main_reviewer' });
  } else if (input.verdict) {
    problems.push({ path: 'payload.verdict', message: 'the main reviewer does not confirm their own score', code: 'not_secondary_reviewer' });
  }
  if (!meeting.options.defense && input.opinions) {
    for (const k of ['defenseQuestions', 'defenseEvaluation', 'defenseScore'] as const) {
      if (k in input.opinions) problems.push({ path: `payload.opinions.${k}`, message: 'this meeting has no defense', code: 'defense_off' });
    }
  }
  if (input.opinions?.defenseScore !== undefined && !(input.opinions.defenseScore >= 0 && input.opinions.defenseScore <= 100)) {
    problems.push({ path: 'payload.opinions.defenseScore', message: '0–100', code: 'score_out_of_range' });
  }
  if (input.scores) {
    for (const p of checkScores(meeting.standard, input.scores, false)) {
      problems.push({ path: `payload.scores.${p.key}`, message: p.code === 'score_out_of_range' ? `0–${p.max}` : p.code, code: p.code });
    }
  }
  if (problems.length) throw validationFailed(problems, 'The review has invalid entries');
  if (input.scores) a.scores = { ...a.scores, ...input.scores };
  if (input.opinions) a.opinions = { ...a.opinions, ...input.opinions };
  if (input.verdict) a.verdict = input.verdict;
  if (input.verdictReason !== undefined) a.verdictReason = input.verdictReason;
}

/** 暂存: save a draft of one's review; nothing is final. */
export async function saveReview(actor: Actor, input: ReviewDraftInput, t: Transaction) {
  const { a, meeting, group } = await loadForReview(actor, input.assignmentId, t);
  applyDraft(meeting, a, input);
  a.state = 'draft';
  await a.save({ transaction: t });
  await announceAssignment(t, meeting.id, group.id, a);
  return a;
}

/**
 * 完成材料审查: the review becomes final. A main review needs every criterion scored and its
 * opinions; a secondary needs the main's final score to confirm or dispute, and its own opinion.
 */
export async function finishReview(actor: Actor, input: ReviewDraftInput, t: Transaction) {
  const { a, applicant, meeting, group } = await loadForReview(actor, input.assignmentId, t);
  applyDraft(meeting, a, input);
  // Opinions written together: the main reviewer's "finish" freezes them and their text becomes the
  // record's; a secondary takes the frozen text of a shared overall opinion as theirs.
  const shared = meeting.options.sharedOpinionFields as CollabField[];
  for (const field of shared) {
    const doc = collabDocName({ meetingId: meeting.id, meetingApplicantId: applicant.id, field });
    if (a.role === 'main') {
      const frozen = await freezeCollabDoc(doc, t);
      if (frozen.text.trim()) a.opinions = { ...a.opinions, [field]: frozen.text };
    } else if (field === 'overall' && !a.opinions.overall?.trim()) {
      const main = await Assignment.findOne({ where: { meetingApplicantId: applicant.id, role: 'main' }, transaction: t });
      if (main?.state === 'final' && main.opinions.overall) a.opinions = { ...a.opinions, overall: main.opinions.overall };
    }
  }
  const missing: ErrorDetail[] = [];
  if (a.role === 'main') {
    for (const p of checkScores(meeting.standard, a.scores, true)) missing.push({ path: `payload.scores.${p.key}`, message: p.code, code: p.code });
    const required: Array<'academic' | 'overall' | 'defenseQuestions' | 'defenseEvaluation'> = [
      'academic',
      'overall',
      ...(meeting.options.defense ? (['defenseQuestions', 'defenseEvaluation'] as const) : []),
    ];
    for (const k of required) if (!a.opinions[k]?.trim()) missing.push({ path: `payload.opinions.${k}`, message: 'required', code: 'opinion_required' });
    if (meeting.options.defense && a.opinions.defenseScore === undefined) {
      missing.push({ path: 'payload.opinions.defenseScore', message: 'required', code: 'opinion_required' });
    }
  } else {
    const main = await Assignment.findOne({ where: { meetingApplicantId: a.meetingApplicantId, role: 'main' }, transaction: t });
    if (!main || main.state !== 'final') throw conflict('main_not_final', 'The main reviewer has not finished; there is no score to confirm yet');
    if (!a.opinions.overall?.trim()) missing.push({ path: 'payload.opinions.overall', message: 'required', code: 'opinion_required' });
    if (!a.verdict) missing.push({ path: 'payload.verdict', message: 'confirm or dispute the main score', code: 'verdict_required' });
    if (a.verdict === 'dispute' && !a.verdictReason?.trim()) missing.push({ path: 'payload.verdictReason', message: 'say why', code: 'reason_required' });
  }
  if (missing.length) throw validationFailed(missing, 'The review is not complete');
  a.state = 'final';
  a.finalizedAt = new Date();
  if (a.role === 'main') a.totalScore = totalScore(meeting.standard, a.scores).toFixed(2);
  await a.save({ transaction: t });
  await announceAssignment(t, meeting.id, group.id, a);
  await refreshApplicantStage(applicant, t);
  collabRightsChangedAfterCommit(t, { meetingId: meeting.id, meetingApplicantId: applicant.id });
  return a;
}

/** A disputed score goes back to the main reviewer (by the group leader); the secondaries confirm again. */
export async function reopenReview(actor: Actor, meetingApplicantId: number, reason: string, t: Transaction) {
  const applicant = await MeetingApplicant.findByPk(meetingApplicantId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!applicant || !applicant.groupId) throw notFound('applicant');
  const ctx = await loadMeetingContext(actor, applicant.meetingId, t);
  authorize(actor, 'review:reopen', { ...ctx, groupId: applicant.groupId });
  refuseIfClosed(ctx.meeting);
  const group = await ReviewGroup.findByPk(applicant.groupId, { transaction: t });
  if (group!.stage !== 'reviewing') throw conflict('group_confirmed', 'The group is confirmed; reviews are closed');
  if (!reason.trim()) throw invalidField('payload.reason', 'reason_required', 'Say why the review reopens');
  const all = await Assignment.findAll({ where: { meetingApplicantId }, transaction: t, lock: t.LOCK.UPDATE });
  for (const a of all) {
    a.state = 'draft';
    a.finalizedAt = null;
    if (a.role === 'secondary') a.verdict = null;
    await a.save({ transaction: t });
    await announceAssignment(t, applicant.meetingId, applicant.groupId, a);
  }
  await refreshApplicantStage(applicant, t);
  collabRightsChangedAfterCommit(t, { meetingId: applicant.meetingId, meetingApplicantId });
}
