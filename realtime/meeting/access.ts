import { allowRoom } from '../access';
import { MeetingExpert, ReviewGroup } from '../../models';
import { loadMeetingContext } from '../../server/commands/meeting/context';
import { AppError } from '../../server/errors';

/**
 * Meeting rooms. What each room may hear decides who joins: experts hear their meeting, their group
 * and their own room; the chair also every group; staff and supervisors everything, read-only.
 */
async function ctxOrNull(actor: Parameters<Parameters<typeof allowRoom>[1]>[0], meetingId: number) {
  try {
    return await loadMeetingContext(actor, meetingId);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return null;
    throw e;
  }
}

allowRoom('meeting', async (actor, room) => {
  const ctx = await ctxOrNull(actor, room.id);
  return !!ctx && (!!ctx.me || ctx.isStaff || ctx.isSupervisor);
});

allowRoom('group', async (actor, room) => {
  const group = await ReviewGroup.findByPk(room.id, { attributes: ['id', 'meetingId'] });
  if (!group) return false;
  const ctx = await ctxOrNull(actor, group.meetingId);
  if (!ctx) return false;
  if (ctx.isStaff || ctx.isSupervisor) return true;
  return !!ctx.me && (ctx.me.groupId === group.id || ctx.me.title === 'chair' || ctx.me.title === 'vice_chair');
});

allowRoom('expert', async (actor, room) => {
  if (room.sub !== String(actor.id) || actor.mustChangePassword) return false;
  return (await MeetingExpert.count({ where: { meetingId: room.id, accountId: actor.id } })) > 0;
});

for (const kind of ['watch', 'staff'] as const) {
  allowRoom(kind, async (actor, room) => {
    const ctx = await ctxOrNull(actor, room.id);
    return !!ctx && (ctx.isStaff || ctx.isSupervisor);
  });
}
