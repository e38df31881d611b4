import crypto from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { io, type Socket } from 'socket.io-client';
import { api } from '../../helpers/api';
import { tokenFor } from '../../helpers/factories';
import { buildMeeting, reviewGroup, signIn, tokensFor, type BuiltMeeting } from '../../helpers/meeting';
import { BallotSheet, RoundVoter, VoteRound, db } from '../../../models';

/**
 * A vote storm as the real client produces it, for the fault tests: a committee of experts, each
 * with its own Socket.IO connection (websocket transport, socket.io-client's own reconnection, as
 * client/src/realtime/manager.ts), casting one sheet per round with an idempotency key made once
 * per sheet and resending it until it is answered; watchers that follow a room the way the client
 * does (sequence numbers; a gap or a reconnect means "read the REST snapshot").
 */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The client waits 8 s for an answer; shorter here so a test does not idle through a fault. */
const ACK_TIMEOUT_MS = 2000;
/** After "the database is unavailable", the client tries again a little later. */
const RETRY_AFTER_REFUSAL_MS = 300;

type AnySocket = Socket & { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<any> } };

function clientSocket(url: string, token: string): AnySocket {
  return io(url, {
    auth: (cb) => cb({ token }),
    transports: ['websocket'],
    reconnectionDelayMax: 10_000,
    forceNew: true,
  }) as AnySocket;
}

async function connected(socket: Socket, ms = 15_000) {
  if (socket.connected) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('connect', done);
      reject(new Error('socket did not (re)connect'));
    }, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    socket.once('connect', done);
  });
}

export interface Committee {
  m: BuiltMeeting;
  tokens: Map<number, string>;
  chairToken: string;
  staffToken: string;
  applicantIds: number[];
}

/** A running meeting with a committee of `members` experts, all signed in, scores confirmed. */
export async function prepareCommittee(baseUrl: string, members = 41): Promise<Committee> {
  const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 3, extraMembers: members - 3, options: { requireGroupVote: false } });
  const tokens = await tokensFor(m.accounts, baseUrl);
  const staffToken = await tokenFor(m.staff, baseUrl);
  await signIn(m, staffToken, m.experts, baseUrl);
  await reviewGroup(m, 0, tokens);
  return { m, tokens, chairToken: tokens.get(m.chair.account.id)!, staffToken, applicantIds: m.applicants.map((a) => a.id) };
}

export async function openRound(c: Committee, baseUrl: string): Promise<number> {
  const res = await api(c.chairToken, baseUrl).post(`/meetings/${c.m.meeting.id}/rounds`, { kind: 'committee', meetingApplicantIds: c.applicantIds });
  if (res.status !== 201) throw new Error(`round not opened: ${res.status} ${JSON.stringify(res.body)}`);
  if (res.body.present !== c.m.accounts.length) throw new Error(`expected ${c.m.accounts.length} present, got ${res.body.present}`);
  return res.body.id as number;
}

export async function closeRound(c: Committee, baseUrl: string, roundId: number) {
  const res = await api(c.chairToken, baseUrl).post(`/rounds/${roundId}/close`);
  if (res.status !== 200) throw new Error(`round not closed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface Answer {
  roundId: number;
  key: string;
  duplicate: boolean;
  /** When the sheet was first sent, and when it was accepted. */
  sentAt: number;
  at: number;
}

/** One expert's client: one socket, one sheet per round, resent with the same key until answered. */
export class Voter {
  readonly socket: AnySocket;
  readonly answers: Answer[] = [];
  /** Refusals by code (db_unavailable while the database is away). */
  readonly refusals = new Map<string, number>();
  sends = 0;
  timeouts = 0;
  disconnects = 0;
  reconnects = 0;
  /** Failed (re)connection attempts: "time message". */
  readonly connectErrors: string[] = [];
  /** When each (re)connection was made. */
  readonly connectedAt: number[] = [];
  /** Keys of sheets sent at least once and not yet answered. */
  readonly pending = new Map<number, string>();

  constructor(
    readonly index: number,
    url: string,
    token: string,
  ) {
    this.socket = clientSocket(url, token);
    this.socket.on('disconnect', () => (this.disconnects += 1));
    this.socket.on('connect', () => this.connectedAt.push(Date.now()));
    this.socket.on('connect_error', (e) => this.connectErrors.push(`${Date.now()} ${e.message}`));
    this.socket.io.on('reconnect', () => (this.reconnects += 1));
  }

  ready() {
    return connected(this.socket);
  }

  /** Casts this voter's sheet for a round and resolves with the accepting answer. */
  async cast(roundId: number, choices: Array<{ meetingApplicantId: number; choice: string }>, opts: { giveUpAt?: number } = {}): Promise<Answer> {
    const key = crypto.randomUUID();
    const sheet = { roundId, idempotencyKey: key, choices };
    this.pending.set(roundId, key);
    const sentAt = Date.now();
    const giveUpAt = opts.giveUpAt ?? sentAt + 60_000;
    for (;;) {
      if (Date.now() > giveUpAt) throw new Error(`voter ${this.index}: no answer for round ${roundId}`);
      await connected(this.socket, Math.max(1000, giveUpAt - Date.now()));
      let ack: { ok: boolean; data?: { duplicate: boolean }; error?: { code: string } };
      this.sends += 1;
      // socket.io keeps waiting for an acknowledgement across a disconnect; a client need not:
      // once the connection is gone the answer will never come, so resend after the reconnect.
      let onDisconnect!: () => void;
      const dropped = new Promise<never>((_, reject) => {
        onDisconnect = () => reject(new Error('disconnected'));
        this.socket.once('disconnect', onDisconnect);
      });
      try {
        ack = await Promise.race([this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('ballot:submit', sheet), dropped]);
      } catch {
        this.timeouts += 1;
        continue; // no answer (the node died, the connection dropped): same sheet, same key, again
      } finally {
        this.socket.off('disconnect', onDisconnect);
        dropped.catch(() => undefined);
      }
      if (ack.ok) {
        const a = { roundId, key, duplicate: ack.data!.duplicate, sentAt, at: Date.now() };
        this.answers.push(a);
        this.pending.delete(roundId);
        return a;
      }
      const code = ack.error!.code;
      this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
      if (code !== 'db_unavailable') throw new Error(`voter ${this.index}: refused with ${code}`);
      await sleep(RETRY_AFTER_REFUSAL_MS);
    }
  }

  close() {
    this.socket.close();
  }
}

/** Follows the watch room of a meeting like the client: counts from events, the snapshot after a gap or a reconnect. */
export class Watcher {
  readonly socket: AnySocket;
  readonly room: string;
  lastSeq: number | undefined;
  readonly voted = new Map<number, number>();
  readonly closed = new Map<number, number>();
  resyncs = 0;
  /** `room:seq` messages that made it refetch. */
  seqHints = 0;
  events = 0;
  reconnects = 0;
  private resyncing: Promise<void> | null = null;

  constructor(
    readonly name: string,
    url: string,
    private readonly token: string,
    private readonly meetingId: number,
    private readonly restUrl: string,
  ) {
    this.room = `watch:${meetingId}`;
    this.socket = clientSocket(url, token);
    this.socket.on('connect', () => void this.join());
    this.socket.io.on('reconnect', () => (this.reconnects += 1));
    this.socket.onAny((event: string, payload: { room?: string; seq?: number; data?: any }) => this.dispatch(event, payload));
  }

  ready() {
    return connected(this.socket);
  }

  private async join() {
    const ack = await this.socket
      .timeout(5000)
      .emitWithAck('room:join', { room: this.room })
      .catch(() => null);
    if (!ack?.ok) return;
    const before = this.lastSeq;
    this.lastSeq = Math.max(before ?? 0, ack.data.seq);
    // The room moved on while we were away (or this is the first join): read the snapshot.
    if (before === undefined || ack.data.seq > before) await this.resync();
  }

  private dispatch(event: string, p: { room?: string; seq?: number; data?: any }) {
    if (!p || p.room !== this.room || typeof p.seq !== 'number') return;
    if (this.lastSeq !== undefined && p.seq <= this.lastSeq) return;
    if (event === 'room:seq') {
      // The server says where the room is (after Redis was away): what we show may be stale.
      this.seqHints += 1;
      void this.resync();
      return;
    }
    const gap = this.lastSeq !== undefined && p.seq > this.lastSeq + 1;
    this.lastSeq = p.seq;
    this.events += 1;
    if (gap) {
      void this.resync();
      return;
    }
    if (event === 'round:progress') this.voted.set(p.data.roundId, Math.max(this.voted.get(p.data.roundId) ?? 0, p.data.voted));
    if (event === 'round:closed') {
      this.closed.set(p.data.roundId, p.data.voted);
      this.voted.set(p.data.roundId, p.data.voted);
    }
  }

  /** The REST snapshot the client reads; counts and sequence numbers from one transaction. */
  async resync(): Promise<void> {
    if (this.resyncing) return this.resyncing;
    this.resyncing = (async () => {
      this.resyncs += 1;
      for (let attempt = 0; attempt < 20; attempt++) {
        const snap = await api(this.token, this.restUrl)
          .get(`/meetings/${this.meetingId}/live`)
          .catch(() => null);
        if (snap?.status === 200) {
          for (const r of snap.body.rounds as Array<{ id: number; voted: number; status: string }>) {
            this.voted.set(r.id, Math.max(this.voted.get(r.id) ?? 0, r.voted));
            if (r.status !== 'open' && !this.closed.has(r.id)) this.closed.set(r.id, r.voted);
          }
          const seq = snap.body.seqs?.[this.room];
          if (typeof seq === 'number') this.lastSeq = Math.max(this.lastSeq ?? 0, seq);
          return;
        }
        await sleep(250);
      }
    })().finally(() => (this.resyncing = null));
    return this.resyncing;
  }

  close() {
    this.socket.close();
  }
}

export interface RoundRows {
  roundId: number;
  voted: number;
  voters: number;
  sheets: number;
  ballots: number;
  items: number;
  keys: string[];
}

/** What the database holds for rounds: the counter, voter rows, sheets, ballots. */
export async function roundRows(roundIds: number[]): Promise<RoundRows[]> {
  const out: RoundRows[] = [];
  for (const roundId of roundIds) {
    const round = await VoteRound.findByPk(roundId);
    const voters = await RoundVoter.findAll({ where: { roundId }, attributes: ['idempotencyKey'] });
    const sheets = await BallotSheet.findAll({ where: { roundId }, attributes: ['id'] });
    const [{ n }] = await db().query<{ n: number }>('SELECT COUNT(*) AS n FROM ballots b JOIN ballot_sheets s ON s.id = b.sheet_id WHERE s.round_id = ?', {
      replacements: [roundId],
      type: QueryTypes.SELECT,
    });
    const [{ items }] = await db().query<{ items: number }>('SELECT COUNT(*) AS items FROM round_items WHERE round_id = ?', { replacements: [roundId], type: QueryTypes.SELECT });
    // The voter rows are the count of an open round; the round's counter is written when it closes.
    out.push({ roundId, voted: round!.status === 'open' ? voters.length : Number(round!.voted), voters: voters.length, sheets: sheets.length, ballots: Number(n), items: Number(items), keys: voters.map((v) => v.idempotencyKey) });
  }
  return out;
}

export interface Tally {
  acked: number;
  stored: number;
  duplicatesAnswered: number;
  secondRows: number;
  lost: number;
  /** Stored but never acknowledged to anyone (must be 0 once every voter was answered). */
  unacknowledgedRows: number;
  halfWritten: number;
}

/**
 * Every acknowledged sheet stored exactly once: each accepted key has one voter row; voter rows,
 * sheets and the round's counter agree; each sheet has one ballot per applicant.
 */
export async function tally(voters: Voter[], roundIds: number[]): Promise<{ tally: Tally; rows: RoundRows[] }> {
  const rows = await roundRows(roundIds);
  const answers = voters.flatMap((v) => v.answers).filter((a) => roundIds.includes(a.roundId));
  const ackedKeys = new Set(answers.map((a) => `${a.roundId}|${a.key}`));
  const storedKeys = rows.flatMap((r) => r.keys.map((k) => `${r.roundId}|${k}`));
  const storedCount = new Map<string, number>();
  for (const k of storedKeys) storedCount.set(k, (storedCount.get(k) ?? 0) + 1);
  let lost = 0;
  let secondRows = 0;
  for (const k of ackedKeys) {
    const n = storedCount.get(k) ?? 0;
    if (n === 0) lost += 1;
    if (n > 1) secondRows += n - 1;
  }
  const halfWritten = rows.reduce((sum, r) => sum + Math.abs(r.voters - r.sheets) + Math.abs(r.voted - r.voters) + Math.abs(r.ballots - r.sheets * r.items), 0);
  return {
    rows,
    tally: {
      acked: ackedKeys.size,
      stored: storedKeys.length,
      duplicatesAnswered: answers.filter((a) => a.duplicate).length,
      secondRows,
      lost,
      unacknowledgedRows: storedKeys.filter((k) => !ackedKeys.has(k)).length,
      halfWritten,
    },
  };
}

/** Polls until `check` holds; resolves with the milliseconds it took, rejects after `ms`. */
export async function within(ms: number, what: string | (() => string | Promise<string>), check: () => boolean | Promise<boolean>, every = 25): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms: ${typeof what === 'string' ? what : await what()}`);
    await sleep(every);
  }
}

/** Choices for voter i: a fixed pattern, so tallies are predictable. */
export function choicesFor(c: Committee, i: number) {
  return c.applicantIds.map((id, k) => ({ meetingApplicantId: id, choice: (i + k) % 4 === 0 ? 'no' : 'yes' }));
}

export async function connectAll<T extends { ready(): Promise<void> }>(xs: T[]) {
  await Promise.all(xs.map((x) => x.ready()));
}

/** "p50 / max" of how long sheets waited for their answer, for the printed summary. */
export function latency(answers: Answer[]): string {
  const ms = answers.map((a) => a.at - a.sentAt).sort((x, y) => x - y);
  if (!ms.length) return 'none';
  return `p50 ${ms[Math.floor(ms.length / 2)]} ms, max ${ms[ms.length - 1]} ms`;
}
