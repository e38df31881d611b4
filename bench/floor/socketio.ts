/**
 * Floor 2: two bare Socket.IO server processes joined by @socket.io/redis-adapter over ioredis
 * (the product's versions and adapter mode), no auth and no database. Each room's members are
 * split over both nodes; each room's broadcasts are emitted on one node (even rooms on the first,
 * odd on the second), so half of every room's deliveries cross Redis. Clients live in
 * `clientWorkers` worker processes (socket.io-client over WebSocket, as the product's client).
 *
 * `npx tsx bench/floor/socketio.ts` runs it alone with small parameters (FLOOR_ROOMS,
 * FLOOR_ROOM_SIZE, FLOOR_RATE, FLOOR_SECONDS, FLOOR_WORKERS, REDIS_URL override them).
 */
import path from 'node:path';
import { machineMeter, pidOf, sleep, spawnWorker, wallMs } from '../lib/proc';
import { byTag, cpuMeter, drain, floorDir, floorFigures, isMain, openClients, type FloorParams } from './common';

export async function socketIoFloor(p: FloorParams & { redisUrl: string; log?: (m: string) => void }) {
  const log = p.log ?? (() => {});
  const nodes = [spawnWorker(path.join(floorDir, 'sioServer.ts')), spawnWorker(path.join(floorDir, 'sioServer.ts'))];
  let clients: Awaited<ReturnType<typeof openClients>> | null = null;
  const key = `floor-${process.pid}-${Date.now()}:socket.io`;
  try {
    const ports = await Promise.all(nodes.map((n) => n.request<{ port: number }>('start', { redisUrl: p.redisUrl, key }).then((r) => r.port)));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const specs = [];
    for (let r = 0; r < p.rooms; r++) for (let m = 0; m < p.roomSize; m++) specs.push({ url: urls[(r + m) % 2], room: r, tag: (r + m) % 2 === r % 2 ? 0 : 1 });
    const c0 = wallMs();
    clients = await openClients('sio', specs, p.clientWorkers, log);
    const connectMs = wallMs() - c0;
    const connected = (await Promise.all(nodes.map((n) => n.request<number>('connected')))).reduce((a, b) => a + b, 0);
    if (connected !== specs.length) throw new Error(`socket.io floor: servers see ${connected} of ${specs.length} clients`);
    await sleep(300);
    await clients.reset();

    const redisPid = pidOf('redis-server');
    const box = machineMeter();
    const meter = cpuMeter({
      server1: nodes[0].pid,
      server2: nodes[1].pid,
      redis: redisPid,
      ...Object.fromEntries(clients.workers.map((w, i) => [`worker${i + 1}`, w.pid])),
    });
    const runs = await Promise.all(
      nodes.map((n, i) =>
        n.request<{ broadcasts: number; messages: number; scheduleLagMs: unknown }>('run', {
          roomIds: Array.from({ length: p.rooms }, (_, r) => r).filter((r) => r % 2 === i),
          totalRooms: p.rooms,
          rate: p.broadcastsPerSecPerRoom,
          durationMs: p.durationMs,
          payload: p.payload,
          roomSize: p.roomSize,
        }),
      ),
    );
    const expected = runs.reduce((a, r) => a + r.messages, 0);
    await drain(clients, expected);
    const cpu = meter.stop();
    const machine = box.stop();
    const lat = await clients.latencies();
    return {
      kind: 'socket.io+redis' as const,
      params: { rooms: p.rooms, roomSize: p.roomSize, broadcastsPerSecPerRoom: p.broadcastsPerSecPerRoom, durationMs: p.durationMs, clientWorkers: p.clientWorkers, nodes: 2, adapter: '@socket.io/redis-adapter (classic pub/sub), ioredis' },
      ...floorFigures(lat, {
        expected,
        durationMs: p.durationMs,
        cpu,
        machine,
        payloadBytes: Buffer.byteLength(JSON.stringify({ ...p.payload, room: 0, seq: 0, due: wallMs(), t: wallMs() })),
        clients: specs.length,
        broadcasts: runs.reduce((a, r) => a + r.broadcasts, 0),
        connectMs,
        scheduleLagMs: runs.map((r) => r.scheduleLagMs),
      }),
      // Members on the emitting node, and members on the other node (their copy went through Redis).
      byPath: byTag(lat, { 0: 'sameNode', 1: 'crossRedis' }),
    };
  } finally {
    await clients?.close();
    await Promise.all(nodes.map((n) => n.request('stop', undefined, 5000).catch(() => undefined)));
    await Promise.all(nodes.map((n) => n.stop()));
  }
}

if (isMain(import.meta.url)) {
  const env = (k: string, d: number) => Number(process.env[k] ?? d);
  const figures = await socketIoFloor({
    rooms: env('FLOOR_ROOMS', 20),
    roomSize: env('FLOOR_ROOM_SIZE', 40),
    broadcastsPerSecPerRoom: env('FLOOR_RATE', 5),
    durationMs: env('FLOOR_SECONDS', 5) * 1000,
    clientWorkers: env('FLOOR_WORKERS', 2),
    payload: { type: 'round:progress', roundId: 1, voted: 17, present: 35, members: 35 },
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    log: (m) => process.stdout.write(`${m}\n`),
  });
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}
