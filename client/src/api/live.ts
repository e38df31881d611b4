/**
 * The live meeting's endpoints (评审会议现场). Response shapes come from the server's presenter and
 * schemas (type-only imports), so a change of contract breaks the type check.
 */
import type { z } from 'zod';
import type { LiveSnapshot } from '../../../server/presenters/meetingLive';
import type { myMeetingItem } from '../../../server/routes/live/mine';
import type { ballotAck, roundView } from '../../../server/routes/rounds/schema';
import type { MeetingRecord } from '../../../server/commands/meeting/record';
import type { roundBallots } from '../../../server/commands/meeting/audit';
import type { Choice, ReviewDraftInput } from '../../../realtime/events';
import { http } from './client';
import { ApiError } from './error';
import { tokens } from './tokens';

export type Snapshot = LiveSnapshot;
export type LiveApplicant = Snapshot['applicants'][number];
export type LiveAssignment = Snapshot['assignments'][number];
export type LiveRound = Snapshot['rounds'][number];
export type LiveRoundItem = LiveRound['items'][number];
export type LiveGroup = Snapshot['groups'][number];
export type LiveExpert = Snapshot['experts'][number];
export type LiveRecusal = Snapshot['recusals'][number];
export type Criterion = Snapshot['meeting']['standard'][number];
export type MyMeeting = z.infer<typeof myMeetingItem>;
export type RoundView = z.infer<typeof roundView>;
export type BallotAck = z.infer<typeof ballotAck>;
export type { Choice, ReviewDraftInput, MeetingRecord };
export type ReviewInput = Omit<ReviewDraftInput, 'assignmentId'>;
export type Reviewers = Array<{ meetingExpertId: number; role: 'main' | 'secondary' }>;
export type DistributionItem = { meetingApplicantId: number; reviewers: Reviewers };
/** 票源: a closed round's ballots as stored, the tally recomputed from them, the seal checked. */
export type RoundAudit = Awaited<ReturnType<typeof roundBallots>>;

export const liveApi = {
  myMeetings: () => http.get<{ items: MyMeeting[] }>('/my-meetings'),
  snapshot: (meetingId: number) => http.get<Snapshot>(`/meetings/${meetingId}/live`),
  start: (meetingId: number) => http.post<{ id: number; status: string }>(`/meetings/${meetingId}/start`),
  setAttendance: (meetingId: number, meetingExpertId: number, present: boolean) =>
    http.post<{ meetingExpertId: number; present: boolean }>(`/meetings/${meetingId}/attendance`, { meetingExpertId, present }),

  /** 分发材料: one applicant or a batch, checked and written all or nothing. */
  distribute: (groupId: number, items: DistributionItem[]) => http.post<{ assigned: number }>(`/groups/${groupId}/distribution`, { items }),
  /** 全部分配 (every waiting material), or 均衡分配所选 with a list: an even load either way. */
  distributeAll: (groupId: number, perApplicant = 2, meetingApplicantIds?: number[]) =>
    http.post<{ assigned: number; unassignable: number[] }>(`/groups/${groupId}/distribution/all`, { perApplicant, ...(meetingApplicantIds ? { meetingApplicantIds } : {}) }),
  startReview: (groupId: number) => http.post<{ id: number; stage: string }>(`/groups/${groupId}/start-review`),
  saveDraft: (assignmentId: number, input: ReviewInput) => http.put<{ assignmentId: number; state: string }>(`/assignments/${assignmentId}/draft`, input),
  finishReview: (assignmentId: number, input: ReviewInput) => http.post<{ assignmentId: number; state: string }>(`/assignments/${assignmentId}/finish`, input),
  reopen: (meetingApplicantId: number, reason: string) => http.post<void>(`/meeting-applicants/${meetingApplicantId}/reopen`, { reason }),
  leaderConfirm: (groupId: number) => http.post<{ id: number; stage: string }>(`/groups/${groupId}/confirm`),
  chairConfirm: (groupId: number) => http.post<{ id: number; stage: string }>(`/groups/${groupId}/chair-confirm`),

  /** Launch a vote; with a list, for exactly those applicants (all that are ready when omitted). */
  launchRound: (meetingId: number, kind: 'group' | 'committee', groupId?: number, meetingApplicantIds?: number[]) =>
    http.post<RoundView>(`/meetings/${meetingId}/rounds`, { kind, ...(groupId ? { groupId } : {}), ...(meetingApplicantIds ? { meetingApplicantIds } : {}) }),
  roundBallots: (roundId: number) => http.get<RoundAudit>(`/rounds/${roundId}/ballots`),
  submitBallots: (roundId: number, idempotencyKey: string, choices: Array<{ meetingApplicantId: number; choice: Choice }>) =>
    http.post<BallotAck>(`/rounds/${roundId}/ballots`, { idempotencyKey, choices }),
  closeRound: (roundId: number) => http.post<RoundView>(`/rounds/${roundId}/close`),
  confirmRound: (roundId: number) => http.post<RoundView>(`/rounds/${roundId}/confirm`),
  sendBack: (roundId: number, reason: string) => http.post<RoundView>(`/rounds/${roundId}/send-back`, { reason }),

  record: (meetingId: number) => http.get<MeetingRecord>(`/meetings/${meetingId}/record`),
  /** The spreadsheet needs the bearer token, so it is fetched and handed to the browser as a file. */
  async downloadRecord(meetingId: number, fallbackName: string) {
    if (tokens.expiringWithin(10)) await tokens.refresh().catch(() => undefined);
    let res: Response;
    try {
      res = await fetch(`/api/meetings/${meetingId}/record.xlsx`, { headers: { authorization: `Bearer ${tokens.current() ?? ''}` }, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'network_error', 'The server cannot be reached');
    }
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      throw new ApiError(res.status, body?.error?.code ?? 'internal_error', body?.error?.message ?? res.statusText);
    }
    const disposition = res.headers.get('content-disposition') ?? '';
    const m = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    const name = m ? decodeURIComponent(m[1]) : fallbackName;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  },
};
