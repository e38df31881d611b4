/**
 * The live-meeting load: M meetings, each with a committee of E experts and W watchers (staff
 * console, big screen, supervisor, chair console, a second staff screen), plus applicants
 * connected and waiting, all real socket.io-client connections from worker processes, spread over
 * the two server nodes. Waves of votes run at a fixed offered rate, once per point of the curve (N
 * applicants connected): a round of one applicant per meeting ("individually") and a round of ten
 * ("in batch"). At the end every meeting votes on all its applicants, the chair confirms, the
 * committee unit publishes, and each waiting applicant's push is timed.
 *
 * What is timed, by the machine's one wall clock (workers and servers share it):
 * - ack: sheet sent → its acknowledgement (after commit);
 * - ballot → room: sheet sent → each member of the meeting has a count that includes it. A count
 *   includes a sheet when it was announced after the sheet's acknowledgement arrived (the server
 *   stamps an announcement before it reads the count) or when it is the round's final count;
 * - fan-out: an announcement's stamp → its arrival at each member (what the floor measures);
 * - close → tally: the chair's close request sent → each member has round:closed;
 * - publish → push: the publish request sent → each of that meeting's applicants has its status.
 * Data is built with the test factories (rows written through the models and commands); the
 * experts are signed in and the applicants' scores confirmed directly in the database (the review
 * flow is not what is measured here and is tested on its own).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { Op } from 'sequelize';
import { benchDir, cpuMeter, machineMeter, pidOf, sleep, spawnWorker, stats, wallMs, type Worker } from '../lib/proc';
import type { ClientSpec, SheetOrder, SheetResult } from './worker';

export interface LiveParams {
  meetings: number;
  experts: number;
  applicantsPerMeeting: number;
  /**
   * Clients connected in all at each point of the curve: as many meetings as fit (each with its
   * committee and watchers) vote, the rest are applicants waiting. Then the target scenario: every
   * meeting and `applicantsWaiting` applicants.
   */
  curve: number[];
  applicantsWaiting: number;
  /** Sheets per second offered across all meetings when all of them vote (scaled to those that do). */
  offeredSheetsPerSec: number;
  /** Applicants on a sheet in the batch waves. */
  batchSize: number;
  /** Share of sheets sent a second time, through the same expert's socket on the other node. */
  resendShare: number;
  workers: number;
  nodes: Array<{ url: string; pid: number }>;
  log: (m: string) => void;
}

type Built = Awaited<ReturnType<typeof buildWorld>>;

async function buildWorld(p: LiveParams) {
  const { buildMeeting } = await import('../../test/helpers/meeting');
  const { buildAccount } = await import('../../test/helpers/factories');
  const { MeetingApplicant, MeetingExpert, Declaration } = await import('../../models');
  const built = [];
  const t0 = wallMs();
  for (let i = 0; i < p.meetings; i++) {
    built.push(
      await buildMeeting({
        groups: 1,
        expertsPerGroup: 5,
        extraMembers: p.experts - 5,
        applicantsPerGroup: p.applicantsPerMeeting,
        options: { requireGroupVote: false, closeWhenAllVoted: false },
      }),
    );
    if ((i + 1) % 10 === 0) p.log(`live: ${i + 1}/${p.meetings} meetings built`);
  }
  const meetingIds = built.map((m) => m.meeting.id);
  await MeetingExpert.update({ present: true }, { where: { meetingId: { [Op.in]: meetingIds } } });
  await MeetingApplicant.update({ stage: 'chair_confirmed' }, { where: { meetingId: { [Op.in]: meetingIds } } });
  const decls = await Declaration.findAll({ where: { id: { [Op.in]: built.flatMap((m) => m.applicants.map((a) => a.declarationId)) } }, attributes: ['id', 'applicantAccountId'] });
  const { Account } = await import('../../models');
  const applicantAccounts = await Account.findAll({ where: { id: { [Op.in]: decls.map((d) => d.applicantAccountId) } } });
  // More applicants waiting than the meetings decide (other declarations' applicants).
  const want = Math.max(p.applicantsWaiting, ...p.curve);
  const fillers = [];
  for (let i = applicantAccounts.length; i < want; i++) fillers.push(await buildAccount(built[i % built.length].employers[0], { role: 'applicant', name: `候审申报人${i}` }));
  p.log(`live: built ${p.meetings} meetings, ${p.meetings * p.experts} experts, ${applicantAccounts.length + fillers.length} applicants in ${Math.round((wallMs() - t0) / 1000)} s`);
  return { built, applicants: [...applicantAccounts, ...fillers], declarationOwner: new Map(decls.map((d) => [d.applicantAccountId, d.id])) };
}

interface Client {
  spec: ClientSpec;
  worker: number;
  meeting: number | null;
  kind: 'voter' | 'resend' | 'watcher' | 'applicant';
  accountId: number;
}

export async function liveBench(p: LiveParams) {
  const { issueAccessToken } = await import('../../server/auth/tokens');
  const { api } = await import('../../test/helpers/api');
  const { RoundVoter, BallotSheet, db } = await import('../../models');
  const log = p.log;
  const world: Built = await buildWorld(p);
  const token = async (a: { id: number } & object) => (await issueAccessToken(a as never)).token;
  const nodeUrl = (i: number) => p.nodes[i % p.nodes.length].url;

  // ---- clients -----------------------------------------------------------------------------------
  const clients: Client[] = [];
  const add = (c: Omit<Client, 'worker' | 'spec'> & { token: string; url: string; rooms: string[]; worker?: number }) => {
    const id = clients.length;
    clients.push({ spec: { id, token: c.token, url: c.url, rooms: c.rooms }, worker: c.worker ?? id % p.workers, meeting: c.meeting, kind: c.kind, accountId: c.accountId });
    return id;
  };
  const voterOf = new Map<string, number>(); // `${meeting}:${accountId}` → client id
  const resendOf = new Map<number, number>();
  const membersOf = new Map<number, number[]>(); // meeting index → client ids (voters + watchers)
  const staffTokens: string[] = [];
  const chairTokens: string[] = [];
  for (const [mi, m] of world.built.entries()) {
    const members: number[] = [];
    const mr = `meeting:${m.meeting.id}`;
    for (const [k, a] of m.accounts.entries()) {
      const t = await token(a);
      const id = add({ token: t, url: nodeUrl(mi + k), rooms: [mr], meeting: mi, kind: 'voter', accountId: a.id });
      voterOf.set(`${mi}:${a.id}`, id);
      members.push(id);
      // The resend goes through the same worker (it sends it once the first answer is in).
      if (Math.random() < p.resendShare) resendOf.set(id, add({ token: t, url: nodeUrl(mi + k + 1), rooms: [], meeting: mi, kind: 'resend', accountId: a.id, worker: clients[id].worker }));
    }
    const staff = await token(m.staff);
    const sup = await token(m.supervisor);
    const chair = await token(m.chair.account);
    staffTokens.push(staff);
    chairTokens.push(chair);
    const watchers: Array<[string, string[]]> = [
      [staff, [mr, `staff:${m.meeting.id}`, `watch:${m.meeting.id}`]], // 会务 console
      [staff, [`watch:${m.meeting.id}`]], // big screen
      [sup, [`watch:${m.meeting.id}`, mr]], // supervisor
      [chair, [mr]], // chair console
      [staff, [mr]], // second staff screen
    ];
    for (const [wi, [t, roomsOf]] of watchers.entries()) {
      members.push(add({ token: t, url: nodeUrl(mi + wi), rooms: roomsOf, meeting: mi, kind: 'watcher', accountId: 0 }));
    }
    membersOf.set(mi, members);
  }
  const applicantClients: number[] = [];
  for (const [i, a] of world.applicants.entries()) {
    applicantClients.push(add({ token: await token(a), url: nodeUrl(i), rooms: [], meeting: null, kind: 'applicant', accountId: a.id }));
  }

  const workers: Worker[] = Array.from({ length: p.workers }, () => spawnWorker(path.join(benchDir, 'live', 'worker.ts')));
  const connect = async (ids: number[]) => {
    const byWorker = workers.map((_, w) => ids.filter((id) => clients[id].worker === w).map((id) => clients[id].spec));
    const res = await Promise.all(workers.map((w, i) => w.request<{ connected: number; failed: number; failures: string[] }>('connect', { clients: byWorker[i], parallel: 20 })));
    const failed = res.reduce((a, r) => a + r.failed, 0);
    if (failed) throw new Error(`${failed} clients could not connect: ${res.flatMap((r) => r.failures).slice(0, 5).join('; ')}`);
  };
  const collectAll = async () => {
    const parts = await Promise.all(workers.map((w) => w.request<{ progress: number[][]; closed: number[][]; statuses: number[][]; disconnects: number }>('collect')));
    return {
      progress: parts.flatMap((x) => x.progress),
      closed: parts.flatMap((x) => x.closed),
      statuses: parts.flatMap((x) => x.statuses),
      disconnects: parts.reduce((a, x) => a + x.disconnects, 0),
    };
  };

  const pids = {
    nodeA: p.nodes[0].pid,
    nodeB: p.nodes[1]?.pid,
    mariadbd: pidOf('mariadbd') ?? pidOf('mysqld'),
    redis: pidOf('redis-server'),
    orchestrator: process.pid,
    ...Object.fromEntries(workers.map((w, i) => [`worker${i + 1}`, w.pid])),
  };

  try {
    // Clients are connected as the curve climbs: a meeting's people all at once, then applicants.
    const connectedMeetings = new Set<number>();
    let applicantsConnected = 0;
    const connectTo = async (meetings: number, applicants: number) => {
      const t0 = wallMs();
      const ids = clients.filter((c) => c.meeting !== null && c.kind !== 'applicant' && c.meeting < meetings && !connectedMeetings.has(c.meeting)).map((c) => c.spec.id);
      const more = applicantClients.slice(applicantsConnected, applicants);
      if (ids.length + more.length === 0) return;
      log(`live: connecting ${ids.length} experts and watchers and ${more.length} applicants …`);
      await connect([...ids, ...more]);
      for (let i = 0; i < meetings; i++) connectedMeetings.add(i);
      applicantsConnected = Math.max(applicantsConnected, applicants);
      log(`live: connected in ${Math.round(wallMs() - t0)} ms`);
    };
    const perMeeting = (mi: number) => membersOf.get(mi)!.length + [...resendOf.keys()].filter((id) => clients[id].meeting === mi).length;

    const roundIds: number[] = [];
    let acked = 0;
    let duplicatesAnswered = 0;
    let refused = 0;
    const refusedCodes: Record<string, number> = {};
    let nextApplicant = 0;

    /** One wave: a round per meeting over `size` applicants, every expert votes, the chair closes. */
    const wave = async (name: string, size: number, opts: { all?: boolean; confirm?: boolean; meetings?: number } = {}) => {
      const voting = world.built.slice(0, opts.meetings ?? world.built.length);
      const offered = (p.offeredSheetsPerSec * voting.length) / world.built.length;
      const rounds = await Promise.all(
        voting.map(async (m, mi) => {
          const pick = opts.all ? m.applicants : Array.from({ length: size }, (_, k) => m.applicants[(nextApplicant + k) % m.applicants.length]);
          const res = await api(chairTokens[mi], nodeUrl(mi)).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee', meetingApplicantIds: pick.map((a) => a.id) });
          if (res.status !== 201) throw new Error(`launch in meeting ${m.meeting.id}: ${res.status} ${JSON.stringify(res.body)}`);
          return { id: res.body.id as number, mi, applicants: pick.map((a) => a.id) };
        }),
      );
      nextApplicant += size;
      roundIds.push(...rounds.map((r) => r.id));
      const sheets = rounds.flatMap((r) =>
        world.built[r.mi].accounts.map((a, k) => ({ r, a, k })),
      );
      const windowMs = (sheets.length / offered) * 1000;
      const start = wallMs() + 200;
      const orders = new Map<number, SheetOrder[]>();
      for (const { r, a, k } of sheets) {
        const clientId = voterOf.get(`${r.mi}:${a.id}`)!;
        const order: SheetOrder = {
          clientId,
          roundId: r.id,
          key: crypto.randomUUID(),
          // Mostly yes, so the final wave's results pass for most applicants.
          choices: r.applicants.map((id, j) => ({ meetingApplicantId: id, choice: (k + j) % 9 === 0 ? 'no' : (k + j) % 13 === 0 ? 'abstain' : 'yes' })),
          dueAt: start + Math.random() * windowMs,
          ...(resendOf.has(clientId) ? { resendVia: resendOf.get(clientId)! } : {}),
        };
        const w = clients[clientId].worker;
        orders.set(w, [...(orders.get(w) ?? []), order]);
      }
      const box = machineMeter();
      const meter = cpuMeter(pids);
      const answers = await Promise.all(workers.map((w, i) => w.request<{ results: SheetResult[]; resent: SheetResult[] }>('vote', { sheets: orders.get(i) ?? [] }, 300_000)));
      const cpu = meter.stop();
      const busy = box.stop();
      const results = answers.flatMap((a) => a.results);
      const resent = answers.flatMap((a) => a.resent);
      for (const r of results) {
        if (r[4]) acked += r[5] ? 0 : 1;
        else {
          refused++;
          refusedCodes[r[6] ?? '?'] = (refusedCodes[r[6] ?? '?'] ?? 0) + 1;
        }
      }
      for (const r of resent) {
        if (r[4] && r[5]) duplicatesAnswered++;
        else if (!r[4]) refusedCodes[`resend:${r[6]}`] = (refusedCodes[`resend:${r[6]}`] ?? 0) + 1;
      }
      await sleep(400); // the last coalesced counts
      const during = await collectAll();

      // Close every round; each member must get the tally.
      const closeAt = new Map<number, number>();
      await Promise.all(
        rounds.map(async (r) => {
          closeAt.set(r.id, wallMs());
          const res = await api(chairTokens[r.mi], nodeUrl(r.mi + 1)).post(`/rounds/${r.id}/close`);
          if (res.status !== 200) throw new Error(`close ${r.id}: ${res.status} ${JSON.stringify(res.body)}`);
          if (opts.confirm) {
            const c = await api(chairTokens[r.mi], nodeUrl(r.mi)).post(`/rounds/${r.id}/confirm`);
            if (c.status !== 200) throw new Error(`confirm ${r.id}: ${c.status} ${JSON.stringify(c.body)}`);
          }
        }),
      );
      await sleep(1500);
      const after = await collectAll();

      // ---- figures ---------------------------------------------------------------------------
      const byRound = new Map(rounds.map((r) => [r.id, r]));
      const ack = results.filter((r) => r[4]).map((r) => r[3] - r[2]);
      const firstSent = Math.min(...results.map((r) => r[2]));
      const lastAnswer = Math.max(...results.map((r) => r[3]));
      const okSheets = results.filter((r) => r[4] && !r[5]);
      const ballots = okSheets.reduce((a, r) => a + byRound.get(r[1])!.applicants.length, 0);
      // progress events per (client, round), in announcement order
      const events = new Map<string, number[][]>();
      const finalCount = new Map<number, number>();
      for (const e of [...during.progress, ...after.progress]) {
        if (!byRound.has(e[1])) continue;
        const key = `${e[0]}:${e[1]}`;
        events.set(key, [...(events.get(key) ?? []), e]);
        finalCount.set(e[1], Math.max(finalCount.get(e[1]) ?? 0, e[2]));
      }
      for (const list of events.values()) list.sort((a, b) => a[3] - b[3]);
      const fanout = [...during.progress, ...after.progress].filter((e) => byRound.has(e[1])).map((e) => e[4] - e[3]);
      const visible: number[] = [];
      let missing = 0;
      for (const s of okSheets) {
        const r = byRound.get(s[1])!;
        for (const member of membersOf.get(r.mi)!) {
          const list = events.get(`${member}:${r.id}`) ?? [];
          const e = list.find((x) => x[3] > s[3] || x[2] === finalCount.get(r.id));
          if (e) visible.push(e[4] - s[2]);
          else missing++;
        }
      }
      const tally: number[] = [];
      let tallyMissing = 0;
      const closedAt = new Map<string, number>();
      for (const c of after.closed) closedAt.set(`${c[0]}:${c[1]}`, c[2]);
      for (const r of rounds) {
        for (const member of membersOf.get(r.mi)!) {
          const at = closedAt.get(`${member}:${r.id}`);
          if (at === undefined) tallyMissing++;
          else tally.push(at - closeAt.get(r.id)!);
        }
      }
      const progressPerRoomPerSec = (() => {
        // announcements one watch screen (the big screen) heard per round over the wave
        const seqs = new Set(during.progress.filter((e) => byRound.has(e[1])).map((e) => `${e[1]}:${e[3]}`));
        return Math.round((seqs.size / rounds.length / Math.max(0.001, (lastAnswer - firstSent) / 1000)) * 100) / 100;
      })();
      const out = {
        name,
        applicantsConnected,
        meetingsVoting: voting.length,
        clientsConnected: clients.filter((c) => c.kind !== 'applicant' && c.meeting !== null && connectedMeetings.has(c.meeting)).length + applicantsConnected,
        rounds: rounds.length,
        applicantsPerSheet: rounds[0].applicants.length,
        offeredSheetsPerSec: Math.round(offered),
        sheets: results.length,
        sheetsAcked: okSheets.length,
        sheetsPerSec: Math.round((okSheets.length / ((lastAnswer - firstSent) / 1000)) * 10) / 10,
        ballotsPerSec: Math.round((ballots / ((lastAnswer - firstSent) / 1000)) * 10) / 10,
        durationMs: Math.round(lastAnswer - firstSent),
        ackMs: stats(ack),
        ballotToRoomMs: stats(visible),
        ballotToRoomMissing: missing,
        fanoutMs: stats(fanout),
        progressAnnouncementsPerRoundPerSec: progressPerRoomPerSec,
        closeToTallyMs: stats(tally),
        closeToTallyMissing: tallyMissing,
        resent: resent.length,
        disconnects: during.disconnects + after.disconnects,
        cpu,
        machineBusyCores: busy.busyCores,
      };
      log(
        `live: ${name} @${out.clientsConnected} clients: ${out.sheetsAcked} sheets at ${out.sheetsPerSec}/s (${out.ballotsPerSec} ballots/s); ack p99 ${out.ackMs.p99} ms; ballot→room p50 ${out.ballotToRoomMs.p50} p99 ${out.ballotToRoomMs.p99} ms; close→tally p99 ${out.closeToTallyMs.p99} ms`,
      );
      return out;
    };

    const waves = [];
    for (const n of p.curve) {
      let k = 0;
      for (let used = 0; k < world.built.length && used + perMeeting(k) <= n; k++) used += perMeeting(k);
      k = Math.max(1, k);
      const people = Array.from({ length: k }, (_, i) => perMeeting(i)).reduce((a, b) => a + b, 0);
      await connectTo(k, Math.max(applicantsConnected, n - people));
      waves.push({ point: n, ...(await wave(`individually (1 applicant a sheet), ${k} meetings @${n} clients`, 1, { meetings: k })) });
      waves.push({ point: n, ...(await wave(`in batch (${p.batchSize} a sheet), ${k} meetings @${n} clients`, p.batchSize, { meetings: k })) });
    }
    // The target: every meeting voting, its committee and watchers, and the applicants waiting.
    await connectTo(world.built.length, p.applicantsWaiting);
    waves.push({ point: 'target', ...(await wave(`target: individually, all ${world.built.length} meetings`, 1)) });
    waves.push({ point: 'target', ...(await wave(`target: in batch (${p.batchSize} a sheet), all ${world.built.length} meetings`, p.batchSize)) });

    // The meetings decide on all their applicants; the chair confirms; the results are published.
    const final = { point: 'final', ...(await wave(`final committee vote (all ${p.applicantsPerMeeting} a sheet)`, p.applicantsPerMeeting, { all: true, confirm: true })) };
    await collectAll();
    const publishAt = new Map<number, number>();
    const publishRequestMs: number[] = [];
    const pubMeter = cpuMeter(pids);
    await Promise.all(
      world.built.map(async (m, mi) => {
        publishAt.set(mi, wallMs());
        const res = await api(staffTokens[mi], nodeUrl(mi)).post(`/meetings/${m.meeting.id}/results/publish`, { workingDays: 5 });
        if (res.status !== 201 && res.status !== 200) throw new Error(`publish ${m.meeting.id}: ${res.status} ${JSON.stringify(res.body)}`);
        publishRequestMs.push(wallMs() - publishAt.get(mi)!);
      }),
    );
    const publishedMs = Math.round(wallMs() - Math.min(...publishAt.values()));
    await sleep(3000);
    const pubCpu = pubMeter.stop();
    const got = await collectAll();
    const meetingOfDecl = new Map<number, number>();
    for (const [mi, m] of world.built.entries()) for (const a of m.applicants) meetingOfDecl.set(a.declarationId, mi);
    const pushed: number[] = [];
    const seen = new Set<number>();
    for (const s of got.statuses) {
      const mi = meetingOfDecl.get(s[1]);
      if (mi === undefined || seen.has(s[1])) continue;
      seen.add(s[1]);
      pushed.push(s[3] - publishAt.get(mi)!);
    }
    const waitingWithResult = world.built.reduce((a, m) => a + m.applicants.length, 0);
    const connectedWithResult = Math.min(waitingWithResult, applicantsConnected);
    const publication = {
      meetings: world.built.length,
      applicantsWithResult: waitingWithResult,
      applicantsConnected,
      pushesReceived: seen.size,
      pushesExpected: connectedWithResult,
      publishRequestsDoneMs: publishedMs,
      /** Each meeting's publish request, sent → answered (after its commit). */
      publishRequestMs: stats(publishRequestMs),
      publishToPushMs: stats(pushed),
      cpu: pubCpu,
    };
    log(`live: results published for ${waitingWithResult} applicants: ${seen.size}/${connectedWithResult} pushes, p50 ${publication.publishToPushMs.p50} p99 ${publication.publishToPushMs.p99} ms; publish requests p50 ${publication.publishRequestMs.p50} max ${publication.publishRequestMs.max} ms`);

    // Acknowledged vs stored vs duplicated, from the database.
    const stored = await RoundVoter.count({ where: { roundId: { [Op.in]: roundIds } } });
    const sheetsStored = await BallotSheet.count({ where: { roundId: { [Op.in]: roundIds } } });
    const [[dup]] = (await db().query(
      `SELECT COUNT(*) - COUNT(DISTINCT round_id, meeting_expert_id) AS n FROM round_voters WHERE round_id IN (${roundIds.map(() => '?').join(',')})`,
      { replacements: roundIds },
    )) as [Array<{ n: number }>, unknown];
    const [[rows]] = (await db().query(
      `SELECT COUNT(*) AS n FROM ballots b JOIN ballot_sheets s ON s.id = b.sheet_id WHERE s.round_id IN (${roundIds.map(() => '?').join(',')})`,
      { replacements: roundIds },
    )) as [Array<{ n: number }>, unknown];
    const ballotRows = Number(rows.n);
    const integrity = {
      sheetsAcknowledged: acked,
      voterRowsStored: stored,
      sheetsStored,
      storedTwice: Number(dup.n),
      lost: Math.max(0, acked - stored),
      resendsAnsweredDuplicate: duplicatesAnswered,
      refused,
      refusedCodes,
      ballotRowsStored: ballotRows,
    };
    log(`live: acknowledged ${acked}, stored ${stored} (sheets ${sheetsStored}), stored twice ${integrity.storedTwice}, lost ${integrity.lost}, resends answered as duplicates ${duplicatesAnswered}`);
    return {
      params: { ...p, nodes: p.nodes.length, log: undefined, clients: clients.length },
      waves: [...waves, final],
      publication,
      integrity,
    };
  } finally {
    await Promise.all(workers.map((w) => w.request('close').catch(() => null)));
    await Promise.all(workers.map((w) => w.stop()));
  }
}
