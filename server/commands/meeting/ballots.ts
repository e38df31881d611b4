import { QueryTypes, type Transaction } from 'sequelize';
import { RoundItem, RoundRoll, VoteRound, db } from '../../../models';
import { AppError, conflict, forbidden, invalidField, notFound, unauthenticated, validationFailed } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { newSheetId } from '../../domain/ballotDigest';
import type { BallotAck, BallotSheetInput, Choice } from '../../../realtime/events';
import type { RoundKind } from '../../domain/meetingTypes';
import type { MeetingContext } from './context';
import { closeRoundLocked, loadRoundForUpdate } from './rounds';
import { inTransaction } from '../../tx';

/**
 * 投票: one ballot sheet per expert per round, final once submitted.
 *
 * Sheets are checked and written in batches (see ballotWriter.ts): the reads a sheet needs (is the
 * account still valid, is this expert on the roll and signed in, did they vote already, is the
 * round open) are one query each for the whole batch, and the valid sheets are written in one
 * transaction. The database decides: a batch holds the round row's shared lock while it writes and a
 * close takes it exclusively, so a close comes before a sheet, which is then refused, or after it; the
 * voter row's unique keys (round + expert, round + idempotency key) stop a second
 * sheet from the same expert, whichever node or retry it comes from.
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
// again; the round's status, which does change, is read per batch and decided by the write.
const factsCache = new Map<number, RoundFacts>();
const FACTS_CACHE_MAX = 2000;

export async function roundFacts(roundId: number): Promise<RoundFacts | null> {
  const hit = factsCache.get(roundId);
  if (hit) return hit;
  const round = await VoteRound.findByPk(roundId);
  if (!round) return null;
  const [items, roll] = await Promise.all([
    RoundItem.findAll({ where: { roundId }, attributes: ['meetingApplicantId', 'excluded'] }),
    RoundRoll.findAll({ where: { roundId }, attributes: ['meetingExpertId'] }),
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

/** A sheet as it arrives. `tokenVersion` is set when the account has not been re-checked yet (a socket). */
export interface SheetRequest {
  actor: Actor;
  input: BallotSheetInput;
  tokenVersion?: number;
}

/** A sheet that passed every check and waits to be written. */
export interface CheckedSheet {
  actorId: number;
  round: RoundFacts;
  meetingExpertId: number;
  idempotencyKey: string;
  choices: Array<{ meetingApplicantId: number; choice: Choice }>;
}

export type CheckOutcome = { sheet: CheckedSheet } | { answer: BallotAck } | { error: AppError };

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

async function select<T extends object>(sql: string, replacements: unknown[], t?: Transaction): Promise<T[]> {
  return db().query<T>(sql, { replacements, type: QueryTypes.SELECT, transaction: t });
}

/** Everything the checks of a batch read, one query per kind. */
async function readForChecks(requests: SheetRequest[], facts: Map<number, RoundFacts>) {
  const rounds = [...facts.values()];
  const roundIds = rounds.map((r) => r.id);
  const meetingIds = [...new Set(rounds.map((r) => r.meetingId))];
  const accountIds = [...new Set(requests.map((r) => r.actor.id))];
  const toCheck = [...new Set(requests.filter((r) => r.tokenVersion !== undefined).map((r) => r.actor.id))];
  const none = Promise.resolve([]);
  const [accounts, experts, meetings, statuses] = await Promise.all([
    toCheck.length
      ? select<{ id: number; token_version: number; disabled_at: Date | null; expires_at: Date | null }>(
          `SELECT id, token_version, disabled_at, expires_at FROM accounts WHERE id IN (${marks(toCheck.length)})`,
          toCheck,
        )
      : [],
    roundIds.length
      ? select<{ id: number; meeting_id: number; account_id: number; present: number | boolean }>(
          `SELECT id, meeting_id, account_id, present FROM meeting_experts WHERE meeting_id IN (${marks(meetingIds.length)}) AND account_id IN (${marks(accountIds.length)})`,
          [...meetingIds, ...accountIds],
        )
      : none,
    roundIds.length ? select<{ id: number; status: string }>(`SELECT id, status FROM meetings WHERE id IN (${marks(meetingIds.length)})`, meetingIds) : none,
    roundIds.length ? select<{ id: number; status: string }>(`SELECT id, status FROM vote_rounds WHERE id IN (${marks(roundIds.length)})`, roundIds) : none,
  ]);
  const expertIds = experts.map((e) => Number(e.id));
  const voters = expertIds.length
    ? await select<{ round_id: number; meeting_expert_id: number; idempotency_key: string }>(
        `SELECT round_id, meeting_expert_id, idempotency_key FROM round_voters WHERE round_id IN (${marks(roundIds.length)}) AND meeting_expert_id IN (${marks(expertIds.length)})`,
        [...roundIds, ...expertIds],
      )
    : [];
  return { accounts, experts, meetings, statuses, voters };
}

/**
 * Every check a sheet must pass before it is written, in the order a voter would want to hear
 * them, for a batch of sheets at once. A resent sheet gets the earlier answer.
 */
export async function checkBallotSheets(requests: SheetRequest[]): Promise<CheckOutcome[]> {
  const facts = new Map<number, RoundFacts>();
  for (const id of new Set(requests.map((r) => r.input.roundId))) {
    const f = await roundFacts(id);
    if (f) facts.set(id, f);
  }
  const read = await readForChecks(requests, facts);
  const accounts = new Map(read.accounts.map((a) => [Number(a.id), a]));
  const experts = new Map(read.experts.map((e) => [`${e.meeting_id}:${e.account_id}`, e]));
  const meetings = new Map(read.meetings.map((m) => [Number(m.id), m.status]));
  const statuses = new Map(read.statuses.map((r) => [Number(r.id), r.status]));
  const voters = new Map(read.voters.map((v) => [`${v.round_id}:${v.meeting_expert_id}`, v.idempotency_key]));

  return requests.map((req): CheckOutcome => {
    try {
      return checkOne(req);
    } catch (e) {
      if (e instanceof AppError) return { error: e };
      throw e;
    }
  });

  function checkOne({ actor, input, tokenVersion }: SheetRequest): CheckOutcome {
    if (tokenVersion !== undefined) {
      // The socket's token was checked at the handshake; the account may have changed since.
      const account = accounts.get(actor.id);
      if (!account || Number(account.token_version) !== tokenVersion) throw unauthenticated('token_revoked', 'The token was revoked; sign in again');
      if (account.disabled_at) throw unauthenticated('account_disabled', 'This account is disabled');
      if (account.expires_at && new Date(account.expires_at).getTime() <= Date.now()) throw unauthenticated('account_expired', 'This account has expired');
    }
    const round = facts.get(input.roundId);
    if (!round) throw notFound('round');
    const row = experts.get(`${round.meetingId}:${actor.id}`);
    const meetingStatus = meetings.get(round.meetingId)!;
    const me = row ? { id: Number(row.id), present: !!Number(row.present) } : null;
    // The meeting policy decides who may vote (an expert of this meeting); the rest is the round's.
    authorize(actor, 'round:vote', { meeting: { id: round.meetingId, status: meetingStatus }, me, isStaff: false, isSupervisor: false } as unknown as MeetingContext);

    const earlier = voters.get(`${round.id}:${me!.id}`);
    if (earlier !== undefined) {
      if (earlier === input.idempotencyKey) return { answer: { roundId: round.id, accepted: true, duplicate: true } };
      throw conflict('already_voted', 'You have already submitted your ballot sheet for this vote');
    }
    if (meetingStatus === 'closed') throw conflict('meeting_closed', 'The meeting is closed; it can only be read');
    if (statuses.get(round.id) !== 'open') throw conflict('round_closed', 'The vote is closed; nothing more is accepted');
    if (!round.roll.has(me!.id)) throw forbidden('not_eligible', 'You were not signed in when this vote opened, so you may not vote in it');
    if (!me!.present) throw forbidden('signed_out', 'You are signed out of the meeting');

    const byApplicant = new Map(input.choices.map((c) => [c.meetingApplicantId, c.choice]));
    if (byApplicant.size !== input.choices.length) {
      throw invalidField('payload.choices', 'duplicate_choice', 'An applicant appears twice on the sheet');
    }
    for (const c of input.choices) {
      const item = round.items.get(c.meetingApplicantId);
      if (!item) throw invalidField('payload.choices', 'not_in_round', `Applicant ${c.meetingApplicantId} is not in this vote`);
      if (item.excluded.includes(me!.id)) throw forbidden('recused', 'You must recuse from one of these applicants');
    }
    const missing = [...round.items].filter(([id, item]) => !item.excluded.includes(me!.id) && !byApplicant.has(id));
    if (missing.length) {
      throw validationFailed(
        missing.map(([id]) => ({ path: `payload.choices.${id}`, message: 'no choice' })),
        'Choose yes, no or abstain for every applicant before submitting',
      );
    }
    return { sheet: { actorId: actor.id, round, meetingExpertId: me!.id, idempotencyKey: input.idempotencyKey, choices: input.choices } };
  }
}

/** Multi-row INSERTs, a few hundred rows per statement. */
async function insertRows(t: Transaction, table: string, columns: string[], rows: unknown[][]) {
  for (let i = 0; i < rows.length; i += 400) {
    const chunk = rows.slice(i, i + 400);
    const one = `(${marks(columns.length)})`;
    await db().query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`, {
      replacements: chunk.flat(),
      transaction: t,
    });
  }
}

/**
 * Writes checked sheets in one transaction. It first takes a shared lock on each round's row (in
 * id order) and reads its status there: batches of the same round, from any node, share that lock
 * and write side by side, while a close takes the row exclusively and so waits for the batches in
 * flight and makes later ones find the round closed. A sheet is therefore counted before the close
 * or refused, never after. (Raising a counter on the round row instead made every batch of a round
 * wait for the one before it.) The foreign-key checks of the inserts take the same shared lock, so
 * nothing here ever asks for more than it holds. Sheets of a round that is no longer open are left
 * out and reported in `closed`. A unique-key violation (a copy of a sheet that another node wrote
 * meanwhile) aborts the whole transaction: the writer then retries sheet by sheet.
 */
export async function writeBallotSheets(sheets: CheckedSheet[], t: Transaction): Promise<{ written: CheckedSheet[]; closed: CheckedSheet[] }> {
  const byRound = new Map<number, CheckedSheet[]>();
  for (const s of sheets) byRound.set(s.round.id, [...(byRound.get(s.round.id) ?? []), s]);
  const ids = [...byRound.keys()].sort((a, b) => a - b);
  const share = db().getDialect() === 'sqlite' ? '' : ' LOCK IN SHARE MODE';
  const rows = await select<{ id: number; status: string }>(`SELECT id, status FROM vote_rounds WHERE id IN (${marks(ids.length)}) ORDER BY id${share}`, ids, t);
  const open = new Set(rows.filter((r) => r.status === 'open').map((r) => Number(r.id)));
  const written = sheets.filter((s) => open.has(s.round.id));
  const closed = sheets.filter((s) => !open.has(s.round.id));
  if (written.length) {
    const votedAt = new Date();
    await insertRows(t, 'round_voters', ['round_id', 'meeting_expert_id', 'idempotency_key', 'voted_at'], written.map((s) => [s.round.id, s.meetingExpertId, s.idempotencyKey, votedAt]));
    const withIds = shuffle(written.map((s) => ({ s, id: newSheetId() })));
    await insertRows(t, 'ballot_sheets', ['id', 'round_id'], withIds.map(({ s, id }) => [id, s.round.id]));
    await insertRows(t, 'ballots', ['sheet_id', 'meeting_applicant_id', 'choice'], withIds.flatMap(({ s, id }) => s.choices.map((c) => [id, c.meetingApplicantId, c.choice])));
    const named = withIds.filter(({ s }) => s.round.mode === 'named');
    if (named.length) await insertRows(t, 'named_sheet_voters', ['sheet_id', 'meeting_expert_id'], named.map(({ s, id }) => [id, s.meetingExpertId]));
  }
  return { written, closed };
}

/** How many have voted in each round (the voter rows are the count). */
export async function votedCounts(roundIds: number[], t?: Transaction): Promise<Map<number, number>> {
  if (roundIds.length === 0) return new Map();
  const rows = await select<{ round_id: number; n: number }>(
    `SELECT round_id, COUNT(*) AS n FROM round_voters WHERE round_id IN (${marks(roundIds.length)}) GROUP BY round_id`,
    roundIds,
    t,
  );
  const out = new Map(roundIds.map((id) => [id, 0]));
  for (const r of rows) out.set(Number(r.round_id), Number(r.n));
  return out;
}

/**
 * "Close when everyone has voted": after the batch holding the last sheets has committed and before
 * its voters are answered, so the last voter hears "accepted" once the round is closed and
 * tallied. Two nodes may both see the roll complete; the second finds the round closed.
 */
export async function closeIfComplete(rounds: RoundFacts[], actorId: number): Promise<void> {
  const wanted = rounds.filter((r) => r.closeWhenAllVoted);
  if (wanted.length === 0) return;
  const counts = await votedCounts(wanted.map((r) => r.id));
  for (const r of wanted) {
    if ((counts.get(r.id) ?? 0) < r.present) continue;
    await inTransaction(async (t) => {
      const round = await loadRoundForUpdate(r.id, t);
      if (round.status === 'open') await closeRoundLocked(actorId, round, t);
    });
  }
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
