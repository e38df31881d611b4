import { Op, type Transaction } from 'sequelize';
import { MeetingExpert, ReviewGroup, type Expert } from '../../../models';
import { conflict, invalidField, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../policies';
import type { ExpertTitle } from '../../domain/meetingTypes';
import { MAX_VICE_CHAIRS } from '../../domain/setup';
import { loadGroupOf, meetingCommittees, setupFor } from './context';
import { activeLibrary } from './library';
import { syncEmployerRecusals } from './recusals';
import { finishSetupChange } from './readiness';
import { disableMeetingLogins } from './logins';

/**
 * 专家手工分组 / 职务任命 (seed 002 五, seed 004 §6.2.10.1): experts from the meeting committees'
 * libraries (active entries) into the meeting, into one group at most (the unique key backs it up),
 * with a title: 主任 (one), 副主任 (two at most), 委员 (vote in the committee) or 评审专家 (group work only).
 */
export interface PlaceInput {
  expertIds: number[];
  groupId?: number | null;
  title?: ExpertTitle;
}

export interface Placement {
  expert: Pick<Expert, 'id' | 'accountId'>;
  groupId: number | null;
  source: MeetingExpert['source'];
  drawId?: number | null;
  title?: ExpertTitle;
}

/**
 * Puts experts in the meeting (or moves a group-less one into a group). An expert already in another
 * group of this meeting is refused, never moved silently.
 */
export async function applyPlacements(meetingId: number, placements: Placement[], t: Transaction, path = 'body.expertIds') {
  const twice = placements.findIndex((p, i) => placements.findIndex((q) => q.expert.id === p.expert.id) !== i);
  if (twice >= 0) throw invalidField(`${path}.${twice}`, 'duplicate_expert', 'the same expert twice');
  const current = await MeetingExpert.findAll({ where: { meetingId, expertId: { [Op.in]: placements.map((p) => p.expert.id) } }, transaction: t });
  const groups = new Map((await ReviewGroup.findAll({ where: { meetingId }, transaction: t })).map((g) => [g.id, g.name]));
  const problems = placements.flatMap((p, i) => {
    const me = current.find((c) => c.expertId === p.expert.id);
    if (me && me.groupId !== null && me.groupId !== p.groupId) {
      return [{ path: `${path}.${i}`, message: `already in ${groups.get(me.groupId) ?? 'another group'}`, code: 'expert_in_other_group' }];
    }
    if (me && me.groupId === p.groupId) return [{ path: `${path}.${i}`, message: 'already placed here', code: 'already_placed' }];
    return [];
  });
  if (problems.length) throw conflict(problems[0].code, 'An expert is in at most one group of a meeting', problems);
  const out: MeetingExpert[] = [];
  for (const p of placements) {
    const me = current.find((c) => c.expertId === p.expert.id);
    if (me) {
      Object.assign(me, { groupId: p.groupId, source: p.source, drawId: p.drawId ?? me.drawId, ...(p.title ? { title: p.title } : {}) });
      out.push(await me.save({ transaction: t }));
    } else {
      out.push(
        await MeetingExpert.create(
          { meetingId, expertId: p.expert.id, accountId: p.expert.accountId, groupId: p.groupId, title: p.title ?? 'member', source: p.source, drawId: p.drawId ?? null },
          { transaction: t },
        ),
      );
    }
  }
  await syncEmployerRecusals(meetingId, t);
  return out;
}

async function checkTitleRoom(meetingId: number, title: ExpertTitle | undefined, adding: number, path: string, t: Transaction, exceptId?: number) {
  if (title !== 'chair' && title !== 'vice_chair') return;
  const others = await MeetingExpert.count({ where: { meetingId, title, ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}) }, transaction: t });
  if (title === 'chair' && others + adding > 1) throw conflict('chair_exists', 'A meeting has one chair (主任); change it with PUT /meetings/:id/chairs', [{ path, message: 'chair taken' }]);
  if (title === 'vice_chair' && others + adding > MAX_VICE_CHAIRS) {
    throw unprocessable('too_many_vice_chairs', `At most ${MAX_VICE_CHAIRS} vice chairs (副主任)`, [{ path, message: `${others} already` }]);
  }
}

/** 手工添加: from the libraries of the meeting's committees. */
export async function placeExperts(actor: Actor, meetingId: number, input: PlaceInput, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  const groupId = input.groupId ?? null;
  if (groupId) await loadGroupOf(meetingId, groupId, t);
  const pool = await activeLibrary((await meetingCommittees(meetingId, t)).map((c) => c.id), t);
  const byId = new Map(pool.map((e) => [e.id, e]));
  const missing = input.expertIds.map((id, i) => ({ id, i })).filter((x) => !byId.has(x.id));
  if (missing.length) {
    throw unprocessable(
      'expert_not_in_library',
      'Only active experts of the meeting committees’ libraries can be placed',
      missing.map((m) => ({ path: `body.expertIds.${m.i}`, message: 'not an active expert of these libraries' })),
    );
  }
  await checkTitleRoom(meetingId, input.title, input.expertIds.length, 'body.title', t);
  const placed = await applyPlacements(meetingId, input.expertIds.map((id) => ({ expert: byId.get(id)!, groupId, source: 'manual' as const, title: input.title })), t);
  await finishSetupChange(actor, meeting, ['experts', 'recusals'], t);
  return placed;
}

export interface MeetingExpertChanges {
  groupId?: number | null;
  title?: ExpertTitle;
}

export async function loadMeetingExpert(meetingExpertId: number, t: Transaction) {
  const me = await MeetingExpert.findByPk(meetingExpertId, { transaction: t });
  if (!me) throw notFound('meeting expert');
  return me;
}

/** Move between groups (explicitly) or change the title. */
export async function updateMeetingExpert(actor: Actor, meetingExpertId: number, changes: MeetingExpertChanges, t: Transaction) {
  const me = await loadMeetingExpert(meetingExpertId, t);
  const { meeting } = await setupFor(actor, me.meetingId, 'meeting:setup', t);
  if (changes.groupId !== undefined && changes.groupId !== me.groupId) {
    if (changes.groupId !== null) await loadGroupOf(me.meetingId, changes.groupId, t);
    me.groupId = changes.groupId;
    me.isGroupLeader = false;
  }
  if (changes.title && changes.title !== me.title) {
    await checkTitleRoom(me.meetingId, changes.title, 1, 'body.title', t, me.id);
    me.title = changes.title;
  }
  await me.save({ transaction: t });
  await finishSetupChange(actor, meeting, ['experts'], t);
  return me;
}

/** 指定评审会议主任: one chair and up to two vice chairs; whoever held those titles becomes a member. */
export async function setChairs(actor: Actor, meetingId: number, input: { chairId: number; viceChairIds: number[] }, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  if (input.viceChairIds.length > MAX_VICE_CHAIRS) {
    throw unprocessable('too_many_vice_chairs', `At most ${MAX_VICE_CHAIRS} vice chairs (副主任)`, [{ path: 'body.viceChairIds', message: `${input.viceChairIds.length} given` }]);
  }
  if (input.viceChairIds.includes(input.chairId) || new Set(input.viceChairIds).size !== input.viceChairIds.length) {
    throw unprocessable('duplicate_title', 'An expert holds one title', [{ path: 'body.viceChairIds', message: 'repeats an expert' }]);
  }
  const ids = [input.chairId, ...input.viceChairIds];
  const found = await MeetingExpert.findAll({ where: { meetingId, id: { [Op.in]: ids } }, transaction: t });
  const i = ids.findIndex((id) => !found.some((f) => f.id === id));
  if (i >= 0) throw unprocessable('not_in_meeting', 'Not an expert of this meeting', [{ path: i === 0 ? 'body.chairId' : `body.viceChairIds.${i - 1}`, message: 'unknown' }]);
  await MeetingExpert.update({ title: 'member' }, { where: { meetingId, title: { [Op.in]: ['chair', 'vice_chair'] } }, transaction: t });
  await MeetingExpert.update({ title: 'chair' }, { where: { id: input.chairId }, transaction: t });
  if (input.viceChairIds.length) await MeetingExpert.update({ title: 'vice_chair' }, { where: { id: { [Op.in]: input.viceChairIds } }, transaction: t });
  await finishSetupChange(actor, meeting, ['experts'], t);
}

export async function removeMeetingExpert(actor: Actor, meetingExpertId: number, t: Transaction) {
  const me = await loadMeetingExpert(meetingExpertId, t);
  const { meeting } = await setupFor(actor, me.meetingId, 'meeting:setup', t);
  await disableMeetingLogins(me.meetingId, me.id, t);
  await me.destroy({ transaction: t });
  await syncEmployerRecusals(me.meetingId, t);
  await finishSetupChange(actor, meeting, ['experts', 'recusals'], t);
}
