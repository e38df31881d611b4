import type { z } from 'zod';
import { http, request, type QueryParams } from './client';
import { ApiError } from './error';
import { tokens } from './tokens';
import type { Page } from './types';
import type { declarationDetail, declarationView, fileView, flowEntryView, settingsBody, settingsPatchBody } from '../../../server/routes/declarations/schema';
import type { seriesView, reviewPathView } from '../../../server/routes/catalogue/schema';
import type { batchResult, opinionView, queueQuery, searchQuery } from '../../../server/routes/review/schema';
import type { publicityDetail, publicityView, recommendationView, reportView, publicPublicityDetail } from '../../../server/routes/publicity/schema';
import type { planView, statsRow, transferView } from '../../../server/routes/plans/schema';
import type { committeeView } from '../../../server/routes/committees/schema';
import type { SectionKey } from '../../../server/domain/sections';
import type { DeclarationStatus, DeclarationType, Level, PublicityKind, ReviewAction, ReviewRoute, Step } from '../../../server/domain/titles';

/** 申报与资格审查 (issue 3): response shapes from the server's own schemas, one function per route. */
export type Declaration = z.infer<typeof declarationView>;
export type DeclarationDetail = z.infer<typeof declarationDetail>;
export type FlowEntry = z.infer<typeof flowEntryView>;
export type StoredFile = z.infer<typeof fileView>;
export type Settings = z.input<typeof settingsBody>;
export type SettingsPatch = z.input<typeof settingsPatchBody>;
export type Series = z.infer<typeof seriesView>;
export type ReviewPath = z.infer<typeof reviewPathView>;
export type BatchResult = z.infer<typeof batchResult>;
export type CommonOpinion = z.infer<typeof opinionView>;
export type QueueQuery = Partial<z.input<typeof queueQuery>> & { step: Step };
export type SearchQuery = Partial<z.input<typeof searchQuery>>;
export type Publicity = z.infer<typeof publicityView>;
export type PublicityDetail = z.infer<typeof publicityDetail>;
export type PublicPublicity = z.infer<typeof publicPublicityDetail>;
export type PublicityReport = z.infer<typeof reportView>;
export type Recommendation = z.infer<typeof recommendationView>;
export type Plan = z.infer<typeof planView>;
export type PlanStat = z.infer<typeof statsRow>;
export type Transfer = z.infer<typeof transferView>;
export type Committee = z.infer<typeof committeeView>;
export type { SectionKey, DeclarationStatus, DeclarationType, Level, PublicityKind, ReviewAction, ReviewRoute, Step };

export interface ActionInput {
  action: ReviewAction;
  opinion?: string;
  years?: 1 | 3 | 5;
  committeeId?: number;
  version?: number;
}

export interface RecommendationInput {
  declarationIds: number[];
  handlerName: string;
  handlerPhone: string;
  opinion: string;
  details: { method?: string; groupOpinion?: string; publicityResult?: string; groupSize?: number };
  fileIds: number[];
}

const urlOf = (path: string, query?: QueryParams) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return `/api${path}${s ? `?${s}` : ''}`;
};

/**
 * A multipart upload with the session's token (the JSON client cannot send one), refreshing once on
 * 401. A refusal (disguised type, too large, not a PDF) throws the server's ApiError with its field.
 */
async function postForm<T>(path: string, form: FormData, bytes = 0): Promise<T> {
  const go = () =>
    fetch(urlOf(path), { method: 'POST', body: form, credentials: 'same-origin', headers: tokens.current() ? { authorization: `Bearer ${tokens.current()}` } : {} }).catch(async () => {
      // The server refuses an oversize body from its declared length (413) and may close the
      // connection while the browser is still sending: the browser then reports a network failure.
      // If the server answers a probe, it was the size.
      if (bytes > 1024 * 1024 && (await fetch('/api/health/live').then((r) => r.ok).catch(() => false))) {
        throw new ApiError(413, 'file_too_large', 'The upload was cut off by the server', [{ path: 'body.file', message: 'too large', code: 'file_too_large' }]);
      }
      throw new ApiError(0, 'network_error', 'The server cannot be reached');
    });
  let res = await go();
  if (res.status === 401) {
    await tokens.refresh();
    res = await go();
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const code = body?.error?.code ?? (res.status === 413 ? 'file_too_large' : 'internal_error');
    throw new ApiError(res.status, code, body?.error?.message ?? res.statusText, body?.error?.details ?? []);
  }
  return body as T;
}

export const declarationsApi = {
  catalogue: () => http.get<{ items: Series[] }>('/catalogue'),
  reviewPaths: () => http.get<{ items: ReviewPath[] }>('/review-paths'),

  mine: () => http.get<{ items: Declaration[] }>('/declarations/mine'),
  create: (body: Settings) => http.post<Declaration>('/declarations', body),
  get: (id: number) => http.get<DeclarationDetail>(`/declarations/${id}`),
  flow: (id: number) => http.get<{ items: FlowEntry[]; status: string; version: number }>(`/declarations/${id}/flow`),
  updateSettings: (id: number, body: SettingsPatch) => http.patch<Declaration>(`/declarations/${id}/settings`, body),
  saveSection: (id: number, key: SectionKey, data: unknown) => http.put<{ section: string; data: unknown; updatedAt: string }>(`/declarations/${id}/sections/${key}`, data),
  upload: (id: number, section: SectionKey | 'photo', file: File, slot?: string) => {
    const form = new FormData();
    form.append('section', section);
    if (slot) form.append('slot', slot);
    form.append('file', file, file.name);
    return postForm<StoredFile>(`/declarations/${id}/files`, form, file.size);
  },
  deleteFile: (id: number, fileId: number) => http.delete(`/declarations/${id}/files/${fileId}`),
  submit: (id: number) => http.post<Declaration>(`/declarations/${id}/submit`),
  withdraw: (id: number, reason?: string) => http.post<Declaration>(`/declarations/${id}/withdraw`, reason ? { reason } : {}),

  queue: (q: QueueQuery) => http.get<Page<Declaration>>('/review/queue', q as QueryParams),
  search: (q: SearchQuery) => http.get<Page<Declaration>>('/review/declarations', q as QueryParams),
  act: (id: number, body: ActionInput) => http.post<Declaration>(`/declarations/${id}/actions`, body),
  batch: (ids: number[], body: Omit<ActionInput, 'version'>) => http.post<BatchResult>('/declarations/actions/batch', { ids, ...body }),
  opinions: () => http.get<{ items: CommonOpinion[] }>('/opinions'),
  addOpinion: (text: string) => http.post<CommonOpinion>('/opinions', { text }),
  deleteOpinion: (id: number) => http.delete(`/opinions/${id}`),

  publicities: (q: { kind?: PublicityKind; status?: 'open' | 'completed'; page?: number; pageSize?: number }) => http.get<Page<Publicity>>('/publicities', q),
  publicity: (id: number) => http.get<PublicityDetail>(`/publicities/${id}`),
  publicityReports: (id: number) => http.get<{ items: PublicityReport[] }>(`/publicities/${id}/reports`),
  createPublicity: (body: { kind: PublicityKind; title: string; content?: string | null; startsAt: string; endsAt: string; declarationIds: number[] }) =>
    http.post<Publicity>('/publicities', body),
  completePublicity: (id: number) => http.post<Publicity>(`/publicities/${id}/complete`),
  openPublicities: (q: { kind?: PublicityKind; page?: number }) => request<Page<Omit<Publicity, 'reportCount'>>>('GET', '/public/publicities', { query: q, auth: false }),
  openPublicity: (id: number) => request<PublicPublicity>('GET', `/public/publicities/${id}`, { auth: false }),
  reportPublicly: (id: number, body: { declarationId: number; reporterName?: string; contact?: string; content: string }) =>
    request<{ id: number; createdAt: string }>('POST', `/public/publicities/${id}/reports`, { body, auth: false }),

  recommendations: (q: { year?: number; page?: number; pageSize?: number }) => http.get<Page<Recommendation>>('/recommendations', q),
  recommendation: (id: number) => http.get<Recommendation>(`/recommendations/${id}`),
  uploadProof: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return postForm<StoredFile>('/recommendations/files', form, file.size);
  },
  recommend: (body: RecommendationInput) => http.post<Recommendation>('/recommendations', body),

  plans: (q: { year?: number; status?: string; pendingMine?: 'true' | 'false'; page?: number; pageSize?: number }) => http.get<Page<Plan>>('/plans', q),
  planStats: (year: number) => http.get<{ items: PlanStat[] }>('/plans/stats', { year }),
  createPlan: (body: { year: number; seriesCode: string; level: Level; quota: number; note?: string | null }) => http.post<Plan>('/plans', body),
  editPlan: (id: number, body: { quota?: number; note?: string | null }) => http.patch<Plan>(`/plans/${id}`, body),
  submitPlan: (id: number) => http.post<Plan>(`/plans/${id}/submit`),
  decidePlan: (id: number, approve: boolean, reason?: string) => http.post<Plan>(`/plans/${id}/decision`, { approve, ...(reason ? { reason } : {}) }),

  transfers: (q: { direction?: 'incoming' | 'outgoing' | 'all'; status?: string; page?: number; pageSize?: number }) => http.get<Page<Transfer>>('/transfers', q),
  requestTransfer: (body: { idNumber: string; year?: number; note?: string }) => http.post<Transfer>('/transfers', body),
  decideTransfer: (id: number, approve: boolean, reason?: string) => http.post<Transfer>(`/transfers/${id}/decision`, { approve, ...(reason ? { reason } : {}) }),

  committees: (q: { seriesCode?: string; level?: Level; state?: 'active' | 'history' | 'all'; pageSize?: number }) => http.get<Page<Committee>>('/committees', q),
};
