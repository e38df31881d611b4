/**
 * The reviewer-queue load generator, a worker process of its own: fires requests at a fixed rate
 * (open loop: request i is due at start + i / rate and goes out then whatever happened to the
 * earlier ones), either HTTP GETs against the servers or the same SQL through mysql2. Latency is
 * timed from when the request was due, so a server (or this worker) falling behind shows.
 */
import mysql from 'mysql2/promise';
import { serveWorker, wallMs } from './lib/proc';
import { packFloats } from './floor/common';

interface OpenLoopResult {
  lat: number[];
  kinds: number[];
  fireLag: number[];
  failures: string[];
  statuses: Record<string, number>;
}

/** Runs `fire(i)` for request i at its due time for `durationMs`; each returns its status (or throws). */
async function openLoop(n: number, rate: number, durationMs: number, kindOf: (i: number) => number, fire: (i: number) => Promise<string>): Promise<OpenLoopResult> {
  const out: OpenLoopResult = { lat: [], kinds: [], fireLag: [], failures: [], statuses: {} };
  const interval = 1000 / rate;
  const start = wallMs() + 20;
  const inFlight: Promise<void>[] = [];
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      for (;;) {
        const due = start + i * interval;
        if (due - start >= durationMs) return resolve();
        const wait = due - wallMs();
        if (wait > 0.5) {
          setTimeout(tick, wait);
          return;
        }
        out.fireLag.push(Math.max(0, -wait));
        const k = i % n;
        const kind = kindOf(k);
        i += 1;
        inFlight.push(
          fire(k).then(
            (status) => {
              out.lat.push(wallMs() - due);
              out.kinds.push(kind);
              out.statuses[status] = (out.statuses[status] ?? 0) + 1;
            },
            (e: Error) => {
              out.statuses.error = (out.statuses.error ?? 0) + 1;
              if (out.failures.length < 5) out.failures.push(String(e.message ?? e).slice(0, 300));
            },
          ),
        );
      }
    };
    tick();
  });
  await Promise.all(inFlight);
  return out;
}

const pack = (r: OpenLoopResult) => ({
  lat: packFloats(r.lat),
  kinds: Buffer.from(Uint8Array.from(r.kinds)).toString('base64'),
  fireLag: packFloats(r.fireLag),
  failures: r.failures,
  statuses: r.statuses,
});

export interface HttpJob {
  urls: string[];
  tokens: string[];
  /** Each request: its path under /api, the index of its token, and a kind for per-kind figures. */
  requests: Array<{ path: string; token: number; kind: number }>;
  rate: number;
  durationMs: number;
}

export interface SqlJob {
  databaseUrl: string;
  poolSize: number;
  /** Each request: statements run one after another (pre), then together (main, then post). */
  requests: Array<{ pre: string[]; main: string[]; post: string[]; kind: number }>;
  rate: number;
  durationMs: number;
}

/** Failures noticed while answering (non-200 bodies), folded into the result. */
const r0: { failures: string[] } = { failures: [] };

serveWorker({
  async http(job: HttpJob) {
    let rr = 0;
    const r = await openLoop(job.requests.length, job.rate, job.durationMs, (k) => job.requests[k].kind, async (k) => {
      const q = job.requests[k];
      const base = job.urls[rr++ % job.urls.length];
      const res = await fetch(`${base}/api${q.path}`, { headers: { authorization: `Bearer ${job.tokens[q.token]}` } });
      const body = await res.text();
      if (res.status !== 200 && r0.failures.length < 5) r0.failures.push(`${res.status} ${q.path}: ${body.slice(0, 200)}`);
      return String(res.status);
    });
    r.failures.push(...r0.failures.splice(0));
    return pack(r);
  },
  async sql(job: SqlJob) {
    const url = new URL(job.databaseUrl);
    const pool = mysql.createPool({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
      connectionLimit: job.poolSize,
      charset: 'utf8mb4',
    });
    const mainMs: number[] = [];
    const mainKinds: number[] = [];
    try {
      // Open the pool's connections first, so the run does not time their handshakes.
      await Promise.all(Array.from({ length: job.poolSize }, () => pool.query('SELECT 1')));
      const r = await openLoop(job.requests.length, job.rate, job.durationMs, (k) => job.requests[k].kind, async (k) => {
        const q = job.requests[k];
        for (const s of q.pre) await pool.query(s);
        const t0 = wallMs();
        await Promise.all(q.main.map((s) => pool.query(s)));
        mainMs.push(wallMs() - t0);
        mainKinds.push(q.kind);
        await Promise.all(q.post.map((s) => pool.query(s)));
        return '200';
      });
      return { ...pack(r), main: packFloats(mainMs), mainKinds: Buffer.from(Uint8Array.from(mainKinds)).toString('base64') };
    } finally {
      await pool.end();
    }
  },
});
