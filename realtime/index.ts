import type http from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from './events';
import { onEvent, toAckError, type InterServerEvents, type IO, type SocketData, type ZSocket } from './handle';
import { watchRedisReturn } from './redisReturn';
import { mayJoin } from './access';
import { rooms } from './rooms';
import { onAnnouncement, currentSeqs } from '../server/announce';
import { onSessionsRevoked } from '../server/sessions';
import { authenticateToken } from '../server/http/authenticate';
import { verifyAccessToken } from '../server/auth/tokens';
import { forbidden, AppError } from '../server/errors';
import { db } from '../models';
import { log } from '../server/logger';

export interface RealtimeOptions {
  redisUrl?: string;
  redisPrefix: string;
  /** Other areas' socket handlers (declarations, meetings, …), attached to every socket. */
  handlers?: Array<(io: IO, socket: ZSocket) => void>;
}

export interface Realtime {
  io: IO;
  redis: Redis | null;
  redisHealth(): Promise<{ ok: boolean; mode: 'redis' | 'in-process'; error?: string }>;
  close(): Promise<void>;
}

function armExpiry(socket: ZSocket) {
  clearTimeout(socket.data.expiryTimer);
  const ms = Math.max(0, socket.data.expiresAt * 1000 - Date.now());
  // Handshake middleware runs once; a socket must not outlive its token.
  socket.data.expiryTimer = setTimeout(() => {
    socket.emit('session:ended', { reason: 'expired' });
    socket.disconnect(true);
  }, Math.min(ms, 2 ** 31 - 1));
}

export async function attachRealtime(server: http.Server, opts: RealtimeOptions): Promise<Realtime> {
  const io: IO = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(server, {
    serveClient: false,
    cors: { origin: false },
    maxHttpBufferSize: 1e6,
    // Otherwise engine.io destroys every upgrade that is not its own after 1 s, including the Yjs
    // endpoint /collab/ served from the same HTTP server (realtime/collab/server.ts).
    destroyUpgrade: false,
  });

  let pub: Redis | null = null;
  let sub: Redis | null = null;
  let stopWatching = () => undefined as void;
  if (opts.redisUrl) {
    // The adapter is tested with ioredis 5.x; it only carries announcements, never state.
    pub = new Redis(opts.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    sub = pub.duplicate();
    pub.on('error', (e) => log.warn({ err: e.message }, 'redis (pub) error'));
    sub.on('error', (e) => log.warn({ err: e.message }, 'redis (sub) error'));
    await Promise.all([pub.connect(), sub.connect()]);
    // The adapter publishes without awaiting: while Redis is down each broadcast would become an
    // unhandled rejection (which ends a Node process). Local clients still get it; the other nodes'
    // clients resync from the database when they see the gap in sequence numbers.
    const publish = pub.publish.bind(pub) as (...a: unknown[]) => Promise<number>;
    (pub as unknown as { publish: (...a: unknown[]) => Promise<number> }).publish = (...a: unknown[]) =>
      publish(...a).catch((e: Error) => {
        log.warn({ err: e.message }, 'redis publish failed; other nodes will resync');
        return 0;
      });
    io.adapter(createAdapter(pub, sub, { key: `${opts.redisPrefix}:socket.io` }));
    stopWatching = watchRedisReturn(io, [pub, sub]);
  }

  io.use(async (socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown })?.token;
      if (typeof token !== 'string') throw new AppError(401, 'unauthenticated', 'Sign in first');
      const { actor, claims } = await authenticateToken(token);
      socket.data.actor = actor;
      socket.data.token = token;
      socket.data.tokenVersion = claims.tv;
      socket.data.expiresAt = claims.exp;
      next();
    } catch (e) {
      // The client reads the message: an auth code makes it refresh its token; db_unavailable not.
      const data = toAckError(e);
      const err = new Error(e instanceof AppError || data.code === 'db_unavailable' ? data.code : 'unauthenticated') as Error & { data?: unknown };
      err.data = data;
      next(err);
    }
  });

  io.on('connection', (socket) => {
    const { actor } = socket.data;
    armExpiry(socket);
    void socket.join(rooms.user(actor.id));
    if (!actor.mustChangePassword) void socket.join(rooms.org(actor.orgId));
    socket.on('disconnect', () => clearTimeout(socket.data.expiryTimer));

    onEvent(io, socket, 'session:rooms', {
      needs: 'signedIn',
      schema: z.object({}).strict(),
      async handler({ socket: s }) {
        const names = [...s.rooms].filter((r) => r !== s.id);
        return currentSeqs(db(), names);
      },
    });

    onEvent(io, socket, 'session:renew', {
      needs: 'signedIn',
      schema: z.object({ token: z.string().min(10).max(4000) }).strict(),
      async handler({ socket: s, data, actor: a }) {
        const claims = await verifyAccessToken(data.token);
        if (Number(claims.sub) !== a.id) throw forbidden('token_other_account', 'That token is for another account');
        const { actor: renewed } = await authenticateToken(data.token);
        s.data.actor = renewed;
        s.data.token = data.token;
        s.data.tokenVersion = claims.tv;
        s.data.expiresAt = claims.exp;
        armExpiry(s);
        return { expiresAt: claims.exp };
      },
    });

    onEvent(io, socket, 'room:join', {
      needs: 'signedIn',
      schema: z.object({ room: z.string().min(3).max(120) }).strict(),
      async handler({ socket: s, actor: a, data }) {
        if (!(await mayJoin(a, data.room))) throw forbidden('room_forbidden', 'You may not join this room');
        await s.join(data.room);
        const seqs = await currentSeqs(db(), [data.room]);
        return { room: data.room, seq: seqs[data.room] };
      },
    });

    onEvent(io, socket, 'room:leave', {
      needs: 'signedIn',
      schema: z.object({ room: z.string().min(3).max(120) }).strict(),
      async handler({ socket: s, data }) {
        if (data.room !== rooms.user(s.data.actor.id)) await s.leave(data.room);
        return null;
      },
    });

    for (const attach of opts.handlers ?? []) attach(io, socket);
  });

  // After commit only: the database has decided, now everyone in the room hears it, on every node.
  const offAnnouncement = onAnnouncement((a) => {
    io.to(a.room).emit(a.event as 'org:changed', { room: a.room, seq: a.seq, at: a.at, data: a.data as never });
  });
  const offRevoked = onSessionsRevoked((accountId) => {
    io.in(rooms.user(accountId)).emit('session:ended', { reason: 'revoked' });
    io.in(rooms.user(accountId)).disconnectSockets(true);
  });

  let closing: Promise<void> | null = null;
  return {
    io,
    redis: pub,
    async redisHealth() {
      if (!pub) return { ok: true, mode: 'in-process' as const };
      try {
        await pub.ping();
        return { ok: true, mode: 'redis' as const };
      } catch (e) {
        return { ok: false, mode: 'redis' as const, error: (e as Error).message };
      }
    },
    close() {
      // Once: a second call (a shutdown after the benchmark closed it early) waits for the first.
      closing ??= (async () => {
        offAnnouncement();
        offRevoked();
        stopWatching();
        // No disconnect packet: a client told "io server disconnect" does not reconnect by itself,
        // while one whose transport closes reconnects (to another node behind the balancer).
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await Promise.all([pub?.quit().catch(() => undefined), sub?.quit().catch(() => undefined)]);
      })();
      return closing;
    },
  };
}
