import { action, json, query, revalidate } from '@solidjs/router';
import { afterApi, publicApi, type AppealKind, type AppealStatus, type FilingAttachment, type StatDimension, type StatMeasure } from '../api/after';
import type { QueryParams } from '../api/client';
import { realtime, rooms } from '../realtime';
import { session } from './session';

/**
 * 评审后处理 data. Reads are cached per argument under `after.*`; every change revalidates the
 * area's keys. The applicant's own results follow their user room: a published result
 * (`declaration:status`) or a handled appeal (`appeal:changed`) refetches them.
 */
const KEYS = ['after.'];
const done = <T>(data: T) => json(data, { revalidate: KEYS });

export const getAfterMeetings = query((q: { state: string; page?: number; pageSize?: number }) => afterApi.meetings(q), 'after.meetings');
export const getResults = query((meetingId: number) => afterApi.results(meetingId), 'after.results');
export const getMyResults = query(() => afterApi.myResults(), 'after.my');
export const getFlow = query((declarationId: number) => afterApi.flow(declarationId), 'after.flow');
export const getAppeals = query((q: { status?: string; page?: number }) => afterApi.appeals(q), 'after.appeals');
export const getFilings = query((q: { status?: string; page?: number }) => afterApi.filings(q), 'after.filings');
export const getFiling = query((id: number) => afterApi.filing(id), 'after.filing');
export const getIssuingUnits = query(() => afterApi.issuingUnits(), 'after.units');
export const getIssuable = query((filingId: number) => afterApi.issuable(filingId), 'after.issuable');
export const getCertificates = query((q: QueryParams) => afterApi.certificates(q), 'after.certificates');
export const getReports = query(() => afterApi.reports(), 'after.reports');
export const getBlacklist = query((q: QueryParams) => afterApi.blacklist(q), 'after.blacklist');
export const getStatistics = query((q: { year: number; dimension: StatDimension; measure: StatMeasure }) => afterApi.statistics(q), 'after.statistics');
export const getTrend = query((q: { from: number; to: number; dimension: StatDimension; measure: StatMeasure }) => afterApi.trend(q), 'after.trend');
export const getCalendar = query((year: number) => afterApi.calendar(year), 'after.calendar');
export const getSettings = query(() => afterApi.settings(), 'after.settings');
export const getPublicities = query(() => publicApi.publicities(), 'after.public.list');
export const getPublicity = query((id: number) => publicApi.publicity(id), 'after.public.one');
export const getNotice = query(() => publicApi.notice(), 'after.public.notice');

export const publishResults = action(
  async (meetingId: number, body: { title?: string; content?: string | null; workingDays?: number; endsOn?: string }) => done(await afterApi.publish(meetingId, body)),
  'after.publish',
);
export const completePublicity = action(async (id: number, hold: Array<{ itemId: number; note: string }>) => done(await afterApi.complete(id, hold)), 'after.complete');
export const handleReport = action(async (id: number, decision: 'upheld' | 'dismissed', opinion: string) => done(await afterApi.handleReport(id, decision, opinion)), 'after.handleReport');
export const resolveHeld = action(async (id: number, outcome: 'confirmed' | 'revoked', note: string) => done(await afterApi.resolve(id, outcome, note)), 'after.resolve');
export const closeMeeting = action(async (id: number, note?: string) => done(await afterApi.close(id, note)), 'after.close');
export const submitAppeal = action(async (declarationId: number, kind: AppealKind, content: string) => done(await afterApi.appeal(declarationId, kind, content)), 'after.appeal');
export const handleAppeal = action(async (id: number, status: AppealStatus, opinion?: string) => done(await afterApi.handleAppeal(id, status, opinion)), 'after.handleAppeal');
export const createFiling = action(async (meetingId: number, note?: string) => done(await afterApi.createFiling(meetingId, note)), 'after.createFiling');
export const attachFile = action(async (id: number, kind: FilingAttachment, file: File) => done(await afterApi.attach(id, kind, file)), 'after.attach');
export const submitFiling = action(async (id: number) => done(await afterApi.submitFiling(id)), 'after.submitFiling');
export const reviewFiling = action(
  async (id: number, body: { decision: 'pass' | 'return'; opinion?: string | null; filingNumber?: string; filedOn?: string }) => done(await afterApi.reviewFiling(id, body)),
  'after.reviewFiling',
);
export const createUnit = action(async (code: string, name: string) => done(await afterApi.createUnit(code, name)), 'after.createUnit');
export const cancelUnit = action(async (id: number, reason: string) => done(await afterApi.cancelUnit(id, reason)), 'after.cancelUnit');
export const createRange = action(async (id: number, body: { year: number; startSerial: number; endSerial: number }) => done(await afterApi.createRange(id, body)), 'after.createRange');
export const deleteRange = action(async (id: number) => done(await afterApi.deleteRange(id)), 'after.deleteRange');
export const issueCertificates = action(
  async (body: { filingId: number; declarationIds?: number[]; issuingUnitId: number; issuedOn?: string }) => done(await afterApi.issue(body)),
  'after.issue',
);
export const revokeCertificate = action(async (id: number, reason: string, years?: number) => done(await afterApi.revoke(id, reason, years)), 'after.revoke');
export const reportCertificates = action(async (ids?: number[]) => done(await afterApi.report(ids)), 'after.report');
export const importCertificates = action(async (file: File) => done(await afterApi.importCertificates(file)), 'after.import');
export const addBlacklist = action(
  async (body: { idNumber: string; name: string; years: number; reason: string; publicNotice: boolean; declarationId?: number | null }) => done(await afterApi.addBlacklist(body)),
  'after.addBlacklist',
);
export const editBlacklist = action(async (id: number, body: { years?: number; reason?: string; publicNotice?: boolean }) => done(await afterApi.editBlacklist(id, body)), 'after.editBlacklist');
export const liftBlacklist = action(async (id: number, reason: string) => done(await afterApi.liftBlacklist(id, reason)), 'after.liftBlacklist');
export const setCalendarDay = action(async (body: { day: string; kind: 'holiday' | 'workday'; name: string }) => done(await afterApi.setDay(body)), 'after.setDay');
export const deleteCalendarDay = action(async (id: number) => done(await afterApi.deleteDay(id)), 'after.deleteDay');
export const saveSettings = action(async (body: { publicityMinWorkingDays?: number; blacklistYears?: number[] }) => done(await afterApi.saveSettings(body)), 'after.saveSettings');
export const reportOnPublicity = action(
  async (id: number, body: { itemId: number; reporterName?: string; contact?: string; content: string }) => publicApi.report(id, body),
  'after.public.report',
);

/** The applicant's page (results and their timelines) follows their user room while it is open. */
export function useMyResultsLive(): () => void {
  const id = session.account?.id;
  if (!id) return () => undefined;
  // The timeline (flow log) moves with the status: both refetch on declaration:status.
  const refetch = () => void revalidate([getMyResults.key, getFlow.key]);
  return realtime.subscribe({
    room: rooms.user(id),
    on: { 'declaration:status': refetch, 'appeal:changed': refetch },
    resync: refetch,
  });
}
