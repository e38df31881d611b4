import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Sequelize } from 'sequelize';
import type { Express } from 'express';
import type { Config } from './config';
import { createSequelize } from '../models/db';
import { migrate } from '../models/migrate';
import { initModels, Organisation } from '../models';
import { createApp, type HealthState, type ReadyState } from './app';
import { bindMetricSources } from './metrics';
import { attachRealtime, type Realtime } from '../realtime';
import { loadSigningKeys } from './auth/keys';
import { configureTokens } from './auth/tokens';
import { setPasswordHashCost } from './auth/passwords';
import { log } from './logger';
import { areas } from './area-list';

export const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RunningServer {
  app: Express;
  server: http.Server;
  sequelize: Sequelize;
  realtime: Realtime;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * One process serves REST, Socket.IO and Yjs on one port. Migrations run at start (they are
 * idempotent), so a fresh machine needs nothing but `npm start`.
 */
export async function startServer(config: Config, hooks: { afterMigrate?: (s: Sequelize) => Promise<void> } = {}): Promise<RunningServer> {
  setPasswordHashCost(config.PASSWORD_HASH_COST);
  const sequelize = await createSequelize({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  await migrate(sequelize);
  initModels(sequelize);
  const keys = await loadSigningKeys({ privatePem: config.JWT_PRIVATE_KEY, publicPem: config.JWT_PUBLIC_KEY, dataDir: config.dataDir });
  configureTokens({ keys, accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS, refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS });
  await hooks.afterMigrate?.(sequelize);

  let realtime: Realtime | null = null;
  const health = async (): Promise<HealthState> => {
    let database: HealthState['database'];
    try {
      await sequelize.query('SELECT 1');
      database = { ok: true, dialect: sequelize.getDialect() };
    } catch (e) {
      database = { ok: false, dialect: sequelize.getDialect(), error: (e as Error).message };
    }
    const redis = realtime ? await realtime.redisHealth() : { ok: false, mode: 'in-process' as const, error: 'starting' };
    return { status: database.ok && redis.ok ? 'ok' : 'degraded', database, redis, node: `${process.pid}` };
  };

  // Readiness must answer quickly even when a dependency hangs: the balancer has its own timeout.
  let shuttingDown = false;
  const readiness = async (): Promise<ReadyState> => {
    const [database, redis] = await Promise.all([
      withTimeout(sequelize.query('SELECT 1'), READY_CHECK_MS, 'the database').then(
        () => ({ ok: true }),
        (e: unknown) => ({ ok: false, error: (e as Error).message }),
      ),
      realtimeReady(realtime),
    ]);
    return { ready: !shuttingDown && database.ok && redis.ok, shuttingDown, database, redis, node: `${process.pid}` };
  };

  const app = createApp({
    config,
    health,
    readiness,
    shuttingDown: () => shuttingDown,
    clientDist: path.join(rootDir, 'client', 'dist'),
    extraRoutes: areas.flatMap((a) => (a.routes ? [a.routes] : [])),
  });
  const server = http.createServer(app);
  realtime = await attachRealtime(server, {
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    handlers: areas.flatMap((a) => (a.sockets ? [a.sockets] : [])),
  });
  for (const a of areas) await a.start?.({ server, sequelize, realtime, config });
  const rt = realtime;
  const unbindMetrics = bindMetricSources({ io: rt.io, redisState: () => redisState(rt), sequelize, shuttingDown: () => shuttingDown });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Tell the balancer first (readiness 503, Connection: close), give it time to notice, then
      // stop taking work, let sockets go (clients reconnect to another node) and drop the pool.
      shuttingDown = true;
      if (config.SHUTDOWN_DRAIN_SECONDS > 0) {
        log.info({ seconds: config.SHUTDOWN_DRAIN_SECONDS }, 'draining: readiness answers 503');
        await new Promise((r) => setTimeout(r, config.SHUTDOWN_DRAIN_SECONDS * 1000));
      }
      for (const a of [...areas].reverse()) await a.stop?.().catch((e: unknown) => log.warn({ err: e }, 'area stop failed'));
      const drained = realtime!.close();
      const timer = setTimeout(() => server.closeAllConnections(), 5000);
      server.closeIdleConnections();
      await drained;
      clearTimeout(timer);
      await sequelize.close();
      unbindMetrics();
    })());

  return { app, server, sequelize, realtime, port, url, close };
}

export async function isDatabaseEmpty(): Promise<boolean> {
  return (await Organisation.count()) === 0;
}

const READY_CHECK_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Both of the adapter's Redis connections, as ioredis sees them. After Redis comes back the two
 * reconnect on their own schedules: until the subscriber is back this node hears no other node.
 */
function redisState(realtime: Realtime): { mode: 'redis' | 'in-process'; ready: boolean; status?: string } {
  if (!realtime.redis) return { mode: 'in-process', ready: true };
  const sub = (realtime.io.of('/').adapter as { subClient?: { status?: string } }).subClient;
  const status = `publish ${realtime.redis.status}, subscribe ${sub?.status ?? 'unknown'}`;
  return { mode: 'redis', ready: realtime.redis.status === 'ready' && (!sub || sub.status === 'ready'), status };
}

/** Redis as readiness sees it: ioredis' own state first (no waiting on a queue while it reconnects), then a PING. */
async function realtimeReady(realtime: Realtime | null): Promise<ReadyState['redis']> {
  if (!realtime) return { ok: false, mode: 'in-process', error: 'starting' };
  const state = redisState(realtime);
  if (!state.ready) return { ok: false, mode: 'redis', error: `redis connections: ${state.status}` };
  try {
    return await withTimeout(realtime.redisHealth(), READY_CHECK_MS, 'Redis');
  } catch (e) {
    return { ok: false, mode: 'redis', error: (e as Error).message };
  }
}
