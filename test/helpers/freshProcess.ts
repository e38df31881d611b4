import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Server and script processes as a newcomer runs them: the parent's environment without any of
 * this run's server settings, in a chosen working directory (so `./data` can be a fresh one). The
 * same start-up as the demo test's (test/system/demo.test.ts) and test/helpers/embedded.ts, but
 * nothing is set that the README's `npm start` would not set.
 */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * tsx's loader by absolute URL: `--import tsx` would be resolved from the working directory. Not
 * `import.meta.resolve`: a file using it is loaded as a separate ES module graph, with models of
 * its own that the in-process test server never initialised.
 */
const TSX = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** What this run's own environment set for the in-process test server, taken away again. */
const RUN_SETTINGS = [
  'DATABASE_URL',
  'REDIS_URL',
  'REDIS_PREFIX',
  'DATA_DIR',
  'PORT',
  'HOST',
  'NODE_ENV',
  'LOG_LEVEL',
  'PASSWORD_HASH_COST',
  'LOGIN_RATE_LIMIT_PER_MINUTE',
  'LOGIN_MAX_FAILURES',
  'AUTO_SEED',
  'JWT_PRIVATE_KEY',
  'JWT_PUBLIC_KEY',
];

/** The parent's environment without any server setting, plus `extra` (undefined removes). */
export function bareEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of RUN_SETTINGS) delete env[k];
  Object.assign(env, extra);
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface FreshProc {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: the node dies without a goodbye, as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM: graceful shutdown. */
  stop(): Promise<void>;
}

/**
 * Starts server/main.ts and resolves once it prints where it runs (seeding first can take a while).
 * A node that does not come up within `ms` is killed, not left running behind the failed test.
 * Every spawned server of the tests starts here (test/helpers/nodes.ts, embedded.ts, the fault tests).
 */
export async function startServerProcess(
  env: Record<string, string | undefined>,
  opts: { cwd?: string; ms?: number; onChild?: (child: ChildProcess) => void } = {},
): Promise<FreshProc> {
  const { cwd = root, ms = 240_000 } = opts;
  const child = spawn(process.execPath, ['--import', TSX, path.join(root, 'server/main.ts')], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  opts.onChild?.(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node did not start within ${ms / 1000} s:\n${out}`));
    }, ms);
    child.stdout!.on('data', () => {
      const m = /running at http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code}:\n${out}`));
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => out,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

/**
 * The embedded default in `cwd` with nothing but a port and an address set: DATA_DIR defaults to
 * `./data` there, NODE_ENV to development, AUTO_SEED to true.
 */
export function startFreshEmbedded(cwd: string, extra: Record<string, string | undefined> = {}): Promise<FreshProc> {
  return startServerProcess(bareEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra }), { cwd });
}

/** Runs a script of the project the way `npm run …` does; resolves with its exit code and output. */
export function runScript(script: string, args: string[], env: Record<string, string>, cwd = root, ms = 300_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, path.join(root, script), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
