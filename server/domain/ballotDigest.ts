import crypto from 'node:crypto';
import type { Choice } from './meetingTypes';

export interface SheetForDigest {
  id: string;
  ballots: Array<{ meetingApplicantId: number; choice: Choice }>;
}

/**
 * 封存: a SHA-256 over a round's ballots in a canonical order (sheets by id, ballots by applicant),
 * kept in the meeting record at close. Recomputing it later and getting a different value means a
 * ballot was changed, added or removed.
 */
export function ballotDigest(roundId: number, sheets: SheetForDigest[]): string {
  const lines = [...sheets]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => `${s.id}|${[...s.ballots].sort((a, b) => a.meetingApplicantId - b.meetingApplicantId).map((b) => `${b.meetingApplicantId}=${b.choice}`).join(',')}`);
  return crypto.createHash('sha256').update(`round:${roundId}\n${lines.join('\n')}`).digest('hex');
}

/** A sheet id with no order and no time in it. */
export const newSheetId = () => crypto.randomBytes(16).toString('hex');
