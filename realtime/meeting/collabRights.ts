import { Assignment, Expert, MeetingApplicant, MeetingExpert, Recusal, ReviewGroup } from '../../models';
import { registerCollabNames, registerCollabRights, type CollabRight } from '../collab';
import { loadMeetingContext } from '../../server/commands/meeting/context';
import { AppError } from '../../server/errors';
import type { Actor } from '../../server/policies';
import type { CollabDocRef } from '../collab';

/**
 * Who writes a shared opinion (opinions drafted together): the experts assigned to that applicant,
 * while their group is reviewing and their own review is not final. The group leader, the chair
 * and vice chairs, the committee unit's staff and supervisors read. A recused expert, and everyone
 * else, gets nothing — not even the text.
 */
export async function meetingCollabRight(actor: Actor, doc: CollabDocRef): Promise<CollabRight> {
  let ctx;
  try {
    ctx = await loadMeetingContext(actor, doc.meetingId);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return 'none';
    throw e;
  }
  if (!ctx.meeting.options.sharedOpinionFields.includes(doc.field)) return 'none';
  const applicant = await MeetingApplicant.findOne({ where: { id: doc.meetingApplicantId, meetingId: doc.meetingId } });
  if (!applicant) return 'none';
  if (ctx.isStaff || ctx.isSupervisor) return 'read';
  const me = ctx.me;
  if (!me) return 'none';
  if (await Recusal.count({ where: { meetingId: doc.meetingId, expertId: me.expertId, meetingApplicantId: applicant.id } })) return 'none';
  const mine = await Assignment.findOne({ where: { meetingApplicantId: applicant.id, meetingExpertId: me.id } });
  if (mine) {
    const group = applicant.groupId ? await ReviewGroup.findByPk(applicant.groupId, { attributes: ['stage'] }) : null;
    return group?.stage === 'reviewing' && mine.state !== 'final' && ctx.meeting.status === 'running' ? 'write' : 'read';
  }
  if (me.isGroupLeader && me.groupId === applicant.groupId) return 'read';
  if (me.title === 'chair' || me.title === 'vice_chair') return 'read';
  return 'none';
}

registerCollabRights(meetingCollabRight);

/**
 * The name a person shows to the others in a shared opinion: an expert of the meeting as the expert
 * (the name the meeting screens show, also when signed in with a temporary meeting login); anyone
 * else as their account.
 */
export async function meetingCollabName(actor: Actor, doc: CollabDocRef): Promise<string | null> {
  if (actor.role !== 'expert') return null;
  const me = await MeetingExpert.findOne({ where: { meetingId: doc.meetingId, accountId: actor.id }, attributes: ['expertId'] });
  if (!me) return null;
  return (await Expert.findByPk(me.expertId, { attributes: ['name'] }))?.name ?? null;
}

registerCollabNames(meetingCollabName);
