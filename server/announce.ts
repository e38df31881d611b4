import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { db } from '../models';
import type { RoomEventData, RoomEventName } from '../realtime/events';

/**
 * Announcements are written inside the transaction that makes the change (taking the room's next
 * sequence number and appending to the room's event log) and handed to the realtime layer only
 * after commit, so nobody hears of a change the database rolled back.
 */
export interface Announcement<E extends RoomEventName = RoomEventName> {
  room: string;
  event: E;
  seq: number;
  at: string;
  data: RoomEventData<E>;
}

export interface Pending<E extends RoomEventName = RoomEventName> {
  room: string;
  event: E;
  data: RoomEventData<E>;
}

type Listener = (a: Announcement) => void;
const listeners = new Set<Listener>();

export function onAnnouncement(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Events that are derived from rows which are themselves the record (a round's count is its voter
 * rows): they take a sequence number like every room event, but are not copied into the event log,
 * which would otherwise grow by a row per room per coalescing tick.
 */
const UNLOGGED: ReadonlySet<RoomEventName> = new Set<RoomEventName>(['round:progress']);

/**
 * Takes a sequence number for each entry of `roomList` (a room listed twice gets two, in order) in
 * one statement. The upsert holds each counter row's lock until commit, so the read after it is
 * this transaction's own, and on MariaDB the transaction's snapshot starts only there: whatever it
 * reads next was committed before these numbers were taken. Rooms are locked in sorted order so two
 * transactions announcing in overlapping rooms cannot deadlock on the counters.
 */
export async function reserveSeqs(t: Transaction, roomList: string[]): Promise<number[]> {
  if (roomList.length === 0) return [];
  const counts = new Map<string, number>();
  for (const r of roomList) counts.set(r, (counts.get(r) ?? 0) + 1);
  const s = db();
  const roomNames = [...counts.keys()].sort();
  const values = roomNames.map(() => '(?, ?)').join(', ');
  const params = roomNames.flatMap((r) => [r, counts.get(r)!]);
  const upsert =
    s.getDialect() === 'sqlite'
      ? `INSERT INTO room_counters (room, seq) VALUES ${values} ON CONFLICT(room) DO UPDATE SET seq = seq + excluded.seq`
      : `INSERT INTO room_counters (room, seq) VALUES ${values} ON DUPLICATE KEY UPDATE seq = seq + VALUES(seq)`;
  await s.query(upsert, { replacements: params, transaction: t });
  const rows = await s.query<{ room: string; seq: number }>(
    `SELECT room, seq FROM room_counters WHERE room IN (${roomNames.map(() => '?').join(',')})`,
    { replacements: roomNames, type: QueryTypes.SELECT, transaction: t },
  );
  const last = new Map(rows.map((r) => [r.room, Number(r.seq)]));
  // The k-th of n entries of a room gets last - n + k.
  const given = new Map<string, number>();
  return roomList.map((r) => {
    const k = (given.get(r) ?? 0) + 1;
    given.set(r, k);
    return last.get(r)! - counts.get(r)! + k;
  });
}

/** Logs events whose numbers `reserveSeqs` took and hands them to the realtime layer after commit. */
export async function publishReserved(t: Transaction, seqs: number[], pending: Pending[], at = new Date()): Promise<Announcement[]> {
  const out = pending.map((p, i) => ({ room: p.room, event: p.event, seq: seqs[i], at: at.toISOString(), data: p.data }) as Announcement);
  const logged = out.filter((a) => !UNLOGGED.has(a.event));
  for (let i = 0; i < logged.length; i += 500) {
    const chunk = logged.slice(i, i + 500);
    await db().query(`INSERT INTO room_events (room, seq, name, payload, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, {
      replacements: chunk.flatMap((a) => [a.room, a.seq, a.event, JSON.stringify(a.data), at]),
      transaction: t,
    });
  }
  t.afterCommit(() => {
    for (const a of out) for (const l of listeners) l(a);
  });
  return out;
}

/** Announces several events at once (the same event in a round's three rooms, a batch of statuses). */
export async function announceAll(t: Transaction, pending: Pending[]): Promise<Announcement[]> {
  if (pending.length === 0) return [];
  const seqs = await reserveSeqs(t, pending.map((p) => p.room));
  return publishReserved(t, seqs, pending);
}

export async function announce<E extends RoomEventName>(
  t: Transaction,
  room: string,
  event: E,
  data: RoomEventData<E>,
): Promise<number> {
  const [a] = await announceAll(t, [{ room, event, data } as Pending]);
  return a.seq;
}

/** The rooms' current sequence numbers (0 for a room that never had an event). */
export async function currentSeqs(sequelize: Sequelize, roomNames: string[], t?: Transaction) {
  const out: Record<string, number> = Object.fromEntries(roomNames.map((r) => [r, 0]));
  if (roomNames.length === 0) return out;
  const rows = await sequelize.query<{ room: string; seq: number }>(
    `SELECT room, seq FROM room_counters WHERE room IN (${roomNames.map(() => '?').join(',')})`,
    { replacements: roomNames, type: QueryTypes.SELECT, transaction: t },
  );
  for (const r of rows) out[r.room] = Number(r.seq);
  return out;
}
