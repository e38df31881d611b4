import type { Transaction } from 'sequelize';
import { MeetingApplicant, MeetingExpert, ReviewGroup } from '../../../models';
import { invalidField, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { MIN_GROUP_EXPERTS } from '../../domain/setup';
import { checkSpecialties } from './catalogue';
import { loadSetupContext, meetingCommittees, requireSetupOpen, setupFor } from './context';
import { finishSetupChange } from './readiness';

/** 会议分组 (seed 000 (1)): groups by specialty with a planned size; 专家分配考场: a room each. */
export interface GroupInput {
  name: string;
  specialties?: string[];
  size?: number;
  room?: string | null;
}

function checkSize(size: number | undefined) {
  if (size !== undefined && size < MIN_GROUP_EXPERTS) {
    throw invalidField('body.size', 'group_too_small', `A review group has at least ${MIN_GROUP_EXPERTS} experts`);
  }
}

async function checkGroupSpecialties(meetingId: number, codes: string[] | undefined, t: Transaction) {
  if (!codes?.length) return;
  const series = [...new Set((await meetingCommittees(meetingId, t)).map((c) => c.seriesCode))];
  await checkSpecialties(series, codes, 'body.specialties', t);
}

export async function createGroup(actor: Actor, meetingId: number, input: GroupInput, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  checkSize(input.size);
  await checkGroupSpecialties(meetingId, input.specialties, t);
  const position = ((await ReviewGroup.max('position', { where: { meetingId }, transaction: t })) as number | null) ?? -1;
  const group = await ReviewGroup.create(
    { meetingId, name: input.name, specialties: input.specialties ?? [], size: input.size ?? MIN_GROUP_EXPERTS, room: input.room ?? null, position: position + 1 },
    { transaction: t },
  );
  await finishSetupChange(actor, meeting, ['groups'], t);
  return group;
}

/** The group and its meeting's setup context, authorized for `action`. */
export async function groupSetup(actor: Actor, groupId: number, t: Transaction, action: 'meeting:setup' | 'group:setLeader' = 'meeting:setup') {
  const group = await ReviewGroup.findByPk(groupId, { transaction: t });
  if (!group) throw notFound('group');
  const ctx = await loadSetupContext(actor, group.meetingId, t, true);
  authorize(actor, action, ctx);
  requireSetupOpen(ctx);
  return { group, ctx };
}

export async function updateGroup(actor: Actor, groupId: number, changes: Partial<GroupInput>, t: Transaction) {
  const { group, ctx } = await groupSetup(actor, groupId, t);
  checkSize(changes.size);
  await checkGroupSpecialties(group.meetingId, changes.specialties, t);
  Object.assign(group, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
  await group.save({ transaction: t });
  await finishSetupChange(actor, ctx.meeting, ['groups'], t);
  return group;
}

/** Deleting a group ungroups its experts and applicants; they stay in the meeting. */
export async function deleteGroup(actor: Actor, groupId: number, t: Transaction) {
  const { group, ctx } = await groupSetup(actor, groupId, t);
  await MeetingExpert.update({ groupId: null, isGroupLeader: false }, { where: { groupId }, transaction: t });
  await MeetingApplicant.update({ groupId: null }, { where: { groupId }, transaction: t });
  await group.destroy({ transaction: t });
  await finishSetupChange(actor, ctx.meeting, ['groups', 'experts', 'applicants'], t);
}

/** 指定组长: one leader per group, an expert of that group. */
export async function setGroupLeader(actor: Actor, groupId: number, meetingExpertId: number, t: Transaction) {
  const { group, ctx } = await groupSetup(actor, groupId, t, 'group:setLeader');
  const me = await MeetingExpert.findOne({ where: { id: meetingExpertId, meetingId: group.meetingId }, transaction: t });
  if (!me || me.groupId !== group.id) {
    throw unprocessable('not_in_group', 'The group leader must be an expert of this group', [{ path: 'body.meetingExpertId', message: 'not in this group' }]);
  }
  await MeetingExpert.update({ isGroupLeader: false }, { where: { groupId: group.id }, transaction: t });
  me.isGroupLeader = true;
  await me.save({ transaction: t });
  await finishSetupChange(actor, ctx.meeting, ['experts'], t);
  return me;
}
