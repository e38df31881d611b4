/**
 * Floor 1: a bare `ws` server (its own process) with rooms, broadcasting the payload to each room
 * at a fixed rate; clients in `clientWorkers` worker processes record delivery latency. No
 * Socket.IO, no Redis, no database: what one Node process can fan out on this machine.
 *
 * `npx tsx bench/floor/ws.ts` runs it alone with small parameters (FLOOR_ROOMS, FLOOR_ROOM_SIZE,
 * FLOOR_RATE, FLOOR_SECONDS, FLOOR_WORKERS override them) and prints the figures.
 */
import path from 'node:path';
import { machineMeter, sleep, spawnWorker, wallMs } from '../lib/proc';
import { cpuMeter, drain, floorDir, floorFigures, isMain, openClients, type FloorParams } from './common';

export async function wsFloor(p: FloorParams & { log?: (m: string) => void }) {
  const log = p.log ?? (() => {});
  const server = spawnWorker(path.join(floorDir, 'wsServer.ts'));
  let clients: Awaited<ReturnType<typeof openClients>> | null = null;
  try {
    const { port } = await server.request<{ port: number }>('start');
    const url = `ws://127.0.0.1:${port}`;
    const specs = [];
    for (let r = 0; r < p.rooms; r++) for (let m = 0; m < p.roomSize; m++) specs.push({ url, room: r });
    const c0 = wallMs();
    clients = await openClients('ws', specs, p.clientWorkers, log);
    const connectMs = wallMs() - c0;
    const connected = await server.request<number>('connected');
    if (connected !== specs.length) throw new Error(`ws floor: server sees ${connected} of ${specs.length} clients`);
    await sleep(200);
    await clients.reset();

    const box = machineMeter();
    const meter = cpuMeter({ server: server.pid, ...Object.fromEntries(clients.workers.map((w, i) => [`worker${i + 1}`, w.pid])) });
    const run = await server.request<{ broadcasts: number; messages: number; scheduleLagMs: unknown }>('run', {
      roomIds: Array.from({ length: p.rooms }, (_, i) => i),
      totalRooms: p.rooms,
      rate: p.broadcastsPerSecPerRoom,
      durationMs: p.durationMs,
      payload: p.payload,
    });
    await drain(clients, run.messages);
    const cpu = meter.stop();
    const machine = box.stop();
    const lat = await clients.latencies();
    return {
      kind: 'ws' as const,
      params: { rooms: p.rooms, roomSize: p.roomSize, broadcastsPerSecPerRoom: p.broadcastsPerSecPerRoom, durationMs: p.durationMs, clientWorkers: p.clientWorkers },
      ...floorFigures(lat, {
        expected: run.messages,
        durationMs: p.durationMs,
        cpu,
        machine,
        payloadBytes: Buffer.byteLength(JSON.stringify({ ...p.payload, room: 0, seq: 0, due: wallMs(), t: wallMs() })),
        clients: specs.length,
        broadcasts: run.broadcasts,
        connectMs,
        scheduleLagMs: run.scheduleLagMs,
      }),
    };
  } finally {
    await clients?.close();
    await server.request('stop', undefined, 5000).catch(() => undefined);
    await server.stop();
  }
}

if (isMain(import.meta.url)) {
  const env = (k: string, d: number) => Number(process.env[k] ?? d);
  const figures = await wsFloor({
    rooms: env('FLOOR_ROOMS', 20),
    roomSize: env('FLOOR_ROOM_SIZE', 40),
    broadcastsPerSecPerRoom: env('FLOOR_RATE', 5),
    durationMs: env('FLOOR_SECONDS', 5) * 1000,
    clientWorkers: env('FLOOR_WORKERS', 2),
    payload: { type: 'round:progress', roundId: 1, voted: 17, present: 35, members: 35 },
    log: (m) => process.stdout.write(`${m}\n`),
  });
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}
