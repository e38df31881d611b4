import { action, json, query, revalidate } from '@solidjs/router';
import {
  declarationsApi,
  type ActionInput,
  type Level,
  type PublicityKind,
  type QueueQuery,
  type RecommendationInput,
  type SearchQuery,
  type SectionKey,
  type Settings,
  type SettingsPatch,
  type Step,
} from '../api/declarations';
import type { Role } from '../api/types';
import { realtime, rooms } from '../realtime';
import type { RoomPayload } from '../realtime';
import { session, type SessionState } from './session';

/**
 * 申报与资格审查 data. Reads are cached per argument under `decl.*`; every change revalidates the
 * area. Live: the applicant follows their own user room (`declaration:status` refetches their
 * declarations and the open one's timeline); a reviewer follows the queue rooms of the steps shown
 * (`queue:changed` refetches the queue and the counts). Components never touch the socket.
 */
const KEYS = ['decl.'];
const done = <T>(data: T) => json(data, { revalidate: KEYS });
/** Saving a section must not refetch the open declaration (the other sections keep what was typed). */
const quiet = <T>(data: T) => json(data, { revalidate: ['decl.mine'] });

export const getCatalogue = query(async () => (await declarationsApi.catalogue()).items, 'decl.catalogue');
export const getMine = query(async () => (await declarationsApi.mine()).items, 'decl.mine');
export const getDeclaration = query((id: number) => declarationsApi.get(id), 'decl.detail');
export const getQueue = query((q: QueueQuery) => declarationsApi.queue(q), 'decl.queue');
export const getQueueCount = query(async (step: Step) => (await declarationsApi.queue({ step, page: 1, pageSize: 1 })).total, 'decl.queueCount');
export const getSearch = query((q: SearchQuery) => declarationsApi.search(q), 'decl.search');
export const getOpinions = query(async () => (await declarationsApi.opinions()).items, 'decl.opinions');
export const getPublicities = query((q: { kind?: PublicityKind; status?: 'open' | 'completed'; page?: number }) => declarationsApi.publicities(q), 'decl.publicities');
export const getPublicity = query((id: number) => declarationsApi.publicity(id), 'decl.publicity');
export const getPublicityReports = query(async (id: number) => (await declarationsApi.publicityReports(id)).items, 'decl.publicityReports');
export const getOpenPublicities = query((q: { kind?: PublicityKind; page?: number }) => declarationsApi.openPublicities(q), 'decl.public.list');
export const getOpenPublicity = query((id: number) => declarationsApi.openPublicity(id), 'decl.public.one');
export const getRecommendations = query((q: { year?: number; page?: number }) => declarationsApi.recommendations(q), 'decl.recommendations');
export const getPlans = query((q: { year?: number; status?: string; pendingMine?: 'true' | 'false'; page?: number }) => declarationsApi.plans(q), 'decl.plans');
export const getPlanStats = query(async (year: number) => (await declarationsApi.planStats(year)).items, 'decl.planStats');
export const getTransfers = query((q: { direction?: 'incoming' | 'outgoing' | 'all'; status?: string; page?: number }) => declarationsApi.transfers(q), 'decl.transfers');
export const getCommittees = query(
  async (seriesCode: string, level: Level) => (await declarationsApi.committees({ seriesCode, level, state: 'active', pageSize: 100 })).items,
  'decl.committees',
);

export const createDeclaration = action(async (body: Settings) => done(await declarationsApi.create(body)), 'decl.create');
export const updateSettings = action(async (id: number, body: SettingsPatch) => done(await declarationsApi.updateSettings(id, body)), 'decl.settings');
export const saveSection = action(async (id: number, key: SectionKey, data: unknown) => quiet(await declarationsApi.saveSection(id, key, data)), 'decl.section');
export const submitDeclaration = action(async (id: number) => done(await declarationsApi.submit(id)), 'decl.submit');
export const withdrawDeclaration = action(async (id: number, reason?: string) => done(await declarationsApi.withdraw(id, reason)), 'decl.withdraw');
export const actOn = action(async (id: number, body: ActionInput) => done(await declarationsApi.act(id, body)), 'decl.act');
export const actOnMany = action(async (ids: number[], body: Omit<ActionInput, 'version'>) => done(await declarationsApi.batch(ids, body)), 'decl.batch');
export const addOpinion = action(async (text: string) => json(await declarationsApi.addOpinion(text), { revalidate: getOpinions.key }), 'decl.addOpinion');
export const deleteOpinion = action(async (id: number) => json(await declarationsApi.deleteOpinion(id), { revalidate: getOpinions.key }), 'decl.deleteOpinion');
export const createPublicity = action(
  async (body: { kind: PublicityKind; title: string; content?: string | null; startsAt: string; endsAt: string; declarationIds: number[] }) => done(await declarationsApi.createPublicity(body)),
  'decl.createPublicity',
);
export const completePublicity = action(async (id: number) => done(await declarationsApi.completePublicity(id)), 'decl.completePublicity');
export const reportPublicly = action(
  async (id: number, body: { declarationId: number; reporterName?: string; contact?: string; content: string }) => declarationsApi.reportPublicly(id, body),
  'decl.reportPublicly',
);
export const recommend = action(async (body: RecommendationInput) => done(await declarationsApi.recommend(body)), 'decl.recommend');
export const createPlan = action(async (body: { year: number; seriesCode: string; level: Level; quota: number; note?: string | null }) => done(await declarationsApi.createPlan(body)), 'decl.createPlan');
export const editPlan = action(async (id: number, body: { quota?: number; note?: string | null }) => done(await declarationsApi.editPlan(id, body)), 'decl.editPlan');
export const submitPlan = action(async (id: number) => done(await declarationsApi.submitPlan(id)), 'decl.submitPlan');
export const decidePlan = action(async (id: number, approve: boolean, reason?: string) => done(await declarationsApi.decidePlan(id, approve, reason)), 'decl.decidePlan');
export const requestTransfer = action(async (body: { idNumber: string; year?: number; note?: string }) => done(await declarationsApi.requestTransfer(body)), 'decl.requestTransfer');
export const decideTransfer = action(async (id: number, approve: boolean, reason?: string) => done(await declarationsApi.decideTransfer(id, approve, reason)), 'decl.decideTransfer');

/** Uploads are not router actions: the caller shows progress and the refusal next to the slot. */
export const uploadDeclarationFile = declarationsApi.upload;
export const deleteDeclarationFile = declarationsApi.deleteFile;
export const uploadProof = declarationsApi.uploadProof;
export const refetchDeclaration = () => revalidate(getDeclaration.key);

/** The applicant's pages follow their user room: any status change refetches their declarations. */
export function useApplicantLive(onStatus?: (e: RoomPayload<'declaration:status'>) => void): () => void {
  const id = session.account?.id;
  if (!id) return () => undefined;
  const refetch = () => void revalidate([getMine.key, getDeclaration.key]);
  return realtime.subscribe({
    room: rooms.user(id),
    on: {
      'declaration:status': (e) => {
        onStatus?.(e);
        refetch();
      },
    },
    resync: refetch,
  });
}

type S = Pick<SessionState, 'account' | 'org' | 'can'>;

/**
 * The review steps a person works (工作台 tabs), from their role, permissions and the kind of their
 * organisation; the server checks each call again (and the queue room refuses anyone else).
 */
export function reviewSteps(s: S): Step[] {
  const a = s.account;
  if (!a || !s.org) return [];
  if (a.role === 'policy_reviewer') return ['policy_first', 'policy_second'];
  if (a.role !== 'staff') return [];
  const p = a.permissions as string[];
  const kind = s.org.kind;
  const out: Step[] = [];
  if (p.includes('qualification.handler_review')) out.push(kind === 'committee_unit' ? 'receive' : 'handler');
  if (p.includes('qualification.leader_review') && kind !== 'committee_unit') out.push('leader');
  if (kind === 'office' && (p.includes('qualification.entrust_senior') || p.includes('qualification.entrust_intermediate'))) out.push('assign');
  return out;
}

/** Steps with a page of their own: 申报公示 and 推荐上报 at the unit, 审查结果公示 by policy reviewers. */
export const worksPublicity = (s: S) =>
  s.account?.role === 'staff' && (s.account.permissions as string[]).includes('qualification.publicity') && !['office', 'committee_unit'].includes(s.org?.kind ?? '');
export const worksPublish = (s: S) => s.account?.role === 'policy_reviewer';
export const isRole = (s: S, ...roles: Role[]) => !!s.account && roles.includes(s.account.role);

/**
 * Follow the queue rooms of these steps at the actor's org; an item arriving or leaving refetches the
 * queue lists and counts (coalesced: a batch of 50 is one refetch). `onChange` sees every event.
 */
export function useQueueLive(steps: () => Step[], onChange?: (e: RoomPayload<'queue:changed'>) => void) {
  const orgId = session.org?.id;
  const following = new Map<Step, () => void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refetch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void revalidate([getQueue.key, getQueueCount.key, getSearch.key]), 120);
  };
  const sync = () => {
    if (!orgId) return;
    const want = new Set(steps());
    for (const [step, off] of following) {
      if (!want.has(step)) {
        off();
        following.delete(step);
      }
    }
    for (const step of want) {
      if (following.has(step)) continue;
      following.set(
        step,
        realtime.subscribe({
          room: rooms.queue(orgId, step),
          on: {
            'queue:changed': (e) => {
              onChange?.(e);
              refetch();
            },
          },
          resync: refetch,
        }),
      );
    }
  };
  return {
    sync,
    stop: () => {
      clearTimeout(timer);
      for (const off of following.values()) off();
      following.clear();
    },
  };
}
