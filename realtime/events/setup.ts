import type { RoomEvent } from './common';

/** Meeting setup (issue 4): the staff room hears every change, so setup screens refresh live. */
export type SetupPart =
  | 'meeting'
  | 'groups'
  | 'experts'
  | 'applicants'
  | 'recusals'
  | 'plan'
  | 'standard'
  | 'options'
  | 'draw'
  | 'logins'
  | 'blind';

export interface SetupChanged {
  meetingId: number;
  parts: SetupPart[];
  status: 'setup' | 'ready' | 'running' | 'closed';
  /** Whether every condition for `ready` holds now. */
  ready: boolean;
}

/** Progress of a spreadsheet import, to the importing user's own room. */
export interface ImportProgress {
  jobId: number;
  status: 'queued' | 'validating' | 'applying' | 'done' | 'failed';
  total: number;
  processed: number;
  errors: number;
}

export interface SetupServerEvents {
  'setup:changed': (e: RoomEvent<SetupChanged>) => void;
  'import:progress': (e: RoomEvent<ImportProgress>) => void;
}
