/**
 * What the floor benchmarks share: the broadcast schedule (open loop, by the clock), latency
 * arrays packed for IPC, and the client side driven from worker processes.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpuMeter, sleep, spawnWorker, stats, wallMs, type Worker } from '../lib/proc';

export const floorDir = path.dirname(fileURLToPath(import.meta.url));

/** The parameters every room-broadcast floor takes. */
export interface FloorParams {
  rooms: number;
  roomSize: number;
  broadcastsPerSecPerRoom: number;
  durationMs: number;
  /** The body broadcast to each room (a send timestamp `t`, `room` and `seq` are added). */
  payload: object;
  clientWorkers: number;
}

/** Latencies as a base64 Float32Array: a million of them cross IPC as 5 MB instead of 20. */
export function packFloats(xs: ArrayLike<number>): string {
  const a = Float32Array.from(xs as ArrayLike<number>);
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export function unpackFloats(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return new Float32Array(copy.buffer);
}

export const isMain = (url: string) => Boolean(process.argv[1]) && url === pathToFileURL(path.resolve(process.argv[1])).href;

/**
 * Calls `send(room, seq)` for every room at `rate` per second for `durationMs`, each room's ticks
 * offset evenly within the interval so rooms do not fire together. Open loop: tick k of a room is
 * due at start + offset + k / rate whatever happened before; how late ticks ran is reported.
 */
export async function broadcastSchedule(roomIds: number[], totalRooms: number, rate: number, durationMs: number, send: (room: number, seq: number, due: number) => void) {
  const interval = 1000 / rate;
  const start = wallMs() + 50;
  const lag: number[] = [];
  let broadcasts = 0;
  await Promise.all(
    roomIds.map(
      (room) =>
        new Promise<void>((resolve) => {
          const offset = ((room % totalRooms) / totalRooms) * interval;
          let k = 0;
          const tick = () => {
            const due = start + offset + k * interval;
            if (due - start >= durationMs) return resolve();
            const wait = due - wallMs();
            if (wait > 0.5) {
              setTimeout(tick, wait);
              return;
            }
            lag.push(Math.max(0, -wait));
            send(room, k, due);
            broadcasts += 1;
            k += 1;
            setImmediate(tick);
          };
          tick();
        }),
    ),
  );
  return { broadcasts, scheduleLagMs: stats(lag), elapsedMs: wallMs() - start };
}

export interface ClientSpec {
  url: string;
  room: number;
  /** Latencies are also reported per tag (0 by default). */
  tag?: number;
}

export interface Latencies {
  /** Every delivery: receive time minus the server's send time. */
  all: Float32Array;
  /** The same deliveries timed from when the schedule said the broadcast was due. */
  fromDue: Float32Array;
  tags: Uint8Array;
}

export interface FloorClients {
  workers: Worker[];
  received(): Promise<number>;
  /** Clears what was recorded so far (connection-time traffic). */
  reset(): Promise<void>;
  latencies(): Promise<Latencies>;
  close(): Promise<void>;
}

/** Opens `specs` clients of `kind` spread round-robin over `workerCount` worker processes. */
export async function openClients(kind: 'ws' | 'sio', specs: ClientSpec[], workerCount: number, log: (m: string) => void = () => {}): Promise<FloorClients> {
  const workers = Array.from({ length: Math.max(1, workerCount) }, () => spawnWorker(path.join(floorDir, 'clientWorker.ts')));
  const parts: ClientSpec[][] = workers.map(() => []);
  specs.forEach((s, i) => parts[i % workers.length].push(s));
  const t0 = wallMs();
  await Promise.all(workers.map((w, i) => w.request('connect', { kind, clients: parts[i] }, 300_000)));
  log(`${specs.length} ${kind} clients connected from ${workers.length} workers in ${Math.round(wallMs() - t0)} ms`);
  return {
    workers,
    async received() {
      const counts = await Promise.all(workers.map((w) => w.request<number>('received')));
      return counts.reduce((a, b) => a + b, 0);
    },
    async reset() {
      await Promise.all(workers.map((w) => w.request('reset')));
    },
    async latencies() {
      const parts = await Promise.all(workers.map((w) => w.request<{ lat: string; fromDue: string; tags: string }>('latencies', undefined, 120_000)));
      const arrays = parts.map((x) => unpackFloats(x.lat));
      const dueArrays = parts.map((x) => unpackFloats(x.fromDue));
      const tagArrays = parts.map((x) => Buffer.from(x.tags, 'base64'));
      const all = new Float32Array(arrays.reduce((a, x) => a + x.length, 0));
      const fromDue = new Float32Array(all.length);
      const tags = new Uint8Array(all.length);
      let at = 0;
      arrays.forEach((a, i) => {
        all.set(a, at);
        fromDue.set(dueArrays[i], at);
        tags.set(tagArrays[i], at);
        at += a.length;
      });
      return { all, fromDue, tags };
    },
    async close() {
      await Promise.all(workers.map((w) => w.request('close').catch(() => undefined)));
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

/** Waits until `expected` deliveries have arrived, or `ms` more passed without all of them. */
export async function drain(clients: FloorClients, expected: number, ms = 5000): Promise<number> {
  const until = wallMs() + ms;
  let got = await clients.received();
  while (got < expected && wallMs() < until) {
    await sleep(100);
    got = await clients.received();
  }
  return got;
}

/** Latency stats of the deliveries with each tag: `{ [name]: { count, p50, p99, max } }`. */
export function byTag(lat: Latencies, names: Record<number, string>) {
  const out: Record<string, { count: number; p50: number; p99: number; max: number }> = {};
  for (const [tag, name] of Object.entries(names)) {
    const xs: number[] = [];
    for (let i = 0; i < lat.all.length; i++) if (lat.tags[i] === Number(tag)) xs.push(lat.all[i]);
    const s = stats(xs);
    out[name] = { count: s.count, p50: s.p50, p99: s.p99, max: s.max };
  }
  return out;
}

/** The figures of one floor run, from the latencies and the counts. */
export function floorFigures(
  l: Latencies,
  o: { expected: number; durationMs: number; cpu: Record<string, number>; machine: { busyCores: number; cores: number }; payloadBytes: number; clients: number; broadcasts: number; connectMs: number; scheduleLagMs: unknown },
) {
  const s = stats(l.all);
  const due = stats(l.fromDue);
  const cpuTotal = Math.round(Object.values(o.cpu).reduce((a, b) => a + b, 0) * 100) / 100;
  return {
    p50: s.p50,
    p90: s.p90,
    p99: s.p99,
    max: s.max,
    mean: s.mean,
    /** Open loop: timed from when each broadcast was due (adds the server falling behind its schedule). */
    fromDue: { p50: due.p50, p99: due.p99, max: due.max },
    deliveries: s.count,
    expectedDeliveries: o.expected,
    lost: Math.max(0, o.expected - s.count),
    deliveriesPerSec: Math.round((s.count / o.durationMs) * 1000),
    broadcasts: o.broadcasts,
    clients: o.clients,
    payloadBytes: o.payloadBytes,
    connectMs: Math.round(o.connectMs),
    scheduleLagMs: o.scheduleLagMs,
    cpu: o.cpu,
    cpuTotal,
    /** Busy cores of the whole machine over the phase (ours and anything else running). */
    machineBusyCores: o.machine.busyCores,
    machineCores: o.machine.cores,
  };
}

export { cpuMeter };
