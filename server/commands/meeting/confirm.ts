import { Op, type Transaction } from 'sequelize';
import { Assignment, MeetingApplicant } from '../../../models';
import { announce } from '../../announce';
import { conflict } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { loadMeetingContext, refuseIfClosed } from './context';
import { collabRightsChangedAfterCommit } from '../../../realtime/collab';
import { groupRooms, loadGroupForUpdate } from './distribution';
import { applicantBlock } from './review';

async function setStages(t: Transaction, meetingId: number, groupId: number, stage: 'leader_confirmed' | 'chair_confirmed', applicants: MeetingApplicant[]) {
  for (const ap of applicants) {
    ap.stage = stage;
    await ap.save({ transaction: t });
    for (const room of groupRooms(meetingId, groupId)) {
      await announce(t, room, 'applicant:stage', { meetingId, groupId, meetingApplicantId: ap.id, blindCode: ap.blindCode, stage, blocked: null });
    }
  }
  for (const room of groupRooms(meetingId, groupId)) await announce(t, room, 'group:stage', { meetingId, groupId, stage });
}

/** 组长确认: every material of the group reviewed, finally and without dispute. */
export async function leaderConfirmGroup(actor: Actor, groupId: number, t: Transaction) {
  const group = await loadGroupForUpdate(groupId, t);
  const ctx = await loadMeetingContext(actor, group.meetingId, t);
  authorize(actor, 'group:leaderConfirm', { ...ctx, groupId });
  refuseIfClosed(ctx.meeting);
  if (group.stage !== 'reviewing') throw conflict(group.stage === 'leader_confirmed' || group.stage === 'chair_confirmed' ? 'already_confirmed' : 'review_not_started', `The group is at ${group.stage}`);
  const applicants = await MeetingApplicant.findAll({ where: { groupId }, transaction: t, lock: t.LOCK.UPDATE });
  const all = await Assignment.findAll({ where: { meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } }, transaction: t });
  const blocked = applicants
    .map((ap) => ({ ap, why: applicantBlock(all.filter((a) => a.meetingApplicantId === ap.id)) }))
    .filter((x) => x.why !== null);
  if (blocked.length) {
    throw conflict('group_not_reviewed', 'Some materials are not reviewed, or their score is disputed', blocked.map((b) => ({ path: `applicants.${b.ap.blindCode}`, message: b.why!, code: b.why! })));
  }
  group.stage = 'leader_confirmed';
  await group.save({ transaction: t });
  // Reviews are closed: every shared opinion of the group becomes read-only for its writers.
  collabRightsChangedAfterCommit(t, { meetingId: group.meetingId });
  await setStages(t, group.meetingId, groupId, 'leader_confirmed', applicants);
  return group;
}

/** 主任确认: the chair confirms what the group leader confirmed. */
export async function chairConfirmGroup(actor: Actor, groupId: number, t: Transaction) {
  const group = await loadGroupForUpdate(groupId, t);
  const ctx = await loadMeetingContext(actor, group.meetingId, t);
  authorize(actor, 'group:chairConfirm', { ...ctx, groupId });
  refuseIfClosed(ctx.meeting);
  if (group.stage !== 'leader_confirmed') {
    throw conflict(group.stage === 'chair_confirmed' ? 'already_confirmed' : 'leader_not_confirmed', 'The group leader must confirm the group first');
  }
  const applicants = await MeetingApplicant.findAll({ where: { groupId }, transaction: t, lock: t.LOCK.UPDATE });
  group.stage = 'chair_confirmed';
  await group.save({ transaction: t });
  await setStages(t, group.meetingId, groupId, 'chair_confirmed', applicants);
  return group;
}
