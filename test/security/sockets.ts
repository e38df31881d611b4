import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { io } from 'socket.io-client';
import { server } from '../helpers/setup';
import { connect, emitAck, type ClientSocket } from '../helpers/sockets';
import type { ActorKey, World } from './lib/world';

/**
 * The socket side of the role matrix: every client event (realtime/index.ts, realtime/meeting/handlers.ts)
 * and `room:join` for every room kind, for a smaller set of actors. Expected answers are data: the
 * actors whose acknowledgement may be ok (or a domain refusal after authorization); everyone else must
 * get `forbidden`/`room_forbidden` (or `not_found` where existence is hidden), never ok.
 */
/** The socket matrix's actors: some of the REST matrix's, and a committee member who must still change the initial password. */
type SocketActor = ActorKey | 'mustChangeExpert';
export const SOCKET_ACTORS: SocketActor[] = [
  'provAdmin',
  'cityAdmin',
  'empAAdmin',
  'empAHandler',
  'applicantA',
  'expertOut',
  'member',
  'groupLeader',
  'chair',
  'recused',
  'supervisor',
  'supervisorElsewhere',
  'policyReviewer',
  'unitAdmin',
  'unitStaff',
  'otherUnitStaff',
  'mustChange',
  'mustChangeExpert',
];
const ALL = SOCKET_ACTORS;
const UNIT: SocketActor[] = ['unitAdmin', 'unitStaff'];
const IN_MEETING: SocketActor[] = ['member', 'groupLeader', 'chair', 'recused'];
const slot = (w: World, a: SocketActor) => (a === 'mustChangeExpert' ? w.mustChangeExpert : w.actors[a]);

interface SocketCase {
  event: string;
  label: string;
  allow: readonly SocketActor[];
  refuses?: readonly SocketActor[];
  payload: (w: World, a: SocketActor) => unknown;
}

const room = (name: (w: World, a: SocketActor) => string, label: string, allow: readonly SocketActor[]): SocketCase => ({ event: 'room:join', label, allow, payload: (w, a) => ({ room: name(w, a) }) });
const sheet = (roundId: number, ids: number[]) => ({ roundId, idempotencyKey: crypto.randomUUID(), choices: ids.map((meetingApplicantId) => ({ meetingApplicantId, choice: 'yes' })) });

export const SOCKET_TABLE: SocketCase[] = [
  { event: 'session:rooms', label: 'own rooms', allow: ALL, payload: () => ({}) },
  { event: 'session:renew', label: 'own token', allow: ALL, payload: (w, a) => ({ token: slot(w, a).token }) },
  { event: 'session:renew', label: "someone else's token", allow: [], payload: (w, a) => ({ token: w.actors[a === 'provAdmin' ? 'cityAdmin' : 'provAdmin'].token }) },
  { event: 'room:leave', label: 'any room', allow: ALL, payload: (w) => ({ room: `meeting:${w.ids.live}` }) },
  room((w, a) => `user:${slot(w, a).account!.id}`, 'user: own', ALL),
  room((w, a) => `user:${w.actors[a === 'applicantA' ? 'applicantB' : 'applicantA'].account!.id}`, "user: someone else's", []),
  // An org's room: its own people, and admins, staff and supervisors of the offices above (not before the password change).
  room((w) => `org:${w.ids.empA}`, 'org: employer A', ['provAdmin', 'cityAdmin', 'empAAdmin', 'empAHandler', 'applicantA', 'supervisor']),
  room((w) => `org:${w.ids.unit}`, 'org: our committee unit', ['provAdmin', 'cityAdmin', 'supervisor', ...UNIT, 'policyReviewer', 'expertOut', ...IN_MEETING]),
  // Review queues: the org's own staff who work that step.
  room((w) => `queue:${w.ids.empA}:handler`, "queue: employer A's handler step", ['empAHandler']),
  room((w) => `queue:${w.ids.unit}:receive`, "queue: the unit's material receipt", ['unitStaff']),
  room((w) => `queue:${w.ids.unit}:policy_first`, "queue: the unit's policy first check", ['policyReviewer']),
  // The meeting's own experts hear it; the member who must still change the password does not.
  room((w) => `meeting:${w.ids.live}`, 'meeting: the running one', [...UNIT, 'supervisor', ...IN_MEETING]),
  room((w) => `group:${w.ids.liveG1}`, 'group: group 1', [...UNIT, 'supervisor', ...IN_MEETING]),
  room((w) => `group:${w.ids.liveG2}`, 'group: group 2 (the chair hears every group)', [...UNIT, 'supervisor', 'chair']),
  // A committee member's own room, but not before the initial password is changed.
  room((w, a) => `expert:${w.ids.live}:${slot(w, a).account!.id}`, 'expert: own room in the meeting', IN_MEETING),
  room((w, a) => `expert:${w.ids.live}:${w.actors[a === 'member' ? 'chair' : 'member'].account!.id}`, "expert: someone else's room", []),
  room((w) => `watch:${w.ids.live}`, 'watch: the big screen', [...UNIT, 'supervisor']),
  room((w) => `staff:${w.ids.live}`, "staff: the unit's console", [...UNIT, 'supervisor']),
  room((w) => `round:${w.ids.liveRound}`, 'round: no one joins a round directly', []),
  room(() => 'bogus:1', 'an unknown kind', []),
  // The live meeting's commands, the same as their REST routes.
  { event: 'attendance:set', label: 'the member', allow: [...UNIT, 'member'], payload: (w) => ({ meetingId: w.ids.live, meetingExpertId: w.ids.meMember, present: true }) },
  {
    event: 'distribution:set',
    label: 'group 1',
    allow: ['groupLeader'],
    payload: (w) => ({ groupId: w.ids.liveG1, items: [{ meetingApplicantId: w.ids.liveA2, reviewers: [{ meetingExpertId: w.ids.meMember, role: 'main' }, { meetingExpertId: w.ids.meChair, role: 'secondary' }] }] }),
  },
  { event: 'distribution:all', label: 'group 2', allow: [], payload: (w) => ({ groupId: w.ids.liveG2, perApplicant: 2 }) },
  { event: 'group:startReview', label: 'group 1', allow: ['groupLeader'], payload: (w) => ({ groupId: w.ids.liveG1 }) },
  { event: 'review:save', label: "the member's assignment", allow: ['member'], payload: (w) => ({ assignmentId: w.ids.asgMember, opinions: { overall: '草稿' } }) },
  { event: 'review:save', label: "a group 2 expert's assignment", allow: [], payload: (w) => ({ assignmentId: w.ids.asgG2, opinions: { overall: '草稿' } }) },
  { event: 'review:finish', label: "a group 2 expert's assignment", allow: [], payload: (w) => ({ assignmentId: w.ids.asgG2, opinions: { overall: '同意' }, verdict: 'confirm' }) },
  { event: 'group:confirm', label: 'group 2', allow: [], payload: (w) => ({ groupId: w.ids.liveG2 }) },
  { event: 'ballot:submit', label: "group 1's vote (closed by now)", allow: IN_MEETING, payload: (w, a) => sheet(w.ids.liveRound, a === 'recused' ? [w.ids.liveA2] : [w.ids.liveA1, w.ids.liveA2]) },
];

const DENIAL_CODES = new Set(['forbidden', 'room_forbidden', 'not_found', 'recused', 'password_change_required', 'token_other_account', 'collab_forbidden']);

/** Every event a server registers with onEvent(io, socket, 'name', …), read from the realtime sources. */
export function registeredEvents(): string[] {
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'realtime');
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/onEvent\(\s*io,\s*socket,\s*'([^']+)'/g)) names.add(m[1]);
    }
  };
  walk(root);
  return [...names].sort();
}

export async function socketMatrix(w: World) {
  const covered = new Set(SOCKET_TABLE.map((c) => c.event));
  const uncovered = registeredEvents().filter((e) => !covered.has(e));
  expect(uncovered, `socket events without a row: ${uncovered.join(', ')}`).to.deep.equal([]);

  // Without a token the handshake itself is refused.
  const anon = io(server().url, { auth: {}, transports: ['websocket'], reconnection: false, forceNew: true });
  const refused = await new Promise<string>((resolve) => {
    anon.once('connect', () => resolve('connected'));
    anon.once('connect_error', (e) => resolve(e.message));
  });
  anon.close();
  expect(refused, 'a socket without a token').to.equal('unauthenticated');

  const sockets = new Map<SocketActor, ClientSocket>();
  for (const a of SOCKET_ACTORS) sockets.set(a, await connect(slot(w, a).token!));
  const findings: string[] = [];
  let allowed = 0;
  let denied = 0;
  try {
    for (const c of SOCKET_TABLE) {
      const order = [...SOCKET_ACTORS.filter((a) => !c.allow.includes(a)), ...SOCKET_ACTORS.filter((a) => c.allow.includes(a))];
      for (const a of order) {
        const ack = await emitAck(sockets.get(a)!, c.event, c.payload(w, a));
        const code = ack.ok ? 'ok' : ack.error.code;
        const isDenial = !ack.ok && DENIAL_CODES.has(ack.error.code);
        if (code === 'internal_error') findings.push(`server error: ${c.event} [${c.label}] as ${a}`);
        else if (c.allow.includes(a)) {
          if (isDenial) findings.push(`denied though allowed: ${c.event} [${c.label}] as ${a}: ${code}`);
          else if (code === 'validation_failed') findings.push(`invalid request in the table: ${c.event} [${c.label}] as ${a}`);
          else allowed += 1;
        } else if (ack.ok) findings.push(`unauthorised success: ${c.event} [${c.label}] as ${a}`);
        else if (!isDenial && !c.refuses?.includes(a)) findings.push(`refused instead of denied: ${c.event} [${c.label}] as ${a}: ${code}`);
        else denied += 1;
      }
    }
  } finally {
    for (const s of sockets.values()) s.close();
  }
  const events = new Set(SOCKET_TABLE.map((c) => c.event)).size;
  const unauthorised = findings.filter((f) => f.startsWith('unauthorised')).length;
  console.log(
    `      socket matrix: ${events} events (${SOCKET_TABLE.length} rows, ${SOCKET_TABLE.filter((c) => c.event === 'room:join').length} room kinds and cases) × ${SOCKET_ACTORS.length} actors; ` +
      `${allowed} allowed as expected, ${denied} denied as expected, ${unauthorised} unauthorised successes`,
  );
  if (findings.length) console.log(`      ${findings.length} findings:\n${findings.map((f) => `  ${f}`).join('\n')}`);
  expect(unauthorised, 'unauthorised socket successes').to.equal(0);
  expect(findings).to.deep.equal([]);
}
