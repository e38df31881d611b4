import type { RoomEvent } from './common';
import type { AppealKind, AppealStatus } from '../../server/domain/after';

/** To `user:{applicantAccountId}` whenever their re-check or complaint (复查/投诉) moves. */
export interface AppealChanged {
  appealId: number;
  declarationId: number;
  kind: AppealKind;
  status: AppealStatus;
  handlingOpinion: string | null;
}

export interface AfterServerEvents {
  'appeal:changed': (e: RoomEvent<AppealChanged>) => void;
}
