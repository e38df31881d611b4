import type { Transaction } from 'sequelize';
import { Meeting, MeetingApplicant, MeetingExpert, Recusal, ReviewGroup } from '../../../models';
import { announce } from '../../announce';
import { checkReadiness, type Readiness } from '../../domain/setup';
import type { Actor } from '../../policies';
import type { SetupPart } from '../../../realtime/events';
import { rooms } from '../../../realtime/rooms';
import { logSetup } from './context';

/** Everything `checkReadiness` needs, read in a handful of queries. */
export async function evaluateReadiness(meeting: Meeting, t?: Transaction): Promise<Readiness> {
  const [groups, experts, applicants, recusals] = await Promise.all([
    ReviewGroup.findAll({ where: { meetingId: meeting.id }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t }),
    MeetingExpert.findAll({ where: { meetingId: meeting.id }, attributes: ['id', 'expertId', 'groupId', 'title', 'isGroupLeader'], transaction: t }),
    MeetingApplicant.findAll({ where: { meetingId: meeting.id }, attributes: ['id', 'blindCode', 'groupId'], transaction: t }),
    Recusal.findAll({ where: { meetingId: meeting.id }, attributes: ['expertId', 'meetingApplicantId'], transaction: t }),
  ]);
  const recused = new Set(recusals.map((r) => `${r.expertId}:${r.meetingApplicantId}`));
  const inGroup = (groupId: number) => experts.filter((e) => e.groupId === groupId);
  return checkReadiness({
    planStatus: meeting.planStatus,
    standardStatus: meeting.standardStatus,
    enforceOddCommittee: meeting.options.enforceOddCommittee,
    groups: groups.map((g) => ({ id: g.id, name: g.name, size: g.size, experts: inGroup(g.id).length, leaders: inGroup(g.id).filter((e) => e.isGroupLeader).length })),
    titles: {
      chair: experts.filter((e) => e.title === 'chair').length,
      viceChair: experts.filter((e) => e.title === 'vice_chair').length,
      member: experts.filter((e) => e.title === 'member').length,
    },
    applicants: applicants.map((a) => ({
      id: a.id,
      blindCode: a.blindCode,
      groupId: a.groupId ?? null,
      eligibleReviewers: a.groupId ? inGroup(a.groupId).filter((e) => !recused.has(`${e.expertId}:${a.id}`)).length : 0,
    })),
  });
}

/**
 * The end of every setup change: a meeting whose conditions all hold becomes `ready`, one that no
 * longer meets them falls back to `setup` (the reason is in the readiness), and the staff room hears
 * what changed after commit.
 */
export async function finishSetupChange(actor: Actor | null, meeting: Meeting, parts: SetupPart[], t: Transaction): Promise<Readiness> {
  const readiness = await evaluateReadiness(meeting, t);
  const before = meeting.status;
  if (before === 'setup' && readiness.ready) meeting.status = 'ready';
  if (before === 'ready' && !readiness.ready) meeting.status = 'setup';
  if (meeting.status !== before) {
    await meeting.save({ transaction: t });
    await logSetup(t, meeting.id, 'status', meeting.status, actor, null, meeting.status === 'setup' ? readiness.blocking : null);
  }
  const data = { meetingId: meeting.id, parts: meeting.status !== before ? [...parts, 'meeting' as const] : parts, status: meeting.status, ready: readiness.ready };
  await announce(t, rooms.staff(meeting.id), 'setup:changed', data);
  if (meeting.status !== before) await announce(t, rooms.meeting(meeting.id), 'setup:changed', data);
  return readiness;
}
