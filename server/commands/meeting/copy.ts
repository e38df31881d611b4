import { Op, type Transaction } from 'sequelize';
import { Declaration, Meeting, MeetingApplicant, MeetingCommittee, MeetingExpert, MeetingStaff, Recusal, ReviewGroup } from '../../../models';
import { conflict, unprocessable, type ErrorDetail } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { issueCopyLogins, type IssuedLogin, type LoginSecret } from '../setup/logins';
import { loadMeetingContext } from './context';

export interface CopyInput {
  /**
   * A rehearsal (演练, the default) practises on the same declarations: it does not count as their
   * open meeting, and its results can never be published. A real copy (false) is a new run of the
   * declarations and is held to the rule of one open meeting per declaration: every declaration must
   * still be ready for a meeting and in no other open real meeting — the original included, so a real
   * copy is made of a meeting that was closed without deciding them.
   */
  rehearsal?: boolean;
}

/** How many temporary logins a copy of this meeting needs (one per expert): hashed before the transaction. */
export async function copyLoginsNeeded(meetingId: number) {
  return MeetingExpert.count({ where: { meetingId } });
}

/** Refuses a real copy whose declarations are decided elsewhere, or sit in another open real meeting. */
async function checkRealRun(src: Meeting, applicants: MeetingApplicant[], t: Transaction) {
  const ids = applicants.map((a) => a.declarationId);
  const declarations = await Declaration.findAll({ where: { id: { [Op.in]: ids } }, attributes: ['id', 'status'], transaction: t, lock: t.LOCK.UPDATE });
  const taken = await MeetingApplicant.findAll({ where: { declarationId: { [Op.in]: ids } }, attributes: ['declarationId', 'meetingId'], transaction: t, lock: t.LOCK.SHARE });
  const open = new Set(
    (
      await Meeting.findAll({
        where: { id: { [Op.in]: [...new Set(taken.map((x) => x.meetingId))] }, status: { [Op.ne]: 'closed' }, rehearsalOfId: null },
        attributes: ['id'],
        transaction: t,
      })
    ).map((m) => m.id),
  );
  const problems: ErrorDetail[] = [];
  for (const a of applicants) {
    const d = declarations.find((x) => x.id === a.declarationId);
    const elsewhere = taken.find((x) => x.declarationId === a.declarationId && open.has(x.meetingId));
    const path = `applicants.${a.blindCode}`;
    if (d && d.status !== 'ready_for_meeting') problems.push({ path, message: `status is ${d.status}, not ready_for_meeting`, code: 'declaration_not_ready' });
    else if (elsewhere) problems.push({ path, message: `already in open meeting ${elsewhere.meetingId}`, code: 'in_other_meeting' });
  }
  if (problems.length) {
    throw unprocessable(
      problems[0].code!,
      src.status === 'closed'
        ? 'Some declarations cannot be run again in a real meeting; copy it as a rehearsal instead'
        : 'The declarations are still in an open meeting (this one): copy it as a rehearsal, or close it first',
      problems,
    );
  }
}

/**
 * 演练副本 / re-run: a fresh copy of a meeting's setup (groups, experts and their titles, applicants,
 * recusals, standard, plan), ready to start, with none of the original's live state, and with
 * temporary logins of its own (valid until the copy ends; the passwords are in the answer, once).
 * The demo runs again and again on rehearsal copies; a committee unit can rehearse with one.
 */
export async function copyMeeting(actor: Actor, meetingId: number, input: CopyInput, secrets: LoginSecret[], t: Transaction): Promise<{ meeting: Meeting; logins: IssuedLogin[] }> {
  const ctx = await loadMeetingContext(actor, meetingId, t);
  authorize(actor, 'meeting:start', ctx);
  const src = ctx.meeting;
  const rehearsal = input.rehearsal ?? true;
  if (src.status === 'setup') throw conflict('meeting_not_ready', 'Only a meeting whose setup is complete can be copied');
  const sourceApplicants = await MeetingApplicant.findAll({ where: { meetingId }, order: [['id', 'ASC']], transaction: t });
  if (!rehearsal) await checkRealRun(src, sourceApplicants, t);
  // A rehearsal of a rehearsal rehearses the same real meeting.
  const realId = src.rehearsalOfId ?? src.id;
  const base = src.name.replace(/（演练\d+）$/, '');
  const earlier = rehearsal ? await Meeting.count({ where: { rehearsalOfId: realId }, transaction: t }) : 0;
  // Whole seconds, as the database keeps them (the logins' expiry is the same instant).
  const now = Math.floor(Date.now() / 1000) * 1000;
  const copy = await Meeting.create(
    {
      name: rehearsal ? `${base}（演练${earlier + 1}）` : base,
      ownerOrgId: src.ownerOrgId,
      startsAt: new Date(now),
      endsAt: new Date(now + Math.max(src.endsAt.getTime() - src.startsAt.getTime(), 4 * 3600_000)),
      address: src.address,
      notes: src.notes,
      status: 'ready',
      options: src.options,
      voteRules: src.voteRules,
      planKind: src.planKind,
      planText: src.planText,
      planStatus: src.planStatus,
      planOfficeOrgId: src.planOfficeOrgId,
      standard: src.standard,
      standardStatus: src.standardStatus,
      createdById: actor.id,
      rehearsalOfId: rehearsal ? realId : null,
    },
    { transaction: t },
  );
  for (const c of await MeetingCommittee.findAll({ where: { meetingId }, transaction: t })) {
    await MeetingCommittee.create({ meetingId: copy.id, committeeId: c.committeeId }, { transaction: t });
  }
  for (const s of await MeetingStaff.findAll({ where: { meetingId }, transaction: t })) {
    await MeetingStaff.create({ meetingId: copy.id, accountId: s.accountId }, { transaction: t });
  }
  const groupMap = new Map<number, number>();
  for (const g of await ReviewGroup.findAll({ where: { meetingId }, order: [['id', 'ASC']], transaction: t })) {
    const ng = await ReviewGroup.create({ meetingId: copy.id, name: g.name, specialties: g.specialties, size: g.size, room: g.room, position: g.position }, { transaction: t });
    groupMap.set(g.id, ng.id);
  }
  for (const e of await MeetingExpert.findAll({ where: { meetingId }, order: [['id', 'ASC']], transaction: t })) {
    await MeetingExpert.create(
      {
        meetingId: copy.id,
        expertId: e.expertId,
        // Replaced by the copy's own temporary login below.
        accountId: e.accountId,
        groupId: e.groupId ? groupMap.get(e.groupId)! : null,
        title: e.title,
        isGroupLeader: e.isGroupLeader,
        source: e.source,
      },
      { transaction: t },
    );
  }
  const applicantMap = new Map<number, number>();
  for (const a of sourceApplicants) {
    const na = await MeetingApplicant.create(
      {
        meetingId: copy.id,
        declarationId: a.declarationId,
        groupId: a.groupId ? groupMap.get(a.groupId)! : null,
        blindCode: a.blindCode,
        employerOrgId: a.employerOrgId,
        position: a.position,
      },
      { transaction: t },
    );
    applicantMap.set(a.id, na.id);
  }
  for (const r of await Recusal.findAll({ where: { meetingId }, transaction: t })) {
    await Recusal.create(
      { meetingId: copy.id, expertId: r.expertId, meetingApplicantId: applicantMap.get(r.meetingApplicantId)!, reason: r.reason, note: r.note, createdById: actor.id },
      { transaction: t },
    );
  }
  const logins = await issueCopyLogins(actor, copy, secrets, t);
  return { meeting: copy, logins };
}
