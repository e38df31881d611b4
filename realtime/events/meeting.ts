import type { ClientEvent, RoomEvent } from './common';

/** Live meeting events (issue 5). Like every room event they carry ids and blind codes, never names. */
export interface AttendanceChanged {
  meetingId: number;
  meetingExpertId: number;
  present: boolean;
  /** Committee members (chair, vice chairs, members) present, the committee size, and quorum. */
  presentMembers: number;
  members: number;
  quorum: boolean;
  /** Everyone present, reviewers included. */
  presentTotal: number;
}

export interface MeetingStatusChanged {
  meetingId: number;
  status: 'setup' | 'ready' | 'running' | 'closed';
}

export interface GroupStageChanged {
  meetingId: number;
  groupId: number;
  stage: 'setup' | 'distributing' | 'reviewing' | 'leader_confirmed' | 'chair_confirmed';
}

export interface ApplicantStageChanged {
  meetingId: number;
  groupId: number | null;
  meetingApplicantId: number;
  blindCode: string;
  stage: 'waiting' | 'distributed' | 'reviewed' | 'leader_confirmed' | 'chair_confirmed';
  /** Why it cannot move on, when something blocks it (a dispute, a missing review). */
  blocked: string | null;
}

export interface AssignmentChanged {
  meetingId: number;
  groupId: number;
  assignmentId: number;
  meetingApplicantId: number;
  meetingExpertId: number;
  role: 'main' | 'secondary';
  state: 'assigned' | 'draft' | 'final';
  verdict: 'confirm' | 'dispute' | null;
  removed?: boolean;
}

/**
 * To one expert's own room (`expert:{meetingId}:{accountId}`) only: what a distribution changed for
 * this expert — materials given (with the role) or taken away — and their load in the group now.
 */
export interface ExpertAssignmentsChanged {
  meetingId: number;
  groupId: number;
  meetingExpertId: number;
  added: Array<{ meetingApplicantId: number; blindCode: string; role: 'main' | 'secondary' }>;
  removed: Array<{ meetingApplicantId: number; blindCode: string; role: 'main' | 'secondary' }>;
  total: number;
  main: number;
}

/** To one expert's own room: they were signed in or out, by the staff or by themselves. */
export interface ExpertAttendanceChanged {
  meetingId: number;
  meetingExpertId: number;
  present: boolean;
  by: 'staff' | 'self';
}

export interface MeetingServerEvents {
  'attendance:changed': (e: RoomEvent<AttendanceChanged>) => void;
  'meeting:status': (e: RoomEvent<MeetingStatusChanged>) => void;
  'group:stage': (e: RoomEvent<GroupStageChanged>) => void;
  'applicant:stage': (e: RoomEvent<ApplicantStageChanged>) => void;
  'assignment:changed': (e: RoomEvent<AssignmentChanged>) => void;
  'expert:assignments': (e: RoomEvent<ExpertAssignmentsChanged>) => void;
  'expert:attendance': (e: RoomEvent<ExpertAttendanceChanged>) => void;
}

export interface DistributeInput {
  groupId: number;
  items: Array<{ meetingApplicantId: number; reviewers: Array<{ meetingExpertId: number; role: 'main' | 'secondary' }> }>;
}

export interface ReviewDraftInput {
  assignmentId: number;
  scores?: Record<string, number>;
  opinions?: { academic?: string; defenseQuestions?: string; defenseEvaluation?: string; defenseScore?: number; overall?: string };
  verdict?: 'confirm' | 'dispute';
  verdictReason?: string;
}

export interface MeetingClientEvents {
  'attendance:set': ClientEvent<{ meetingId: number; meetingExpertId: number; present: boolean }, { present: boolean }>;
  'distribution:set': ClientEvent<DistributeInput, { assigned: number }>;
  'distribution:all': ClientEvent<{ groupId: number; perApplicant?: number }, { assigned: number; unassignable: number[] }>;
  'group:startReview': ClientEvent<{ groupId: number }, { stage: string }>;
  'review:save': ClientEvent<ReviewDraftInput, { state: string }>;
  'review:finish': ClientEvent<ReviewDraftInput, { state: string }>;
  'group:confirm': ClientEvent<{ groupId: number }, { stage: string }>;
}
