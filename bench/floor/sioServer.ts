/**
 * One node of the bare two-node Socket.IO floor, a process of its own: no auth, no database, the
 * product's Redis adapter (@socket.io/redis-adapter over ioredis, the classic pub/sub adapter as in
 * realtime/index.ts). A client joins room `r<N>` by `?room=N` in its handshake; `run` emits to the
 * rooms this node is given with io.to(room).emit, so the other node's members get it through Redis.
 */
import http from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { serveWorker, wallMs } from '../lib/proc';
import { broadcastSchedule } from './common';

let httpServer: http.Server | null = null;
let io: Server | null = null;
let pub: Redis | null = null;
let sub: Redis | null = null;

serveWorker({
  async start({ redisUrl, key }: { redisUrl: string; key: string }) {
    httpServer = http.createServer();
    io = new Server(httpServer, { serveClient: false, cors: { origin: false }, maxHttpBufferSize: 1e6 });
    pub = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub, { key }));
    io.on('connection', (socket) => {
      void socket.join(`r${Number(socket.handshake.query.room)}`);
    });
    await new Promise<void>((r) => httpServer!.listen(0, '127.0.0.1', () => r()));
    const addr = httpServer.address();
    return { port: typeof addr === 'object' && addr ? addr.port : 0 };
  },
  connected: () => io?.engine.clientsCount ?? 0,
  async run({ roomIds, totalRooms, rate, durationMs, payload, roomSize }: { roomIds: number[]; totalRooms: number; rate: number; durationMs: number; payload: object; roomSize: number }) {
    const r = await broadcastSchedule(roomIds, totalRooms, rate, durationMs, (room, seq, due) => {
      io!.to(`r${room}`).emit('floor', { ...payload, room, seq, due, t: wallMs() });
    });
    // Deliveries this node's broadcasts should make across both nodes.
    return { ...r, messages: r.broadcasts * roomSize };
  },
  async stop() {
    io?.disconnectSockets(true);
    await new Promise<void>((r) => (io ? io.close(() => r()) : r()));
    pub?.disconnect();
    sub?.disconnect();
    return true;
  },
});
