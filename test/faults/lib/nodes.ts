import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverEnv } from '../../helpers/env';
import type { SpawnedNode } from '../../helpers/nodes';
import { killOnExit } from './children';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * test/helpers/nodes.ts spawnNode with more patience: on a busy 2-core machine a node can take
 * longer than 30 s to load and migrate. A node that does not come up is killed, not left behind.
 */
export async function startNode(extraEnv: Record<string, string>, timeoutMs = 120_000): Promise<SpawnedNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root,
    env: { ...process.env, ...serverEnv(extraEnv) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  killOnExit(child);
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
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
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => out,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
