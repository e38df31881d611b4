import type { Transaction } from 'sequelize';
import { Meeting, MeetingExpert, MeetingStaff, Organisation } from '../../../models';
import { conflict, notFound } from '../../errors';
import type { Actor } from '../../policies';

/**
 * Who the actor is in a meeting: one of its experts (with title and group), its staff (the owner
 * unit's admin and staff, and the meeting's named staff), a supervisor above it, or nobody.
 * Every meeting policy decides from this.
 */
export interface MeetingContext {
  meeting: Meeting;
  me: MeetingExpert | null;
  isStaff: boolean;
  isSupervisor: boolean;
}

/**
 * A closed meeting is read-only (Art. 23: its record is archived): every live command asks this
 * first, so a late click on any console gets \`meeting_closed\`, not a half-applied change.
 */
export function refuseIfClosed(meeting: { status: string }) {
  if (meeting.status === 'closed') throw conflict('meeting_closed', 'The meeting is closed; it can only be read');
}

export async function loadMeetingContext(actor: Actor, meetingId: number, t?: Transaction, lock = false): Promise<MeetingContext> {
  const meeting = await Meeting.findByPk(meetingId, { transaction: t, ...(lock && t ? { lock: t.LOCK.UPDATE } : {}) });
  if (!meeting) throw notFound('meeting');
  // Until its initial password is changed an account is nobody in a meeting: no room, no console,
  // no shared opinion (the policies refuse it everything anyway; rooms and rights ask only this).
  if (actor.mustChangePassword) return { meeting, me: null, isStaff: false, isSupervisor: false };
  const me =
    actor.role === 'expert' ? await MeetingExpert.findOne({ where: { meetingId, accountId: actor.id }, transaction: t }) : null;
  let isStaff = false;
  let isSupervisor = false;
  if (actor.role === 'admin' || actor.role === 'staff') {
    isStaff =
      actor.orgId === meeting.ownerOrgId || (await MeetingStaff.count({ where: { meetingId, accountId: actor.id }, transaction: t })) > 0;
  }
  if (actor.role === 'supervisor') {
    const owner = await Organisation.findByPk(meeting.ownerOrgId, { attributes: ['code'], transaction: t });
    isSupervisor = !!owner && owner.code.startsWith(actor.orgCode);
  }
  return { meeting, me, isStaff, isSupervisor };
}
