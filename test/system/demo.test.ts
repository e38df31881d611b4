import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize } from '../../models/db';
import { api, login } from '../helpers/api';
import { REDIS_PREFIX, TEST_DATABASE_URL, serverEnv } from '../helpers/env';

/**
 * The demo end to end, as a newcomer meets it: the demo seed gives a `ready` review meeting (25
 * experts in 3 groups, 30 applicants, a confirmed standard), and `npm run demo:meeting` runs it to
 * confirmed results — on the embedded default (SQLite, one process), again as a rehearsal copy with
 * logins of its own, and with `--also` over two nodes sharing MariaDB and Redis.
 */
const root = path.resolve(import.meta.dirname, '../..');
const DEMO_NAME = /^\d{4}年度河北省卫生系列高级职称评审会议$/;

interface Proc {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The embedded default: no DATABASE_URL, no REDIS_URL; the first start migrates and seeds the demo. */
async function startEmbedded(dataDir: string): Promise<Proc> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  Object.assign(env, { DATA_DIR: dataDir, REDIS_PREFIX, PORT: '0', HOST: '127.0.0.1', AUTO_SEED: 'true', NODE_ENV: 'test', PASSWORD_HASH_COST: '10', LOGIN_RATE_LIMIT_PER_MINUTE: '10000', LOG_LEVEL: 'warn' });
  return startProcess(env);
}

/** A server process (a slow start on a busy machine is fine: seeding the embedded default takes a while). */
async function startProcess(env: Record<string, string | undefined>): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded node did not start:\n${out}`)), 240_000);
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

/** Runs a script the way `npm run …` does and resolves with its exit code and output. */
function run(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

async function rows<T extends object = any>(s: Sequelize, sql: string, replacements: unknown[] = []): Promise<T[]> {
  return s.query<T>(sql, { replacements, type: QueryTypes.SELECT });
}

/** What a finished run left in the database: every applicant decided by a confirmed committee round. */
async function finished(s: Sequelize, meetingId: number) {
  const [committee] = await rows<{ n: number }>(s, "SELECT COUNT(*) AS n FROM vote_rounds WHERE meeting_id = ? AND kind = 'committee' AND status = 'confirmed'", [meetingId]);
  const [groupRounds] = await rows<{ n: number }>(s, "SELECT COUNT(*) AS n FROM vote_rounds WHERE meeting_id = ? AND kind = 'group' AND status = 'confirmed'", [meetingId]);
  const results = await rows<{ result: string; n: number }>(s, 'SELECT result, COUNT(*) AS n FROM meeting_applicants WHERE meeting_id = ? GROUP BY result', [meetingId]);
  const [status] = await rows<{ status: string }>(s, 'SELECT status FROM meetings WHERE id = ?', [meetingId]);
  return {
    status: status.status,
    committee: Number(committee.n),
    groupRounds: Number(groupRounds.n),
    decided: results.filter((r) => r.result === 'passed' || r.result === 'failed').reduce((sum, r) => sum + Number(r.n), 0),
    pending: results.filter((r) => r.result === 'pending').reduce((sum, r) => sum + Number(r.n), 0),
  };
}

describe('demo: the seeded meeting and `npm run demo:meeting`', function () {
  this.timeout(900_000);

  describe('on the embedded default (SQLite, one process)', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-demo-lite-'));
    let node: Proc | null = null;
    let lite: Sequelize | null = null;
    before(async () => {
      node = await startEmbedded(dataDir);
      lite = await createSequelize({ dataDir });
    });
    after(async () => {
      await lite?.close();
      await node?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('seeds a ready meeting: 25 experts in 3 groups, 30 applicants, an approved plan and a confirmed standard', async () => {
      const meetings = await rows<{ id: number; name: string; status: string; plan_status: string; standard_status: string; rehearsal_of_id: number | null }>(
        lite!,
        'SELECT id, name, status, plan_status, standard_status, rehearsal_of_id FROM meetings',
      );
      expect(meetings).to.have.length(1);
      const [m] = meetings;
      expect(m.name).to.match(DEMO_NAME);
      expect(m).to.include({ status: 'ready', plan_status: 'approved', standard_status: 'confirmed', rehearsal_of_id: null });
      const groups = await rows<{ id: number; name: string; n: number }>(
        lite!,
        'SELECT g.id, g.name, COUNT(e.id) AS n FROM review_groups g LEFT JOIN meeting_experts e ON e.group_id = g.id WHERE g.meeting_id = ? GROUP BY g.id, g.name ORDER BY g.position',
        [m.id],
      );
      expect(groups.map((g) => [g.name, Number(g.n)])).to.deep.equal([
        ['第一组（内科）', 9],
        ['第二组（外科）', 8],
        ['第三组（儿科）', 8],
      ]);
      const titles = await rows<{ title: string; n: number }>(lite!, 'SELECT title, COUNT(*) AS n FROM meeting_experts WHERE meeting_id = ? GROUP BY title ORDER BY title', [m.id]);
      expect(Object.fromEntries(titles.map((x) => [x.title, Number(x.n)]))).to.deep.equal({ chair: 1, member: 22, vice_chair: 2 });
      const [leaders] = await rows<{ n: number }>(lite!, 'SELECT COUNT(*) AS n FROM meeting_experts WHERE meeting_id = ? AND is_group_leader = 1', [m.id]);
      expect(Number(leaders.n)).to.equal(3);
      const applicants = await rows<{ group_id: number | null }>(lite!, 'SELECT group_id FROM meeting_applicants WHERE meeting_id = ?', [m.id]);
      expect(applicants).to.have.length(30);
      expect(applicants.every((a) => a.group_id !== null), 'every applicant in a group').to.equal(true);
      const [logins] = await rows<{ n: number }>(lite!, 'SELECT COUNT(*) AS n FROM meeting_logins WHERE meeting_id = ?', [m.id]);
      expect(Number(logins.n)).to.equal(25);
      // The README's logins: the chair m1-01 signs in with the demo password and sees the meeting ready.
      const chair = await login('m1-01', 'Demo#2026', node!.url);
      const snap = await api(chair.accessToken, node!.url).get(`/meetings/${m.id}/live`);
      expect(snap.body.viewer).to.include({ kind: 'expert', title: 'chair' });
      expect(snap.body.meeting.status).to.equal('ready');
      expect(snap.body.meeting.standard.map((c: any) => c.key)).to.deep.equal(['ethics', 'ability', 'results']);
      // The draw can be audited from its recorded seed.
      const sup = await login('sup-1', 'Demo#2026', node!.url);
      const verify = await api(sup.accessToken, node!.url).get('/draws/1/verify');
      expect(verify.status, JSON.stringify(verify.body)).to.equal(200);
    });

    it('runs the demo meeting itself to confirmed results (the real run), then a rehearsal copy with logins of its own', async () => {
      const first = await run('seeds/demoMeeting.ts', ['--url', node!.url, '--pace', '0']);
      expect(first.code, first.out).to.equal(0);
      expect(first.out).to.contain('the real run of');
      expect(first.out).to.contain('done: meeting 1 has confirmed results');
      expect(await finished(lite!, 1)).to.deep.equal({ status: 'running', committee: 1, groupRounds: 3, decided: 30, pending: 0 });

      const second = await run('seeds/demoMeeting.ts', ['--url', node!.url, '--pace', '0']);
      expect(second.code, second.out).to.equal(0);
      expect(second.out).to.match(/rehearsal: copied .* → meeting 2 ".*（演练1）"/);
      const [copy] = await rows<{ rehearsal_of_id: number; ends_at: string }>(lite!, 'SELECT rehearsal_of_id, ends_at FROM meetings WHERE id = 2');
      expect(copy.rehearsal_of_id).to.equal(1);
      expect(await finished(lite!, 2)).to.deep.equal({ status: 'running', committee: 1, groupRounds: 3, decided: 30, pending: 0 });
      // The rehearsal's experts acted through logins of its own, m2-01…25, not the demo meeting's.
      const usernames = await rows<{ username: string }>(lite!, 'SELECT a.username FROM meeting_experts e JOIN accounts a ON a.id = e.account_id WHERE e.meeting_id = 2 ORDER BY a.username');
      expect(usernames.map((u) => u.username)).to.deep.equal(Array.from({ length: 25 }, (_, i) => `m2-${String(i + 1).padStart(2, '0')}`));
      expect(second.out).to.match(/chair console .*\/meetings\/2\/chair \(as m2-01 \/ \S+\)/);
      // The demo meeting was left as the first run made it.
      expect(await finished(lite!, 1)).to.deep.equal({ status: 'running', committee: 1, groupRounds: 3, decided: 30, pending: 0 });

      // README "After the meeting": the real run's results are published; the rehearsal's never.
      const unit = await login('pingwei-handler', 'Demo#2026', node!.url);
      const refused = await api(unit.accessToken, node!.url).post('/meetings/2/results/publish', {});
      expect(refused.status).to.equal(409);
      expect(refused.body.error.code).to.equal('rehearsal_not_publishable');
      const published = await api(unit.accessToken, node!.url).post('/meetings/1/results/publish', {});
      expect(published.status, JSON.stringify(published.body)).to.equal(201);

      // A third run is a second rehearsal; it still works (its own logins, valid until it ends).
      const third = await run('seeds/demoMeeting.ts', ['--url', node!.url, '--pace', '0', '--rehearsal']);
      expect(third.code, third.out).to.equal(0);
      expect(third.out).to.match(/→ meeting 3 ".*（演练2）"/);
    });
  });

  describe('on two nodes with MariaDB and Redis (`--also`)', () => {
    const url = new URL(TEST_DATABASE_URL);
    const dbName = `${url.pathname.slice(1)}_demo`;
    const demoUrl = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${dbName}` }).toString();
    const connection = () =>
      mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    let a: Proc | null = null;
    let b: Proc | null = null;
    let maria: Sequelize | null = null;
    before(async () => {
      const c = await connection();
      await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await c.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await c.end();
      // `npm run seed` into the scratch database, then two nodes on it sharing this run's Redis prefix.
      const seeded = await run('seeds/cli.ts', [], { DATABASE_URL: demoUrl, NODE_ENV: 'test', PASSWORD_HASH_COST: '10', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'zc-demo-seed-')) });
      if (seeded.code !== 0) throw new Error(`seed failed:\n${seeded.out}`);
      const env = { ...process.env, ...serverEnv({ DATABASE_URL: demoUrl, LOG_LEVEL: 'warn' }) };
      a = await startProcess(env);
      b = await startProcess(env);
      maria = await createSequelize({ databaseUrl: demoUrl, dataDir: os.tmpdir() });
    });
    after(async () => {
      await maria?.close();
      await Promise.all([a?.stop(), b?.stop()]);
      const c = await connection();
      await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await c.end();
    });

    it('runs to confirmed results with the experts’ sockets spread over both nodes', async () => {
      const [m] = await rows<{ id: number; status: string }>(maria!, 'SELECT id, status FROM meetings');
      expect(m.status).to.equal('ready');
      const res = await run('seeds/demoMeeting.ts', ['--url', a!.url, '--also', b!.url, '--pace', '0']);
      expect(res.code, res.out).to.equal(0);
      expect(res.out).to.contain(`experts' sockets are spread over ${a!.url} and ${b!.url}`);
      expect(res.out).to.match(/committee vote closed: \d+ of 30 passed \(seal intact\)/);
      expect(await finished(maria!, m.id)).to.deep.equal({ status: 'running', committee: 1, groupRounds: 3, decided: 30, pending: 0 });
      // Every expert voted once in the committee round, whichever node their socket was on.
      const [voters] = await rows<{ n: number }>(
        maria!,
        "SELECT COUNT(*) AS n FROM round_voters v JOIN vote_rounds r ON r.id = v.round_id WHERE r.meeting_id = ? AND r.kind = 'committee'",
        [m.id],
      );
      expect(Number(voters.n)).to.equal(25);
    });
  });
});
