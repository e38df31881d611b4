import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { createSequelize } from '../../models/db';
import { login } from '../helpers/api';
import { REDIS_PREFIX } from '../helpers/env';
import { rightsNodeEnv, setRight } from './rights-fixture';
import { newDocName, openClient, waitUntil, type Person } from './helpers';

/**
 * The embedded default: no DATABASE_URL, no REDIS_URL, one process on SQLite. Started as its own
 * process (it seeds the demo data, whose accounts we sign in with). The TEST-ONLY rights resolver
 * (rights-fixture.ts) is preloaded as on the other spawned nodes; it reads this run's Redis hash,
 * which the server itself does not use.
 */
const root = path.resolve(import.meta.dirname, '../..');

async function startEmbedded(dataDir: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  Object.assign(env, rightsNodeEnv(), { DATA_DIR: dataDir, REDIS_PREFIX, PORT: '0', HOST: '127.0.0.1', AUTO_SEED: 'true', NODE_ENV: 'test', PASSWORD_HASH_COST: '10' });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded node did not start:\n${out}`)), 60000);
    child.stdout!.on('data', () => {
      const m = /running at http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`embedded node exited with ${code}:\n${out}`)));
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('collab: embedded default (SQLite, no Redis)', function () {
  this.timeout(120000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-collab-lite-'));
  let node: Awaited<ReturnType<typeof startEmbedded>> | null = null;
  after(async () => {
    await node?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('two clients converge in one process, edits are stored, compacted on leave, and survive a restart', async () => {
    node = await startEmbedded(dataDir);
    const doc = newDocName();
    const people: Person[] = [];
    for (const username of ['prov-admin', 'sup-1']) {
      const s = await login(username, 'Demo#2026', node.url);
      people.push({ id: s.account.id, token: s.accessToken });
      await setRight(s.account.id, doc, 'write');
    }
    const [ca, cb] = people.map((p) => openClient(p, doc, node!));
    await Promise.all([ca.whenSynced(), cb.whenSynced()]);
    for (let i = 0; i < 30; i++) {
      ca.text.insert(ca.text.length, '甲');
      cb.text.insert(0, '乙');
    }
    await waitUntil(() => ca.text.toString() === cb.text.toString() && ca.text.length === 60, 'clients converge');
    const text = ca.text.toString();

    const lite = await createSequelize({ dataDir });
    const rows = async () =>
      Number((await lite.query<{ n: number }>('SELECT COUNT(*) AS n FROM collab_updates WHERE doc = ?', { replacements: [doc], type: QueryTypes.SELECT }))[0].n);
    try {
      await waitUntil(async () => (await rows()) >= 60, 'every edit stored');
      ca.destroy();
      cb.destroy();
      await waitUntil(async () => (await rows()) === 1, 'compacted to one row when both left');
    } finally {
      await lite.close();
    }

    await node.stop();
    node = await startEmbedded(dataDir);
    const again = openClient(people[0], doc, node);
    await again.whenSynced();
    expect(again.text.toString()).to.equal(text);
    again.destroy();
  });
});
