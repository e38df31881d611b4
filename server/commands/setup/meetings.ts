import { Op, type Transaction } from 'sequelize';
import { Account, Committee, Declaration, Meeting, MeetingApplicant, MeetingCommittee, MeetingStaff, Organisation } from '../../../models';
import { conflict, invalidField } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { DEFAULT_MEETING_OPTIONS, type MeetingOptions, type VoteRules } from '../../domain/meetingTypes';
import { DEFAULT_VOTE_RULES } from '../../domain/voting';
import { loadSetupContext, requireSetupOpen, setupFor } from './context';
import { finishSetupChange } from './readiness';
import { disableMeetingLogins, expireMeetingLogins } from './logins';

/**
 * 评审会议管理 (seed 000 第三章第三节): name, start and end, address, staff (工作人员), one or more of
 * the unit's committees, notes; options and vote thresholds with the national defaults.
 */
export interface MeetingInput {
  name: string;
  startsAt: Date;
  endsAt: Date;
  address?: string | null;
  notes?: string | null;
  committeeIds: number[];
  staffAccountIds?: number[];
  options?: Partial<MeetingOptions>;
  voteRules?: VoteRules;
}
export type MeetingChanges = Partial<MeetingInput>;

function checkDates(startsAt: Date, endsAt: Date) {
  if (endsAt <= startsAt) throw invalidField('body.endsAt', 'ends_before_start', 'The meeting must end after it starts');
}

/** The unit's own active committees only: a unit runs meetings of the committees it founded. */
async function checkCommittees(ownerOrgId: number, ids: number[], t: Transaction) {
  const found = await Committee.findAll({ where: { id: { [Op.in]: ids } }, transaction: t });
  for (const [i, id] of ids.entries()) {
    const c = found.find((x) => x.id === id);
    if (!c) throw invalidField(`body.committeeIds.${i}`, 'not_found', 'No such committee');
    if (c.ownerOrgId !== ownerOrgId) throw invalidField(`body.committeeIds.${i}`, 'committee_not_owned', 'The committee belongs to another unit');
    if (c.status !== 'active') throw invalidField(`body.committeeIds.${i}`, 'committee_disabled', 'The committee is disabled');
  }
}

/** 工作人员: staff or the admin of the unit itself. */
async function checkStaff(ownerOrgId: number, ids: number[], t: Transaction) {
  const found = await Account.findAll({ where: { id: { [Op.in]: ids } }, transaction: t });
  for (const [i, id] of ids.entries()) {
    const a = found.find((x) => x.id === id);
    if (!a || a.orgId !== ownerOrgId || (a.role !== 'staff' && a.role !== 'admin')) {
      throw invalidField(`body.staffAccountIds.${i}`, 'not_unit_staff', 'Meeting staff are accounts of the unit’s own staff');
    }
  }
}

export async function createMeeting(actor: Actor, input: MeetingInput, t: Transaction) {
  const owner = (await Organisation.findByPk(actor.orgId, { transaction: t }))!;
  authorize(actor, 'meeting:create', { ownerOrgId: owner.id, ownerKind: owner.kind });
  checkDates(input.startsAt, input.endsAt);
  await checkCommittees(owner.id, input.committeeIds, t);
  await checkStaff(owner.id, input.staffAccountIds ?? [], t);
  const meeting = await Meeting.create(
    {
      name: input.name,
      ownerOrgId: owner.id,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      address: input.address ?? null,
      notes: input.notes ?? null,
      status: 'setup',
      options: { ...DEFAULT_MEETING_OPTIONS, ...input.options },
      voteRules: input.voteRules ?? DEFAULT_VOTE_RULES,
      createdById: actor.id,
    },
    { transaction: t },
  );
  await MeetingCommittee.bulkCreate(input.committeeIds.map((committeeId) => ({ meetingId: meeting.id, committeeId })), { transaction: t });
  await MeetingStaff.bulkCreate((input.staffAccountIds ?? []).map((accountId) => ({ meetingId: meeting.id, accountId })), { transaction: t });
  await finishSetupChange(actor, meeting, ['meeting'], t);
  return meeting;
}

export async function updateMeeting(actor: Actor, meetingId: number, changes: MeetingChanges, t: Transaction) {
  const { meeting } = await setupFor(actor, meetingId, 'meeting:setup', t);
  const startsAt = changes.startsAt ?? meeting.startsAt;
  const endsAt = changes.endsAt ?? meeting.endsAt;
  checkDates(startsAt, endsAt);
  if (changes.committeeIds) {
    await checkCommittees(meeting.ownerOrgId, changes.committeeIds, t);
    // A committee whose applicants are in the meeting cannot be taken away under them.
    const applicants = await MeetingApplicant.findAll({ where: { meetingId }, attributes: ['declarationId'], transaction: t });
    const used = await Declaration.findAll({
      where: { id: { [Op.in]: applicants.map((a) => a.declarationId) }, committeeId: { [Op.notIn]: changes.committeeIds } },
      attributes: ['committeeId'],
      transaction: t,
    });
    if (used.length) throw conflict('committee_in_use', 'Applicants of a removed committee are in the meeting', [{ path: 'body.committeeIds', message: `committee ${used[0].committeeId}` }]);
    await MeetingCommittee.destroy({ where: { meetingId }, transaction: t });
    await MeetingCommittee.bulkCreate(changes.committeeIds.map((committeeId) => ({ meetingId, committeeId })), { transaction: t });
  }
  if (changes.staffAccountIds) {
    await checkStaff(meeting.ownerOrgId, changes.staffAccountIds, t);
    await MeetingStaff.destroy({ where: { meetingId }, transaction: t });
    await MeetingStaff.bulkCreate(changes.staffAccountIds.map((accountId) => ({ meetingId, accountId })), { transaction: t });
  }
  if (changes.name !== undefined) meeting.name = changes.name;
  if (changes.address !== undefined) meeting.address = changes.address;
  if (changes.notes !== undefined) meeting.notes = changes.notes;
  if (changes.options) meeting.options = { ...meeting.options, ...changes.options };
  if (changes.voteRules) meeting.voteRules = changes.voteRules;
  if (changes.startsAt || changes.endsAt) {
    meeting.startsAt = startsAt;
    meeting.endsAt = endsAt;
    // Temporary logins live exactly as long as the meeting.
    await expireMeetingLogins(meetingId, endsAt, t);
  }
  await meeting.save({ transaction: t });
  await finishSetupChange(actor, meeting, changes.options || changes.voteRules ? ['meeting', 'options'] : ['meeting'], t);
  return meeting;
}

/** Only a meeting that never ran; its temporary logins die with it. */
export async function deleteMeeting(actor: Actor, meetingId: number, t: Transaction) {
  const ctx = await loadSetupContext(actor, meetingId, t, true);
  authorize(actor, 'meeting:delete', ctx);
  requireSetupOpen(ctx);
  await disableMeetingLogins(meetingId, null, t);
  await ctx.meeting.destroy({ transaction: t });
}
