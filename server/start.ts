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
import { createApp, type HealthState } from './app';
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

  const app = createApp({
    config,
    health,
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking work, let sockets go (clients reconnect to another node), then drop the pool.
      for (const a of [...areas].reverse()) await a.stop?.().catch((e: unknown) => log.warn({ err: e }, 'area stop failed'));
      const drained = realtime!.close();
      const timer = setTimeout(() => server.closeAllConnections(), 5000);
      server.closeIdleConnections();
      await drained;
      clearTimeout(timer);
      await sequelize.close();
    })());

  return { app, server, sequelize, realtime, port, url, close };
}

export async function isDatabaseEmpty(): Promise<boolean> {
  return (await Organisation.count()) === 0;
}
