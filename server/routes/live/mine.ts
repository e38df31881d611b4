import { Op } from 'sequelize';
import { z } from 'zod';
import type { Routes } from '../../http/route';
import { Meeting, MeetingExpert, MeetingStaff, Organisation } from '../../../models';
import { refuseBeforePasswordChange, type Actor } from '../../policies';

export const myMeetingItem = z.object({
  id: z.number(),
  name: z.string(),
  status: z.enum(['setup', 'ready', 'running', 'closed']),
  startsAt: z.string(),
  endsAt: z.string(),
  address: z.string().nullable(),
  /** How the account takes part: as one of its experts, as its staff, or as a supervisor above it. */
  as: z.enum(['expert', 'staff', 'supervisor']),
  title: z.enum(['chair', 'vice_chair', 'member', 'reviewer']).nullable(),
  groupId: z.number().nullable(),
  isGroupLeader: z.boolean(),
});
export const myMeetingsView = z.object({ items: z.array(myMeetingItem) });

const LIMIT = 100;

/**
 * The meetings an account takes part in, by the same rule as the live meeting's context
 * (loadMeetingContext): its expert seats, the owner unit's staff and the meeting's named staff,
 * supervisors above the owner unit. Newest first; read-only.
 */
async function myMeetings(actor: Actor): Promise<z.infer<typeof myMeetingItem>[]> {
  const order: [string, string][] = [['startsAt', 'DESC'], ['id', 'DESC']];
  const base = (m: Meeting) => ({
    id: m.id,
    name: m.name,
    status: m.status,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    address: m.address ?? null,
  });
  if (actor.role === 'expert') {
    const seats = await MeetingExpert.findAll({ where: { accountId: actor.id } });
    const meetings = await Meeting.findAll({ where: { id: { [Op.in]: seats.map((s) => s.meetingId) } }, order, limit: LIMIT });
    return meetings.map((m) => {
      const seat = seats.find((s) => s.meetingId === m.id)!;
      return { ...base(m), as: 'expert' as const, title: seat.title, groupId: seat.groupId ?? null, isGroupLeader: seat.isGroupLeader };
    });
  }
  let where;
  if (actor.role === 'admin' || actor.role === 'staff') {
    const named = await MeetingStaff.findAll({ where: { accountId: actor.id }, attributes: ['meetingId'] });
    where = { [Op.or]: [{ ownerOrgId: actor.orgId }, { id: { [Op.in]: named.map((s) => s.meetingId) } }] };
  } else if (actor.role === 'supervisor') {
    const below = await Organisation.findAll({ where: { code: { [Op.like]: `${actor.orgCode}%` } }, attributes: ['id'] });
    where = { ownerOrgId: { [Op.in]: below.map((o) => o.id) } };
  } else {
    return [];
  }
  const as = actor.role === 'supervisor' ? ('supervisor' as const) : ('staff' as const);
  const meetings = await Meeting.findAll({ where, order, limit: LIMIT });
  return meetings.map((m) => ({ ...base(m), as, title: null, groupId: null, isGroupLeader: false }));
}

export function registerMyMeetingsRoute(r: Routes) {
  r.add({
    method: 'get',
    path: '/my-meetings',
    summary: 'Review meetings the account takes part in (as expert, staff or supervisor), newest first, at most 100',
    tags: ['live'],
    needs: 'signedIn',
    response: myMeetingsView,
    async handler({ actor }) {
      refuseBeforePasswordChange(actor);
      return { items: await myMeetings(actor) };
    },
  });
}
