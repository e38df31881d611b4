import { Op, type Transaction } from 'sequelize';
import { Assignment, Expert, MeetingApplicant, MeetingExpert, Recusal } from '../../../models';
import { conflict, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import type { RecusalReason } from '../../domain/meetingTypes';
import { loadSetupContext } from './context';
import { finishSetupChange } from './readiness';
import { collabRightsChangedAfterCommit } from '../../../realtime/collab';

/**
 * 回避 (Art. 25). Same-employer conflicts between the meeting's experts and its applicants are found
 * by the system and kept in step with every change (reason `same_employer`); an expert declares one
 * (`declared`, or staff record it for them); the office above orders one (`ordered`). The draw never
 * places a recused expert in that applicant's group; the live meeting never assigns them.
 */
export async function syncEmployerRecusals(meetingId: number, t: Transaction) {
  const [experts, applicants, existing] = await Promise.all([
    MeetingExpert.findAll({ where: { meetingId }, attributes: ['expertId'], transaction: t }),
    MeetingApplicant.findAll({ where: { meetingId }, attributes: ['id', 'employerOrgId'], transaction: t }),
    Recusal.findAll({ where: { meetingId }, transaction: t }),
  ]);
  const profiles = await Expert.findAll({ where: { id: { [Op.in]: experts.map((e) => e.expertId) } }, attributes: ['id', 'employerOrgId'], transaction: t });
  const wanted = new Set<string>();
  for (const p of profiles) {
    if (p.employerOrgId === null) continue;
    for (const a of applicants) if (a.employerOrgId === p.employerOrgId) wanted.add(`${p.id}:${a.id}`);
  }
  const have = new Set(existing.map((r) => `${r.expertId}:${r.meetingApplicantId}`));
  const stale = existing.filter((r) => r.reason === 'same_employer' && !wanted.has(`${r.expertId}:${r.meetingApplicantId}`));
  if (stale.length) await Recusal.destroy({ where: { id: { [Op.in]: stale.map((r) => r.id) } }, transaction: t });
  const missing = [...wanted].filter((k) => !have.has(k));
  await Recusal.bulkCreate(
    missing.map((k) => {
      const [expertId, meetingApplicantId] = k.split(':').map(Number);
      return { meetingId, expertId, meetingApplicantId, reason: 'same_employer' as const, note: '与参评人员同一工作单位（系统识别）', createdById: null };
    }),
    { transaction: t },
  );
  return { added: missing.length, removed: stale.length };
}

export interface RecusalInput {
  expertId: number;
  meetingApplicantId: number;
  reason: Exclude<RecusalReason, 'same_employer'>;
  note?: string | null;
}

export async function addRecusal(actor: Actor, meetingId: number, input: RecusalInput, t: Transaction) {
  const ctx = await loadSetupContext(actor, meetingId, t, true);
  if (input.reason === 'declared') authorize(actor, 'recusal:declare', { ...ctx, expertId: input.expertId });
  else authorize(actor, 'recusal:order', ctx);
  if (ctx.meeting.status === 'closed') throw conflict('meeting_closed', 'The meeting is closed');
  const me = await MeetingExpert.findOne({ where: { meetingId, expertId: input.expertId }, transaction: t });
  if (!me) throw unprocessable('not_in_meeting', 'The expert is not in this meeting', [{ path: 'body.expertId', message: 'not in this meeting' }]);
  const applicant = await MeetingApplicant.findOne({ where: { id: input.meetingApplicantId, meetingId }, transaction: t });
  if (!applicant) throw unprocessable('not_in_meeting', 'The applicant is not in this meeting', [{ path: 'body.meetingApplicantId', message: 'not in this meeting' }]);
  const existing = await Recusal.findOne({ where: { meetingId, expertId: input.expertId, meetingApplicantId: applicant.id }, transaction: t });
  if (existing) throw conflict('already_recused', `Already recused (${existing.reason})`, [{ path: 'body.expertId', message: existing.reason }]);
  // In a running meeting the material may already be in the expert's hands: the live meeting takes it back first.
  if (await Assignment.count({ where: { meetingApplicantId: applicant.id, meetingExpertId: me.id }, transaction: t })) {
    throw conflict('recusal_assigned', 'The expert already reviews this applicant; remove that assignment first');
  }
  const recusal = await Recusal.create(
    { meetingId, expertId: input.expertId, meetingApplicantId: applicant.id, reason: input.reason, note: input.note ?? null, createdById: actor.id },
    { transaction: t },
  );
  if (ctx.meeting.status === 'setup' || ctx.meeting.status === 'ready') await finishSetupChange(actor, ctx.meeting, ['recusals'], t);
  // In a running meeting the expert may be reading this applicant's shared opinion (as group
  // leader or chair): once committed, every node re-checks the open connections and closes theirs.
  // (Not narrowed to the expert's account: a temporary meeting login is another account.)
  collabRightsChangedAfterCommit(t, { meetingId, meetingApplicantId: applicant.id });
  return recusal;
}

/** A declared recusal may be withdrawn by staff, an ordered one by the office; found ones never. */
export async function removeRecusal(actor: Actor, recusalId: number, t: Transaction) {
  const r = await Recusal.findByPk(recusalId, { transaction: t });
  if (!r) throw notFound('recusal');
  const ctx = await loadSetupContext(actor, r.meetingId, t, true);
  if (r.reason === 'same_employer') throw conflict('recusal_automatic', 'A same-employer recusal follows the data; it cannot be withdrawn');
  if (r.reason === 'declared') authorize(actor, 'meeting:setup', ctx);
  else authorize(actor, 'recusal:order', ctx);
  if (ctx.meeting.status !== 'setup' && ctx.meeting.status !== 'ready') throw conflict('meeting_not_in_setup', 'Recusals stay once the meeting runs');
  await r.destroy({ transaction: t });
  await finishSetupChange(actor, ctx.meeting, ['recusals'], t);
}
