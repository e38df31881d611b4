/**
 * Collaboration benchmark: `npx tsx bench/collab.ts` (MariaDB + Redis must be up).
 *
 * 1. Edit → visible on another node's client: DOCS documents × EDITORS stock y-websocket clients,
 *    spread over two spawned server nodes; every editor types at random moments; we time each
 *    edit until it shows in every client of the same document on the *other* node (and, for
 *    comparison, on the same node). All clients live in this process, so one clock times them;
 *    they also share the machine's cores with the servers, MariaDB and Redis.
 * 2. Document load from the database (SELECT all rows, apply them to a fresh Y.Doc: what a node
 *    does when a document opens) for documents made of many small updates, before and after
 *    compaction; and the compaction itself.
 *
 * Figures are printed and written to bench/results/collab.json. Knobs (environment):
 * BENCH_DATABASE_URL, BENCH_RESULTS_FILE (collab.json), BENCH_DOCS (200), BENCH_EDITORS (5), BENCH_SECONDS (30),
 * BENCH_EDIT_INTERVAL_MS (mean pause per editor, 5000), BENCH_LOAD_DOCS (20), BENCH_LOAD_ROWS (2000),
 * BENCH_TRACE (a file for every cross-node latency with its time).
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const DOCS = num('BENCH_DOCS', 200);
const EDITORS = num('BENCH_EDITORS', 5);
const SECONDS = num('BENCH_SECONDS', 30);
const EDIT_INTERVAL_MS = num('BENCH_EDIT_INTERVAL_MS', 5000);
const LOAD_DOCS = num('BENCH_LOAD_DOCS', 20);
const LOAD_ROWS = num('BENCH_LOAD_ROWS', 2000);

// The test harness reads these when first imported: its own database and Redis prefix.
process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench_collab';
process.env.TEST_RUN_ID ??= `bench${process.pid}`;

const setup = await import('../test/helpers/setup');
const { spawnNode } = await import('../test/helpers/nodes');
const { buildAccount, buildOrg, tokenFor } = await import('../test/helpers/factories');
const { installTestRights, rightsNodeEnv, setRight, closeRightsClient } = await import('../test/collab/rights-fixture');
const { openClient, sleep, waitUntil } = await import('../test/collab/helpers');
const { collabDocName } = await import('../realtime/collab/names');
const store = await import('../realtime/collab/store');
const { db } = await import('../models');

/** CPU seconds a process has used so far (Linux /proc), to show what the servers cost whatever else runs. */
const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN);
  const r = (v: number) => Math.round(v * 100) / 100;
  return { count: s.length, p50: r(at(0.5)), p90: r(at(0.9)), p99: r(at(0.99)), max: r(s[s.length - 1] ?? NaN), mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

const log = (m: string) => process.stdout.write(`${m}\n`);
// Every y-websocket provider in Node adds a process 'exit' listener.
process.setMaxListeners(0);

const loadAtStart = os.loadavg();
await setup.mochaGlobalSetup();
installTestRights();
const [n1, n2] = await Promise.all([spawnNode(rightsNodeEnv()), spawnNode(rightsNodeEnv())]);
const nodes = [n1, n2];
const results: Record<string, unknown> = {};

try {
  // ---- 1. edit → visible ----------------------------------------------------------------------
  const org = await buildOrg();
  const people = [];
  for (let i = 0; i < EDITORS; i++) {
    const a = await buildAccount(org, { role: 'expert' });
    people.push({ id: a.id, token: await tokenFor(a) });
  }
  const docs = Array.from({ length: DOCS }, (_, i) => collabDocName({ meetingId: 1, meetingApplicantId: i + 1, field: 'overall' }));
  for (const d of docs) for (const p of people) await setRight(p.id, d, 'write');

  type Client = { handle: ReturnType<typeof openClient>; node: number; doc: number };
  const clients: Client[] = [];
  const sent = new Map<number, { at: number; node: number; doc: number }>();
  const cross: number[] = [];
  /** [edit sent at (ms since start), cross-node latency]: BENCH_TRACE=file writes it, to see when the tail happens. */
  const trace: Array<[number, number]> = [];
  const same: number[] = [];
  log(`opening ${DOCS * EDITORS} clients on two nodes…`);
  const t0 = performance.now();
  for (let d = 0; d < DOCS; d++) {
    for (let e = 0; e < EDITORS; e++) {
      // Alternate which node gets the larger half, so each node holds about half the clients.
      const node = (e + d) % 2;
      const handle = openClient(people[e], docs[d], nodes[node]);
      const c: Client = { handle, node, doc: d };
      handle.text.observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue;
          for (const m of op.insert.matchAll(/e(\d+);/g)) {
            const s = sent.get(Number(m[1]));
            if (!s || s.doc !== c.doc) continue;
            (s.node === c.node ? same : cross).push(now - s.at);
            if (s.node !== c.node) trace.push([Math.round(s.at - t0), Math.round((now - s.at) * 10) / 10]);
          }
        }
      });
      clients.push(c);
    }
    if (d % 20 === 19) await Promise.all(clients.slice(-20 * EDITORS).map((c) => c.handle.whenSynced()));
  }
  await Promise.all(clients.map((c) => c.handle.whenSynced()));
  const connectMs = performance.now() - t0;
  log(`all synced in ${(connectMs / 1000).toFixed(1)} s; editing for ${SECONDS} s…`);

  let seq = 0;
  const cpuBefore = { nodes: nodes.map((n) => cpuSeconds(n.child.pid!)), bench: cpuSeconds(process.pid) };
  const end = Date.now() + SECONDS * 1000;
  const timers: NodeJS.Timeout[] = [];
  const schedule = (c: Client) => {
    if (Date.now() > end) return;
    timers.push(
      setTimeout(() => {
        if (Date.now() > end) return;
        const n = ++seq;
        sent.set(n, { at: performance.now(), node: c.node, doc: c.doc });
        c.handle.text.insert(0, `e${n};`);
        schedule(c);
      }, Math.random() * 2 * EDIT_INTERVAL_MS),
    );
  };
  clients.forEach(schedule);
  // A side probe: how long one append takes in the shared MariaDB right now (others use it too).
  const probeDoc = collabDocName({ meetingId: 3, meetingApplicantId: 1, field: 'overall' });
  await store.ensureDoc(probeDoc);
  const appendMs: number[] = [];
  const probe = setInterval(() => {
    const t = performance.now();
    void store.appendUpdate(probeDoc, new Uint8Array([0, 0]), 'bench-probe').then(() => appendMs.push(performance.now() - t));
  }, 100);
  await sleep(SECONDS * 1000 + 3000);
  clearInterval(probe);
  timers.forEach(clearTimeout);
  const cpu = {
    serverNodesSeconds: nodes.map((n, i) => Math.round((cpuSeconds(n.child.pid!) - cpuBefore.nodes[i]) * 100) / 100),
    clientsProcessSeconds: Math.round((cpuSeconds(process.pid) - cpuBefore.bench) * 100) / 100,
  };
  await waitUntil(() => clients.every((c) => c.handle.text.toString() === clients[c.doc * EDITORS].handle.text.toString()), 'documents converge', 30000);
  const expectedCross = [...sent.values()].reduce((n, s) => n + clients.filter((c) => c.doc === s.doc && c.node !== s.node).length, 0);
  results.editToVisible = {
    docs: DOCS,
    editorsPerDoc: EDITORS,
    seconds: SECONDS,
    meanEditIntervalMsPerEditor: EDIT_INTERVAL_MS,
    edits: seq,
    editsPerSecond: Math.round(seq / SECONDS),
    connectAndSyncAllMs: Math.round(connectMs),
    crossNodeMs: stats(cross),
    crossNodeDeliveries: { seen: cross.length, expected: expectedCross },
    sameNodeMs: stats(same),
    probeAppendMs: stats(appendMs),
    cpuDuringEditing: {
      ...cpu,
      serverMsPerEdit: Math.round(((cpu.serverNodesSeconds[0] + cpu.serverNodesSeconds[1]) * 1000 * 100) / Math.max(1, seq)) / 100,
    },
  };
  log(JSON.stringify(results.editToVisible, null, 2));
  if (process.env.BENCH_TRACE) fs.writeFileSync(process.env.BENCH_TRACE, JSON.stringify(trace));
  for (const c of clients) c.handle.destroy();
  await sleep(2000);

  // ---- 2. load from the database ----------------------------------------------------------------
  log(`writing ${LOAD_DOCS} documents of ${LOAD_ROWS} single-character updates…`);
  const loadDocs = Array.from({ length: LOAD_DOCS }, (_, i) => collabDocName({ meetingId: 2, meetingApplicantId: i + 1, field: 'academic' }));
  for (const name of loadDocs) {
    await store.ensureDoc(name);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const text = doc.getText('text');
    for (let i = 0; i < LOAD_ROWS; i++) {
      // Typing with the occasional correction, like a person drafting an opinion.
      if (i % 17 === 16 && text.length > 2) text.delete(text.length - 2, 1);
      else text.insert(Math.max(0, text.length - (i % 5)), '评');
    }
    for (let i = 0; i < updates.length; i += 500) {
      const chunk = updates.slice(i, i + 500);
      await db().query(`INSERT INTO collab_updates (doc, data, origin, created_at) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(',')}`, {
        replacements: chunk.flatMap((u) => [name, Buffer.from(u), 'bench', new Date()]),
      });
    }
  }
  const timeLoads = async () => {
    const ms: number[] = [];
    for (const name of loadDocs) {
      const t = performance.now();
      const rows = await store.loadRows(name);
      const d = new Y.Doc();
      store.applyRows(name, d, rows);
      ms.push(performance.now() - t);
      d.destroy();
    }
    return ms;
  };
  const before = await timeLoads();
  const compactMs: number[] = [];
  for (const name of loadDocs) {
    const t = performance.now();
    await store.compactDoc(name, 'bench');
    compactMs.push(performance.now() - t);
  }
  const rowsAfter = await store.countRows(loadDocs[0]);
  const after = await timeLoads();
  results.loadFromDatabase = {
    docs: LOAD_DOCS,
    updatesPerDoc: LOAD_ROWS,
    rowsPerDocAfterCompaction: rowsAfter,
    beforeCompactionMs: stats(before),
    compactionMs: stats(compactMs),
    afterCompactionMs: stats(after),
  };
  log(JSON.stringify(results.loadFromDatabase, null, 2));
} finally {
  await Promise.all(nodes.map((n) => n.stop()));
  await closeRightsClient();
  await setup.mochaGlobalTeardown();
}

const out = {
  date: new Date().toISOString(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    note: 'clients, both server nodes, MariaDB and Redis share this machine (and other people\'s test runs)',
    loadAverage1mAtStart: Math.round(loadAtStart[0] * 100) / 100,
    loadAverage1mAtEnd: Math.round(os.loadavg()[0] * 100) / 100,
  },
  ...results,
};
fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
// BENCH_RESULTS_FILE: the quick run of bench/run.ts writes collab-quick.json, leaving the full run's.
const resultsFile = process.env.BENCH_RESULTS_FILE ?? 'collab.json';
fs.writeFileSync(path.join(import.meta.dirname, 'results', resultsFile), `${JSON.stringify(out, null, 2)}\n`);
log(`written to bench/results/${resultsFile}`);
process.exit(0);
