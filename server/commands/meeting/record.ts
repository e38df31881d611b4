import { Op, type Transaction } from 'sequelize';
import {
  Account,
  Assignment,
  AttendanceLog,
  Declaration,
  Expert,
  MeetingApplicant,
  MeetingExpert,
  Organisation,
  Recusal,
  ReviewGroup,
  RoundItem,
  TitleQualification,
  VoteRound,
} from '../../../models';
import { authorize, type Actor } from '../../policies';
import { loadMeetingContext } from './context';

/**
 * 评审会议记录 (Art. 23): who attended, who reviewed whom, the opinions and scores, every round
 * and its result, every send-back. Assembled from the tables the live meeting wrote; nothing is
 * kept twice. The resolution table (评审表决表) is the confirmed committee round, by applicant.
 */
export async function meetingRecord(actor: Actor, meetingId: number, t?: Transaction) {
  const ctx = await loadMeetingContext(actor, meetingId, t);
  authorize(actor, 'round:readBallots', ctx);
  const { meeting } = ctx;
  const groups = await ReviewGroup.findAll({ where: { meetingId }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  const experts = await MeetingExpert.findAll({ where: { meetingId }, include: [{ model: Expert, as: 'expert' }], order: [['id', 'ASC']], transaction: t });
  const log = await AttendanceLog.findAll({ where: { meetingExpertId: { [Op.in]: experts.map((e) => e.id) } }, order: [['id', 'ASC']], transaction: t });
  const actors = await Account.findAll({ where: { id: { [Op.in]: [...new Set(log.map((l) => l.byAccountId))] } }, attributes: ['id', 'name'], transaction: t });
  const applicants = await MeetingApplicant.findAll({ where: { meetingId }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  const declarations = await Declaration.findAll({
    where: { id: { [Op.in]: applicants.map((a) => a.declarationId) } },
    include: [{ model: Organisation, as: 'org', attributes: ['id', 'name'] }, { model: TitleQualification, as: 'qualification', attributes: ['id', 'name'] }],
    transaction: t,
  });
  const assignments = await Assignment.findAll({ where: { meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } }, order: [['id', 'ASC']], transaction: t });
  const rounds = await VoteRound.findAll({ where: { meetingId }, order: [['id', 'ASC']], transaction: t });
  const items = rounds.length ? await RoundItem.findAll({ where: { roundId: { [Op.in]: rounds.map((r) => r.id) } }, order: [['id', 'ASC']], transaction: t }) : [];
  const people = await Account.findAll({
    where: { id: { [Op.in]: [...new Set(rounds.flatMap((r) => [r.launchedById, r.closedById, r.confirmedById, r.sentBackById]).filter((x): x is number => !!x))] } },
    attributes: ['id', 'name'],
    transaction: t,
  });
  const nameOf = (id: number | null | undefined) => (id ? (people.find((p) => p.id === id)?.name ?? null) : null);
  const expertName = (id: number) => (experts.find((e) => e.id === id) as (MeetingExpert & { expert: Expert }) | undefined)?.expert.name ?? '';
  const groupName = (id: number | null) => (id ? (groups.find((g) => g.id === id)?.name ?? null) : null);
  const person = (a: MeetingApplicant) => {
    const d = declarations.find((x) => x.id === a.declarationId)! as Declaration & { org?: Organisation; qualification?: TitleQualification };
    return { name: d.applicantName, orgName: d.org?.name ?? null, seriesCode: d.seriesCode, level: d.level, qualification: d.qualification?.name ?? null };
  };
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

  const recusals = await Recusal.findAll({ where: { meetingId }, order: [['id', 'ASC']], transaction: t });

  const finalCommittee = [...rounds].reverse().find((r) => r.kind === 'committee' && r.status === 'confirmed') ?? null;

  return {
    meeting: {
      id: meeting.id,
      name: meeting.name,
      status: meeting.status,
      startsAt: iso(meeting.startsAt),
      endsAt: iso(meeting.endsAt),
      address: meeting.address ?? null,
      /** 演练: a rehearsal's record says so (its results are never published). */
      rehearsalOfId: meeting.rehearsalOfId ?? null,
      options: meeting.options,
      voteRules: meeting.voteRules,
      standard: meeting.standard,
    },
    attendance: experts.map((e) => ({
      meetingExpertId: e.id,
      name: (e as MeetingExpert & { expert: Expert }).expert.name,
      title: e.title,
      group: groupName(e.groupId ?? null),
      isGroupLeader: e.isGroupLeader,
      present: e.present,
      log: log.filter((l) => l.meetingExpertId === e.id).map((l) => ({ action: l.action, at: iso(l.createdAt), by: actors.find((x) => x.id === l.byAccountId)?.name ?? null })),
    })),
    applicants: applicants.map((a) => ({
      meetingApplicantId: a.id,
      blindCode: a.blindCode,
      group: groupName(a.groupId ?? null),
      stage: a.stage,
      result: a.result,
      ...person(a),
      reviews: assignments
        .filter((x) => x.meetingApplicantId === a.id)
        .map((x) => ({
          reviewer: expertName(x.meetingExpertId),
          role: x.role,
          state: x.state,
          scores: x.scores,
          totalScore: x.totalScore === null ? null : Number(x.totalScore),
          opinions: x.opinions,
          verdict: x.verdict ?? null,
          verdictReason: x.verdictReason ?? null,
          finalizedAt: iso(x.finalizedAt),
        })),
    })),
    /** 回避 (Art. 25): who stood aside from whom, and why. */
    recusals: recusals.map((r) => {
      const a = applicants.find((x) => x.id === r.meetingApplicantId);
      const e = experts.find((x) => x.expertId === r.expertId) as (MeetingExpert & { expert: Expert }) | undefined;
      return { blindCode: a?.blindCode ?? '', name: a ? person(a).name : '', expert: e?.expert.name ?? '', reason: r.reason, note: r.note ?? null };
    }),
    rounds: rounds.map((r) => ({
      roundId: r.id,
      kind: r.kind,
      group: groupName(r.groupId),
      number: r.number,
      status: r.status,
      mode: r.mode,
      members: r.members,
      present: r.present,
      openedAt: iso(r.openedAt),
      launchedBy: nameOf(r.launchedById),
      closedAt: iso(r.closedAt),
      closedBy: nameOf(r.closedById),
      confirmedAt: iso(r.confirmedAt),
      confirmedBy: nameOf(r.confirmedById),
      digest: r.digest ?? null,
      sentBack: r.sentBackAt ? { at: iso(r.sentBackAt), by: nameOf(r.sentBackById), reason: r.sentBackReason } : null,
      items: items
        .filter((i) => i.roundId === r.id)
        .map((i) => {
          const a = applicants.find((x) => x.id === i.meetingApplicantId)!;
          return { blindCode: a.blindCode, name: person(a).name, eligible: i.eligible, yes: i.yes, no: i.no, abstain: i.abstain, passed: i.passed };
        }),
    })),
    resolution: finalCommittee
      ? {
          roundId: finalCommittee.id,
          number: finalCommittee.number,
          members: finalCommittee.members,
          present: finalCommittee.present,
          confirmedBy: nameOf(finalCommittee.confirmedById),
          confirmedAt: iso(finalCommittee.confirmedAt),
          digest: finalCommittee.digest,
          rows: items
            .filter((i) => i.roundId === finalCommittee.id)
            .map((i) => {
              const a = applicants.find((x) => x.id === i.meetingApplicantId)!;
              return { ...person(a), blindCode: a.blindCode, eligible: i.eligible, yes: i.yes ?? 0, no: i.no ?? 0, abstain: i.abstain ?? 0, passed: !!i.passed };
            }),
        }
      : null,
  };
}

export type MeetingRecord = Awaited<ReturnType<typeof meetingRecord>>;
