/**
 * Floor 3: raw mysql2 (no ORM) writing ballot-shaped rows into scratch copies of the product's
 * round_voters, ballot_sheets and ballots (models/migrations/0300-live-meeting.ts: same columns,
 * types, keys and unique indexes; foreign keys to small scratch parents vote_rounds,
 * meeting_experts and meeting_applicants), in a scratch database created and dropped here: the
 * URL's database name with `_mysql_floor` appended (never the database itself, which may be the
 * product's).
 *
 * (a) perSheet: one sheet per transaction (voter row + sheet row + its ballot rows in one
 *     multi-row INSERT, COMMIT) from `connections` concurrent connections;
 * (b) multiRow: the same rows in multi-row INSERTs of `batchRows` rows per statement (autocommit);
 * (c) grouped (when `groupSheets` is given): `groupSheets` sheets per transaction, each table's rows
 *     in one multi-row INSERT: the shape of a group commit.
 *
 * `npx tsx bench/floor/mysql.ts` runs it alone (FLOOR_DATABASE_URL, FLOOR_BALLOTS, FLOOR_APPLICANTS,
 * FLOOR_BATCH_ROWS, FLOOR_CONNECTIONS override the small defaults).
 */
import crypto from 'node:crypto';
import mysql from 'mysql2/promise';
import { cpuMeter, machineMeter, pidOf, stats, wallMs } from '../lib/proc';
import { isMain } from './common';

export interface MysqlFloorParams {
  databaseUrl: string;
  /** Ballot sheets to write in each phase (one sheet = one expert's submission). */
  ballots: number;
  /** Ballot rows per sheet (one per applicant voted on). */
  applicantsPerSheet: number;
  /** Rows per multi-row INSERT in phase (b). */
  batchRows: number;
  /** Concurrent connections in every phase (default 4). */
  connections?: number;
  /** Rounds the sheets are spread over (default 60: a meeting each). */
  rounds?: number;
  /** Phase (c): sheets per transaction. */
  groupSheets?: number;
  /** Phase (a) also bumps vote_rounds.voted in the transaction, as the product does (default false). */
  roundCounter?: boolean;
  log?: (m: string) => void;
}

const TABLES = `
CREATE TABLE vote_rounds (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  voted INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE meeting_experts (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE meeting_applicants (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE round_voters (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id INT NOT NULL,
  meeting_expert_id INT NOT NULL,
  idempotency_key VARCHAR(64) NOT NULL,
  voted_at DATETIME NOT NULL,
  UNIQUE KEY round_voters_once (round_id, meeting_expert_id),
  UNIQUE KEY round_voters_key (round_id, idempotency_key),
  KEY round_voters_expert (meeting_expert_id),
  FOREIGN KEY (round_id) REFERENCES vote_rounds (id) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (meeting_expert_id) REFERENCES meeting_experts (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE ballot_sheets (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  round_id INT NOT NULL,
  KEY ballot_sheets_round_id (round_id),
  FOREIGN KEY (round_id) REFERENCES vote_rounds (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE ballots (
  sheet_id VARCHAR(32) NOT NULL,
  meeting_applicant_id INT NOT NULL,
  choice VARCHAR(8) NOT NULL,
  PRIMARY KEY (sheet_id, meeting_applicant_id),
  KEY ballots_applicant (meeting_applicant_id),
  FOREIGN KEY (sheet_id) REFERENCES ballot_sheets (id) ON DELETE CASCADE ON UPDATE CASCADE,
  FOREIGN KEY (meeting_applicant_id) REFERENCES meeting_applicants (id) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;`;

interface Sheet {
  roundId: number;
  expertId: number;
  key: string;
  id: string;
  choices: Array<[number, string]>;
}

function connOptions(url: URL, database?: string): mysql.ConnectionOptions {
  return {
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    multipleStatements: true,
    charset: 'utf8mb4',
  };
}

const CHOICES = ['yes', 'yes', 'yes', 'no', 'abstain'];

export async function mysqlFloor(p: MysqlFloorParams) {
  const log = p.log ?? (() => {});
  const url = new URL(p.databaseUrl);
  const dbName = `${url.pathname.slice(1) || 'bench'}_mysql_floor`;
  if (!/^\w+$/.test(dbName)) throw new Error(`mysql floor: bad database name ${dbName}`);
  const connections = p.connections ?? 4;
  const rounds = Math.max(1, Math.min(p.rounds ?? 60, p.ballots));
  const votersPerRound = Math.ceil(p.ballots / rounds);
  const admin = await mysql.createConnection(connOptions(url));
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const conns = await Promise.all(Array.from({ length: connections }, () => mysql.createConnection(connOptions(url, dbName))));
  const mariadb = pidOf('mariadbd') ?? pidOf('mysqld');

  const sheets = (): Sheet[] =>
    Array.from({ length: p.ballots }, (_, i) => ({
      roundId: (i % rounds) + 1,
      expertId: Math.floor(i / rounds) + 1 + (i % rounds) * votersPerRound,
      key: crypto.randomUUID(),
      id: crypto.randomBytes(16).toString('hex'),
      choices: Array.from({ length: p.applicantsPerSheet }, (_, k) => [k + 1, CHOICES[(i + k) % CHOICES.length]] as [number, string]),
    }));

  async function fresh() {
    const c = conns[0];
    await c.query('SET FOREIGN_KEY_CHECKS = 0; DROP TABLE IF EXISTS ballots, ballot_sheets, round_voters, meeting_applicants, meeting_experts, vote_rounds; SET FOREIGN_KEY_CHECKS = 1;');
    await c.query(TABLES);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => [i + 1]);
    await c.query('INSERT INTO vote_rounds (id) VALUES ?', [ids(rounds)]);
    for (let i = 0; i < rounds * votersPerRound; i += 5000) await c.query('INSERT INTO meeting_experts (id) VALUES ?', [ids(Math.min(rounds * votersPerRound, i + 5000)).slice(i)]);
    await c.query('INSERT INTO meeting_applicants (id) VALUES ?', [ids(p.applicantsPerSheet)]);
  }

  /** Runs `job(conn, i)` for i in 0..n over all connections, each taking the next index. */
  async function over(n: number, job: (c: mysql.Connection, i: number) => Promise<void>) {
    let next = 0;
    await Promise.all(
      conns.map(async (c) => {
        for (let i = next++; i < n; i = next++) await job(c, i);
      }),
    );
  }

  const now = () => new Date();
  const voterRow = (s: Sheet) => [s.roundId, s.expertId, s.key, now()];
  const rowsPerSheet = 2 + p.applicantsPerSheet;

  async function phase<T>(name: string, run: () => Promise<T>) {
    await fresh();
    const box = machineMeter();
    const meter = cpuMeter({ mariadbd: mariadb, bench: process.pid });
    const t0 = wallMs();
    const extra = await run();
    const ms = wallMs() - t0;
    const cpu = meter.stop();
    const machine = box.stop();
    const [[check]] = (await conns[0].query('SELECT (SELECT COUNT(*) FROM round_voters) AS voters, (SELECT COUNT(*) FROM ballot_sheets) AS sheets, (SELECT COUNT(*) FROM ballots) AS ballots')) as unknown as [[{ voters: number; sheets: number; ballots: number }]];
    if (Number(check.sheets) !== p.ballots || Number(check.ballots) !== p.ballots * p.applicantsPerSheet) throw new Error(`mysql floor ${name}: stored ${JSON.stringify(check)}`);
    const out = {
      ms: Math.round(ms),
      sheetsPerSec: Math.round((p.ballots / ms) * 1000),
      rowsPerSec: Math.round(((p.ballots * rowsPerSheet) / ms) * 1000),
      ballotRowsPerSec: Math.round(((p.ballots * p.applicantsPerSheet) / ms) * 1000),
      cpu,
      machineBusyCores: machine.busyCores,
      ...extra,
    };
    log(`mysql floor ${name}: ${out.sheetsPerSec} sheets/s, ${out.rowsPerSec} rows/s`);
    return out;
  }

  try {
    // (a) one sheet per transaction.
    const perSheetData = sheets();
    const commitMs: number[] = [];
    const txMs: number[] = [];
    const perSheet = await phase('perSheet', async () => {
      await over(perSheetData.length, async (c, i) => {
        const s = perSheetData[i];
        const t0 = wallMs();
        await c.query('START TRANSACTION');
        if (p.roundCounter) await c.query('UPDATE vote_rounds SET voted = voted + 1 WHERE id = ?', [s.roundId]);
        await c.query('INSERT INTO round_voters (round_id, meeting_expert_id, idempotency_key, voted_at) VALUES (?, ?, ?, ?)', voterRow(s));
        await c.query('INSERT INTO ballot_sheets (id, round_id) VALUES (?, ?)', [s.id, s.roundId]);
        await c.query('INSERT INTO ballots (sheet_id, meeting_applicant_id, choice) VALUES ?', [s.choices.map(([a, ch]) => [s.id, a, ch])]);
        const tc = wallMs();
        await c.query('COMMIT');
        const end = wallMs();
        commitMs.push(end - tc);
        txMs.push(end - t0);
      });
      const c = stats(commitMs);
      const t = stats(txMs);
      return { commitMs: { p50: c.p50, p99: c.p99, max: c.max }, transactionMs: { p50: t.p50, p99: t.p99, max: t.max } };
    });

    // (b) multi-row inserts of batchRows rows per statement, autocommit.
    const multiData = sheets();
    const stmtMs: number[] = [];
    const multiRow = await phase('multiRow', async () => {
      const timed = async (c: mysql.Connection, sql: string, rows: unknown[][]) => {
        const t0 = wallMs();
        await c.query(sql, [rows]);
        stmtMs.push(wallMs() - t0);
      };
      const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / p.batchRows) }, (_, i) => xs.slice(i * p.batchRows, (i + 1) * p.batchRows));
      // Sheets before their ballots (the foreign key); voters alongside the sheets.
      const voterChunks = chunks(multiData.map(voterRow));
      const sheetChunks = chunks(multiData.map((s) => [s.id, s.roundId]));
      const first = [
        ...voterChunks.map((rows) => ['INSERT INTO round_voters (round_id, meeting_expert_id, idempotency_key, voted_at) VALUES ?', rows] as const),
        ...sheetChunks.map((rows) => ['INSERT INTO ballot_sheets (id, round_id) VALUES ?', rows] as const),
      ];
      await over(first.length, (c, i) => timed(c, first[i][0], first[i][1] as unknown[][]));
      const ballotChunks = chunks(multiData.flatMap((s) => s.choices.map(([a, ch]) => [s.id, a, ch])));
      await over(ballotChunks.length, (c, i) => timed(c, 'INSERT INTO ballots (sheet_id, meeting_applicant_id, choice) VALUES ?', ballotChunks[i]));
      const s = stats(stmtMs);
      return { batchRows: p.batchRows, statements: s.count, statementMs: { p50: s.p50, p99: s.p99, max: s.max } };
    });

    // (c) group commit: groupSheets sheets per transaction.
    let grouped: Awaited<ReturnType<typeof phase>> | undefined;
    if (p.groupSheets) {
      const g = p.groupSheets;
      const data = sheets();
      const gCommit: number[] = [];
      const gTx: number[] = [];
      grouped = await phase('grouped', async () => {
        await over(Math.ceil(data.length / g), async (c, i) => {
          const batch = data.slice(i * g, (i + 1) * g);
          const t0 = wallMs();
          await c.query('START TRANSACTION');
          await c.query('INSERT INTO round_voters (round_id, meeting_expert_id, idempotency_key, voted_at) VALUES ?', [batch.map(voterRow)]);
          await c.query('INSERT INTO ballot_sheets (id, round_id) VALUES ?', [batch.map((s) => [s.id, s.roundId])]);
          await c.query('INSERT INTO ballots (sheet_id, meeting_applicant_id, choice) VALUES ?', [batch.flatMap((s) => s.choices.map(([a, ch]) => [s.id, a, ch]))]);
          const tc = wallMs();
          await c.query('COMMIT');
          const end = wallMs();
          gCommit.push(end - tc);
          gTx.push(end - t0);
        });
        const c = stats(gCommit);
        const t = stats(gTx);
        return { groupSheets: g, commitMs: { p50: c.p50, p99: c.p99, max: c.max }, transactionMs: { p50: t.p50, p99: t.p99, max: t.max } };
      });
    }

    const [[vars]] = (await conns[0].query('SELECT @@innodb_flush_log_at_trx_commit AS flush, @@version AS version')) as unknown as [[{ flush: number; version: string }]];
    return {
      kind: 'mysql2' as const,
      params: { scratchDatabase: dbName, ballots: p.ballots, applicantsPerSheet: p.applicantsPerSheet, batchRows: p.batchRows, connections, rounds, groupSheets: p.groupSheets ?? null, roundCounter: Boolean(p.roundCounter) },
      server: { version: vars.version, innodbFlushLogAtTrxCommit: Number(vars.flush) },
      perSheet,
      multiRow,
      ...(grouped ? { grouped } : {}),
    };
  } finally {
    await Promise.all(conns.map((c) => c.end().catch(() => undefined)));
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``).catch(() => undefined);
    await admin.end();
  }
}

if (isMain(import.meta.url)) {
  const env = (k: string, d: number) => Number(process.env[k] ?? d);
  const figures = await mysqlFloor({
    databaseUrl: process.env.FLOOR_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench_floor',
    ballots: env('FLOOR_BALLOTS', 3000),
    applicantsPerSheet: env('FLOOR_APPLICANTS', 10),
    batchRows: env('FLOOR_BATCH_ROWS', 50),
    connections: env('FLOOR_CONNECTIONS', 4),
    groupSheets: env('FLOOR_GROUP_SHEETS', 20) || undefined,
    roundCounter: process.env.FLOOR_ROUND_COUNTER === '1',
    log: (m) => process.stdout.write(`${m}\n`),
  });
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}
