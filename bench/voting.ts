/**
 * Voting benchmark: `npx tsx bench/voting.ts` (MariaDB + Redis must be up).
 *
 * A committee of BENCH_VOTERS experts (default 200, above the ~180 voters at which OpenSlides once
 * lost a running poll) votes at once on BENCH_APPLICANTS applicants, half the experts connected to
 * one server process and half to another, sharing MariaDB and Redis. Measured:
 * - ballot acknowledgement latency (emit → ack after commit), p50/p90/p99/max;
 * - time until a watcher on each node has seen the count reach the roll;
 * - that every acknowledged sheet is stored once and the tally adds up.
 * Figures are printed and written to bench/results/voting.json. It uses the test harness to build
 * its data (own database `bench_voting`, dropped and recreated).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/bench_voting';
const VOTERS = Number(process.env.BENCH_VOTERS ?? 200);
const APPLICANTS = Number(process.env.BENCH_APPLICANTS ?? 10);

const { mochaGlobalSetup, mochaGlobalTeardown } = await import('../test/helpers/setup');
const { spawnNode } = await import('../test/helpers/nodes');
const { buildMeeting, reviewGroup, signIn, tokensFor } = await import('../test/helpers/meeting');
const { tokenFor } = await import('../test/helpers/factories');
const { api } = await import('../test/helpers/api');
const { connect, emitAck } = await import('../test/helpers/sockets');
const { server } = await import('../test/helpers/setup');
const { BallotSheet, RoundVoter } = await import('../models');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 100) / 100;
};

async function main() {
  const load0 = os.loadavg()[0];
  await mochaGlobalSetup();
  const nodeB = await spawnNode();
  try {
    const nodeA = { url: server().url };
    process.stdout.write(`building a committee of ${VOTERS} …\n`);
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: APPLICANTS, extraMembers: VOTERS - 3, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    await signIn(m, await tokenFor(m.staff));
    await reviewGroup(m, 0, tokens);
    const chair = tokens.get(m.chair.account.id)!;
    const round = (await api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body as { id: number; present: number };
    if (round.present !== VOTERS) throw new Error(`roll ${round.present}, expected ${VOTERS}`);

    const watchers = await Promise.all([nodeA, nodeB].map(async (n) => connect(await tokenFor(m.supervisor, n.url), n.url)));
    const seenAll: number[] = [0, 0];
    for (const [i, w] of watchers.entries()) {
      await emitAck(w, 'room:join', { room: `watch:${m.meeting.id}` });
      (w as unknown as { on: (e: string, f: (p: { data: { roundId: number; voted: number } }) => void) => void }).on('round:progress', (p) => {
        if (p.data.roundId === round.id && p.data.voted === VOTERS) seenAll[i] = performance.now();
      });
    }
    process.stdout.write(`connecting ${VOTERS} experts to two nodes …\n`);
    const sockets = [];
    for (let i = 0; i < VOTERS; i++) sockets.push(await connect(tokens.get(m.accounts[i].id)!, (i % 2 ? nodeB : nodeA).url));

    process.stdout.write('voting …\n');
    const latencies: number[] = [];
    const start = performance.now();
    const acks = await Promise.all(
      sockets.map(async (s, i) => {
        const t0 = performance.now();
        const ack = await emitAck(
          s,
          'ballot:submit',
          {
            roundId: round.id,
            idempotencyKey: crypto.randomUUID(),
            choices: m.applicants.map((a, k) => ({ meetingApplicantId: a.id, choice: (i + k) % 7 === 0 ? 'no' : 'yes' })),
          },
          60000,
        );
        latencies.push(performance.now() - t0);
        return ack;
      }),
    );
    const allAcked = performance.now() - start;
    while (seenAll.some((x) => x === 0) && performance.now() - start < 60000) await new Promise((r) => setTimeout(r, 10));
    const failed = acks.filter((a) => !a.ok).length;
    const stored = { voters: await RoundVoter.count({ where: { roundId: round.id } }), sheets: await BallotSheet.count({ where: { roundId: round.id } }) };
    const close = await api(chair).post(`/rounds/${round.id}/close`);
    const audit = (await api(chair).get(`/rounds/${round.id}/ballots`)).body as { digest: { intact: boolean }; results: Array<{ yes: number; no: number }> };
    const result = {
      date: new Date().toISOString(),
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadAverage1mAtStart: load0, loadAverage1mAtEnd: os.loadavg()[0], note: 'voters (sockets), two server nodes, MariaDB and Redis share this machine' },
      voters: VOTERS,
      applicantsPerSheet: APPLICANTS,
      ackMs: { p50: pct(latencies, 50), p90: pct(latencies, 90), p99: pct(latencies, 99), max: pct(latencies, 100) },
      allAcknowledgedMs: Math.round(allAcked),
      watcherSawFinalCountMs: seenAll.map((x) => (x ? Math.round(x - start) : null)),
      ballotsPerSecond: Math.round((VOTERS / allAcked) * 1000),
      refused: failed,
      stored,
      closeStatus: close.status,
      sealIntact: audit.digest.intact,
      tallyAddsUp: audit.results.every((r) => r.yes + r.no === VOTERS),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(import.meta.dirname, 'results', 'voting.json'), `${JSON.stringify(result, null, 2)}\n`);
    for (const s of [...sockets, ...watchers]) s.close();
  } finally {
    await nodeB.stop();
    await mochaGlobalTeardown();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  },
);
