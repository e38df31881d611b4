import { Op, type Transaction } from 'sequelize';
import { Committee, MeetingCommittee, MeetingSetupLog, Organisation, ReviewGroup } from '../../../models';
import { conflict, unprocessable } from '../../errors';
import { authorize, type Action, type Actor } from '../../policies';
import type { SetupSubject } from '../../policies/setup';
import { loadMeetingContext } from '../meeting/context';

/** The meeting, who the actor is in it (MeetingContext), and the owner unit's place in the tree. */
export type SetupContext = SetupSubject & { owner: Organisation };

export async function loadSetupContext(actor: Actor, meetingId: number, t?: Transaction, lock = false): Promise<SetupContext> {
  const ctx = await loadMeetingContext(actor, meetingId, t, lock);
  const owner = (await Organisation.findByPk(ctx.meeting.ownerOrgId, { transaction: t }))!;
  const isOfficeAbove =
    (actor.role === 'admin' || actor.role === 'staff') && actor.orgKind === 'office' && actor.orgId !== owner.id && owner.code.startsWith(actor.orgCode);
  return { ...ctx, owner, ownerOrgCode: owner.code, isOfficeAbove };
}

/** Loads, locks and authorizes in one go: what nearly every setup command starts with. */
export async function setupFor(actor: Actor, meetingId: number, action: Action & `${string}:${string}`, t: Transaction, open = true) {
  const ctx = await loadSetupContext(actor, meetingId, t, true);
  authorize(actor, action as 'meeting:setup', ctx);
  if (open) requireSetupOpen(ctx);
  return ctx;
}

/** Setup changes stop once the meeting runs: the live meeting (issue 5) owns it from there. */
export function requireSetupOpen(ctx: { meeting: { status: string } }) {
  if (ctx.meeting.status !== 'setup' && ctx.meeting.status !== 'ready') {
    throw conflict('meeting_not_in_setup', `The meeting is ${ctx.meeting.status}; its setup can no longer change`);
  }
}

export async function loadGroupOf(meetingId: number, groupId: number, t: Transaction, path = 'body.groupId') {
  const group = await ReviewGroup.findOne({ where: { id: groupId, meetingId }, transaction: t });
  if (!group) throw unprocessable('group_not_in_meeting', 'The group is not in this meeting', [{ path, message: 'not in this meeting' }]);
  return group;
}

export async function meetingCommittees(meetingId: number, t?: Transaction) {
  const links = await MeetingCommittee.findAll({ where: { meetingId }, transaction: t });
  return Committee.findAll({ where: { id: { [Op.in]: links.map((l) => l.committeeId) } }, transaction: t });
}

export async function logSetup(
  t: Transaction,
  meetingId: number,
  subject: 'plan' | 'standard' | 'status',
  action: string,
  actor: Actor | null,
  opinion: string | null = null,
  snapshot: unknown = null,
) {
  await MeetingSetupLog.create(
    { meetingId, subject, action, actorAccountId: actor?.id ?? null, actorName: actor?.name ?? '系统', orgId: actor?.orgId ?? null, opinion, snapshot: snapshot as never },
    { transaction: t },
  );
}

/** The nearest office above an organisation (所在人社): where its filings and plans go. */
export async function officeAbove(org: Organisation, t?: Transaction): Promise<Organisation | null> {
  let cur: Organisation | null = org.parentId ? await Organisation.findByPk(org.parentId, { transaction: t }) : null;
  while (cur && cur.kind !== 'office') cur = cur.parentId ? await Organisation.findByPk(cur.parentId, { transaction: t }) : null;
  return cur;
}

/** The province office of an organisation's tree (the root office). */
export async function provinceOffice(org: Organisation, t?: Transaction): Promise<Organisation | null> {
  let cur: Organisation | null = org;
  let found: Organisation | null = null;
  while (cur) {
    if (cur.kind === 'office') found = cur;
    cur = cur.parentId ? await Organisation.findByPk(cur.parentId, { transaction: t }) : null;
  }
  return found;
}
