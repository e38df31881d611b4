import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REDIS_PREFIX } from './env';
import { bareEnv, startServerProcess } from './freshProcess';

export interface EmbeddedNode {
  url: string;
  dataDir: string;
  output: () => string;
  /** SIGTERM, then the temporary data directory is removed. */
  stop(): Promise<void>;
}

/**
 * The embedded default as `npm start` runs it: no DATABASE_URL, no REDIS_URL (SQLite in a temporary
 * DATA_DIR, one process, in-process fan-out). The first start migrates and loads the demo data, so
 * the README's demo logins work against it. Unlike a fresh start (freshProcess.ts), the settings
 * that keep a test run quick are set: a cheap password hash, no sign-in rate limit.
 */
export async function startEmbedded(opts: { prefix?: string; env?: Record<string, string> } = {}): Promise<EmbeddedNode> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix ?? 'zc-embedded-'));
  const env = bareEnv({
    DATA_DIR: dataDir,
    REDIS_PREFIX,
    PORT: '0',
    HOST: '127.0.0.1',
    AUTO_SEED: 'true',
    NODE_ENV: 'test',
    PASSWORD_HASH_COST: '10',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    LOG_LEVEL: 'warn',
    ...opts.env,
  });
  const cleanUp = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const node = await startServerProcess(env).catch((e: Error) => {
    cleanUp();
    throw e;
  });
  return {
    url: node.url,
    dataDir,
    output: node.output,
    async stop() {
      await node.stop();
      cleanUp();
    },
  };
}
