import type { z } from 'zod';
import { http, request, type QueryParams } from './client';
import { ApiError } from './error';
import { tokens } from './tokens';
import type { Page } from './types';
import type { appealView, certificateView, filingView, itemView, publicityView, reportView, verificationView } from '../../../server/routes/after/schema';
import type { AppealKind, AppealStatus, FilingAttachment, StatDimension, StatMeasure } from '../../../server/domain/after';

/** 评审后处理 (issue 7): response shapes from the server's schemas, one function per route. */
export type Publicity = z.infer<typeof publicityView>;
export type ResultItem = z.infer<typeof itemView>;
export type ResultReport = z.infer<typeof reportView>;
export type Appeal = z.infer<typeof appealView>;
export type Filing = z.infer<typeof filingView>;
export type CertificateView = z.infer<typeof certificateView>;
export type Verification = z.infer<typeof verificationView>;
export type { AppealKind, AppealStatus, FilingAttachment, StatDimension, StatMeasure };

export interface AfterMeeting {
  id: number;
  name: string;
  status: string;
  owner: { id: number; name: string };
  startsAt: string;
  endsAt: string;
  closedAt: string | null;
  applicants: number;
  passed: number;
  failed: number;
  pending: number;
  state: string;
  publicity: { id: number; status: string; startsOn: string; endsOn: string } | null;
  filing: { id: number; status: string; filingNumber: string | null } | null;
  can: string[];
}

export interface MeetingResults {
  meeting: { id: number; name: string; status: string; ownerName: string };
  applicants: Array<{ meetingApplicantId: number; blindCode: string; result: string; name: string; employer: string | null; qualification: string | null }>;
  publicity: Publicity | null;
  items: ResultItem[];
  reports: ResultReport[];
  filing: { id: number; status: string; statusName: string; filingNumber: string | null } | null;
  can: string[];
}

export interface MyResult {
  declarationId: number;
  year: number;
  status: string;
  statusName: string;
  result: 'passed' | 'failed';
  outcome: string;
  outcomeName: string;
  outcomeNote: string | null;
  meetingName: string | null;
  publicity: Publicity;
  appeals: Appeal[];
  certificates: CertificateView[];
}

/** One entry of a declaration's flow log (流转记录), as GET /declarations/:id/flow shows it to the reader. */
export interface FlowStep {
  id: number;
  seq: number;
  action: string;
  actorName: string | null;
  actorRole: string;
  orgId: number | null;
  orgName: string | null;
  step: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  opinion: string | null;
  at: string;
}

export interface IssuingRange {
  id: number;
  year: number;
  startSerial: number;
  endSerial: number;
  nextSerial: number;
  used: number;
  left: number;
  firstNumber: string;
  lastNumber: string;
}
export interface IssuingUnit {
  id: number;
  code: string;
  name: string;
  status: 'active' | 'cancelled';
  cancelReason: string | null;
  ranges: IssuingRange[];
}

export interface Stats {
  year: number;
  dimension: StatDimension;
  measure: StatMeasure;
  levels: Array<{ key: string; label: string }>;
  rows: Array<{ key: string; label: string; counts: number[]; total: number }>;
  totals: number[];
  total: number;
}

/** 历年评审情况: one number per year for each row of the dimension. */
export interface Trend {
  from: number;
  to: number;
  dimension: StatDimension;
  measure: StatMeasure;
  years: number[];
  rows: Array<{ key: string; label: string; counts: number[]; total: number }>;
  totals: number[];
  total: number;
}

export interface CalendarDay {
  id: number;
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}
export interface AfterSettings {
  publicityMinWorkingDays: number;
  blacklistYears: number[];
}
export interface Person {
  idNumber: string;
  name: string;
  orgName: string | null;
  declarationId: number | null;
  blacklisted: boolean;
}
export interface BlacklistRow {
  id: number;
  idNumber: string;
  name: string;
  declarationId: number | null;
  org: { id: number; name: string } | null;
  years: number;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  liftedAt: string | null;
  liftReason: string | null;
  active: boolean;
  source: string;
  publicNotice: boolean;
}
export interface NoticeItem {
  id: number;
  name: string;
  orgName: string | null;
  reason: string | null;
  years: number;
  startsOn: string;
  endsOn: string;
}

/** Sends the token with a download or upload (a plain link cannot), refreshing it once if it expired. */
async function authedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const go = () => fetch(url, { ...init, credentials: 'same-origin', headers: { ...(init.headers ?? {}), ...(tokens.current() ? { authorization: `Bearer ${tokens.current()}` } : {}) } });
  let res = await go().catch(() => {
    throw new ApiError(0, 'network_error', 'The server cannot be reached');
  });
  if (res.status === 401) {
    await tokens.refresh();
    res = await go();
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiError(res.status, body?.error?.code ?? 'internal_error', body?.error?.message ?? res.statusText, body?.error?.details ?? []);
  }
  return res;
}

const urlOf = (path: string, query?: QueryParams) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return `/api${path}${s ? `?${s}` : ''}`;
};

function fileNameOf(res: Response, fallback: string) {
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  return m ? decodeURIComponent(m[1]) : fallback;
}

/** Saves a spreadsheet (or any file) the API streams. */
export async function download(path: string, query?: QueryParams, fallback = 'export.xlsx') {
  const res = await authedFetch(urlOf(path, query));
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(res, fallback);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Opens a PDF in a new tab (the window is opened first, so no pop-up blocker stops it). */
export async function openPdf(path: string) {
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

export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const fd = new FormData();
  fd.append('file', file, file.name);
  const res = await authedFetch(urlOf(path), { method: 'POST', body: fd });
  return (await res.json()) as T;
}

export const afterApi = {
  meetings: (q: { state: string; page?: number; pageSize?: number }) => http.get<Page<AfterMeeting>>('/after/meetings', q),
  results: (meetingId: number) => http.get<MeetingResults>(`/meetings/${meetingId}/results`),
  publish: (meetingId: number, body: { title?: string; content?: string | null; workingDays?: number; endsOn?: string }) =>
    http.post<Publicity>(`/meetings/${meetingId}/results/publish`, body),
  complete: (publicityId: number, hold: Array<{ itemId: number; note: string }>) => http.post<Publicity>(`/result-publicities/${publicityId}/complete`, { hold }),
  handleReport: (id: number, decision: 'upheld' | 'dismissed', opinion: string) => http.post<ResultReport>(`/result-reports/${id}/handle`, { decision, opinion }),
  resolve: (itemId: number, outcome: 'confirmed' | 'revoked', note: string) => http.post<ResultItem>(`/result-items/${itemId}/resolve`, { outcome, note }),
  close: (meetingId: number, note?: string) => http.post<{ id: number; status: string }>(`/meetings/${meetingId}/close`, { note: note || null }),
  workingDays: (q: { start?: string; days?: number; end?: string }) => http.get<{ start: string; end: string; workingDays: number }>('/calendar/working-days', q),

  myResults: () => http.get<{ items: MyResult[] }>('/my/results'),
  flow: (declarationId: number) => http.get<{ items: FlowStep[]; status: string; version: number }>(`/declarations/${declarationId}/flow`),
  appeal: (declarationId: number, kind: AppealKind, content: string) => http.post<Appeal>('/appeals', { declarationId, kind, content }),
  appeals: (q: { status?: string; page?: number; pageSize?: number }) => http.get<Page<Appeal>>('/appeals', q),
  handleAppeal: (id: number, status: AppealStatus, opinion?: string) => http.post<Appeal>(`/appeals/${id}/handle`, { status, opinion: opinion || null }),

  filings: (q: { status?: string; page?: number; pageSize?: number }) => http.get<Page<Filing>>('/filings', q),
  filing: (id: number) => http.get<Filing>(`/filings/${id}`),
  createFiling: (meetingId: number, note?: string) => http.post<Filing>(`/meetings/${meetingId}/filing`, { note: note || null }),
  attach: (id: number, kind: FilingAttachment, file: File) => uploadFile<Filing>(`/filings/${id}/files/${kind}`, file),
  submitFiling: (id: number) => http.post<Filing>(`/filings/${id}/submit`),
  reviewFiling: (id: number, body: { decision: 'pass' | 'return'; opinion?: string | null; filingNumber?: string; filedOn?: string }) => http.post<Filing>(`/filings/${id}/review`, body),

  issuingUnits: () => http.get<{ items: IssuingUnit[] }>('/issuing-units'),
  createUnit: (code: string, name: string) => http.post<IssuingUnit>('/issuing-units', { code, name }),
  cancelUnit: (id: number, reason: string) => http.post<IssuingUnit>(`/issuing-units/${id}/cancel`, { reason }),
  createRange: (id: number, body: { year: number; startSerial: number; endSerial: number }) => http.post<IssuingUnit>(`/issuing-units/${id}/ranges`, body),
  deleteRange: (id: number) => http.delete(`/certificate-ranges/${id}`),

  issuable: (filingId: number) => http.get<{ items: ResultItem[] }>(`/filings/${filingId}/issuable`),
  issue: (body: { filingId: number; declarationIds?: number[]; issuingUnitId: number; issuedOn?: string }) => http.post<{ items: CertificateView[] }>('/certificates/issue', body),
  certificates: (q: QueryParams) => http.get<Page<CertificateView>>('/certificates', q),
  revoke: (id: number, reason: string, blacklistYears?: number) => http.post<CertificateView>(`/certificates/${id}/revoke`, { reason, ...(blacklistYears ? { blacklistYears } : {}) }),
  report: (certificateIds?: number[]) => http.post<{ batch: string; count: number }>('/certificates/report', certificateIds ? { certificateIds } : {}),
  reports: () => http.get<{ items: Array<{ batch: string; count: number; reportedAt: string }> }>('/certificates/reports'),
  importCertificates: (file: File) => uploadFile<{ imported: number }>('/certificates/import', file),

  blacklist: (q: QueryParams) => http.get<Page<BlacklistRow>>('/blacklist', q),
  people: (q: string) => http.get<{ items: Person[] }>('/blacklist/people', { q }),
  addBlacklist: (body: { idNumber: string; name: string; years: number; reason: string; publicNotice: boolean; declarationId?: number | null }) => http.post<unknown>('/blacklist', body),
  editBlacklist: (id: number, body: { years?: number; reason?: string; publicNotice?: boolean }) => http.patch<unknown>(`/blacklist/${id}`, body),
  liftBlacklist: (id: number, reason: string) => http.post<unknown>(`/blacklist/${id}/lift`, { reason }),

  statistics: (q: { year: number; dimension: StatDimension; measure: StatMeasure }) => http.get<Stats>('/statistics', q),
  trend: (q: { from: number; to: number; dimension: StatDimension; measure: StatMeasure }) => http.get<Trend>('/statistics/trend', q),
  calendar: (year: number) => http.get<{ items: CalendarDay[] }>('/calendar', { year }),
  setDay: (body: { day: string; kind: 'holiday' | 'workday'; name: string }) => http.put<CalendarDay>('/calendar/days', body),
  deleteDay: (id: number) => http.delete(`/calendar/days/${id}`),
  settings: () => http.get<AfterSettings>('/after/settings'),
  saveSettings: (body: Partial<AfterSettings>) => http.put<AfterSettings>('/after/settings', body),
};

/** No sign-in: the public pages. */
export const publicApi = {
  publicities: () => request<Page<Publicity>>('GET', '/public/result-publicities', { auth: false, query: { pageSize: 50 } }),
  publicity: (id: number) => request<Publicity & { items: ResultItem[] }>('GET', `/public/result-publicities/${id}`, { auth: false }),
  report: (id: number, body: { itemId: number; reporterName?: string; contact?: string; content: string }) =>
    request<{ id: number }>('POST', `/public/result-publicities/${id}/reports`, { auth: false, body }),
  verify: (code: string) => request<Verification>('GET', '/public/certificates/verify', { auth: false, query: { code } }),
  notice: () => request<{ items: NoticeItem[] }>('GET', '/public/blacklist-notice', { auth: false }),
};
