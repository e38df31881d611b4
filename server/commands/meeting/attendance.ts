import { type Transaction } from 'sequelize';
import { AttendanceLog, MeetingExpert } from '../../../models';
import { announce } from '../../announce';
import { conflict, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { quorumMet } from '../../domain/voting';
import { VOTING_TITLES } from '../../domain/meetingTypes';
import { rooms } from '../../../realtime/rooms';
import { loadMeetingContext, refuseIfClosed } from './context';

/** Rooms that hear about the whole meeting: everyone in it, the watchers, the staff. */
export const meetingRooms = (meetingId: number) => [rooms.meeting(meetingId), rooms.watch(meetingId), rooms.staff(meetingId)];

export async function presence(meetingId: number, t?: Transaction) {
  const experts = await MeetingExpert.findAll({ where: { meetingId }, attributes: ['id', 'title', 'present'], transaction: t });
  const committee = experts.filter((e) => VOTING_TITLES.includes(e.title));
  const presentMembers = committee.filter((e) => e.present).length;
  return { presentMembers, members: committee.length, presentTotal: experts.filter((e) => e.present).length };
}

/** 评审会议开始: the committee unit opens a meeting whose setup is complete. */
export async function startMeeting(actor: Actor, meetingId: number, t: Transaction) {
  const ctx = await loadMeetingContext(actor, meetingId, t, true);
  authorize(actor, 'meeting:start', ctx);
  const { meeting } = ctx;
  refuseIfClosed(meeting);
  if (meeting.status === 'running') throw conflict('meeting_running', 'The meeting is already running');
  if (meeting.status !== 'ready') throw conflict('meeting_not_ready', 'Finish the setup first (plan approved, standard confirmed, groups staffed)');
  meeting.status = 'running';
  await meeting.save({ transaction: t });
  for (const room of meetingRooms(meeting.id)) await announce(t, room, 'meeting:status', { meetingId: meeting.id, status: 'running' });
  return meeting;
}

/**
 * 签到/签退. Presence is what the roll of a vote is taken from, so it lives in the database and
 * every change is logged (the meeting record lists attendance).
 */
export async function setAttendance(actor: Actor, meetingId: number, meetingExpertId: number, present: boolean, t: Transaction) {
  const ctx = await loadMeetingContext(actor, meetingId, t, true);
  authorize(actor, 'attendance:set', { ...ctx, targetMeetingExpertId: meetingExpertId });
  refuseIfClosed(ctx.meeting);
  if (ctx.meeting.status !== 'running') throw conflict('meeting_not_running', 'Experts sign in once the meeting is running');
  const me = await MeetingExpert.findOne({ where: { id: meetingExpertId, meetingId }, transaction: t, lock: t.LOCK.UPDATE });
  if (!me) throw notFound('meeting expert');
  if (me.present === present) return me;
  me.present = present;
  if (present) me.signedInAt = new Date();
  else me.signedOutAt = new Date();
  await me.save({ transaction: t });
  await AttendanceLog.create({ meetingExpertId: me.id, action: present ? 'sign_in' : 'sign_out', byAccountId: actor.id }, { transaction: t });
  const p = await presence(meetingId, t);
  const data = {
    meetingId,
    meetingExpertId: me.id,
    present,
    ...p,
    quorum: quorumMet(p.presentMembers, p.members, ctx.meeting.voteRules.quorum),
  };
  for (const room of meetingRooms(meetingId)) await announce(t, room, 'attendance:changed', data);
  // The expert alone hears who did it: signed in or out by the staff, or by themselves.
  await announce(t, rooms.expert(meetingId, me.accountId), 'expert:attendance', {
    meetingId,
    meetingExpertId: me.id,
    present,
    by: ctx.me?.id === me.id ? 'self' : 'staff',
  });
  return me;
}

