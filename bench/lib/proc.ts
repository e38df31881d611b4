/**
 * Small pieces every benchmark part shares: CPU per process from /proc, percentiles, worker
 * processes (the load generator runs in processes of its own so its cost is visible and does not
 * sit on the servers' event loops), and wall-clock time that agrees across processes.
 */
import { execSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const rootDir = path.resolve(benchDir, '..');

const CLK_TCK = (() => {
  try {
    return Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** The pid of a running program by name (MariaDB, Redis), or null. */
export function pidOf(name: string): number | null {
  try {
    const out = execSync(`pgrep -o -x ${name}`).toString().trim();
    return out ? Number(out) : null;
  } catch {
    return null;
  }
}

/**
 * Measures CPU of named processes over a phase: `const m = cpuMeter({a: pid}); …; m.stop()` gives
 * each one's share of one core (1.0 = a whole core) over the phase's wall time.
 */
export function cpuMeter(pids: Record<string, number | null | undefined>) {
  const t0 = performance.now();
  const start = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, p ? cpuSeconds(p) : NaN]));
  return {
    stop(): Record<string, number> {
      const wall = (performance.now() - t0) / 1000;
      const out: Record<string, number> = {};
      for (const [k, p] of Object.entries(pids)) {
        if (!p) continue;
        const used = cpuSeconds(p) - start[k];
        if (Number.isFinite(used)) out[k] = Math.round((used / wall) * 100) / 100;
      }
      return out;
    },
  };
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable between processes. */
export const wallMs = () => performance.timeOrigin + performance.now();

export interface Stats {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(xs: ArrayLike<number>): Stats {
  const s = Array.from(xs).sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
  const r = (v: number) => Math.round(v * 100) / 100;
  return { count: s.length, p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN), mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A worker process running `file` (TypeScript, through tsx) with an IPC channel. `request` sends a
 * message with an id and resolves with the worker's answer of the same id.
 */
export interface Worker {
  child: ChildProcess;
  pid: number;
  request<T = unknown>(type: string, body?: unknown, timeoutMs?: number): Promise<T>;
  on(type: string, f: (body: any) => void): void;
  stop(): Promise<void>;
}

export function spawnWorker(file: string, env: Record<string, string> = {}): Worker {
  const child = fork(file, [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=2048'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 1;
  const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  const listeners = new Map<string, Array<(b: any) => void>>();
  child.on('message', (m: { id?: number; type: string; body?: unknown; error?: string }) => {
    if (m.id && waiting.has(m.id)) {
      const w = waiting.get(m.id)!;
      waiting.delete(m.id);
      clearTimeout(w.timer);
      if (m.error) w.reject(new Error(m.error));
      else w.resolve(m.body);
      return;
    }
    for (const f of listeners.get(m.type) ?? []) f(m.body);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`worker ${file} exited with ${code}`));
    waiting.clear();
  });
  return {
    child,
    pid: child.pid!,
    request(type, body, timeoutMs = 600_000) {
      const id = next++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`worker ${path.basename(file)}: ${type} timed out`));
        }, timeoutMs);
        waiting.set(id, { resolve, reject, timer });
        child.send({ id, type, body });
      });
    },
    on(type, f) {
      listeners.set(type, [...(listeners.get(type) ?? []), f]);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(t);
    },
  };
}

/** Inside a worker: answer the parent's requests with `handlers[type](body)`. */
export function serveWorker(handlers: Record<string, (body: any) => Promise<unknown> | unknown>) {
  process.on('message', async (m: { id: number; type: string; body?: unknown }) => {
    const h = handlers[m.type];
    try {
      if (!h) throw new Error(`unknown request ${m.type}`);
      const body = await h(m.body);
      process.send!({ id: m.id, type: m.type, body });
    } catch (e) {
      process.send!({ id: m.id, type: m.type, error: (e as Error).stack ?? String(e) });
    }
  });
  process.on('SIGTERM', () => process.exit(0));
}

/** Splits `n` items into `k` nearly equal consecutive slices. */
export function slices<T>(items: T[], k: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < k; i++) out.push(items.slice(Math.floor((i * items.length) / k), Math.floor(((i + 1) * items.length) / k)));
  return out;
}

/**
 * Busy cores of the whole machine over a phase (from /proc/stat): with `cpuMeter`'s per-process
 * shares it shows how much of the box went to anything else (other users' tests, the kernel).
 */
export function machineMeter() {
  const read = () => {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    return { idle, total: f.slice(0, 8).reduce((a, b) => a + b, 0) };
  };
  const a = read();
  const t0 = performance.now();
  return {
    stop(): { busyCores: number; cores: number } {
      const b = read();
      const wall = (performance.now() - t0) / 1000;
      const busy = (b.total - a.total - (b.idle - a.idle)) / CLK_TCK;
      return { busyCores: Math.round((busy / wall) * 100) / 100, cores: os.cpus().length };
    },
  };
}
