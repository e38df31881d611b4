import { Op, type Transaction } from 'sequelize';
import {
  Assignment,
  Declaration,
  Expert,
  MeetingApplicant,
  MeetingExpert,
  Organisation,
  Recusal,
  ReviewGroup,
  RoundItem,
  RoundRoll,
  RoundVoter,
  TitleQualification,
  VoteRound,
} from '../../models';
import type { MeetingContext } from '../commands/meeting/context';
import { presence } from '../commands/meeting/attendance';
import { quorumMet, tallyApplicant } from '../domain/voting';
import { currentSeqs } from '../announce';
import { db } from '../../models';
import { rooms } from '../../realtime/rooms';

/**
 * The state of a live meeting as one viewer may see it. This is where blind review (盲评) and
 * recusal are enforced on the way out: an expert never receives an applicant's name or employer
 * in a blind meeting, nor any detail of an applicant they must recuse from.
 */
export type Viewer = 'expert' | 'staff' | 'supervisor';

export function viewerOf(ctx: MeetingContext): Viewer | null {
  if (ctx.isStaff) return 'staff';
  if (ctx.isSupervisor) return 'supervisor';
  if (ctx.me) return 'expert';
  return null;
}

/** The rooms a viewer of this meeting joins. */
export function roomsFor(ctx: MeetingContext, accountId: number, groupIds: number[]): string[] {
  const m = ctx.meeting.id;
  if (ctx.isStaff || ctx.isSupervisor) return [rooms.meeting(m), rooms.watch(m), rooms.staff(m), ...groupIds.map((g) => rooms.group(g))];
  const me = ctx.me!;
  const chair = me.title === 'chair' || me.title === 'vice_chair';
  const groups = chair ? groupIds : me.groupId ? [me.groupId] : [];
  return [rooms.meeting(m), rooms.expert(m, accountId), ...groups.map((g) => rooms.group(g))];
}

export async function liveSnapshot(ctx: MeetingContext, accountId: number, t?: Transaction) {
  const { meeting } = ctx;
  const viewer = viewerOf(ctx)!;
  const me = ctx.me;
  const blindFor = (applicantRecused: boolean) => viewer === 'expert' && (meeting.options.blindReview || applicantRecused);
  const isChair = !!me && (me.title === 'chair' || me.title === 'vice_chair');

  const groups = await ReviewGroup.findAll({ where: { meetingId: meeting.id }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  const roomNames = roomsFor(ctx, accountId, groups.map((g) => g.id));
  // Sequence numbers first, then the state, in one transaction: events after these numbers are news.
  const seqs = await currentSeqs(db(), roomNames, t);

  const experts = await MeetingExpert.findAll({ where: { meetingId: meeting.id }, include: [{ model: Expert, as: 'expert' }], order: [['id', 'ASC']], transaction: t });
  const applicants = await MeetingApplicant.findAll({ where: { meetingId: meeting.id }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  const declarations = await Declaration.findAll({
    where: { id: { [Op.in]: applicants.map((a) => a.declarationId) } },
    include: [{ model: Organisation, as: 'org', attributes: ['id', 'name'] }, { model: TitleQualification, as: 'qualification', attributes: ['id', 'name'] }],
    transaction: t,
  });
  const recusals = await Recusal.findAll({ where: { meetingId: meeting.id }, transaction: t });
  const myRecusals = new Set(me ? recusals.filter((r) => r.expertId === me.expertId).map((r) => r.meetingApplicantId) : []);
  const assignments = await Assignment.findAll({ where: { meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } }, order: [['id', 'ASC']], transaction: t });
  const p = await presence(meeting.id, t);

  const visibleGroupIds = new Set(viewer === 'expert' && !isChair ? (me!.groupId ? [me!.groupId] : []) : groups.map((g) => g.id));
  const leaderOf = (gid: number | null) => !!me && me.isGroupLeader && me.groupId === gid;

  const rounds = await VoteRound.findAll({ where: { meetingId: meeting.id }, order: [['id', 'ASC']], transaction: t });
  const items = rounds.length ? await RoundItem.findAll({ where: { roundId: { [Op.in]: rounds.map((r) => r.id) } }, order: [['id', 'ASC']], transaction: t }) : [];
  const voters = rounds.length ? await RoundVoter.findAll({ where: { roundId: { [Op.in]: rounds.map((r) => r.id) } }, attributes: ['roundId', 'meetingExpertId'], transaction: t }) : [];
  const myRolls = me && rounds.length ? await RoundRoll.findAll({ where: { meetingExpertId: me.id, roundId: { [Op.in]: rounds.map((r) => r.id) } }, transaction: t }) : [];

  return {
    meeting: {
      id: meeting.id,
      name: meeting.name,
      status: meeting.status,
      startsAt: meeting.startsAt.toISOString(),
      endsAt: meeting.endsAt.toISOString(),
      address: meeting.address ?? null,
      options: meeting.options,
      voteRules: meeting.voteRules,
      standard: meeting.standard,
    },
    viewer: {
      kind: viewer,
      meetingExpertId: me?.id ?? null,
      title: me?.title ?? null,
      groupId: me?.groupId ?? null,
      isGroupLeader: me?.isGroupLeader ?? false,
      present: me?.present ?? false,
    },
    presence: { ...p, quorum: quorumMet(p.presentMembers, p.members, meeting.voteRules.quorum) },
    groups: groups.map((g) => ({
      id: g.id,
      name: g.name,
      room: g.room ?? null,
      stage: g.stage,
      specialties: g.specialties,
      experts: experts
        .filter((e) => e.groupId === g.id)
        .map((e) => ({ meetingExpertId: e.id, name: (e as MeetingExpert & { expert: Expert }).expert.name, title: e.title, isGroupLeader: e.isGroupLeader, present: e.present })),
    })),
    experts: experts.map((e) => ({
      meetingExpertId: e.id,
      name: (e as MeetingExpert & { expert: Expert }).expert.name,
      title: e.title,
      groupId: e.groupId ?? null,
      isGroupLeader: e.isGroupLeader,
      present: e.present,
    })),
    applicants: applicants
      // Every expert may vote on every applicant in the committee vote, so every expert sees the list;
      // what each sees of an applicant is decided per applicant below (blind review, recusal).
      .filter((a) => viewer !== 'expert' || isChair || me!.title !== 'reviewer' || (a.groupId !== null && visibleGroupIds.has(a.groupId)))
      .map((a) => {
        const d = declarations.find((x) => x.id === a.declarationId)!;
        const recused = myRecusals.has(a.id);
        const hidden = blindFor(recused);
        const org = (d as Declaration & { org?: Organisation }).org;
        const qual = (d as Declaration & { qualification?: TitleQualification }).qualification;
        return {
          meetingApplicantId: a.id,
          blindCode: a.blindCode,
          groupId: a.groupId ?? null,
          stage: a.stage,
          recused,
          // Identity and details only where the viewer may see them.
          name: hidden ? null : d.applicantName,
          orgName: hidden ? null : (org?.name ?? null),
          declarationId: hidden ? null : d.id,
          seriesCode: recused && viewer === 'expert' ? null : d.seriesCode,
          level: recused && viewer === 'expert' ? null : d.level,
          qualification: recused && viewer === 'expert' ? null : (qual?.name ?? null),
          // The meeting's own result is internal until publicity; applicants never see this view.
          result: viewer === 'expert' && !isChair ? null : a.result,
        };
      }),
    assignments: assignments
      .filter((x) => {
        if (viewer !== 'expert' || isChair) return true;
        const ap = applicants.find((a) => a.id === x.meetingApplicantId)!;
        return ap.groupId === me!.groupId;
      })
      .map((x) => {
        const ap = applicants.find((a) => a.id === x.meetingApplicantId)!;
        // Contents to the reviewer, their fellow reviewers of the material, the leader, the chair, staff and supervisors.
        const sameMaterial = !!me && assignments.some((y) => y.meetingApplicantId === x.meetingApplicantId && y.meetingExpertId === me.id);
        const full = viewer !== 'expert' || isChair || leaderOf(ap.groupId ?? null) || sameMaterial;
        return {
          assignmentId: x.id,
          meetingApplicantId: x.meetingApplicantId,
          meetingExpertId: x.meetingExpertId,
          role: x.role,
          state: x.state,
          verdict: x.verdict ?? null,
          ...(full
            ? { scores: x.scores, opinions: x.opinions, totalScore: x.totalScore === null ? null : Number(x.totalScore), verdictReason: x.verdictReason ?? null }
            : {}),
        };
      }),
    // Who must recuse from which material: the group leader needs it to distribute, the chair, staff and
    // supervisors to follow. An expert in a blind meeting gets no reason (same employer would say where
    // the applicant works).
    recusals: recusals
      .map((r) => {
        const ap = applicants.find((a) => a.id === r.meetingApplicantId);
        const who = experts.find((e) => e.expertId === r.expertId);
        return ap && who ? { ap, who, r } : null;
      })
      .filter((x): x is NonNullable<typeof x> => !!x && (viewer !== 'expert' || isChair || leaderOf(x.ap.groupId ?? null)))
      .map(({ ap, who, r }) => ({
        meetingApplicantId: ap.id,
        meetingExpertId: who.id,
        reason: viewer === 'expert' && meeting.options.blindReview ? null : r.reason,
      })),
    rounds: rounds
      .filter((r) => viewer !== 'expert' || isChair || r.kind === 'committee' || r.groupId === me!.groupId)
      .map((r) => {
        const its = items.filter((i) => i.roundId === r.id);
        const closed = r.status !== 'open';
        return {
          id: r.id,
          kind: r.kind,
          groupId: r.groupId,
          number: r.number,
          status: r.status,
          mode: r.mode,
          members: r.members,
          present: r.present,
          voted: voters.filter((v) => v.roundId === r.id).length,
          digest: r.digest ?? null,
          sentBackReason: r.sentBackReason ?? null,
          me: me ? { onRoll: myRolls.some((x) => x.roundId === r.id), voted: voters.some((v) => v.roundId === r.id && v.meetingExpertId === me.id) } : null,
          items: its.map((i) => {
            const ap = applicants.find((a) => a.id === i.meetingApplicantId)!;
            return {
              meetingApplicantId: i.meetingApplicantId,
              blindCode: ap.blindCode,
              eligible: i.eligible,
              excludedMe: !!me && i.excluded.includes(me.id),
              // Counts only after close: while open the room sees how many voted, not how.
              ...(closed
                ? {
                    yes: i.yes,
                    no: i.no,
                    abstain: i.abstain,
                    passed: i.passed,
                    requiredYes: tallyApplicant({ yes: i.yes ?? 0, no: i.no ?? 0, abstain: i.abstain ?? 0 }, i.eligible, r.members, r.rules.pass).requiredYes,
                  }
                : {}),
            };
          }),
        };
      }),
    rooms: roomNames,
    seqs,
  };
}

export type LiveSnapshot = Awaited<ReturnType<typeof liveSnapshot>>;
