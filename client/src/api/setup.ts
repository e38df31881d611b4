/**
 * 评委会、专家库、评审会议设置 (issue 4): one function per route. Response shapes are inferred from the
 * server's own zod schemas (type-only imports), so a change of contract breaks the type check.
 */
import type { z } from 'zod';
import { http, type QueryParams } from './client';
import { ApiError } from './error';
import { tokens } from './tokens';
import type { Page } from './types';
import type {
  commissionView,
  committeeDetail,
  committeeView,
  createCommitteeBody,
  updateCommitteeBody,
} from '../../../server/routes/committees/schema';
import type {
  addedExpertView,
  expertBody,
  filingView,
  importJobView,
  libraryEntryView,
  recommendationView,
  recommendBody,
  expertView,
} from '../../../server/routes/library/schema';
import type { profileSchema, profileView, saveProfileBody } from '../../../server/routes/expertProfiles/schema';
import type {
  createMeetingBody,
  groupSummary,
  logView,
  meetingDetail,
  meetingListItem,
  meetingOptions,
  readinessView,
  standardBody,
  updateMeetingBody,
  voteRules,
} from '../../../server/routes/meetings/schema';
import type { groupBody, updateGroupBody } from '../../../server/routes/groups/schema';
import type { chairsBody, issuedLogins, meetingExpertView, placeBody, updateMeetingExpertBody } from '../../../server/routes/meetingExperts/schema';
import type { applicantView, blindOpinionView, candidateView, groupAllView, recusalBody, recusalView } from '../../../server/routes/meetingApplicants/schema';
import type { drawBody, drawView, entrustBody, entrustmentView, verifyView } from '../../../server/routes/draws/schema';
import type { seriesView } from '../../../server/routes/catalogue/schema';
import type { orgView } from '../../../server/routes/orgs/schema';
import type { AccountListItem } from './types';

export type Committee = z.infer<typeof committeeView>;
export type CommitteeDetail = z.infer<typeof committeeDetail>;
export type CommitteeInput = z.input<typeof createCommitteeBody>;
export type CommitteeChanges = z.input<typeof updateCommitteeBody>;
export type Commission = z.infer<typeof commissionView>;

export type LibraryEntry = z.infer<typeof libraryEntryView>;
export type ExpertInput = z.input<typeof expertBody>;
export type AddedExpert = z.infer<typeof addedExpertView>;
export type ImportJob = z.infer<typeof importJobView>;
export type LibraryFiling = z.infer<typeof filingView>;
export type Recommendation = z.infer<typeof recommendationView>;
export type RecommendInput = z.input<typeof recommendBody>;
export type ExpertSummary = z.infer<typeof expertView>;
export type ExpertProfile = z.infer<typeof profileView>;
export type ProfileData = z.infer<typeof profileSchema>;
export type SaveProfileInput = z.input<typeof saveProfileBody>;

export type MeetingListItem = z.infer<typeof meetingListItem>;
export type MeetingDetail = z.infer<typeof meetingDetail>;
export type MeetingInput = z.input<typeof createMeetingBody>;
export type MeetingChanges = z.input<typeof updateMeetingBody>;
export type MeetingOptions = z.infer<typeof meetingOptions>;
export type VoteRules = z.infer<typeof voteRules>;
export type Readiness = z.infer<typeof readinessView>;
export type SetupLogEntry = z.infer<typeof logView>['items'][number];
export type Criterion = z.input<typeof standardBody>['criteria'][number];
export type Group = z.infer<typeof groupSummary>;
export type GroupInput = z.input<typeof groupBody>;
export type GroupChanges = z.input<typeof updateGroupBody>;
export type MeetingExpert = z.infer<typeof meetingExpertView>;
export type PlaceInput = z.input<typeof placeBody>;
export type MeetingExpertChanges = z.input<typeof updateMeetingExpertBody>;
export type ChairsInput = z.input<typeof chairsBody>;
export type IssuedLogin = z.infer<typeof issuedLogins>['items'][number];
export type Applicant = z.infer<typeof applicantView>;
export type Candidate = z.infer<typeof candidateView>;
export type GroupAllResult = z.infer<typeof groupAllView>;
export type Recusal = z.infer<typeof recusalView>;
export type RecusalInput = z.input<typeof recusalBody>;
export type BlindOpinion = z.infer<typeof blindOpinionView>;
export type Draw = z.infer<typeof drawView>;
export type DrawInput = z.input<typeof drawBody>;
export type DrawVerification = z.infer<typeof verifyView>;
export type Entrustment = z.infer<typeof entrustmentView>;
export type EntrustInput = z.input<typeof entrustBody>;
export type Series = z.infer<typeof seriesView>;
export type OrgRow = z.infer<typeof orgView>;

/** Sends the token with a download or upload (a plain link cannot), refreshing it once if it expired. */
async function authedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  if (tokens.expiringWithin(10)) await tokens.refresh().catch(() => undefined);
  const go = () =>
    fetch(url, { ...init, credentials: 'same-origin', headers: { ...(init.headers ?? {}), ...(tokens.current() ? { authorization: `Bearer ${tokens.current()}` } : {}) } });
  let res = await go().catch(() => {
    throw new ApiError(0, 'network_error', 'The server cannot be reached');
  });
  if (res.status === 401) {
    await tokens.refresh();
    res = await go();
  }
  if (!res.ok) throw await errorOf(res);
  return res;
}

async function errorOf(res: { status: number; statusText: string; json: () => Promise<unknown> }) {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: [] } } | null;
  return new ApiError(res.status, body?.error?.code ?? (res.status >= 500 ? 'unavailable' : 'internal_error'), body?.error?.message ?? res.statusText, body?.error?.details ?? []);
}

const urlOf = (path: string, query?: QueryParams) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return `/api${path}${s ? `?${s}` : ''}`;
};

/** Saves a spreadsheet the API streams, under the name the server gives it. */
export async function downloadFile(path: string, query?: QueryParams, fallback = 'export.xlsx'): Promise<string> {
  const res = await authedFetch(urlOf(path, query));
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : fallback;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** Opens a PDF the API streams in a new tab (the window first, so no pop-up blocker stops it). */
export async function openFile(path: string) {
  const win = window.open('', '_blank');
  try {
    const res = await authedFetch(urlOf(path));
    const url = URL.createObjectURL(await res.blob());
    if (win) win.location.href = url;
    else window.location.href = url;
  } catch (e) {
    win?.close();
    throw e;
  }
}

/**
 * A multipart upload with the browser's upload progress (a large spreadsheet takes a while on a slow
 * line); `fields` go along as text parts.
 */
export async function uploadWithProgress<T>(path: string, file: File | null, fields: Record<string, string> = {}, onProgress?: (sent: number, total: number) => void): Promise<T> {
  if (tokens.expiringWithin(30)) await tokens.refresh().catch(() => undefined);
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', file, file.name);
  const once = () =>
    new Promise<{ status: number; text: string; statusText: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', urlOf(path));
      const token = tokens.current();
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file?.size ?? 0);
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, statusText: xhr.statusText });
      xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The server cannot be reached'));
      xhr.send(fd);
    });
  let res = await once();
  if (res.status === 401) {
    await tokens.refresh();
    res = await once();
  }
  const json = () => Promise.resolve(res.text ? JSON.parse(res.text) : null);
  if (res.status < 200 || res.status >= 300) throw await errorOf({ status: res.status, statusText: res.statusText, json });
  return (await json()) as T;
}

type Items<T> = { items: T[] };

export const setupApi = {
  // 职称树 and organisations (names for codes; pickers)
  catalogue: () => http.get<Items<Series>>('/catalogue'),
  orgs: (q: { q?: string; kind?: string; status?: string; pageSize?: number }) => http.get<Page<OrgRow>>('/orgs', q),
  orgLookup: (code: string) => http.get<{ id: number; code: string; name: string; kind: string }>('/orgs/lookup', { code }),
  unitStaff: (orgId: number) => http.get<Page<AccountListItem>>('/accounts', { orgId, pageSize: 200 }),

  // 评委会
  committees: (q: QueryParams) => http.get<Page<Committee>>('/committees', q),
  committee: (id: number) => http.get<CommitteeDetail>(`/committees/${id}`),
  createCommittee: (body: CommitteeInput) => http.post<CommitteeDetail>('/committees', body),
  updateCommittee: (id: number, body: CommitteeChanges) => http.patch<CommitteeDetail>(`/committees/${id}`, body),
  disableCommittee: (id: number, reason: string) => http.post<CommitteeDetail>(`/committees/${id}/disable`, { reason }),
  requestCommission: (id: number, body: { year: number; note?: string | null }) => http.post<Commission>(`/committees/${id}/commissions`, body),
  commissions: (q: { side: 'incoming' | 'outgoing'; status?: string }) => http.get<Items<Commission>>('/commissions', q),
  decideCommission: (id: number, accept: boolean, opinion?: string | null) => http.post<Commission>(`/commissions/${id}/decide`, { accept, opinion: opinion || null }),
  withdrawCommission: (id: number) => http.post<Commission>(`/commissions/${id}/withdraw`),
  applyDeadline: (id: number) => http.post<{ committeeId: number; materialDeadline: string; failed: number[]; skipped: number[] }>(`/committees/${id}/material-deadline`),

  // 专家库
  library: (committeeId: number, q: QueryParams) => http.get<Page<LibraryEntry>>(`/committees/${committeeId}/experts`, q),
  addExpert: (committeeId: number, body: ExpertInput) => http.post<AddedExpert>(`/committees/${committeeId}/experts`, body),
  removePending: (committeeId: number, expertId: number) => http.delete(`/committees/${committeeId}/experts/${expertId}`),
  startImport: (committeeId: number, file: File, onProgress?: (sent: number, total: number) => void) =>
    uploadWithProgress<ImportJob>(`/committees/${committeeId}/experts/import`, file, {}, onProgress),
  importJob: (id: number) => http.get<ImportJob>(`/import-jobs/${id}`),
  fileChange: (committeeId: number, body: { note?: string | null; items: Array<{ expertId: number; action: 'add' | 'remove'; reason?: string | null }> }) =>
    http.post<LibraryFiling>(`/committees/${committeeId}/filings`, body),
  committeeFilings: (committeeId: number, status?: string) => http.get<Items<LibraryFiling>>(`/committees/${committeeId}/filings`, { status }),
  officeFilings: (status?: string) => http.get<Items<LibraryFiling>>('/library-filings', { status }),
  decideFiling: (id: number, approve: boolean, opinion?: string | null) => http.post<LibraryFiling>(`/library-filings/${id}/decide`, { approve, opinion: opinion || null }),
  recommend: (body: RecommendInput) => http.post<Recommendation & { initialPassword: string | null }>('/expert-recommendations', body),
  recommendations: (q: { side: 'incoming' | 'outgoing'; status?: string }) => http.get<Items<Recommendation>>('/expert-recommendations', q),
  decideRecommendation: (id: number, accept: boolean, opinion?: string | null) =>
    http.post<Recommendation>(`/expert-recommendations/${id}/decide`, { accept, opinion: opinion || null }),

  // 专家个人信息
  myProfile: () => http.get<ExpertProfile>('/me/expert-profile'),
  saveMyProfile: (body: SaveProfileInput) => http.put<ExpertProfile>('/me/expert-profile', body),
  submitMyProfile: () => http.post<ExpertProfile>('/me/expert-profile/submit'),
  profileQueue: () => http.get<Items<ExpertSummary>>('/expert-profiles/queue'),
  expert: (id: number) => http.get<ExpertProfile>(`/experts/${id}`),
  reviewProfile: (id: number, approve: boolean, opinion?: string | null) => http.post<ExpertProfile>(`/experts/${id}/profile-review`, { approve, opinion: opinion || null }),

  // 评审会议
  meetings: (q: { state: string; page?: number; pageSize?: number }) => http.get<Page<MeetingListItem>>('/meetings', q),
  meeting: (id: number) => http.get<MeetingDetail>(`/meetings/${id}`),
  createMeeting: (body: MeetingInput) => http.post<MeetingDetail>('/meetings', body),
  updateMeeting: (id: number, body: MeetingChanges) => http.patch<MeetingDetail>(`/meetings/${id}`, body),
  deleteMeeting: (id: number) => http.delete(`/meetings/${id}`),
  log: (id: number) => http.get<Items<SetupLogEntry>>(`/meetings/${id}/log`),
  savePlan: (id: number, body: { kind: 'normal' | 'special'; text: string }) => http.put<MeetingDetail>(`/meetings/${id}/plan`, body),
  submitPlan: (id: number) => http.post<MeetingDetail>(`/meetings/${id}/plan/submit`),
  reviewPlan: (id: number, approve: boolean, opinion?: string | null) => http.post<MeetingDetail>(`/meetings/${id}/plan/review`, { approve, opinion: opinion || null }),
  saveStandard: (id: number, criteria: Criterion[]) => http.put<MeetingDetail>(`/meetings/${id}/standard`, { criteria }),
  submitStandard: (id: number) => http.post<MeetingDetail>(`/meetings/${id}/standard/submit`),
  approveStandard: (id: number, approve: boolean, opinion?: string | null) => http.post<MeetingDetail>(`/meetings/${id}/standard/approve`, { approve, opinion: opinion || null }),
  confirmStandard: (id: number, approve: boolean, opinion?: string | null) => http.post<MeetingDetail>(`/meetings/${id}/standard/confirm`, { approve, opinion: opinion || null }),

  // 分组
  createGroup: (meetingId: number, body: GroupInput) => http.post<Group>(`/meetings/${meetingId}/groups`, body),
  updateGroup: (id: number, body: GroupChanges) => http.patch<Group>(`/groups/${id}`, body),
  deleteGroup: (id: number) => http.delete(`/groups/${id}`),
  setLeader: (groupId: number, meetingExpertId: number) => http.put<Group>(`/groups/${groupId}/leader`, { meetingExpertId }),

  // 专家
  meetingExperts: (meetingId: number) => http.get<Items<MeetingExpert>>(`/meetings/${meetingId}/experts`),
  placeExperts: (meetingId: number, body: PlaceInput) => http.post<Items<MeetingExpert>>(`/meetings/${meetingId}/experts`, body),
  updateMeetingExpert: (id: number, body: MeetingExpertChanges) => http.patch<MeetingExpert>(`/meeting-experts/${id}`, body),
  removeMeetingExpert: (id: number) => http.delete(`/meeting-experts/${id}`),
  setChairs: (meetingId: number, body: ChairsInput) => http.put<Items<MeetingExpert>>(`/meetings/${meetingId}/chairs`, body),
  issueLogins: (meetingId: number, body: { meetingExpertIds?: number[]; reissue?: boolean }) => http.post<Items<IssuedLogin>>(`/meetings/${meetingId}/logins`, body),
  draw: (meetingId: number, body: DrawInput) => http.post<Draw>(`/meetings/${meetingId}/draws`, body),
  draws: (meetingId: number) => http.get<Items<Draw>>(`/meetings/${meetingId}/draws`),
  verifyDraw: (drawId: number) => http.get<DrawVerification>(`/draws/${drawId}/verify`),
  entrust: (meetingId: number, body: EntrustInput) => http.post<Entrustment>(`/meetings/${meetingId}/entrustments`, body),
  meetingEntrustments: (meetingId: number) => http.get<Items<Entrustment>>(`/meetings/${meetingId}/entrustments`),
  officeEntrustments: (status?: string) => http.get<Items<Entrustment>>('/entrustments', { status }),
  performEntrustment: (id: number, body: { mode: 'random' } | { mode: 'manual'; expertIds: number[] }) => http.post<Entrustment>(`/entrustments/${id}/perform`, body),
  cancelEntrustment: (id: number) => http.post<Entrustment>(`/entrustments/${id}/cancel`),

  // 参评人员, 回避, 盲评意见
  applicants: (meetingId: number) => http.get<Items<Applicant>>(`/meetings/${meetingId}/applicants`),
  candidates: (meetingId: number) => http.get<Items<Candidate>>(`/meetings/${meetingId}/candidates`),
  addApplicants: (meetingId: number, body: { declarationIds?: number[]; all?: boolean; groupId?: number | null }) => http.post<Items<Applicant>>(`/meetings/${meetingId}/applicants`, body),
  assignApplicants: (meetingId: number, meetingApplicantIds: number[], groupId: number | null) =>
    http.post<{ assigned: number }>(`/meetings/${meetingId}/applicants/assign`, { meetingApplicantIds, groupId }),
  groupAll: (meetingId: number) => http.post<GroupAllResult>(`/meetings/${meetingId}/applicants/group-all`),
  removeApplicant: (id: number) => http.delete(`/meeting-applicants/${id}`),
  recusals: (meetingId: number) => http.get<Items<Recusal>>(`/meetings/${meetingId}/recusals`),
  addRecusal: (meetingId: number, body: RecusalInput) => http.post<Recusal>(`/meetings/${meetingId}/recusals`, body),
  removeRecusal: (id: number) => http.delete(`/recusals/${id}`),
  blindOpinions: (meetingId: number) => http.get<Items<BlindOpinion>>(`/meetings/${meetingId}/blind-opinions`),
  addBlindOpinion: (meetingApplicantId: number, fields: { reviewerCode: string; conclusion: 'agree' | 'disagree'; score?: string; note?: string }, file: File | null) =>
    uploadWithProgress<BlindOpinion>(
      `/meeting-applicants/${meetingApplicantId}/blind-opinions`,
      file,
      Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>,
    ),
  removeBlindOpinion: (id: number) => http.delete(`/blind-opinions/${id}`),
};
