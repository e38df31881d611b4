import { Op, QueryTypes, type Transaction } from 'sequelize';
import {
  MeetingApplicant,
  MeetingExpert,
  Recusal,
  ResultPublicity,
  ReviewGroup,
  RoundItem,
  RoundRoll,
  RoundVoter,
  VoteRound,
  db,
} from '../../../models';
import { announceAll } from '../../announce';
import { conflict, invalidField, notFound, AppError } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { quorumMet, tallyApplicant } from '../../domain/voting';
import { ballotDigest, type SheetForDigest } from '../../domain/ballotDigest';
import { VOTING_TITLES, type Choice, type RoundKind } from '../../domain/meetingTypes';
import type { ItemResult, RoomEventData } from '../../../realtime/events';
import { loadMeetingContext, refuseIfClosed } from './context';
import { rooms } from '../../../realtime/rooms';

/** The rooms a round is announced in: its group (or the whole meeting), the watchers, the staff. */
export function roundRooms(round: { meetingId: number; kind: RoundKind; groupId: number | null }): string[] {
  const main = round.kind === 'group' ? rooms.group(round.groupId!) : rooms.meeting(round.meetingId);
  return [main, rooms.watch(round.meetingId), rooms.staff(round.meetingId)];
}

export async function announceRound<E extends 'round:opened' | 'round:progress' | 'round:closed' | 'round:confirmed' | 'round:sentBack'>(
  t: Transaction,
  round: VoteRound,
  event: E,
  data: RoomEventData<E>,
) {
  await announceAll(t, roundRooms(round).map((room) => ({ room, event, data })) as never);
}

export interface LaunchInput {
  meetingId: number;
  kind: RoundKind;
  groupId?: number | null;
  /** Applicants to decide; all of the group (or meeting) that are ready when omitted. */
  meetingApplicantIds?: number[];
}

/**
 * 发起投票: snapshots the roll (experts present now, among those entitled to vote here), refuses
 * without quorum, and records for each applicant who must not vote on it (recused).
 */
export async function launchRound(actor: Actor, input: LaunchInput, t: Transaction) {
  const ctx = await loadMeetingContext(actor, input.meetingId, t, true);
  const { meeting } = ctx;
  refuseIfClosed(meeting);
  if (meeting.status !== 'running') throw conflict('meeting_not_running', 'The meeting is not running');
  const groupId = input.kind === 'group' ? (input.groupId ?? null) : null;
  if (input.kind === 'group') {
    if (!groupId) throw invalidField('payload.groupId', 'group_required', 'A group vote needs its group');
    authorize(actor, 'round:launchGroup', { ...ctx, groupId });
  } else {
    authorize(actor, 'round:launchCommittee', ctx);
  }
  const group = groupId ? await ReviewGroup.findOne({ where: { id: groupId, meetingId: meeting.id }, transaction: t, lock: t.LOCK.UPDATE }) : null;
  if (groupId && !group) throw notFound('group');
  if (group && group.stage !== 'chair_confirmed') {
    throw conflict('scores_not_confirmed', 'The group vote opens after the chair has confirmed the group’s scores');
  }
  const open = await VoteRound.findOne({ where: { meetingId: meeting.id, kind: input.kind, groupId, status: 'open' }, transaction: t });
  if (open) throw conflict('round_already_open', 'A vote is already open here', [{ path: 'payload.roundId', message: String(open.id) }]);

  // Members: the group's experts for a group vote; the committee (chair, vice chairs, members) otherwise.
  const members = await MeetingExpert.findAll({
    where: input.kind === 'group' ? { meetingId: meeting.id, groupId } : { meetingId: meeting.id, title: { [Op.in]: VOTING_TITLES } },
    transaction: t,
  });
  const roll = members.filter((m) => m.present);
  if (!quorumMet(roll.length, members.length, meeting.voteRules.quorum)) {
    throw conflict('no_quorum', `Quorum not met: ${roll.length} of ${members.length} present`, [
      { path: 'present', message: `${roll.length}/${members.length}` },
    ]);
  }

  const scope = input.kind === 'group' ? { meetingId: meeting.id, groupId } : { meetingId: meeting.id };
  const candidates = await MeetingApplicant.findAll({ where: scope, order: [['position', 'ASC'], ['id', 'ASC']], transaction: t });
  const wanted = input.meetingApplicantIds ? new Set(input.meetingApplicantIds) : null;
  // Without a list: those ready and not yet decided at this level (a re-vote after a send-back finds them undecided again).
  const decided = wanted ? new Set<number>() : await decidedApplicants(meeting.id, input.kind, groupId, t);
  const applicants = candidates.filter((a) => (wanted ? wanted.has(a.id) : a.stage === 'chair_confirmed' && !decided.has(a.id)));
  if (wanted && applicants.length !== wanted.size) {
    throw invalidField('payload.meetingApplicantIds', 'unknown_applicant', 'Some applicants are not in this group or meeting');
  }
  const notReady = applicants.filter((a) => a.stage !== 'chair_confirmed');
  if (notReady.length) {
    throw conflict('scores_not_confirmed', 'Some applicants’ scores are not confirmed by the chair', notReady.map((a) => ({ path: 'meetingApplicantIds', message: a.blindCode })));
  }
  if (applicants.length === 0) throw conflict('nothing_to_vote', 'No applicant is ready for a vote');
  if (input.kind === 'committee' && meeting.options.requireGroupVote !== false) {
    const withGroupVote = await groupVoted(meeting.id, applicants.map((a) => a.id), t);
    const missing = applicants.filter((a) => !withGroupVote.has(a.id));
    if (missing.length) {
      throw conflict('group_vote_missing', 'The committee votes after each group’s confirmed vote', missing.map((a) => ({ path: 'meetingApplicantIds', message: a.blindCode })));
    }
  }

  const last = (await VoteRound.max('number', { where: { meetingId: meeting.id, kind: input.kind, groupId }, transaction: t })) as number | null;
  const round = await VoteRound.create(
    {
      meetingId: meeting.id,
      groupId,
      kind: input.kind,
      number: (last ?? 0) + 1,
      status: 'open',
      mode: meeting.options.ballotMode,
      rules: meeting.voteRules,
      members: members.length,
      present: roll.length,
      closeWhenAllVoted: meeting.options.closeWhenAllVoted,
      launchedById: actor.id,
      openedAt: new Date(),
    },
    { transaction: t },
  );
  await RoundRoll.bulkCreate(roll.map((m) => ({ roundId: round.id, meetingExpertId: m.id })), { transaction: t });
  const recusals = await Recusal.findAll({
    where: { meetingId: meeting.id, meetingApplicantId: { [Op.in]: applicants.map((a) => a.id) } },
    transaction: t,
  });
  const items = applicants.map((a) => {
    const recusedExperts = new Set(recusals.filter((r) => r.meetingApplicantId === a.id).map((r) => r.expertId));
    const excluded = roll.filter((m) => recusedExperts.has(m.expertId)).map((m) => m.id);
    return { roundId: round.id, meetingApplicantId: a.id, excluded, eligible: roll.length - excluded.length };
  });
  await RoundItem.bulkCreate(items, { transaction: t });
  await announceRound(t, round, 'round:opened', {
    roundId: round.id,
    meetingId: meeting.id,
    kind: round.kind,
    groupId,
    number: round.number,
    mode: round.mode,
    members: round.members,
    present: round.present,
    items: applicants.map((a, i) => ({ meetingApplicantId: a.id, blindCode: a.blindCode, eligible: items[i].eligible })),
  });
  return round;
}

/** Applicants already decided by a confirmed round of this kind (and group). */
async function decidedApplicants(meetingId: number, kind: RoundKind, groupId: number | null, t: Transaction): Promise<Set<number>> {
  const confirmed = await VoteRound.findAll({ where: { meetingId, kind, groupId, status: 'confirmed' }, attributes: ['id'], transaction: t });
  if (confirmed.length === 0) return new Set();
  const items = await RoundItem.findAll({ where: { roundId: { [Op.in]: confirmed.map((r) => r.id) } }, attributes: ['meetingApplicantId'], transaction: t });
  return new Set(items.map((i) => i.meetingApplicantId));
}

/** Applicants whose group has a confirmed vote on them. */
async function groupVoted(meetingId: number, applicantIds: number[], t: Transaction): Promise<Set<number>> {
  const confirmed = await VoteRound.findAll({ where: { meetingId, kind: 'group', status: 'confirmed' }, attributes: ['id'], transaction: t });
  if (confirmed.length === 0) return new Set();
  const items = await RoundItem.findAll({
    where: { roundId: { [Op.in]: confirmed.map((r) => r.id) }, meetingApplicantId: { [Op.in]: applicantIds } },
    attributes: ['meetingApplicantId'],
    transaction: t,
  });
  return new Set(items.map((i) => i.meetingApplicantId));
}

export async function loadRoundForUpdate(roundId: number, t: Transaction) {
  const round = await VoteRound.findByPk(roundId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!round) throw notFound('round');
  return round;
}

/**
 * Reads the round's sheets and computes the digest. Plain rows, grouped in one pass: a committee
 * round of 35 experts on 84 applicants is some 3,000 ballots, and this runs inside the close.
 */
export async function sealedSheets(round: VoteRound, t?: Transaction) {
  const rows = await db().query<{ sheet_id: string; meeting_applicant_id: number; choice: Choice }>(
    'SELECT s.id AS sheet_id, b.meeting_applicant_id, b.choice FROM ballot_sheets s LEFT JOIN ballots b ON b.sheet_id = s.id WHERE s.round_id = ?',
    { replacements: [round.id], type: QueryTypes.SELECT, transaction: t },
  );
  const bySheet = new Map<string, SheetForDigest>();
  for (const r of rows) {
    let sheet = bySheet.get(r.sheet_id);
    if (!sheet) bySheet.set(r.sheet_id, (sheet = { id: r.sheet_id, ballots: [] }));
    if (r.meeting_applicant_id !== null) sheet.ballots.push({ meetingApplicantId: Number(r.meeting_applicant_id), choice: r.choice });
  }
  const sheets = [...bySheet.values()];
  return { sheets, digest: ballotDigest(round.id, sheets) };
}

/** Yes / no / abstain per applicant over the sheets. */
export function countChoices(sheets: SheetForDigest[]): Map<number, Record<Choice, number>> {
  const out = new Map<number, Record<Choice, number>>();
  for (const s of sheets) {
    for (const b of s.ballots) {
      let c = out.get(b.meetingApplicantId);
      if (!c) out.set(b.meetingApplicantId, (c = { yes: 0, no: 0, abstain: 0 }));
      c[b.choice] += 1;
    }
  }
  return out;
}

/**
 * 统票: closes the round and tallies it. The number of sheets must equal the number of recorded
 * voters, or the round is not closed: a mismatch means something is wrong with the store.
 */
export async function closeRoundLocked(actorId: number, round: VoteRound, t: Transaction) {
  if (round.status !== 'open') throw conflict('round_closed', 'The vote is already closed');
  const voters = await RoundVoter.count({ where: { roundId: round.id }, transaction: t });
  const { sheets, digest } = await sealedSheets(round, t);
  if (sheets.length !== voters) {
    throw new AppError(500, 'ballot_count_mismatch', `Ballot sheets (${sheets.length}) and voters (${voters}) differ`);
  }
  const items = await RoundItem.findAll({ where: { roundId: round.id }, order: [['id', 'ASC']], transaction: t, lock: t.LOCK.UPDATE });
  const applicants = await MeetingApplicant.findAll({ where: { id: { [Op.in]: items.map((i) => i.meetingApplicantId) } }, attributes: ['id', 'blindCode'], transaction: t });
  const blindCode = new Map(applicants.map((a) => [a.id, a.blindCode]));
  const counted = countChoices(sheets);
  const results: ItemResult[] = items.map((item) => {
    const counts = counted.get(item.meetingApplicantId) ?? { yes: 0, no: 0, abstain: 0 };
    const tally = tallyApplicant(counts, item.eligible, round.members, round.rules.pass);
    Object.assign(item, { yes: counts.yes, no: counts.no, abstain: counts.abstain, passed: tally.passed });
    return { meetingApplicantId: item.meetingApplicantId, blindCode: blindCode.get(item.meetingApplicantId)!, ...counts, eligible: item.eligible, requiredYes: tally.requiredYes, passed: tally.passed };
  });
  // One statement for all the round's items.
  if (items.length) {
    const cases = (col: 'yes' | 'no' | 'abstain' | 'passed') => `${col} = CASE id ${items.map(() => 'WHEN ? THEN ?').join(' ')} END`;
    const values = (col: 'yes' | 'no' | 'abstain' | 'passed') => items.flatMap((i) => [i.id, col === 'passed' ? (i.passed ? 1 : 0) : i[col]]);
    await db().query(`UPDATE round_items SET ${cases('yes')}, ${cases('no')}, ${cases('abstain')}, ${cases('passed')} WHERE id IN (${items.map(() => '?').join(',')})`, {
      replacements: [...values('yes'), ...values('no'), ...values('abstain'), ...values('passed'), ...items.map((i) => i.id)],
      transaction: t,
    });
  }
  round.status = 'closed';
  // Kept on the round for the record; while it was open the voter rows were the count.
  round.voted = voters;
  round.closedAt = new Date();
  round.closedById = actorId;
  round.digest = digest;
  await round.save({ transaction: t });
  await announceRound(t, round, 'round:closed', { roundId: round.id, kind: round.kind, groupId: round.groupId, voted: voters, results, digest });
  return { round, results };
}

export async function closeRound(actor: Actor, roundId: number, t: Transaction) {
  const round = await loadRoundForUpdate(roundId, t);
  const ctx = await loadMeetingContext(actor, round.meetingId, t);
  authorize(actor, 'round:close', { ...ctx, groupId: round.groupId, kind: round.kind });
  refuseIfClosed(ctx.meeting);
  return closeRoundLocked(actor.id, round, t);
}

/** Art. 22: the chair confirms the committee's result (the group leader the group's). */
export async function confirmRound(actor: Actor, roundId: number, t: Transaction) {
  const round = await loadRoundForUpdate(roundId, t);
  const ctx = await loadMeetingContext(actor, round.meetingId, t);
  authorize(actor, 'round:confirm', { ...ctx, groupId: round.groupId, kind: round.kind });
  refuseIfClosed(ctx.meeting);
  if (round.status !== 'closed') throw conflict('round_not_closed', round.status === 'open' ? 'Close the vote first' : `The round is ${round.status}`);
  round.status = 'confirmed';
  round.confirmedAt = new Date();
  round.confirmedById = actor.id;
  await round.save({ transaction: t });
  if (round.kind === 'committee') {
    // The committee's confirmed result is the meeting's result; applicants hear of it only at publicity.
    const items = await RoundItem.findAll({ where: { roundId: round.id }, attributes: ['meetingApplicantId', 'passed'], transaction: t });
    for (const passed of [true, false]) {
      const ids = items.filter((i) => !!i.passed === passed).map((i) => i.meetingApplicantId);
      if (ids.length) await MeetingApplicant.update({ result: passed ? 'passed' : 'failed', resultRoundId: round.id }, { where: { id: { [Op.in]: ids } }, transaction: t });
    }
  }
  await announceRound(t, round, 'round:confirmed', { roundId: round.id, kind: round.kind, groupId: round.groupId });
  return round;
}

/** A supervisor sends a round back with a reason; the room sees it at once and the record keeps it. */
export async function sendBackRound(actor: Actor, roundId: number, reason: string, t: Transaction) {
  const round = await loadRoundForUpdate(roundId, t);
  const ctx = await loadMeetingContext(actor, round.meetingId, t);
  authorize(actor, 'round:sendBack', ctx);
  refuseIfClosed(ctx.meeting);
  // Once the results are published (issue 7) the applicants know them; a new vote would need a re-check.
  if (round.kind === 'committee' && (await ResultPublicity.count({ where: { meetingId: round.meetingId }, transaction: t }))) {
    throw conflict('results_published', 'The results of this meeting are published');
  }
  if (round.status === 'sent_back') throw conflict('round_sent_back', 'The round was already sent back');
  if (round.status === 'confirmed' && round.kind === 'committee') {
    // The meeting's result rests on it: undo it so a new round decides.
    await MeetingApplicant.update({ result: 'pending', resultRoundId: null }, { where: { resultRoundId: round.id }, transaction: t });
  }
  round.status = 'sent_back';
  round.sentBackAt = new Date();
  round.sentBackById = actor.id;
  round.sentBackReason = reason;
  await round.save({ transaction: t });
  await announceRound(t, round, 'round:sentBack', { roundId: round.id, reason });
  return round;
}
