import type { RoomEvent } from './common';
import type { DeclarationStatus, Step } from '../../server/domain/titles';

/** One flow-log entry as its reader sees it (the applicant does not see reviewers' names). */
export interface FlowEntryView {
  id: number;
  seq: number;
  action: string;
  actorName: string | null;
  actorRole: string;
  orgId: number | null;
  orgName: string | null;
  step: string | null;
  fromStatus: DeclarationStatus;
  toStatus: DeclarationStatus;
  opinion: string | null;
  at: string;
}

/** To `user:{applicantAccountId}` the moment a step on their declaration commits. */
export interface DeclarationStatusChanged {
  declarationId: number;
  status: DeclarationStatus;
  step: Step | null;
  orgId: number | null;
  orgName: string | null;
  version: number;
  entry: FlowEntryView;
}

/**
 * To `queue:{orgId}:{step}`: an item arrived or left (taken, recalled, withdrawn, moved on). Only ids
 * and the series, so everyone in the room may hear it; the list itself comes from the REST API,
 * which applies each reader's series scope.
 */
export interface QueueChanged {
  orgId: number;
  step: Step;
  declarationId: number;
  change: 'added' | 'removed';
  seriesCode: string;
  level: string;
  status: DeclarationStatus;
}

export interface DeclarationServerEvents {
  'declaration:status': (e: RoomEvent<DeclarationStatusChanged>) => void;
  'queue:changed': (e: RoomEvent<QueueChanged>) => void;
}
