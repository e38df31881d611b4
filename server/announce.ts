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

type Listener = (a: Announcement) => void;
const listeners = new Set<Listener>();

export function onAnnouncement(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function nextSeq(t: Transaction, room: string): Promise<number> {
  const s = db();
  const upsert =
    s.getDialect() === 'sqlite'
      ? 'INSERT INTO room_counters (room, seq) VALUES (?, 1) ON CONFLICT(room) DO UPDATE SET seq = seq + 1'
      : 'INSERT INTO room_counters (room, seq) VALUES (?, 1) ON DUPLICATE KEY UPDATE seq = seq + 1';
  // The upsert holds the counter row's lock until commit, so the read below is this transaction's.
  await s.query(upsert, { replacements: [room], transaction: t });
  const rows = await s.query<{ seq: number }>('SELECT seq FROM room_counters WHERE room = ?', {
    replacements: [room],
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return Number(rows[0].seq);
}

export async function announce<E extends RoomEventName>(
  t: Transaction,
  room: string,
  event: E,
  data: RoomEventData<E>,
): Promise<number> {
  const seq = await nextSeq(t, room);
  const at = new Date();
  await db().query('INSERT INTO room_events (room, seq, name, payload, created_at) VALUES (?, ?, ?, ?, ?)', {
    replacements: [room, seq, event, JSON.stringify(data), at],
    transaction: t,
  });
  const a = { room, event, seq, at: at.toISOString(), data } as Announcement;
  t.afterCommit(() => {
    for (const l of listeners) l(a);
  });
  return seq;
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
