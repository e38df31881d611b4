import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './nginx';
import { killOnExit } from './children';

export interface OwnRedis {
  port: number;
  url: string;
  /** SIGKILL: Redis gone without a goodbye (connections reset, nothing saved). */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of this test's own on a free port: the shared one on 6379 serves other test runs
 * and is never restarted.
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const answers = () =>
    new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => s.write('PING\r\n'));
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      s.once('error', () => resolve(false));
    });

  const start = async () => {
    const c = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = c;
    killOnExit(c);
    exited = new Promise<void>((r) => c.once('exit', () => r()));
    const deadline = Date.now() + 10_000;
    while (!(await answers())) {
      if (c.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async kill() {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    start,
    async stop() {
      if (child && child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
