import type { Transaction } from 'sequelize';
import { Meeting, MeetingApplicant, MeetingCommittee, MeetingExpert, MeetingStaff, Recusal, ReviewGroup } from '../../../models';
import { conflict } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { loadMeetingContext } from './context';

/**
 * 演练副本: a fresh copy of a meeting's setup (groups, experts and their titles, applicants,
 * recusals, standard, plan), ready to start, with none of the original's live state. The demo
 * runs on such copies so it can be run again and again; a committee unit can rehearse with one.
 */
export async function copyMeeting(actor: Actor, meetingId: number, t: Transaction) {
  const ctx = await loadMeetingContext(actor, meetingId, t);
  authorize(actor, 'meeting:start', ctx);
  const src = ctx.meeting;
  if (src.status === 'setup') throw conflict('meeting_not_ready', 'Only a meeting whose setup is complete can be copied');
  const copies = await Meeting.count({ where: { ownerOrgId: src.ownerOrgId }, transaction: t });
  const copy = await Meeting.create(
    {
      name: `${src.name.replace(/（演练\d+）$/, '')}（演练${copies}）`,
      ownerOrgId: src.ownerOrgId,
      startsAt: new Date(),
      endsAt: new Date(Date.now() + Math.max(src.endsAt.getTime() - src.startsAt.getTime(), 4 * 3600_000)),
      address: src.address,
      notes: src.notes,
      status: 'ready',
      options: src.options,
      voteRules: src.voteRules,
      planKind: src.planKind,
      planText: src.planText,
      planStatus: src.planStatus,
      standard: src.standard,
      standardStatus: src.standardStatus,
      createdById: actor.id,
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
  for (const a of await MeetingApplicant.findAll({ where: { meetingId }, order: [['id', 'ASC']], transaction: t })) {
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
  return copy;
}
