import { onCleanup } from 'solid-js';
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
const done = <T>(data: T) => json(data, { revalidate: KEYS });

// Reads -------------------------------------------------------------------------------------------
export const getCatalogue = query(async () => (await setupApi.catalogue()).items, 'setup.catalogue');
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
export const createCommittee = action(async (body: CommitteeInput) => done(await setupApi.createCommittee(body)), 'setup.createCommittee');
export const updateCommittee = action(async (id: number, body: CommitteeChanges) => done(await setupApi.updateCommittee(id, body)), 'setup.updateCommittee');
export const disableCommittee = action(async (id: number, reason: string) => done(await setupApi.disableCommittee(id, reason)), 'setup.disableCommittee');
export const requestCommission = action(async (id: number, body: { year: number; note?: string | null }) => done(await setupApi.requestCommission(id, body)), 'setup.requestCommission');
export const decideCommission = action(async (id: number, accept: boolean, opinion?: string) => done(await setupApi.decideCommission(id, accept, opinion)), 'setup.decideCommission');
export const withdrawCommission = action(async (id: number) => done(await setupApi.withdrawCommission(id)), 'setup.withdrawCommission');

export const addExpert = action(async (committeeId: number, body: ExpertInput) => done(await setupApi.addExpert(committeeId, body)), 'setup.addExpert');
export const removePending = action(async (committeeId: number, expertId: number) => done(await setupApi.removePending(committeeId, expertId)), 'setup.removePending');
export const fileChange = action(
  async (committeeId: number, body: { note?: string | null; items: Array<{ expertId: number; action: 'add' | 'remove'; reason?: string | null }> }) =>
    done(await setupApi.fileChange(committeeId, body)),
  'setup.fileChange',
);
export const decideFiling = action(async (id: number, approve: boolean, opinion?: string) => done(await setupApi.decideFiling(id, approve, opinion)), 'setup.decideFiling');
export const recommendExpert = action(async (body: RecommendInput) => done(await setupApi.recommend(body)), 'setup.recommend');
export const decideRecommendation = action(async (id: number, accept: boolean, opinion?: string) => done(await setupApi.decideRecommendation(id, accept, opinion)), 'setup.decideRecommendation');
export const saveMyProfile = action(async (body: SaveProfileInput) => done(await setupApi.saveMyProfile(body)), 'setup.saveProfile');
export const submitMyProfile = action(async () => done(await setupApi.submitMyProfile()), 'setup.submitProfile');
export const reviewProfile = action(async (id: number, approve: boolean, opinion?: string) => done(await setupApi.reviewProfile(id, approve, opinion)), 'setup.reviewProfile');

export const createMeeting = action(async (body: MeetingInput) => done(await setupApi.createMeeting(body)), 'setup.createMeeting');
export const updateMeeting = action(async (id: number, body: MeetingChanges) => done(await setupApi.updateMeeting(id, body)), 'setup.updateMeeting');
export const deleteMeeting = action(async (id: number) => done(await setupApi.deleteMeeting(id)), 'setup.deleteMeeting');
export const savePlan = action(async (id: number, body: { kind: 'normal' | 'special'; text: string }) => done(await setupApi.savePlan(id, body)), 'setup.savePlan');
export const submitPlan = action(async (id: number) => done(await setupApi.submitPlan(id)), 'setup.submitPlan');
export const reviewPlan = action(async (id: number, approve: boolean, opinion?: string) => done(await setupApi.reviewPlan(id, approve, opinion)), 'setup.reviewPlan');
export const saveStandard = action(async (id: number, criteria: Criterion[]) => done(await setupApi.saveStandard(id, criteria)), 'setup.saveStandard');
export const submitStandard = action(async (id: number) => done(await setupApi.submitStandard(id)), 'setup.submitStandard');
export const approveStandard = action(async (id: number, approve: boolean, opinion?: string) => done(await setupApi.approveStandard(id, approve, opinion)), 'setup.approveStandard');
export const confirmStandard = action(async (id: number, approve: boolean, opinion?: string) => done(await setupApi.confirmStandard(id, approve, opinion)), 'setup.confirmStandard');

export const createGroup = action(async (meetingId: number, body: GroupInput) => done(await setupApi.createGroup(meetingId, body)), 'setup.createGroup');
export const updateGroup = action(async (id: number, body: GroupChanges) => done(await setupApi.updateGroup(id, body)), 'setup.updateGroup');
export const deleteGroup = action(async (id: number) => done(await setupApi.deleteGroup(id)), 'setup.deleteGroup');
export const setLeader = action(async (groupId: number, meetingExpertId: number) => done(await setupApi.setLeader(groupId, meetingExpertId)), 'setup.setLeader');

export const placeExperts = action(async (meetingId: number, body: PlaceInput) => done(await setupApi.placeExperts(meetingId, body)), 'setup.placeExperts');
export const updateMeetingExpert = action(async (id: number, body: MeetingExpertChanges) => done(await setupApi.updateMeetingExpert(id, body)), 'setup.updateMeetingExpert');
export const removeMeetingExpert = action(async (id: number) => done(await setupApi.removeMeetingExpert(id)), 'setup.removeMeetingExpert');
export const setChairs = action(async (meetingId: number, body: ChairsInput) => done(await setupApi.setChairs(meetingId, body)), 'setup.setChairs');
export const issueLogins = action(async (meetingId: number, body: { meetingExpertIds?: number[]; reissue?: boolean }) => done(await setupApi.issueLogins(meetingId, body)), 'setup.issueLogins');
export const drawExperts = action(async (meetingId: number, body: DrawInput) => done(await setupApi.draw(meetingId, body)), 'setup.draw');
export const entrustDraw = action(async (meetingId: number, body: EntrustInput) => done(await setupApi.entrust(meetingId, body)), 'setup.entrust');
export const performEntrustment = action(
  async (id: number, body: { mode: 'random' } | { mode: 'manual'; expertIds: number[] }) => done(await setupApi.performEntrustment(id, body)),
  'setup.performEntrustment',
);
export const cancelEntrustment = action(async (id: number) => done(await setupApi.cancelEntrustment(id)), 'setup.cancelEntrustment');

export const addApplicants = action(async (meetingId: number, body: { declarationIds?: number[]; all?: boolean; groupId?: number | null }) => done(await setupApi.addApplicants(meetingId, body)), 'setup.addApplicants');
export const assignApplicants = action(async (meetingId: number, ids: number[], groupId: number | null) => done(await setupApi.assignApplicants(meetingId, ids, groupId)), 'setup.assign');
export const groupAll = action(async (meetingId: number) => done(await setupApi.groupAll(meetingId)), 'setup.groupAll');
export const removeApplicant = action(async (id: number) => done(await setupApi.removeApplicant(id)), 'setup.removeApplicant');
export const addRecusal = action(async (meetingId: number, body: RecusalInput) => done(await setupApi.addRecusal(meetingId, body)), 'setup.addRecusal');
export const removeRecusal = action(async (id: number) => done(await setupApi.removeRecusal(id)), 'setup.removeRecusal');
export const addBlindOpinion = action(
  async (meetingApplicantId: number, fields: { reviewerCode: string; conclusion: 'agree' | 'disagree'; score?: string; note?: string }, file: File | null) =>
    done(await setupApi.addBlindOpinion(meetingApplicantId, fields, file)),
  'setup.addBlind',
);
export const removeBlindOpinion = action(async (id: number) => done(await setupApi.removeBlindOpinion(id)), 'setup.removeBlind');

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
  const refetch = () => void revalidate(KEYS);
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
  onCleanup(() => off?.());
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
            current = { ...current, status: e.data.status, total: e.data.total, processed: e.data.processed, errorCount: e.data.errors };
            onUpdate(current);
            if (final(e.data.status)) void poll();
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
