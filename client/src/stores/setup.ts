import { createSignal, onCleanup } from 'solid-js';
import { action, json, query, revalidate } from '@solidjs/router';
import type { QueryParams } from '../api/client';
import {
  setupApi,
  type ChairsInput,
  type CommitteeChanges,
  type CommitteeInput,
  type Criterion,
  type DrawInput,
  type EntrustInput,
  type ExpertInput,
  type GroupChanges,
  type GroupInput,
  type ImportJob,
  type MeetingChanges,
  type MeetingExpertChanges,
  type MeetingInput,
  type PlaceInput,
  type RecommendInput,
  type RecusalInput,
  type SaveProfileInput,
  type Series,
} from '../api/setup';
import { realtime, rooms } from '../realtime';
import { session } from './session';

/**
 * 评委会、专家库与评审会议设置. Reads are cached per argument under `setup.*`; every change
 * revalidates the area's keys. A meeting's setup page follows the meeting's staff room: any
 * `setup:changed` (another staff member drew experts, the office approved the plan) refetches it.
 */
const KEYS = ['setup.'];

/*
 * Our own change is also announced to the staff room, often before its HTTP answer arrives. The
 * action revalidates the area when it settles, so a room event that arrived before that is already
 * covered and need not fetch everything a second time.
 */
let inFlight = 0;
let settledAt = 0;
const change =
  <A extends unknown[], T>(fn: (...args: A) => Promise<T>) =>
  async (...args: A) => {
    inFlight++;
    try {
      return json(await fn(...args), { revalidate: KEYS });
    } finally {
      inFlight--;
      settledAt = Date.now();
    }
  };

// Reads -------------------------------------------------------------------------------------------
/*
 * The catalogue (specialty names for codes) as a plain signal, read once per page load: names are
 * drawn inside table cells, and cells made while a route transition is pending did not pick up a
 * query that resolved afterwards — they kept showing the codes.
 */
const [catalogueSignal, setCatalogueSignal] = createSignal<Series[] | undefined>(undefined);
let catalogueLoading: Promise<void> | null = null;
export function catalogueNow(): Series[] | undefined {
  catalogueLoading ||= setupApi
    .catalogue()
    .then((r) => void setCatalogueSignal(r.items))
    .catch(() => {
      catalogueLoading = null;
    });
  return catalogueSignal();
}
export const getCommittees = query((q: QueryParams) => setupApi.committees(q), 'setup.committees');
export const getCommittee = query((id: number) => setupApi.committee(id), 'setup.committee');
export const getCommissions = query((side: 'incoming' | 'outgoing') => setupApi.commissions({ side }), 'setup.commissions');
export const getLibrary = query((committeeId: number, q: QueryParams) => setupApi.library(committeeId, q), 'setup.library');
export const getCommitteeFilings = query((committeeId: number) => setupApi.committeeFilings(committeeId), 'setup.committeeFilings');
export const getOfficeFilings = query((status: string) => setupApi.officeFilings(status), 'setup.officeFilings');
export const getRecommendations = query((side: 'incoming' | 'outgoing') => setupApi.recommendations({ side }), 'setup.recommendations');
export const getMyProfile = query(() => setupApi.myProfile(), 'setup.myProfile');
export const getProfileQueue = query(() => setupApi.profileQueue(), 'setup.profileQueue');
export const getExpert = query((id: number) => setupApi.expert(id), 'setup.expert');
export const getMeetings = query((q: { state: string; page?: number; pageSize?: number }) => setupApi.meetings(q), 'setup.meetings');
export const getMeeting = query((id: number) => setupApi.meeting(id), 'setup.meeting');
export const getMeetingLog = query((id: number) => setupApi.log(id), 'setup.log');
export const getMeetingExperts = query(async (id: number) => (await setupApi.meetingExperts(id)).items, 'setup.experts');
export const getApplicants = query(async (id: number) => (await setupApi.applicants(id)).items, 'setup.applicants');
export const getCandidates = query(async (id: number) => (await setupApi.candidates(id)).items, 'setup.candidates');
export const getRecusals = query(async (id: number) => (await setupApi.recusals(id)).items, 'setup.recusals');
export const getBlindOpinions = query(async (id: number) => (await setupApi.blindOpinions(id)).items, 'setup.blind');
export const getDraws = query(async (id: number) => (await setupApi.draws(id)).items, 'setup.draws');
export const getVerification = query((drawId: number) => setupApi.verifyDraw(drawId), 'setup.verify');
export const getMeetingEntrustments = query(async (id: number) => (await setupApi.meetingEntrustments(id)).items, 'setup.entrustments');
export const getOfficeEntrustments = query(async (status: string) => (await setupApi.officeEntrustments(status)).items, 'setup.officeEntrustments');
export const getUnitStaff = query(async (orgId: number) => (await setupApi.unitStaff(orgId)).items, 'setup.staff');
export const getOrgs = query(async (q: { q?: string; kind?: string }) => (await setupApi.orgs({ ...q, status: 'active', pageSize: 50 })).items, 'setup.orgs');
/** The active library of several committees at once (the meeting's pool for manual placement). */
export const getPool = query(async (committeeIds: number[]) => {
  const pages = await Promise.all(committeeIds.map((id) => setupApi.library(id, { status: 'active', pageSize: 200 })));
  const seen = new Set<number>();
  return pages.flatMap((p) => p.items).filter((e) => (seen.has(e.expertId) ? false : (seen.add(e.expertId), true)));
}, 'setup.pool');

/** Specialty code → name over the catalogue (the server sends codes). */
export function specialtyNames(series: Series[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of series ?? []) for (const sp of s.specialties) out.set(sp.code, sp.name);
  return out;
}

// Changes -----------------------------------------------------------------------------------------
export const createCommittee = action(change(async (body: CommitteeInput) => setupApi.createCommittee(body)), 'setup.createCommittee');
export const updateCommittee = action(change(async (id: number, body: CommitteeChanges) => setupApi.updateCommittee(id, body)), 'setup.updateCommittee');
export const disableCommittee = action(change(async (id: number, reason: string) => setupApi.disableCommittee(id, reason)), 'setup.disableCommittee');
export const requestCommission = action(change(async (id: number, body: { year: number; note?: string | null }) => setupApi.requestCommission(id, body)), 'setup.requestCommission');
export const decideCommission = action(change(async (id: number, accept: boolean, opinion?: string) => setupApi.decideCommission(id, accept, opinion)), 'setup.decideCommission');
export const applyDeadline = action(change(async (id: number) => setupApi.applyDeadline(id)), 'setup.applyDeadline');
export const withdrawCommission = action(change(async (id: number) => setupApi.withdrawCommission(id)), 'setup.withdrawCommission');

export const addExpert = action(change(async (committeeId: number, body: ExpertInput) => setupApi.addExpert(committeeId, body)), 'setup.addExpert');
export const removePending = action(change(async (committeeId: number, expertId: number) => setupApi.removePending(committeeId, expertId)), 'setup.removePending');
export const fileChange = action(change(async (committeeId: number, body: { note?: string | null; items: Array<{ expertId: number; action: 'add' | 'remove'; reason?: string | null }> }) => setupApi.fileChange(committeeId, body)), 'setup.fileChange',
);
export const decideFiling = action(change(async (id: number, approve: boolean, opinion?: string) => setupApi.decideFiling(id, approve, opinion)), 'setup.decideFiling');
export const recommendExpert = action(change(async (body: RecommendInput) => setupApi.recommend(body)), 'setup.recommend');
export const decideRecommendation = action(change(async (id: number, accept: boolean, opinion?: string) => setupApi.decideRecommendation(id, accept, opinion)), 'setup.decideRecommendation');
export const saveMyProfile = action(change(async (body: SaveProfileInput) => setupApi.saveMyProfile(body)), 'setup.saveProfile');
export const submitMyProfile = action(change(async () => setupApi.submitMyProfile()), 'setup.submitProfile');
export const reviewProfile = action(change(async (id: number, approve: boolean, opinion?: string) => setupApi.reviewProfile(id, approve, opinion)), 'setup.reviewProfile');

export const createMeeting = action(change(async (body: MeetingInput) => setupApi.createMeeting(body)), 'setup.createMeeting');
export const updateMeeting = action(change(async (id: number, body: MeetingChanges) => setupApi.updateMeeting(id, body)), 'setup.updateMeeting');
export const deleteMeeting = action(change(async (id: number) => setupApi.deleteMeeting(id)), 'setup.deleteMeeting');
export const savePlan = action(change(async (id: number, body: { kind: 'normal' | 'special'; text: string }) => setupApi.savePlan(id, body)), 'setup.savePlan');
export const submitPlan = action(change(async (id: number) => setupApi.submitPlan(id)), 'setup.submitPlan');
export const reviewPlan = action(change(async (id: number, approve: boolean, opinion?: string) => setupApi.reviewPlan(id, approve, opinion)), 'setup.reviewPlan');
export const saveStandard = action(change(async (id: number, criteria: Criterion[]) => setupApi.saveStandard(id, criteria)), 'setup.saveStandard');
export const submitStandard = action(change(async (id: number) => setupApi.submitStandard(id)), 'setup.submitStandard');
export const approveStandard = action(change(async (id: number, approve: boolean, opinion?: string) => setupApi.approveStandard(id, approve, opinion)), 'setup.approveStandard');
export const confirmStandard = action(change(async (id: number, approve: boolean, opinion?: string) => setupApi.confirmStandard(id, approve, opinion)), 'setup.confirmStandard');

export const createGroup = action(change(async (meetingId: number, body: GroupInput) => setupApi.createGroup(meetingId, body)), 'setup.createGroup');
export const updateGroup = action(change(async (id: number, body: GroupChanges) => setupApi.updateGroup(id, body)), 'setup.updateGroup');
export const deleteGroup = action(change(async (id: number) => setupApi.deleteGroup(id)), 'setup.deleteGroup');
export const setLeader = action(change(async (groupId: number, meetingExpertId: number) => setupApi.setLeader(groupId, meetingExpertId)), 'setup.setLeader');

export const placeExperts = action(change(async (meetingId: number, body: PlaceInput) => setupApi.placeExperts(meetingId, body)), 'setup.placeExperts');
export const updateMeetingExpert = action(change(async (id: number, body: MeetingExpertChanges) => setupApi.updateMeetingExpert(id, body)), 'setup.updateMeetingExpert');
export const removeMeetingExpert = action(change(async (id: number) => setupApi.removeMeetingExpert(id)), 'setup.removeMeetingExpert');
export const setChairs = action(change(async (meetingId: number, body: ChairsInput) => setupApi.setChairs(meetingId, body)), 'setup.setChairs');
export const issueLogins = action(change(async (meetingId: number, body: { meetingExpertIds?: number[]; reissue?: boolean }) => setupApi.issueLogins(meetingId, body)), 'setup.issueLogins');
export const drawExperts = action(change(async (meetingId: number, body: DrawInput) => setupApi.draw(meetingId, body)), 'setup.draw');
export const entrustDraw = action(change(async (meetingId: number, body: EntrustInput) => setupApi.entrust(meetingId, body)), 'setup.entrust');
export const performEntrustment = action(change(async (id: number, body: { mode: 'random' } | { mode: 'manual'; expertIds: number[] }) => setupApi.performEntrustment(id, body)), 'setup.performEntrustment',
);
export const cancelEntrustment = action(change(async (id: number) => setupApi.cancelEntrustment(id)), 'setup.cancelEntrustment');

export const addApplicants = action(change(async (meetingId: number, body: { declarationIds?: number[]; all?: boolean; groupId?: number | null }) => setupApi.addApplicants(meetingId, body)), 'setup.addApplicants');
export const assignApplicants = action(change(async (meetingId: number, ids: number[], groupId: number | null) => setupApi.assignApplicants(meetingId, ids, groupId)), 'setup.assign');
export const groupAll = action(change(async (meetingId: number) => setupApi.groupAll(meetingId)), 'setup.groupAll');
export const removeApplicant = action(change(async (id: number) => setupApi.removeApplicant(id)), 'setup.removeApplicant');
export const addRecusal = action(change(async (meetingId: number, body: RecusalInput) => setupApi.addRecusal(meetingId, body)), 'setup.addRecusal');
export const removeRecusal = action(change(async (id: number) => setupApi.removeRecusal(id)), 'setup.removeRecusal');
export const addBlindOpinion = action(change(async (meetingApplicantId: number, fields: { reviewerCode: string; conclusion: 'agree' | 'disagree'; score?: string; note?: string }, file: File | null) => setupApi.addBlindOpinion(meetingApplicantId, fields, file)), 'setup.addBlind',
);
export const removeBlindOpinion = action(change(async (id: number) => setupApi.removeBlindOpinion(id)), 'setup.removeBlind');

/** Refetches everything of the area (after an import finished, say). */
export const refreshSetup = () => void revalidate(KEYS);

// Live --------------------------------------------------------------------------------------------
/**
 * While a meeting's setup page is open: its staff room (unit staff, supervisors) says when anything
 * changed, and the page refetches. Offices above only read; they reload on their own actions.
 */
export function useSetupLive(meetingId: () => number, joinable: () => boolean) {
  let off: (() => void) | null = null;
  let joined = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let heardAt = 0;
  // Refetch once for a burst of events; wait for our own change in flight, whose revalidation covers them.
  const refetch = () => {
    // The latest event counts: if even it came before our change settled, the change's refetch saw it.
    heardAt = Date.now();
    clearTimeout(timer);
    const run = () => {
      if (inFlight > 0) return void (timer = setTimeout(run, 200));
      const covered = settledAt >= heardAt;
      heardAt = 0;
      if (!covered) void revalidate(KEYS);
    };
    timer = setTimeout(run, 250);
  };
  const follow = () => {
    const id = meetingId();
    if (id === joined && off) return;
    off?.();
    off = null;
    joined = 0;
    if (!id || !joinable()) return;
    joined = id;
    off = realtime.subscribe({
      room: rooms.staff(id),
      on: { 'setup:changed': (e) => e.data.meetingId === id && refetch() },
      resync: refetch,
    });
  };
  onCleanup(() => {
    clearTimeout(timer);
    off?.();
  });
  return follow;
}

/**
 * An import job followed to its end: `import:progress` in the importer's own room moves the bar;
 * a poll every second covers a lost socket. Resolves with the finished job.
 */
export function followImport(job: ImportJob, onUpdate: (j: ImportJob) => void): { done: Promise<ImportJob>; stop: () => void } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolve!: (j: ImportJob) => void;
  const finished = new Promise<ImportJob>((r) => (resolve = r));
  const final = (s: string) => s === 'done' || s === 'failed';
  let current = job;
  const accountId = session.account?.id;
  const off = accountId
    ? realtime.subscribe({
        room: rooms.user(accountId),
        on: {
          'import:progress': (e) => {
            if (e.data.jobId !== job.id || stopped) return;
            // The end is shown from the job itself, which carries the rows' errors or the result.
            if (final(e.data.status)) return void poll();
            current = { ...current, status: e.data.status, total: e.data.total, processed: e.data.processed, errorCount: e.data.errors };
            onUpdate(current);
          },
        },
      })
    : () => undefined;
  async function poll() {
    clearTimeout(timer);
    if (stopped) return;
    try {
      current = await setupApi.importJob(job.id);
      onUpdate(current);
    } catch {
      /* try again on the next tick */
    }
    if (final(current.status)) {
      stop();
      resolve(current);
      return;
    }
    timer = setTimeout(poll, 1000);
  }
  function stop() {
    stopped = true;
    clearTimeout(timer);
    off();
  }
  if (final(job.status)) {
    stop();
    resolve(job);
  } else timer = setTimeout(poll, 500);
  return { done: finished, stop };
}
