/**
 * `npm run bench` (full) and `npm run bench -- --quick` (under 3 minutes): our figures beside the
 * floor they are measured against, in one run on this machine. MariaDB and Redis must be up.
 *
 * 1. Two server nodes (separate processes) on a fresh MariaDB database and Redis; the live-meeting
 *    load from worker processes (bench/live/): votes individually and in batch, tallies, results
 *    published to waiting applicants, at each point of the curve of connected clients.
 * 2. The floor, same run, same room sizes and rates: a bare `ws` server, bare two-node Socket.IO +
 *    Redis (bench/floor/), raw mysql2 inserts of the same ballots.
 * 3. The reviewer queue over 200,000 declarations at a fixed request rate, and the same SQL raw
 *    (bench/queue.ts).
 * 4. Drafting: edit → visible on the other node, 200 documents × 5 editors (bench/collab.ts).
 * Writes bench/results/latest.json (every figure, the parameters, the machine), latest.md (a table
 * and the curve's chart) and latest-curve.png (quick.* for a quick run); prints the table. Options: --quick, --skip=floor,queue,collab.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, machineMeter, rootDir, wallMs } from './lib/proc';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const skip = new Set((args.find((a) => a.startsWith('--skip='))?.slice(7) ?? '').split(',').filter(Boolean));
const base = (process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench').replace(/\/\w*$/, '');
const BENCH_DB = `${base}/bench`;
process.env.TEST_DATABASE_URL = BENCH_DB;
process.env.TEST_RUN_ID ??= `bench${process.pid}`;
process.env.TEST_LOG_LEVEL ??= 'warn';

const P = quick
  ? { meetings: 6, experts: 35, applicantsPerMeeting: 20, curve: [100, 200], applicantsWaiting: 250, offered: 400, batch: 10, workers: 2, queueDecls: 20_000, queueRate: 20, queueMixRate: 10, queueMs: 6000, floorMs: 4000, collab: { docs: 40, seconds: 8 } }
  : { meetings: 60, experts: 35, applicantsPerMeeting: 84, curve: [500, 1000, 2000, 5000], applicantsWaiting: 5000, offered: 2000, batch: 10, workers: 3, queueDecls: 200_000, queueRate: 25, queueMixRate: 10, queueMs: 20_000, floorMs: 10_000, collab: { docs: 200, seconds: 30 } };

const TARGETS = {
  sheetsPerSec: 2000,
  ballotToRoomP99Ms: 100,
  closeToTallyP99Ms: 100,
  publishToPushP99Ms: 1000,
  queueP95Ms: 50,
  draftingP99Ms: 50,
  fanoutVsFloor: 1.5,
};

const started = wallMs();
const log = (m: string) => process.stdout.write(`[${((wallMs() - started) / 1000).toFixed(1).padStart(6)} s] ${m}\n`);

async function runCollab() {
  const file = quick ? 'collab-quick.json' : 'collab.json';
  const out = path.join(benchDir, 'results', file);
  const before = fs.existsSync(out) ? fs.statSync(out).mtimeMs : 0;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'collab.ts')], {
      cwd: rootDir,
      env: {
        ...process.env,
        BENCH_DATABASE_URL: `${base}/bench_collab`,
        TEST_RUN_ID: `benchcollab${process.pid}`,
        BENCH_RESULTS_FILE: file,
        BENCH_DOCS: String(P.collab.docs),
        BENCH_EDITORS: '5',
        BENCH_SECONDS: String(P.collab.seconds),
        BENCH_LOAD_DOCS: quick ? '4' : '20',
        BENCH_LOAD_ROWS: quick ? '500' : '2000',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line.trim() && !line.startsWith('{') && !line.startsWith(' ') && !line.startsWith('}')) log(`collab: ${line.trim()}`);
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench/collab.ts exited with ${code}`))));
  });
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs === before) throw new Error('bench/collab.ts wrote no results');
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

const fmt = (x: unknown) => (typeof x === 'number' ? (Number.isInteger(x) ? String(x) : x.toFixed(1)) : x == null ? '–' : String(x));
const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : '**not met**');

async function main() {
  const box = machineMeter();
  const machine = {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    note: 'the two server nodes, MariaDB, Redis and the load generator (worker processes) share this machine',
  };
  log(`${quick ? 'quick' : 'full'} run on ${machine.cores} cores (${machine.cpu}), load average ${machine.loadAverageAtStart.join(' ')}`);

  // The default buffer pool (128 MiB) cannot hold 200,000 declarations with their flow log; a
  // production server would be given more. Raised for the run (and said so in the results).
  const mysql = (await import('mysql2/promise')).default;
  const admin = await mysql.createConnection(base.replace(/^mysql:/, 'mysql:') + '/');
  const [[pool]] = (await admin.query('SELECT @@innodb_buffer_pool_size AS size')) as unknown as [[{ size: number }]];
  const poolBefore = Number(pool.size);
  if (!quick && poolBefore < 2 ** 30) await admin.query('SET GLOBAL innodb_buffer_pool_size = 1073741824').catch((e: Error) => log(`could not raise the buffer pool: ${e.message}`));
  const [[pool2]] = (await admin.query('SELECT @@innodb_buffer_pool_size AS size, @@innodb_flush_log_at_trx_commit AS flush')) as unknown as [[{ size: number; flush: number }]];
  await admin.end();
  Object.assign(machine, { mariadb: { bufferPoolMiBBefore: Math.round(poolBefore / 2 ** 20), bufferPoolMiB: Math.round(Number(pool2.size) / 2 ** 20), flushLogAtTrxCommit: Number(pool2.flush) } });
  const setup = await import('../test/helpers/setup');
  const { spawnNode } = await import('../test/helpers/nodes');
  // BENCH_NODE_ENV="ROOM_PROGRESS_INTERVAL_MS=100 BALLOT_BATCH_PARALLEL=3" tries the nodes' settings.
  const tuned = Object.fromEntries((process.env.BENCH_NODE_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const settings = { ACCESS_TOKEN_TTL_SECONDS: '7200', LOG_LEVEL: 'warn', ...tuned };
  log(`fresh database ${BENCH_DB}; starting two server nodes …`);
  await setup.mochaGlobalSetup(settings);
  const nodes = [await spawnNode(settings), await spawnNode(settings)];
  const results: Record<string, unknown> = {};
  try {
    const nodeRefs = nodes.map((n) => ({ url: n.url, pid: n.child.pid! }));
    // The in-process server only builds the data; it must not also receive every broadcast.
    await setup.server().realtime.close();

    const { liveBench } = await import('./live/meetings');
    const live = await liveBench({
      meetings: P.meetings,
      experts: P.experts,
      applicantsPerMeeting: P.applicantsPerMeeting,
      curve: P.curve,
      applicantsWaiting: P.applicantsWaiting,
      offeredSheetsPerSec: P.offered,
      batchSize: P.batch,
      resendShare: 0.05,
      workers: P.workers,
      nodes: nodeRefs,
      log,
    });
    results.live = live;

    if (!skip.has('queue')) {
      const { queueBench } = await import('./queue');
      const common = { databaseUrl: BENCH_DB, apiUrls: nodeRefs.map((n) => n.url), declarations: P.queueDecls, durationMs: P.queueMs, warmupMs: quick ? 1500 : 3000, log, pids: { nodeA: nodeRefs[0].pid, nodeB: nodeRefs[1].pid } };
      // 待审核: what a handler or leader works through (filters by series, level and unit, paging).
      results.queue = await queueBench({ ...common, ratePerSec: P.queueRate, only: 'queue' });
      // The same data through 申报查询 too (a subtree's declarations at every status, exact totals).
      results.queueMix = await queueBench({ ...common, ratePerSec: P.queueMixRate, reuse: true });
    }
  } finally {
    for (const n of nodes) await n.stop().catch(() => undefined);
    await setup.mochaGlobalTeardown().catch(() => undefined);
  }

  const live = results.live as Awaited<ReturnType<typeof import('./live/meetings').liveBench>>;
  // The floor is measured at the target scenario's room sizes and the rate its rooms heard.
  const lastBatch = live.waves.filter((w) => w.point === 'target' && w.name.includes('batch')).at(-1)!;
  if (!skip.has('floor')) {
    const payload = { room: 'meeting:1', seq: 1, at: new Date().toISOString(), data: { roundId: 1, voted: 17, roll: 35 } };
    const floorParams = {
      rooms: P.meetings,
      roomSize: P.experts + 5,
      // The rate our rooms actually heard announcements at in the heaviest wave.
      broadcastsPerSecPerRoom: Math.max(1, lastBatch.progressAnnouncementsPerRoundPerSec),
      durationMs: P.floorMs,
      payload,
      clientWorkers: P.workers,
      log,
    };
    const { wsFloor } = await import('./floor/ws');
    const { socketIoFloor } = await import('./floor/socketio');
    const { mysqlFloor } = await import('./floor/mysql');
    log(`floor: bare ws, ${floorParams.rooms} rooms × ${floorParams.roomSize} at ${floorParams.broadcastsPerSecPerRoom}/s per room …`);
    const ws = await wsFloor(floorParams);
    log(`floor: bare two-node Socket.IO + Redis …`);
    const sio = await socketIoFloor({ ...floorParams, redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' });
    log(`floor: raw mysql2 inserts of ${lastBatch.sheets} sheets × ${P.batch} ballots …`);
    const mysql = await mysqlFloor({ databaseUrl: `${base}/bench_floor`, ballots: lastBatch.sheets, applicantsPerSheet: P.batch, batchRows: 400, groupSheets: 50, roundCounter: true, rounds: P.meetings, log });
    results.floor = { ws, socketIo: sio, mysql, params: { ...floorParams, log: undefined } };
  }
  if (!skip.has('collab')) {
    log(`drafting: ${P.collab.docs} documents × 5 editors on two nodes for ${P.collab.seconds} s …`);
    results.collab = await runCollab();
  }

  const report = summarise(results, machine);
  const outDir = path.join(benchDir, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  // A quick run (a check that the benchmark works) never replaces the full run's figures.
  const stem = quick ? 'quick' : 'latest';
  const chartPath = path.join(outDir, `${stem}-curve.png`);
  try {
    const { renderCurveChart } = await import('./chart');
    await renderCurveChart(report.curveSeries, {
      title: '连接数与延迟、CPU (Latency and CPU by connected clients)',
      xName: 'connected clients',
      yNames: ['ms (p99)', 'CPU cores'],
      pngPath: chartPath,
      svgPath: path.join(outDir, `${stem}-curve.svg`),
    });
  } catch (e) {
    log(`chart: not rendered (${(e as Error).message})`);
  }
  const finished = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    durationS: Math.round((wallMs() - started) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100), busyCoresOverRun: box.stop().busyCores },
    params: P,
    nodeSettings: settings,
    targets: TARGETS,
    summary: report.rows,
    ...results,
  };
  fs.writeFileSync(path.join(outDir, `${stem}.json`), `${JSON.stringify(finished, null, 2)}\n`);
  const md = [
    `# Benchmark (${finished.mode}) — ${finished.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average at start ${machine.loadAverageAtStart.join(' ')}, busy cores over the run ${finished.machine.busyCoresOverRun}. ${machine.note}. Run took ${finished.durationS} s.`,
    '',
    '| figure | ours | floor (same run) | target | |',
    '| --- | --- | --- | --- | --- |',
    ...report.rows.map((r) => `| ${r.figure} | ${fmt(r.ours)} | ${fmt(r.floor)} | ${r.target ?? '–'} | ${verdict(r.met)} |`),
    '',
    '## The curve',
    '',
    'Batch waves (10 applicants a sheet); each meeting offered the same rate (2,000/s over all 60 in the full run).',
    '',
    '| connected clients | meetings voting | sheets/s | ack p99 ms | ballot → room p50 / p99 ms | close → tally p99 ms | CPU: node A + node B | MariaDB | Redis | load generator |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...report.curve.map((c) => `| ${c.clients} | ${c.meetings} | ${fmt(c.sheetsPerSec)} | ${fmt(c.ackP99)} | ${fmt(c.visibleP50)} / ${fmt(c.visibleP99)} | ${fmt(c.tallyP99)} | ${fmt(c.nodes)} | ${fmt(c.mariadb)} | ${fmt(c.redis)} | ${fmt(c.workers)} |`),
    '',
    `![curve](${stem}-curve.png)`,
    '',
    `CPU is in cores (1.0 = one core busy). Every figure, with its parameters, is in \`${stem}.json\`.`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(outDir, `${stem}.md`), md);
  process.stdout.write(`\n${md}\n`);
  log(`wrote bench/results/${stem}.json, ${stem}.md, ${stem}-curve.png`);
}

interface Row {
  figure: string;
  ours: unknown;
  floor?: unknown;
  target?: string;
  met: boolean | null;
}

function summarise(r: Record<string, any>, _machine: object) {
  const live = r.live;
  const waves: any[] = live.waves;
  // The targets are for the target scenario (every meeting voting, every applicant waiting).
  const storm = waves.filter((w) => w.point === 'target');
  const best = Math.max(...storm.map((w) => w.sheetsPerSec));
  const worst = (k: string) => Math.max(...storm.map((w) => w[k].p99));
  const lastBatch = storm.filter((w) => w.name.includes('batch')).at(-1);
  const rows: Row[] = [];
  rows.push({ figure: `ballot sheets/s sustained, ${lastBatch.meetingsVoting} meetings, ${lastBatch.clientsConnected} clients (best wave; one sheet = one expert’s ballot in a round; ${lastBatch.offeredSheetsPerSec}/s offered)`, ours: best, target: `≥ ${TARGETS.sheetsPerSec}`, met: best >= TARGETS.sheetsPerSec });
  rows.push({ figure: 'ballots/s (sheets × applicants on them), batch wave', ours: lastBatch.ballotsPerSec, met: null });
  rows.push({ figure: 'ack p99 ms (sent → acknowledged after commit), worst wave', ours: worst('ackMs'), met: null });
  rows.push({ figure: 'ballot → every room member sees a count including it, p99 ms (worst wave)', ours: worst('ballotToRoomMs'), target: `≤ ${TARGETS.ballotToRoomP99Ms}`, met: worst('ballotToRoomMs') <= TARGETS.ballotToRoomP99Ms });
  rows.push({ figure: 'ballot → room p50 ms (worst wave)', ours: Math.max(...storm.map((w) => w.ballotToRoomMs.p50)), met: null });
  rows.push({ figure: 'round closed → every room member has the tally, p99 ms (worst wave)', ours: worst('closeToTallyMs'), target: `≤ ${TARGETS.closeToTallyP99Ms}`, met: worst('closeToTallyMs') <= TARGETS.closeToTallyP99Ms });
  const pub = live.publication;
  rows.push({ figure: `results published → each waiting applicant’s push, p99 ms (${pub.pushesReceived}/${pub.pushesExpected} pushed)`, ours: pub.publishToPushMs.p99, target: `≤ ${TARGETS.publishToPushP99Ms}`, met: pub.publishToPushMs.p99 <= TARGETS.publishToPushP99Ms && pub.pushesReceived === pub.pushesExpected });
  const floorSio = r.floor?.socketIo;
  const floorWs = r.floor?.ws;
  const fanout = lastBatch.fanoutMs.p99;
  rows.push({ figure: 'room fan-out p99 ms (announcement → member), heaviest batch wave', ours: fanout, floor: floorSio ? `Socket.IO+Redis ${floorSio.p99} / ws ${floorWs.p99}` : undefined, target: `≤ ${TARGETS.fanoutVsFloor}× Socket.IO floor`, met: floorSio ? fanout <= TARGETS.fanoutVsFloor * floorSio.p99 : null });
  if (floorSio) rows.push({ figure: 'fan-out p99: ours ÷ bare Socket.IO + Redis; ours ÷ bare ws', ours: `${(fanout / floorSio.p99).toFixed(2)}× ; ${(fanout / floorWs.p99).toFixed(2)}×`, met: null });
  const mysql = r.floor?.mysql;
  if (mysql) {
    const ours = lastBatch.sheetsPerSec;
    const floorBest = Math.max(mysql.perSheet?.sheetsPerSec ?? 0, mysql.grouped?.sheetsPerSec ?? 0, mysql.multiRow?.sheetsPerSec ?? 0);
    rows.push({ figure: 'sheets/s: ours (batch wave) vs raw mysql2 inserts of the same sheets (best shape)', ours, floor: floorBest, met: null });
  }
  const integ = live.integrity;
  rows.push({ figure: 'sheets acknowledged / stored / stored twice / lost', ours: `${integ.sheetsAcknowledged} / ${integ.voterRowsStored} / ${integ.storedTwice} / ${integ.lost}`, target: 'stored = acknowledged, 0 twice, 0 lost', met: integ.storedTwice === 0 && integ.lost === 0 && integ.voterRowsStored === integ.sheetsAcknowledged });
  rows.push({ figure: 'resent sheets answered as duplicates (same key, other node)', ours: integ.resendsAnsweredDuplicate, met: null });
  if (r.queue) {
    const q = r.queue;
    rows.push({ figure: `reviewer queue (待审核) p95 ms (${q.params.declarations} declarations, ${q.params.ratePerSec} req/s, ${q.api.errors} errors)`, ours: q.api.p95, floor: q.sql ? `raw SQL ${q.sql.p95}` : undefined, target: `≤ ${TARGETS.queueP95Ms}`, met: q.api.p95 <= TARGETS.queueP95Ms && q.api.errors === 0 });
  }
  if (r.queueMix) {
    const q = r.queueMix;
    rows.push({ figure: `queue and 申报查询 mixed (subtree search with exact totals) p95 ms (${q.params.ratePerSec} req/s, ${q.api.errors} errors)`, ours: q.api.p95, floor: q.sql ? `raw SQL ${q.sql.p95}` : undefined, met: null });
  }
  if (r.collab) {
    const e = r.collab.editToVisible;
    rows.push({
      figure: `drafting: edit → visible on the other node, p50 / p99 ms (${e.docs} docs × ${e.editorsPerDoc} editors, ${e.edits} edits)`,
      ours: `${e.crossNodeMs.p50} / ${e.crossNodeMs.p99}`,
      target: `p99 ≤ ${TARGETS.draftingP99Ms}`,
      met: e.crossNodeMs.p99 <= TARGETS.draftingP99Ms && e.crossNodeDeliveries.seen === e.crossNodeDeliveries.expected,
    });
  }

  const curve = waves
    .filter((w) => w.point !== 'final' && w.name.includes('batch'))
    .map((w) => ({
      meetings: w.meetingsVoting,
      clients: w.clientsConnected,
      sheetsPerSec: w.sheetsPerSec,
      ackP99: w.ackMs.p99,
      visibleP50: w.ballotToRoomMs.p50,
      visibleP99: w.ballotToRoomMs.p99,
      tallyP99: w.closeToTallyMs.p99,
      nodes: Math.round(((w.cpu.nodeA ?? 0) + (w.cpu.nodeB ?? 0)) * 100) / 100,
      mariadb: w.cpu.mariadbd,
      redis: w.cpu.redis,
      workers: Math.round(Object.entries(w.cpu as Record<string, number>).filter(([k]) => k.startsWith('worker')).reduce((a, [, v]) => a + v, 0) * 100) / 100,
    }));
  const curveSeries = [
    { name: 'ballot → room p99 (ms)', points: curve.map((c) => ({ x: c.clients, y: c.visibleP99 })), yAxis: 0 as const },
    { name: 'close → tally p99 (ms)', points: curve.map((c) => ({ x: c.clients, y: c.tallyP99 })), yAxis: 0 as const },
    { name: 'ack p99 (ms)', points: curve.map((c) => ({ x: c.clients, y: c.ackP99 })), yAxis: 0 as const },
    { name: 'CPU: both nodes (cores)', points: curve.map((c) => ({ x: c.clients, y: c.nodes })), yAxis: 1 as const },
    { name: 'CPU: MariaDB (cores)', points: curve.map((c) => ({ x: c.clients, y: c.mariadb ?? 0 })), yAxis: 1 as const },
  ];
  return { rows, curve, curveSeries };
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
