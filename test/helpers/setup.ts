import fs from 'node:fs';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../server/config';
import { startServer, type RunningServer } from '../../server/start';
import { createLogger, setLogger } from '../../server/logger';
import { inTransaction } from '../../server/tx';
import { bootstrapProvince } from '../../server/commands/orgs';
import { ROOT_ADMIN, ROOT_CODE, TEST_DATABASE_URL, TEST_DATA_DIR, TEST_PASSWORD, serverEnv } from './env';

let running: RunningServer | null = null;

/** The in-process server most tests talk to (real MariaDB, real Redis adapter). */
export function server(): RunningServer {
  if (!running) throw new Error('test server not started');
  return running;
}

async function resetDatabase() {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  const conn = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
}

/** Mocha calls it with no argument; the benchmarks pass settings of their own (token lifetime…). */
export async function mochaGlobalSetup(extraEnv?: Record<string, string>) {
  await resetDatabase();
  fs.mkdirSync(TEST_DATA_DIR, { recursive: true });
  const env = serverEnv(extraEnv ?? {});
  Object.assign(process.env, env);
  const config = loadConfig(env);
  setLogger(createLogger(config.LOG_LEVEL));
  running = await startServer(config);
  // Every test builds its own organisations under this root, through the same commands as the API.
  await inTransaction((t) =>
    bootstrapProvince({ code: ROOT_CODE, name: '测试省职改办', adminUsername: ROOT_ADMIN, adminName: '测试管理员', password: TEST_PASSWORD }, t),
  );
}

export async function mochaGlobalTeardown() {
  await running?.close();
  fs.rmSync(TEST_DATA_DIR, { recursive: true, force: true });
}
