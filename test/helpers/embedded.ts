import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { REDIS_PREFIX } from './env';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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
 * the README's demo logins work against it.
 */
export async function startEmbedded(opts: { prefix?: string; env?: Record<string, string> } = {}): Promise<EmbeddedNode> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), opts.prefix ?? 'zc-embedded-'));
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  Object.assign(env, {
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
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const cleanUp = () => fs.rmSync(dataDir, { recursive: true, force: true });
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      // Seeding the demo data on a busy machine may take a while.
      const timer = setTimeout(() => reject(new Error(`embedded node did not start within 240 s:\n${out}`)), 240_000);
      child.stdout!.on('data', () => {
        const m = /running at http:\/\/[^:]+:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`embedded node exited with ${code}:\n${out}`));
      });
    });
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      cleanUp();
    },
  };
}

export interface EmbeddedProc {
  url: string;
  output: () => string;
  /** SIGTERM; the working directory is the caller's to remove. */
  stop(): Promise<void>;
}

/**
 * A fresh start as on a new clone: the server run from an empty working directory `cwd` with no
 * DATABASE_URL, REDIS_URL or DATA_DIR, so everything it keeps goes to `cwd/data` (only the port is
 * chosen by the system, and the address is loopback).
 */
export async function startFreshEmbedded(cwd: string): Promise<EmbeddedProc> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'DATA_DIR', 'NODE_ENV', 'AUTO_SEED', 'PASSWORD_HASH_COST']) delete env[k];
  Object.assign(env, { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  // `--import tsx` resolves from the working directory, which has no node_modules: name the loader.
  const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(root, 'server/main.ts')], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fresh node did not start within 240 s:\n${out}`)), 240_000);
      child.stdout!.on('data', () => {
        const m = /running at http:\/\/[^:]+:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`fresh node exited with ${code}:\n${out}`));
      });
    });
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
