import type { Redis } from 'ioredis';
import { currentSeqs } from '../server/announce';
import { db } from '../models';
import { log } from '../server/logger';
import type { IO } from './handle';

/**
 * While Redis is away, announcements reach only the announcing node's own clients. A client on
 * another node notices a missed event by the gap in sequence numbers, but only when a later event
 * arrives; if the room goes quiet (the last ballot of a round was cast during the outage) it would
 * show a stale count until something else happens.
 *
 * So when one of a node's Redis connections is back, every node tells its own clients each of
 * their rooms' current sequence number (`room:seq`); a client that has seen less refetches. The
 * node whose connection returned asks the others (a server-side event) because their subscriber
 * may have come back before its publisher did, and events it failed to publish in between were
 * missed there too. A second pass a second later covers announcements that were in flight (queued
 * in ioredis) while the first one read the counters.
 */
export function watchRedisReturn(io: IO, connections: Redis[]) {
  const timers = new Set<NodeJS.Timeout>();
  let pending: Promise<void> | null = null;

  const tellLocalRooms = () => {
    pending ??= tellRoomSeqs(io)
      .catch((e: Error) => log.warn({ err: e.message }, 'room sequence numbers not sent after Redis returned'))
      .finally(() => (pending = null));
    return pending;
  };
  const later = (ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      void tellLocalRooms();
    }, ms);
    t.unref?.();
    timers.add(t);
  };

  for (const c of connections) {
    let lost = false;
    c.on('close', () => (lost = true));
    c.on('ready', () => {
      if (!lost) return;
      lost = false;
      log.info('redis is back: clients are told their rooms’ sequence numbers');
      io.serverSideEmit('rooms:check');
      void tellLocalRooms();
      later(1000);
    });
  }
  io.on('rooms:check', () => {
    void tellLocalRooms();
    later(1000);
  });

  return () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };
}

/** Sends each room this node's sockets are in its current sequence number, to this node's members only. */
export async function tellRoomSeqs(io: IO) {
  const adapter = io.of('/').adapter;
  const names = [...adapter.rooms.keys()].filter((r) => !adapter.sids.has(r));
  for (let i = 0; i < names.length; i += 500) {
    const seqs = await currentSeqs(db(), names.slice(i, i + 500));
    for (const [room, seq] of Object.entries(seqs)) if (seq > 0) io.local.to(room).emit('room:seq', { room, seq });
  }
}
