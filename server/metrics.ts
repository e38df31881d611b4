import crypto from 'node:crypto';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';
import type { Sequelize } from 'sequelize';
import type { IO } from '../realtime/handle';
import { AppError } from './errors';

/**
 * Prometheus metrics of this node, served at GET /metrics (see app.ts for who may read them).
 * Every node has its own figures: scrape each node directly, never through the balancer.
 *
 * Counters live at module level so the code that counts (the ballot path, the HTTP layer) needs
 * nothing but an import; gauges read the running server's objects when scraped, through the
 * sources bound by `bindMetricSources` at start.
 */
export const metricsRegistry = new Registry();

// Event-loop lag (nodejs_eventloop_lag_*), heap, CPU, handles, GC: the standard Node set.
collectDefaultMetrics({ register: metricsRegistry });

const ballotSheetsAccepted = new Counter({
  name: 'zc_ballot_sheets_accepted_total',
  help: 'Ballot sheets accepted and committed on this node (rate() gives sheets per second)',
  registers: [metricsRegistry],
});

const ballotsAccepted = new Counter({
  name: 'zc_ballots_accepted_total',
  help: 'Ballots (one per applicant on a sheet) accepted and committed on this node',
  registers: [metricsRegistry],
});

/**
 * Called by the ballot path after commit with what it stored: `sheets` new sheets carrying
 * `ballots` ballots in all. Duplicates (a resent sheet answered from the first copy) are not counted.
 */
export function countBallotSheets(sheets: number, ballots: number) {
  if (sheets > 0) ballotSheetsAccepted.inc(sheets);
  if (ballots > 0) ballotsAccepted.inc(ballots);
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

const httpResponses = new Counter({
  name: 'zc_http_requests_total',
  help: 'HTTP requests answered by this node, by status class of the answer',
  labelNames: ['status_class'],
  registers: [metricsRegistry],
});
// Present from the first scrape, so a rate over "5xx" is 0 rather than absent.
for (const c of STATUS_CLASSES) httpResponses.inc({ status_class: c }, 0);

export function countHttpResponse(status: number) {
  const c = STATUS_CLASSES[Math.floor(status / 100) - 1];
  if (c) httpResponses.inc({ status_class: c });
}

export interface MetricSources {
  io: IO;
  /** Whether cross-node fan-out works now: both Redis connections ready (no Redis: in-process). */
  redisState(): { mode: 'redis' | 'in-process'; ready: boolean };
  sequelize: Sequelize;
  shuttingDown(): boolean;
}

let sources: MetricSources | null = null;

/** Points the gauges at a running server; returns the function that lets go of it. */
export function bindMetricSources(s: MetricSources): () => void {
  sources = s;
  return () => {
    if (sources === s) sources = null;
  };
}

new Gauge({
  name: 'zc_socket_connections',
  help: 'Socket.IO clients connected to this node (signed in: the handshake checks the token)',
  registers: [metricsRegistry],
  collect() {
    this.set(sources ? sources.io.of('/').sockets.size : 0);
  },
});

new Gauge({
  name: 'zc_socket_rooms',
  help: 'Socket.IO rooms with at least one member on this node (each socket’s own id room not counted)',
  registers: [metricsRegistry],
  collect() {
    if (!sources) return this.set(0);
    const { rooms, sids } = sources.io.of('/').adapter;
    let n = 0;
    for (const name of rooms.keys()) if (!sids.has(name)) n += 1;
    this.set(n);
  },
});

interface PoolLike {
  size: number;
  available: number;
  using: number;
  waiting: number;
  maxSize: number;
}

new Gauge({
  name: 'zc_db_pool_connections',
  help: 'Database pool: size (open), available (idle), using (lent out), waiting (requests queued for one), max',
  labelNames: ['state'],
  registers: [metricsRegistry],
  collect() {
    // Sequelize's MySQL connection manager keeps a sequelize-pool Pool; SQLite has none.
    const pool = (sources?.sequelize as unknown as { connectionManager?: { pool?: Partial<PoolLike> } } | undefined)?.connectionManager?.pool;
    for (const state of ['size', 'available', 'using', 'waiting', 'maxSize'] as const) {
      const v = pool?.[state];
      this.set({ state: state === 'maxSize' ? 'max' : state }, typeof v === 'number' ? v : 0);
    }
  },
});

new Gauge({
  name: 'zc_redis_up',
  help: '1 when this node’s Redis connections (publish and subscribe) are ready, so cross-node fan-out works; 0 when not; mode "in-process": one node, no Redis',
  labelNames: ['mode'],
  registers: [metricsRegistry],
  collect() {
    this.reset();
    if (!sources) return;
    // ioredis' own state, not a PING: a scrape must not wait for a Redis that is down.
    const { mode, ready } = sources.redisState();
    this.set({ mode }, ready ? 1 : 0);
  },
});

new Gauge({
  name: 'zc_shutting_down',
  help: '1 while this node drains for a graceful shutdown (readiness answers 503)',
  registers: [metricsRegistry],
  collect() {
    this.set(sources?.shuttingDown() ? 1 : 0);
  },
});

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

/**
 * GET /metrics. Readable from loopback (a Prometheus or agent on the node's machine) and, when
 * METRICS_TOKEN is set, by whoever presents it as a Bearer token. `req.ip` is the client as the
 * local reverse proxy reports it (trust proxy = loopback), so a request relayed by nginx from
 * outside does not count as loopback; a forged X-Forwarded-For from elsewhere is not believed.
 */
export function metricsHandler(token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : null;
  return async (req, res, next) => {
    try {
      const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const tokenOk = !!expected && !!presented && crypto.timingSafeEqual(digest(presented), expected);
      if (!tokenOk && !LOOPBACK.test(req.ip ?? '')) {
        throw new AppError(403, 'metrics_forbidden', expected ? 'Present the metrics token' : 'Metrics are served to loopback only (set METRICS_TOKEN to scrape from elsewhere)');
      }
      const { contentType, body } = await renderMetrics();
      res.setHeader('Cache-Control', 'no-store');
      res.type(contentType).send(body);
    } catch (e) {
      next(e);
    }
  };
}
