import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killOnExit } from './children';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const NGINX_TEMPLATE = path.join(root, 'deploy/nginx.conf');
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** A port nobody listens on right now (the kernel's choice; closed again before use). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningNginx {
  url: string;
  port: number;
  dir: string;
  config: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx in the foreground, with a configuration generated from deploy/nginx.conf exactly
 * as the README says (the three ${ZC_…} placeholders filled in on directive lines, nothing else changed), its pid
 * file, temp paths and logs in a temp dir of its own.
 */
export async function startNginx(upstreamPorts: number[]): Promise<RunningNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-nginx-'));
  const port = await freePort();
  const servers = upstreamPorts.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join(' ');
  const fill = (line: string) =>
    line.trim().startsWith('#')
      ? line
      : line.replaceAll('${ZC_LISTEN}', `127.0.0.1:${port}`).replaceAll('${ZC_RUNTIME_DIR}', dir).replaceAll('${ZC_UPSTREAM_SERVERS}', servers);
  const config = fs.readFileSync(NGINX_TEMPLATE, 'utf8').split('\n').map(fill).join('\n');
  const directives = config.split('\n').filter((l) => !l.trim().startsWith('#'));
  if (directives.some((l) => l.includes('${ZC_'))) throw new Error('deploy/nginx.conf has a placeholder the test does not fill');
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, config);

  const args = ['-p', dir, '-c', file, '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'];
  const check = spawn(NGINX, [...args, '-t'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let checkOut = '';
  check.stderr!.on('data', (d) => (checkOut += d));
  const ok = await new Promise<number | null>((r) => check.once('exit', r));
  if (ok !== 0) throw new Error(`nginx -t refused the generated configuration:\n${checkOut}`);

  const child: ChildProcess = spawn(NGINX, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  killOnExit(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    const up = await fetch(`${url}/api/health/live`).then((r) => r.status === 200).catch(() => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const errorLog = () => {
    try {
      return fs.readFileSync(path.join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  return {
    url,
    port,
    dir,
    config,
    errorLog,
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT'); // graceful
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
