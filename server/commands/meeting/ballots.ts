import { literal, QueryTypes, type Transaction } from 'sequelize';
import { Ballot, BallotSheet, NamedSheetVoter, RoundItem, RoundRoll, RoundVoter, VoteRound, db } from '../../../models';
import { conflict, forbidden, invalidField, notFound, validationFailed } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { newSheetId } from '../../domain/ballotDigest';
import type { BallotAck, BallotSheetInput, Choice } from '../../../realtime/events';
import type { RoundKind } from '../../domain/meetingTypes';
import { loadMeetingContext, refuseIfClosed } from './context';
import { closeRoundLocked, loadRoundForUpdate } from './rounds';

/**
 * 投票: one ballot sheet per expert per round, final once submitted.
 *
 * A sheet is checked on its own (`checkBallotSheet`, reads only) and then written together with
 * whatever other sheets arrived meanwhile (`writeBallotSheets`, one transaction: see
 * ballotWriter.ts). The database decides: the round row's count is raised only `WHERE status =
 * 'open'`, so a close (which takes that row first) either comes before a sheet, which is then
 * refused, or after it; the voter row's unique keys (round + expert, round + idempotency key) stop
 * a second sheet from the same expert, whichever node or retry it comes from.
 *
 * Secret mode: the sheet and its ballots carry no voter, no time and a random id, and a batch
 * writes its sheets in an order unrelated to its voters; the voter row records only that this
 * expert has voted. The answer says "accepted" and nothing a voter could show someone to prove how
 * they voted.
 */

/** What does not change once a round is open: who is on the roll, who must recuse from whom. */
export interface RoundFacts {
  id: number;
  meetingId: number;
  kind: RoundKind;
  groupId: number | null;
  mode: 'secret' | 'named';
  present: number;
  closeWhenAllVoted: boolean;
  roll: ReadonlySet<number>;
  items: ReadonlyMap<number, { excluded: readonly number[] }>;
}

// The roll and the items are written at launch and never change, so every ballot need not read them
// again; the round's status, which does change, is decided by the write.
const factsCache = new Map<number, RoundFacts>();
const FACTS_CACHE_MAX = 2000;

export async function roundFacts(roundId: number, t?: Transaction): Promise<RoundFacts | null> {
  const hit = factsCache.get(roundId);
  if (hit) return hit;
  const round = await VoteRound.findByPk(roundId, { transaction: t });
  if (!round) return null;
  const [items, roll] = await Promise.all([
    RoundItem.findAll({ where: { roundId }, attributes: ['meetingApplicantId', 'excluded'], transaction: t }),
    RoundRoll.findAll({ where: { roundId }, attributes: ['meetingExpertId'], transaction: t }),
  ]);
  const facts: RoundFacts = {
    id: round.id,
    meetingId: round.meetingId,
    kind: round.kind,
    groupId: round.groupId,
    mode: round.mode,
    present: round.present,
    closeWhenAllVoted: round.closeWhenAllVoted,
    roll: new Set(roll.map((r) => r.meetingExpertId)),
    items: new Map(items.map((i) => [i.meetingApplicantId, { excluded: i.excluded }])),
  };
  if (factsCache.size >= FACTS_CACHE_MAX) factsCache.delete(factsCache.keys().next().value!);
  factsCache.set(roundId, facts);
  return facts;
}

/** A sheet that passed every check and waits to be written. */
export interface CheckedSheet {
  actorId: number;
  round: RoundFacts;
  meetingExpertId: number;
  idempotencyKey: string;
  choices: Array<{ meetingApplicantId: number; choice: Choice }>;
}

/** The answer to a sheet already stored: the same key is a resend, another key a second sheet. */
export async function earlierAnswer(roundId: number, meetingExpertId: number, idempotencyKey: string, t?: Transaction): Promise<BallotAck | null> {
  const earlier = await RoundVoter.findOne({ where: { roundId, meetingExpertId }, transaction: t });
  if (!earlier) return null;
  if (earlier.idempotencyKey === idempotencyKey) return { roundId, accepted: true, duplicate: true };
  throw conflict('already_voted', 'You have already submitted your ballot sheet for this vote');
}

/**
 * Every check a sheet must pass before it is written, in the order a voter would want to hear
 * them. Returns the earlier answer for a resent sheet.
 */
export async function checkBallotSheet(actor: Actor, input: BallotSheetInput): Promise<{ answer: BallotAck } | { sheet: CheckedSheet }> {
  const round = await roundFacts(input.roundId);
  if (!round) throw notFound('round');
  const ctx = await loadMeetingContext(actor, round.meetingId);
  authorize(actor, 'round:vote', ctx);
  const me = ctx.me!;

  const answer = await earlierAnswer(round.id, me.id, input.idempotencyKey);
  if (answer) return { answer };
  refuseIfClosed(ctx.meeting);
  const status = await VoteRound.findByPk(round.id, { attributes: ['status'] });
  if (status?.status !== 'open') throw conflict('round_closed', 'The vote is closed; nothing more is accepted');
  if (!round.roll.has(me.id)) throw forbidden('not_eligible', 'You were not signed in when this vote opened, so you may not vote in it');
  if (!me.present) throw forbidden('signed_out', 'You are signed out of the meeting');

  const byApplicant = new Map(input.choices.map((c) => [c.meetingApplicantId, c.choice]));
  if (byApplicant.size !== input.choices.length) {
    throw invalidField('payload.choices', 'duplicate_choice', 'An applicant appears twice on the sheet');
  }
  for (const c of input.choices) {
    const item = round.items.get(c.meetingApplicantId);
    if (!item) throw invalidField('payload.choices', 'not_in_round', `Applicant ${c.meetingApplicantId} is not in this vote`);
    if (item.excluded.includes(me.id)) throw forbidden('recused', 'You must recuse from one of these applicants');
  }
  const missing = [...round.items].filter(([id, item]) => !item.excluded.includes(me.id) && !byApplicant.has(id));
  if (missing.length) {
    throw validationFailed(
      missing.map(([id]) => ({ path: `payload.choices.${id}`, message: 'no choice' })),
      'Choose yes, no or abstain for every applicant before submitting',
    );
  }
  return { sheet: { actorId: actor.id, round, meetingExpertId: me.id, idempotencyKey: input.idempotencyKey, choices: input.choices } };
}

export interface WrittenRound {
  round: RoundFacts;
  voted: number;
}

/**
 * Writes checked sheets in one transaction. Each round's row is counted first (taking its lock
 * before any child row is written: the foreign-key checks of those inserts take a shared lock on
 * it, and shared-then-exclusive deadlocks), rounds in id order so two batches cannot deadlock.
 * Sheets of a round that is no longer open are left out and reported in `closed`; a round whose
 * last eligible voter is in the batch is closed in it when the meeting says so. A unique-key
 * violation (a copy of a sheet that another node wrote meanwhile) aborts the whole transaction:
 * the writer then retries sheet by sheet.
 */
export async function writeBallotSheets(sheets: CheckedSheet[], t: Transaction): Promise<{ written: CheckedSheet[]; closed: CheckedSheet[]; rounds: WrittenRound[] }> {
  const byRound = new Map<number, CheckedSheet[]>();
  for (const s of sheets) byRound.set(s.round.id, [...(byRound.get(s.round.id) ?? []), s]);
  const written: CheckedSheet[] = [];
  const closed: CheckedSheet[] = [];
  for (const roundId of [...byRound.keys()].sort((a, b) => a - b)) {
    const mine = byRound.get(roundId)!;
    const [counted] = await VoteRound.update(
      { voted: literal(`voted + ${mine.length}`) as never },
      { where: { id: roundId, status: 'open' }, transaction: t },
    );
    (counted ? written : closed).push(...mine);
  }
  if (written.length) {
    const votedAt = new Date();
    await RoundVoter.bulkCreate(
      written.map((s) => ({ roundId: s.round.id, meetingExpertId: s.meetingExpertId, idempotencyKey: s.idempotencyKey, votedAt })),
      { transaction: t },
    );
    const withIds = shuffle(written.map((s) => ({ s, id: newSheetId() })));
    await BallotSheet.bulkCreate(withIds.map(({ s, id }) => ({ id, roundId: s.round.id })), { transaction: t });
    await Ballot.bulkCreate(
      withIds.flatMap(({ s, id }) => s.choices.map((c) => ({ sheetId: id, meetingApplicantId: c.meetingApplicantId, choice: c.choice }))),
      { transaction: t },
    );
    const named = withIds.filter(({ s }) => s.round.mode === 'named');
    if (named.length) await NamedSheetVoter.bulkCreate(named.map(({ s, id }) => ({ sheetId: id, meetingExpertId: s.meetingExpertId })), { transaction: t });
  }
  const roundIds = [...new Set(written.map((s) => s.round.id))];
  const counts = roundIds.length
    ? await db().query<{ id: number; voted: number }>(`SELECT id, voted FROM vote_rounds WHERE id IN (${roundIds.map(() => '?').join(',')})`, {
        replacements: roundIds,
        type: QueryTypes.SELECT,
        transaction: t,
      })
    : [];
  const rounds = counts.map((c) => ({ round: byRound.get(Number(c.id))![0].round, voted: Number(c.voted) }));
  // "Close when everyone has voted": in the same transaction, so the last voter's answer comes
  // after the round is closed and tallied (this transaction already holds the round's row).
  for (const { round, voted } of rounds) {
    if (round.closeWhenAllVoted && voted >= round.present) {
      const last = byRound.get(round.id)!.at(-1)!;
      await closeRoundLocked(last.actorId, await loadRoundForUpdate(round.id, t), t);
    }
  }
  return { written, closed, rounds };
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
