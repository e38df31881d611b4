import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/**
 * Tests run against the real MariaDB and Redis. One run owns its database (dropped and migrated at
 * the start) and a Redis prefix of its own, so parallel runs on one machine never hear each other.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const RUN_ID = process.env.TEST_RUN_ID ?? crypto.randomBytes(4).toString('hex');
export const TEST_DATA_DIR = process.env.TEST_DATA_DIR ?? path.join(os.tmpdir(), `zc-test-${RUN_ID}`);
export const REDIS_PREFIX = `zctest-${RUN_ID}`;

/** The environment every server of this run gets, in-process or spawned. */
export function serverEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX,
    DATA_DIR: TEST_DATA_DIR,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PASSWORD_HASH_COST: '10',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    AUTO_SEED: 'false',
    ...extra,
  };
}

export const ROOT_CODE = '99';
export const ROOT_ADMIN = 'root-admin';
export const TEST_PASSWORD = 'Test#Pass2026';
