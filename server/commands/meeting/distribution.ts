import { Op, type Transaction } from 'sequelize';
import { Assignment, MeetingApplicant, MeetingExpert, Recusal, ReviewGroup } from '../../../models';
import { announce } from '../../announce';
import { conflict, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { checkApplicantDistribution, distributeEvenly, type DistributionProblem } from '../../domain/distribution';
import type { DistributeInput } from '../../../realtime/events';
import { rooms } from '../../../realtime/rooms';
import { loadMeetingContext, refuseIfClosed } from './context';
import { collabRightsChangedAfterCommit } from '../../../realtime/collab';

/** Rooms that hear about a group's work: its experts (and chair), the watchers, the staff. */
export const groupRooms = (meetingId: number, groupId: number) => [rooms.group(groupId), rooms.watch(meetingId), rooms.staff(meetingId)];

export async function loadGroupForUpdate(groupId: number, t: Transaction) {
  const group = await ReviewGroup.findByPk(groupId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!group) throw notFound('group');
  return group;
}

async function groupFacts(group: ReviewGroup, t: Transaction) {
  const experts = await MeetingExpert.findAll({ where: { meetingId: group.meetingId, groupId: group.id }, transaction: t });
  const applicants = await MeetingApplicant.findAll({ where: { meetingId: group.meetingId, groupId: group.id }, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  const recusals = await Recusal.findAll({ where: { meetingId: group.meetingId, meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } }, transaction: t });
  // Recusals are recorded per expert (the person); distribution works with meeting experts.
  const meByExpert = new Map(experts.map((e) => [e.expertId, e.id]));
  const recused = new Map<number, Set<number>>();
  for (const r of recusals) {
    const me = meByExpert.get(r.expertId);
    if (me !== undefined) recused.set(r.meetingApplicantId, new Set([...(recused.get(r.meetingApplicantId) ?? []), me]));
  }
  return { experts, applicants, recused };
}

function problemsToDetails(problems: DistributionProblem[], codes: Map<number, string>) {
  return problems.map((p) => ({ path: `items.${codes.get(p.applicantId) ?? p.applicantId}`, message: p.code, code: p.code }));
}

type Role = 'main' | 'secondary';

async function writeAssignments(
  group: ReviewGroup,
  plan: Array<{ applicantId: number; reviewers: Array<{ meetingExpertId: number; role: Role }> }>,
  applicants: MeetingApplicant[],
  experts: MeetingExpert[],
  t: Transaction,
) {
  let assigned = 0;
  // What changes for each expert, told to them alone in their own room once the batch is written.
  const before = new Map<string, Role>();
  const after = new Map<string, Role>();
  const key = (meId: number, applicantId: number) => `${meId}:${applicantId}`;
  for (const item of plan) {
    const applicant = applicants.find((a) => a.id === item.applicantId)!;
    const old = await Assignment.findAll({ where: { meetingApplicantId: applicant.id }, transaction: t });
    for (const a of old) {
      before.set(key(a.meetingExpertId, applicant.id), a.role);
      await a.destroy({ transaction: t });
      for (const room of groupRooms(group.meetingId, group.id)) {
        await announce(t, room, 'assignment:changed', {
          meetingId: group.meetingId, groupId: group.id, assignmentId: a.id, meetingApplicantId: applicant.id,
          meetingExpertId: a.meetingExpertId, role: a.role, state: a.state, verdict: null, removed: true,
        });
      }
    }
    for (const r of item.reviewers) {
      after.set(key(r.meetingExpertId, applicant.id), r.role);
      const a = await Assignment.create({ meetingApplicantId: applicant.id, meetingExpertId: r.meetingExpertId, role: r.role }, { transaction: t });
      assigned += 1;
      for (const room of groupRooms(group.meetingId, group.id)) {
        await announce(t, room, 'assignment:changed', {
          meetingId: group.meetingId, groupId: group.id, assignmentId: a.id, meetingApplicantId: applicant.id,
          meetingExpertId: r.meetingExpertId, role: r.role, state: 'assigned', verdict: null,
        });
      }
    }
    applicant.stage = 'distributed';
    await applicant.save({ transaction: t });
    // Whoever lost or gained this material loses or gains its shared opinion at once.
    collabRightsChangedAfterCommit(t, { meetingId: group.meetingId, meetingApplicantId: applicant.id });
    for (const room of groupRooms(group.meetingId, group.id)) {
      await announce(t, room, 'applicant:stage', {
        meetingId: group.meetingId, groupId: group.id, meetingApplicantId: applicant.id, blindCode: applicant.blindCode, stage: 'distributed', blocked: null,
      });
    }
  }
  if (group.stage === 'setup') {
    group.stage = 'distributing';
    await group.save({ transaction: t });
    for (const room of groupRooms(group.meetingId, group.id)) {
      await announce(t, room, 'group:stage', { meetingId: group.meetingId, groupId: group.id, stage: 'distributing' });
    }
  }
  await tellExperts(group, applicants, experts, before, after, t);
  return assigned;
}

/**
 * 个人通知: each expert whose materials this distribution changed hears, in their own room, what
 * they were given (and as what) or no longer have, and their load in the group now. A reviewer
 * given the same material in the same role hears nothing.
 */
async function tellExperts(group: ReviewGroup, applicants: MeetingApplicant[], experts: MeetingExpert[], before: Map<string, Role>, after: Map<string, Role>, t: Transaction) {
  const code = (id: number) => applicants.find((a) => a.id === id)?.blindCode ?? String(id);
  const changes = new Map<number, { added: Array<{ meetingApplicantId: number; blindCode: string; role: Role }>; removed: Array<{ meetingApplicantId: number; blindCode: string; role: Role }> }>();
  const of = (meId: number) => changes.get(meId) ?? changes.set(meId, { added: [], removed: [] }).get(meId)!;
  for (const [k, role] of after) {
    if (before.get(k) === role) continue;
    const [meId, applicantId] = k.split(':').map(Number);
    of(meId).added.push({ meetingApplicantId: applicantId, blindCode: code(applicantId), role });
  }
  for (const [k, role] of before) {
    if (after.get(k) === role) continue;
    const [meId, applicantId] = k.split(':').map(Number);
    of(meId).removed.push({ meetingApplicantId: applicantId, blindCode: code(applicantId), role });
  }
  if (changes.size === 0) return;
  const now = await Assignment.findAll({
    where: { meetingExpertId: { [Op.in]: [...changes.keys()] }, meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } },
    attributes: ['meetingExpertId', 'role'],
    transaction: t,
  });
  for (const [meId, c] of [...changes].sort((a, b) => a[0] - b[0])) {
    const me = experts.find((e) => e.id === meId);
    if (!me) continue;
    const mine = now.filter((a) => a.meetingExpertId === meId);
    await announce(t, rooms.expert(group.meetingId, me.accountId), 'expert:assignments', {
      meetingId: group.meetingId,
      groupId: group.id,
      meetingExpertId: meId,
      added: c.added,
      removed: c.removed,
      total: mine.length,
      main: mine.filter((a) => a.role === 'main').length,
    });
  }
}

async function openForDistribution(actor: Actor, groupId: number, t: Transaction) {
  const group = await loadGroupForUpdate(groupId, t);
  const ctx = await loadMeetingContext(actor, group.meetingId, t);
  authorize(actor, 'distribution:set', { ...ctx, groupId: group.id });
  refuseIfClosed(ctx.meeting);
  if (ctx.meeting.status !== 'running') throw conflict('meeting_not_running', 'The meeting is not running');
  if (group.stage !== 'setup' && group.stage !== 'distributing') {
    throw conflict('review_started', 'The review has started; materials can no longer be redistributed');
  }
  return group;
}

/**
 * 分发材料 (batch): the leader gives materials to reviewers. Every applicant of the batch is checked
 * (≥ 2 reviewers of this group, exactly one main, nobody recused) before anything is written.
 */
export async function distribute(actor: Actor, input: DistributeInput, t: Transaction) {
  const group = await openForDistribution(actor, input.groupId, t);
  const { experts, applicants, recused } = await groupFacts(group, t);
  const groupExperts = new Set(experts.map((e) => e.id));
  const codes = new Map(applicants.map((a) => [a.id, a.blindCode]));
  const problems: DistributionProblem[] = [];
  for (const item of input.items) {
    if (!codes.has(item.meetingApplicantId)) throw unprocessable('not_in_group', `Applicant ${item.meetingApplicantId} is not in this group`);
    problems.push(
      ...checkApplicantDistribution(
        item.meetingApplicantId,
        item.reviewers.map((r) => ({ expertId: r.meetingExpertId, role: r.role })),
        groupExperts,
        recused.get(item.meetingApplicantId) ?? new Set(),
      ),
    );
  }
  if (problems.length) throw unprocessable('distribution_invalid', 'The distribution breaks the rules', problemsToDetails(problems, codes));
  const plan = input.items.map((i) => ({ applicantId: i.meetingApplicantId, reviewers: i.reviewers }));
  return { assigned: await writeAssignments(group, plan, applicants, experts, t) };
}

/**
 * 全部分配: every applicant not yet distributed, with an even load. 均衡分配所选: with a list, just
 * those applicants (their reviewers, if any, are replaced), evenly given the load of the rest.
 */
export async function distributeAll(actor: Actor, groupId: number, perApplicant: number, t: Transaction, onlyApplicantIds?: number[]) {
  const group = await openForDistribution(actor, groupId, t);
  const { experts, applicants, recused } = await groupFacts(group, t);
  const only = onlyApplicantIds ? new Set(onlyApplicantIds) : null;
  if (only) {
    const unknown = [...only].filter((id) => !applicants.some((a) => a.id === id));
    if (unknown.length) throw unprocessable('not_in_group', 'Some applicants are not in this group', unknown.map((id) => ({ path: 'body.meetingApplicantIds', message: String(id) })));
  }
  const existing = await Assignment.findAll({ where: { meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } }, transaction: t });
  const load = new Map<number, { total: number; main: number }>();
  for (const a of existing) {
    if (only?.has(a.meetingApplicantId)) continue; // about to be replaced
    const l = load.get(a.meetingExpertId) ?? { total: 0, main: 0 };
    l.total += 1;
    if (a.role === 'main') l.main += 1;
    load.set(a.meetingExpertId, l);
  }
  const waiting = only ? applicants.filter((a) => only.has(a.id)) : applicants.filter((a) => !existing.some((x) => x.meetingApplicantId === a.id));
  const { assignments, unassignable } = distributeEvenly(waiting.map((a) => a.id), experts.map((e) => e.id), recused, perApplicant, load);
  const plan = waiting
    .filter((a) => !unassignable.includes(a.id))
    .map((a) => ({
      applicantId: a.id,
      reviewers: assignments.filter((x) => x.applicantId === a.id).map((x) => ({ meetingExpertId: x.expertId, role: x.role })),
    }));
  return { assigned: await writeAssignments(group, plan, applicants, experts, t), unassignable };
}

/** 进入评审: the leader starts the review once every applicant has a valid set of reviewers. */
export async function startReview(actor: Actor, groupId: number, t: Transaction) {
  const group = await openForDistribution(actor, groupId, t);
  const { experts, applicants, recused } = await groupFacts(group, t);
  const all = await Assignment.findAll({ where: { meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } }, transaction: t });
  const groupExperts = new Set(experts.map((e) => e.id));
  const problems = applicants.flatMap((a) =>
    checkApplicantDistribution(
      a.id,
      all.filter((x) => x.meetingApplicantId === a.id).map((x) => ({ expertId: x.meetingExpertId, role: x.role })),
      groupExperts,
      recused.get(a.id) ?? new Set(),
    ),
  );
  if (applicants.length === 0) throw conflict('no_applicants', 'The group has no applicants');
  if (problems.length) {
    throw conflict('distribution_incomplete', 'Every material needs at least two reviewers, one of them main', problemsToDetails(problems, new Map(applicants.map((a) => [a.id, a.blindCode]))));
  }
  group.stage = 'reviewing';
  await group.save({ transaction: t });
  collabRightsChangedAfterCommit(t, { meetingId: group.meetingId });
  for (const room of groupRooms(group.meetingId, group.id)) await announce(t, room, 'group:stage', { meetingId: group.meetingId, groupId: group.id, stage: 'reviewing' });
  return group;
}
