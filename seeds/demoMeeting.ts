import crypto from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../realtime/events';

/**
 * `npm run demo:meeting -- --url http://127.0.0.1:3000 [--also http://127.0.0.1:3001] [--rehearsal] [--pace ms]`
 *
 * Runs the demo review meeting from sign-in to confirmed results against a running server that
 * holds the demo data, with real HTTP and Socket.IO clients playing the staff, the chair, the group
 * leaders and every expert, slowly enough for a person to watch it live in the browser.
 *
 * The first run is the real run of the demo meeting itself (still `ready`, before its end): its
 * confirmed results are the ones to publish, file and certify (README "After the meeting"). Every
 * later run — or any run with `--rehearsal` — works on a rehearsal copy (演练, POST
 * /api/meetings/:id/copy) with temporary logins of its own, so it can run again and again; a
 * rehearsal's results can never be published.
 */
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const BASE = arg('url', 'http://127.0.0.1:3000').replace(/\/$/, '');
/** A second node (same database and Redis): half the experts' sockets connect there. */
const OTHER = args.includes('--also') ? arg('also', BASE).replace(/\/$/, '') : null;
const STAFF = arg('staff', 'pingwei-handler');
const PASSWORD = arg('password', 'Demo#2026');
const PACE = Number(arg('pace', '400'));
const FORCE_REHEARSAL = args.includes('--rehearsal');
const REHEARSAL_NAME = /（演练\d+）$/;

const say = (msg: string) => process.stdout.write(`${new Date().toLocaleTimeString('zh-CN', { hour12: false })}  ${msg}\n`);
const pause = (factor = 1) => new Promise((r) => setTimeout(r, PACE * factor));

class DemoError extends Error {}

async function call<T = any>(token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${BASE}/api${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new DemoError(`${method} ${path} → ${res.status} ${data?.error?.code ?? ''} ${data?.error?.message ?? ''}`);
  return data as T;
}

async function signIn(username: string, password = PASSWORD) {
  const s = await call<{ accessToken: string; account: { id: number; name: string } }>(null, 'POST', '/auth/login', { username, password });
  return { token: s.accessToken, accountId: s.account.id, name: s.account.name, username };
}
type Person = Awaited<ReturnType<typeof signIn>>;

function socketFor(p: Person, node = BASE): Promise<Socket<ServerToClientEvents, ClientToServerEvents>> {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(node, { auth: { token: p.token }, transports: ['websocket'], reconnection: true });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function main() {
  say(`demo meeting against ${BASE}`);
  try {
    await call(null, 'GET', '/health');
  } catch {
    throw new DemoError(`no server answers at ${BASE} — start one with \`npm start\` first`);
  }
  const staff = await signIn(STAFF);
  const listed = await call<{ items: Array<{ id: number; name: string; status: string; endsAt: string }> }>(staff.token, 'GET', '/meetings?state=all&pageSize=100');
  const real = listed.items.filter((m) => !REHEARSAL_NAME.test(m.name) && m.status !== 'setup');
  const fresh = real.find((m) => m.status === 'ready' && new Date(m.endsAt).getTime() > Date.now());
  const source = fresh ?? real[0];
  if (!source) throw new DemoError(`${STAFF} sees no meeting whose setup is complete — is the demo data loaded (npm run seed)?`);

  type Roster = { items: Array<{ id: number; name: string | null; groupId: number | null; title: string; isGroupLeader: boolean; accountId: number; temporaryLogin: { username: string } | null }> };
  const experts = new Map<number, Person & { meetingExpertId: number; title: string; groupId: number | null; leader: boolean }>();
  const enrol = async (M: number, passwordOf: (meetingExpertId: number, username: string) => { username: string; password: string }) => {
    const roster = await call<Roster>(staff.token, 'GET', `/meetings/${M}/experts`);
    for (const e of roster.items) {
      const username = e.temporaryLogin?.username ?? (await call<{ username: string }>(staff.token, 'GET', `/accounts/${e.accountId}`)).username;
      const login = passwordOf(e.id, username);
      const p = await signIn(login.username, login.password);
      experts.set(e.id, { ...p, meetingExpertId: e.id, title: e.title, groupId: e.groupId, leader: e.isGroupLeader });
    }
  };

  let M = 0;
  let rehearsal = true;
  let chairPassword = PASSWORD;
  if (fresh && !FORCE_REHEARSAL) {
    M = fresh.id;
    rehearsal = false;
    try {
      await enrol(M, (_id, username) => ({ username, password: PASSWORD }));
      say(`the real run of "${fresh.name}" (meeting ${M}): its results can be published afterwards (评审后处理)`);
    } catch (e) {
      // The demo logins were changed or have died: practise on a copy instead.
      if (!(e instanceof DemoError)) throw e;
      say(`the demo meeting's own logins do not work (${e.message}); running a rehearsal instead`);
      experts.clear();
      rehearsal = true;
    }
  }
  if (rehearsal) {
    const copy = await call<{ id: number; name: string; logins: Array<{ meetingExpertId: number; username: string; password: string }> }>(
      staff.token,
      'POST',
      `/meetings/${source.id}/copy`,
      { rehearsal: true },
    );
    M = copy.id;
    say(`rehearsal: copied "${source.name}" → meeting ${M} "${copy.name}" (its results are never published)`);
    const byExpert = new Map(copy.logins.map((l) => [l.meetingExpertId, l]));
    await enrol(M, (id, username) => byExpert.get(id) ?? { username, password: PASSWORD });
    const chairSeat = [...experts.values()].find((e) => e.title === 'chair');
    chairPassword = chairSeat ? byExpert.get(chairSeat.meetingExpertId)?.password ?? PASSWORD : PASSWORD;
  }
  const chair = [...experts.values()].find((e) => e.title === 'chair')!;
  say(`${experts.size} experts signed in to the system; chair ${chair.name} (${chair.username})`);
  say(
    `watch it live: big screen ${BASE}/meetings/${M}/screen (as ${STAFF} / ${PASSWORD}), monitor ${BASE}/meetings/${M}/monitor (as sup-1 / ${PASSWORD}), chair console ${BASE}/meetings/${M}/chair (as ${chair.username} / ${chairPassword})`,
  );
  await pause(5);

  await call(staff.token, 'POST', `/meetings/${M}/start`);
  say('meeting started (评审会议开始)');
  await pause(2);
  for (const e of experts.values()) {
    await call(staff.token, 'POST', `/meetings/${M}/attendance`, { meetingExpertId: e.meetingExpertId, present: true });
    await pause(0.25);
  }
  say('every expert signed in at the meeting (签到)');

  const live = await call<any>(staff.token, 'GET', `/meetings/${M}/live`);
  const groups: Array<{ id: number; name: string }> = live.groups;
  for (const g of groups) {
    const leader = [...experts.values()].find((e) => e.groupId === g.id && e.leader)!;
    const r = await call<{ assigned: number }>(leader.token, 'POST', `/groups/${g.id}/distribution/all`, { perApplicant: 2 });
    await call(leader.token, 'POST', `/groups/${g.id}/start-review`);
    say(`${g.name}: leader ${leader.name} distributed ${r.assigned} materials and started the review`);
    await pause();
  }

  // Every expert reviews what they were given: main reviewers score and write, secondaries confirm.
  const opinions = ['学术水平较高，业绩突出，达到申报资格条件。', '专业能力扎实，临床经验丰富。', '论文质量较好，建议通过。'];
  const snapshotFor = async (p: Person) => call<any>(p.token, 'GET', `/meetings/${M}/live`);
  for (const role of ['main', 'secondary'] as const) {
    for (const e of experts.values()) {
      const mine = (await snapshotFor(e)).assignments.filter((a: any) => a.meetingExpertId === e.meetingExpertId && a.role === role);
      for (const a of mine) {
        const body =
          role === 'main'
            ? {
                scores: { ethics: 15 + crypto.randomInt(6), ability: 28 + crypto.randomInt(13), results: 26 + crypto.randomInt(15) },
                opinions: {
                  academic: opinions[crypto.randomInt(opinions.length)],
                  overall: '同意推荐。',
                  ...(live.meeting.options.defense ? { defenseQuestions: '请介绍主持的代表性项目。', defenseEvaluation: '回答准确，思路清晰。', defenseScore: 80 + crypto.randomInt(16) } : {}),
                },
              }
            : { opinions: { overall: '同意主审意见。' }, verdict: 'confirm' };
        await call(e.token, 'POST', `/assignments/${a.assignmentId}/finish`, body);
      }
      if (mine.length) await pause(0.3);
    }
    say(role === 'main' ? 'main reviewers scored and finished (主审打分)' : 'secondary reviewers confirmed (副审确认)');
  }
  for (const g of groups) {
    const leader = [...experts.values()].find((e) => e.groupId === g.id && e.leader)!;
    await call(leader.token, 'POST', `/groups/${g.id}/confirm`);
    await call(chair.token, 'POST', `/groups/${g.id}/chair-confirm`);
    say(`${g.name}: leader and chair confirmed the scores`);
    await pause();
  }

  const sockets = new Map<number, Socket<ServerToClientEvents, ClientToServerEvents>>();
  let n = 0;
  for (const e of experts.values()) sockets.set(e.meetingExpertId, await socketFor(e, OTHER && n++ % 2 ? OTHER : BASE));
  if (OTHER) say(`experts' sockets are spread over ${BASE} and ${OTHER}`);
  const voteRound = async (roundId: number, voters: Array<Person & { meetingExpertId: number }>) => {
    for (const v of voters) {
      const mine = (await snapshotFor(v)).rounds.find((r: any) => r.id === roundId);
      if (!mine?.me?.onRoll) continue;
      const choices = mine.items
        .filter((i: any) => !i.excludedMe)
        .map((i: any) => ({ meetingApplicantId: i.meetingApplicantId, choice: crypto.randomInt(10) < 8 ? 'yes' : crypto.randomInt(2) ? 'no' : 'abstain' }));
      const ack = await sockets.get(v.meetingExpertId)!.timeout(10000).emitWithAck('ballot:submit', { roundId, idempotencyKey: crypto.randomUUID(), choices: choices as never });
      if (!ack.ok) throw new DemoError(`ballot of ${v.name}: ${ack.error.code}`);
      await pause(0.4);
    }
  };

  if (live.meeting.options.requireGroupVote !== false) {
    for (const g of groups) {
      const leader = [...experts.values()].find((e) => e.groupId === g.id && e.leader)!;
      const round = await call<{ id: number; present: number }>(leader.token, 'POST', `/meetings/${M}/rounds`, { kind: 'group', groupId: g.id });
      say(`${g.name}: group vote opened (${round.present} present)`);
      await voteRound(round.id, [...experts.values()].filter((e) => e.groupId === g.id));
      await call(leader.token, 'POST', `/rounds/${round.id}/close`);
      await call(leader.token, 'POST', `/rounds/${round.id}/confirm`);
      say(`${g.name}: group vote closed and confirmed`);
      await pause();
    }
  }

  const round = await call<{ id: number; members: number; present: number }>(chair.token, 'POST', `/meetings/${M}/rounds`, { kind: 'committee' });
  say(`committee vote opened by the chair: ${round.present} of ${round.members} members present`);
  await voteRound(round.id, [...experts.values()]);
  await call(chair.token, 'POST', `/rounds/${round.id}/close`);
  const audit = await call<any>(chair.token, 'GET', `/rounds/${round.id}/ballots`);
  const passed = audit.results.filter((r: any) => r.passed).length;
  say(`committee vote closed: ${passed} of ${audit.results.length} passed (seal ${audit.digest.intact ? 'intact' : 'BROKEN'})`);
  await pause(3);
  await call(chair.token, 'POST', `/rounds/${round.id}/confirm`);
  say(`the chair confirmed the result; resolution table: ${BASE}/api/meetings/${M}/record.xlsx`);
  for (const s of sockets.values()) s.close();
  say(
    rehearsal
      ? `done: rehearsal meeting ${M} has confirmed results (a rehearsal's results are never published)`
      : `done: meeting ${M} has confirmed results — publish them as ${STAFF} under 评审后处理, or run \`npm run demo:after -- --all\``,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`demo:meeting stopped: ${e instanceof DemoError ? e.message : (e as Error).stack}\n`);
    process.exit(1);
  },
);
