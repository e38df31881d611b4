import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction } from 'sequelize';
import mysql from 'mysql2/promise';

export interface DbOptions {
  databaseUrl?: string;
  dataDir: string;
  logging?: (sql: string) => void;
}

/**
 * MariaDB/MySQL when DATABASE_URL is set, else an embedded SQLite file under the data directory.
 * The same models and migrations run on both.
 */
export async function createSequelize(opts: DbOptions): Promise<Sequelize> {
  const common = {
    logging: opts.logging ?? false,
    define: { underscored: true },
  } as const;
  if (opts.databaseUrl) {
    await ensureDatabase(opts.databaseUrl);
    const url = new URL(opts.databaseUrl.replace(/^mariadb:/, 'mysql:'));
    return new Sequelize(url.pathname.slice(1), decodeURIComponent(url.username), decodeURIComponent(url.password), {
      ...common,
      // Also for tables Sequelize makes itself (umzug's schema_migrations).
      define: { ...common.define, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
      dialect: 'mysql',
      host: url.hostname,
      port: Number(url.port || 3306),
      timezone: '+00:00',
      // connectTimeout: a database that does not answer fails a connection attempt in 5 s (mysql2's
      // default is 10 s, longer than the pool would wait anyway).
      dialectOptions: { charset: 'utf8mb4', supportBigNumbers: true, dateStrings: false, connectTimeout: 5_000 },
      // Recovers by itself after the database was away: a dead connection (socket closed, fatal
      // error) fails Sequelize's validate() and is thrown away when next acquired, mysql2's 'error'
      // event destroys it at once; waiting for a connection gives up after 5 s (a 503 the client
      // can retry rather than a request hanging for 30 s); the idle reaper runs every second, and
      // maxUses retires long-lived connections so a half-open one (a NAT that forgot it) cannot
      // live for ever.
      pool: { max: 20, min: 0, idle: 10_000, acquire: 5_000, evict: 1_000, maxUses: 10_000 },
    });
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const storage = path.join(opts.dataDir, 'zhicheng.sqlite');
  const sequelize = new Sequelize({ ...common, dialect: 'sqlite', storage });
  await sequelize.query('PRAGMA journal_mode = WAL');
  await sequelize.query('PRAGMA foreign_keys = ON');
  await sequelize.query('PRAGMA busy_timeout = 5000');
  return sequelize;
}

/** Never assume the database exists or is utf8mb4: a latin1 database rejects Chinese text. */
async function ensureDatabase(databaseUrl: string) {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  const name = url.pathname.slice(1);
  if (!/^\w+$/.test(name)) throw new Error(`DATABASE_URL: database name "${name}" must be letters, digits or _`);
  const conn = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.query(`ALTER DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

export const isSqlite = (s: Sequelize) => s.getDialect() === 'sqlite';

/**
 * SQLite has one writer; concurrent Sequelize transactions there fail with SQLITE_BUSY instead of
 * waiting. The embedded default is a single process, so queue transactions in memory. On MariaDB
 * row locks (SELECT … FOR UPDATE) and unique keys do the work.
 */
const queues = new WeakMap<Sequelize, Promise<unknown>>();

export async function withTransaction<T>(sequelize: Sequelize, fn: (t: Transaction) => Promise<T>): Promise<T> {
  if (!isSqlite(sequelize)) return sequelize.transaction(fn);
  const previous = queues.get(sequelize) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  queues.set(sequelize, previous.then(() => mine));
  await previous.catch(() => undefined);
  try {
    return await sequelize.transaction(fn);
  } finally {
    release();
  }
}
