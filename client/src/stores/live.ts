import { createEffect, on, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { action, json, query } from '@solidjs/router';
import { isApiError } from '../api';
import { liveApi, type DistributionItem, type LiveRound, type Snapshot } from '../api/live';
import { realtime, type RoomPayload } from '../realtime';
import type { ExpertAssignmentsChanged, ExpertAttendanceChanged, ItemResult } from '../../../realtime/events';

/**
 * 评审会议现场: one meeting's snapshot as the viewer may see it, kept live.
 *
 * The snapshot is held in a store of its own rather than read through createAsync: a live page must
 * never be torn down because a refetch failed while the Wi-Fi was gone (the expert's typed text is in
 * it), so a failed refetch keeps the last good snapshot and says it is stale. Room events carry ids
 * and blind codes only; anything but a vote count makes the page refetch the snapshot (coalesced),
 * which is where names come from. A gap in `seq` or a reconnect after missed events refetches too.
 */
export interface LiveState {
  snap: Snapshot | null;
  /** The last failed load (shown over the stale snapshot, or instead of the page when there is none). */
  error: unknown;
  loadedAt: number;
  /** Round id → the latest count from `round:progress` (it may be ahead of the snapshot). */
  progress: Record<number, { voted: number; roll: number }>;
  /** Round id → the tally from `round:closed`, until the snapshot has it. */
  results: Record<number, ItemResult[]>;
  /** What the expert's own room told this viewer (newest last): their materials changed, they were signed in or out. */
  notices: ExpertNotice[];
}

export type ExpertNotice =
  | { id: number; kind: 'assignments'; at: string; data: ExpertAssignmentsChanged }
  | { id: number; kind: 'attendance'; at: string; data: ExpertAttendanceChanged };
let noticeSeq = 0;

/**
 * Gives every listed entity an `id` (its own id under whatever name), so that `reconcile` matches
 * rows by identity rather than by position: a component holding one assignment keeps holding that
 * assignment when the list is reordered.
 */
function withIds(s: Snapshot): Snapshot {
  const tag = <T extends object>(list: T[], key: keyof T) => list.map((x) => ({ ...x, id: x[key] }));
  return {
    ...s,
    groups: s.groups.map((g) => ({ ...g, experts: tag(g.experts, 'meetingExpertId') })),
    experts: tag(s.experts, 'meetingExpertId'),
    applicants: tag(s.applicants, 'meetingApplicantId'),
    assignments: tag(s.assignments, 'assignmentId'),
    rounds: s.rounds.map((r) => ({ ...r, items: tag(r.items, 'meetingApplicantId') })),
  };
}

export const getMyMeetings = query(async () => (await liveApi.myMeetings()).items, 'live.mine');

export function useLiveMeeting(meetingId: () => number) {
  const [state, setState] = createStore<LiveState>({ snap: null, error: null, loadedAt: 0, progress: {}, results: {}, notices: [] });
  let inFlight: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  async function fetchOnce() {
    const id = meetingId();
    try {
      const s = withIds(await liveApi.snapshot(id));
      if (disposed || id !== meetingId()) return;
      setState('snap', reconcile(s));
      setState({ error: null, loadedAt: Date.now() });
    } catch (e) {
      if (!disposed) setState('error', e);
    }
  }

  /** Single flight: a load asked for while one runs makes exactly one more afterwards. */
  function load(): Promise<void> {
    clearTimeout(timer);
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        again = false;
        await fetchOnce();
      } while (again && !disposed);
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }
  /** Several events usually come together (one command announces to three rooms): one refetch. */
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), 150);
  };

  const onProgress = (e: RoomPayload<'round:progress'>) => {
    const before = state.progress[e.data.roundId];
    if (!before || before.voted < e.data.voted) setState('progress', e.data.roundId, { voted: e.data.voted, roll: e.data.roll });
  };
  const onClosed = (e: RoomPayload<'round:closed'>) => {
    setState('results', e.data.roundId, e.data.results);
    setState('progress', e.data.roundId, (p) => ({ voted: Math.max(p?.voted ?? 0, e.data.voted), roll: p?.roll ?? e.data.voted }));
    soon();
  };
  /*
   * Events that say all there is to say are applied in place; only those that bring something the
   * page does not have (a finished review's scores, a new round, a confirmation) refetch. Drafts are
   * saved every few seconds by every reviewer: refetching on each would load the server for nothing.
   */
  const onAssignment = (e: RoomPayload<'assignment:changed'>) => {
    const d = e.data;
    const list = state.snap?.assignments ?? [];
    const i = list.findIndex((a) => a.assignmentId === d.assignmentId);
    if (i < 0 || d.removed) return soon();
    const before = list[i];
    const needsContent = before.state === 'final' || d.state === 'final' || before.verdict !== d.verdict;
    setState('snap', 'assignments', i, { state: d.state, verdict: d.verdict });
    if (needsContent) soon();
  };
  const onAttendance = (e: RoomPayload<'attendance:changed'>) => {
    const d = e.data;
    if (!state.snap) return soon();
    const { meetingExpertId: id, present } = d;
    setState('snap', 'presence', { presentMembers: d.presentMembers, members: d.members, quorum: d.quorum, presentTotal: d.presentTotal });
    setState('snap', 'experts', (x) => x.meetingExpertId === id, 'present', present);
    setState('snap', 'groups', () => true, 'experts', (x) => x.meetingExpertId === id, 'present', present);
    if (state.snap.viewer.meetingExpertId === id) setState('snap', 'viewer', 'present', present);
  };
  const onApplicantStage = (e: RoomPayload<'applicant:stage'>) => {
    if (!state.snap?.applicants.some((a) => a.meetingApplicantId === e.data.meetingApplicantId)) return soon();
    setState('snap', 'applicants', (a) => a.meetingApplicantId === e.data.meetingApplicantId, 'stage', e.data.stage);
  };
  const onGroupStage = (e: RoomPayload<'group:stage'>) => {
    setState('snap', 'groups', (g) => g.id === e.data.groupId, 'stage', e.data.stage);
    soon();
  };
  /* The expert's own room: news for this person alone (their workload, their attendance). */
  const notify = (n: Omit<ExpertNotice, 'id'>) => setState('notices', (list) => [...list.slice(-4), { ...n, id: ++noticeSeq } as ExpertNotice]);
  const onMyAssignments = (e: RoomPayload<'expert:assignments'>) => {
    notify({ kind: 'assignments', at: e.at, data: e.data });
    soon();
  };
  const onMyAttendance = (e: RoomPayload<'expert:attendance'>) => {
    if (state.snap?.viewer.meetingExpertId === e.data.meetingExpertId) setState('snap', 'viewer', 'present', e.data.present);
    if (e.data.by === 'staff') notify({ kind: 'attendance', at: e.at, data: e.data });
  };
  const handlers = {
    'round:progress': onProgress,
    'round:closed': onClosed,
    'round:opened': soon,
    'round:confirmed': soon,
    'round:sentBack': soon,
    'attendance:changed': onAttendance,
    'meeting:status': soon,
    'group:stage': onGroupStage,
    'applicant:stage': onApplicantStage,
    'assignment:changed': onAssignment,
    'expert:assignments': onMyAssignments,
    'expert:attendance': onMyAttendance,
  };

  // Follow the rooms the snapshot names; a new meeting id starts over.
  const following = new Map<string, () => void>();
  createEffect(
    on(meetingId, () => {
      for (const off of following.values()) off();
      following.clear();
      setState({ snap: null, error: null, progress: {}, results: {}, notices: [] });
      void load();
    }),
  );
  createEffect(() => {
    const snap = state.snap;
    if (!snap) return;
    const wanted = new Set(snap.rooms);
    for (const [room, off] of following) {
      if (!wanted.has(room)) {
        off();
        following.delete(room);
      }
    }
    for (const room of wanted) {
      if (following.has(room)) continue;
      following.set(room, realtime.subscribe({ room, on: handlers, resync: () => void load(), since: snap.seqs[room] }));
    }
  });
  onCleanup(() => {
    disposed = true;
    clearTimeout(timer);
    for (const off of following.values()) off();
    following.clear();
  });

  const dismissNotice = (id: number) => setState('notices', (list) => list.filter((n) => n.id !== id));
  return { state, reload: load, dismissNotice };
}

/** Ballots counted so far: the live count, or the snapshot's if that is newer. */
export function votedOf(state: LiveState, round: LiveRound): number {
  return Math.max(round.voted, state.progress[round.id]?.voted ?? 0);
}

/** The roll (experts signed in when the round opened). */
export const rollOf = (state: LiveState, round: LiveRound): number => state.progress[round.id]?.roll ?? round.present;

export interface TallyRow {
  meetingApplicantId: number;
  blindCode: string;
  yes: number;
  no: number;
  abstain: number;
  eligible: number;
  requiredYes: number | null;
  passed: boolean | null;
}

/** The result of a closed round by applicant, from the snapshot or else from the close event. */
export function tallyOf(state: LiveState, round: LiveRound): TallyRow[] | null {
  if (round.status === 'open') return null;
  const fromEvent = state.results[round.id];
  const items = round.items as Array<LiveRound['items'][number] & { yes?: number | null; no?: number | null; abstain?: number | null; passed?: boolean | null; requiredYes?: number }>;
  if (items.length && items[0].yes !== undefined) {
    return items.map((i) => ({
      meetingApplicantId: i.meetingApplicantId,
      blindCode: i.blindCode,
      yes: i.yes ?? 0,
      no: i.no ?? 0,
      abstain: i.abstain ?? 0,
      eligible: i.eligible,
      requiredYes: i.requiredYes ?? null,
      passed: i.passed ?? null,
    }));
  }
  return fromEvent ? fromEvent.map((r) => ({ ...r })) : null;
}

/** Who the viewer may see: the name where the snapshot gives it, else the blind code. */
export function applicantLabel(snap: Snapshot, meetingApplicantId: number, blindCode?: string): { code: string; name: string | null } {
  const a = snap.applicants.find((x) => x.meetingApplicantId === meetingApplicantId);
  return { code: a?.blindCode ?? blindCode ?? String(meetingApplicantId), name: a?.name ?? null };
}

export const isChairViewer = (snap: Snapshot) => snap.viewer.kind === 'expert' && (snap.viewer.title === 'chair' || snap.viewer.title === 'vice_chair');

/** Whether this viewer may sign `meetingExpertId` in or out (the meeting's signInBy setting). */
export function maySetAttendance(snap: Snapshot, meetingExpertId: number): boolean {
  const by = snap.meeting.options.signInBy;
  if (snap.meeting.status !== 'running') return false;
  if (snap.viewer.kind === 'staff') return by !== 'self';
  if (snap.viewer.kind === 'expert') return by !== 'staff' && snap.viewer.meetingExpertId === meetingExpertId;
  return false;
}

export const errorCode = (e: unknown) => (isApiError(e) ? e.code : null);

// Commands. Each refetches nothing by itself: the room event that follows its commit does.
const done = <T>(data: T) => json(data, { revalidate: [] });
export const setAttendance = action(
  async (meetingId: number, meetingExpertId: number, present: boolean) => done(await liveApi.setAttendance(meetingId, meetingExpertId, present)),
  'live.attendance',
);
export const startMeeting = action(async (meetingId: number) => done(await liveApi.start(meetingId)), 'live.start');
export const distribute = action(async (groupId: number, items: DistributionItem[]) => done(await liveApi.distribute(groupId, items)), 'live.distribute');
export const distributeAll = action(async (groupId: number) => done(await liveApi.distributeAll(groupId, 2)), 'live.distributeAll');
export const distributeSelectedEvenly = action(
  async (groupId: number, meetingApplicantIds: number[]) => done(await liveApi.distributeAll(groupId, 2, meetingApplicantIds)),
  'live.distributeSelected',
);
export const startReview = action(async (groupId: number) => done(await liveApi.startReview(groupId)), 'live.startReview');
export const reopenReview = action(async (meetingApplicantId: number, reason: string) => done(await liveApi.reopen(meetingApplicantId, reason)), 'live.reopen');
export const leaderConfirm = action(async (groupId: number) => done(await liveApi.leaderConfirm(groupId)), 'live.leaderConfirm');
export const chairConfirm = action(async (groupId: number) => done(await liveApi.chairConfirm(groupId)), 'live.chairConfirm');
export const launchRound = action(
  async (meetingId: number, kind: 'group' | 'committee', groupId?: number, meetingApplicantIds?: number[]) =>
    done(await liveApi.launchRound(meetingId, kind, groupId, meetingApplicantIds)),
  'live.launch',
);

/** Who may open a closed round's ballots (票源): the chair and vice chairs, the committee unit, the supervisors. */
export const mayAuditRounds = (snap: Snapshot) => isChairViewer(snap) || snap.viewer.kind === 'staff' || snap.viewer.kind === 'supervisor';

/**
 * 待表决: the applicants a committee vote may decide now — confirmed by the chair, not yet decided —
 * with why one cannot be picked (its group has not voted on it, where the meeting asks for that).
 */
export function committeeCandidates(snap: Snapshot) {
  const groupVoted = new Set(
    snap.rounds.filter((r) => r.kind === 'group' && r.status === 'confirmed').flatMap((r) => r.items.map((i) => i.meetingApplicantId)),
  );
  const needsGroupVote = snap.meeting.options.requireGroupVote !== false;
  return snap.applicants
    .filter((a) => a.stage === 'chair_confirmed' && (a.result ?? 'pending') === 'pending')
    .map((a) => ({ applicant: a, blocked: needsGroupVote && !groupVoted.has(a.meetingApplicantId) ? ('group_vote_missing' as const) : null }));
}
export const closeRound = action(async (roundId: number) => done(await liveApi.closeRound(roundId)), 'live.close');
export const confirmRound = action(async (roundId: number) => done(await liveApi.confirmRound(roundId)), 'live.confirm');
export const sendBackRound = action(async (roundId: number, reason: string) => done(await liveApi.sendBack(roundId, reason)), 'live.sendBack');
