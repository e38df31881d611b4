import type { VoteRules } from './voting';
import type { Criterion } from './scoring';

/** 评审会议 options; each a setting with the national default. */
export interface MeetingOptions {
  /** 盲评: experts never see applicants' identities (every payload, not just the screen). */
  blindReview: boolean;
  /** 答辩: the main reviewer also gives defense questions, evaluation and score. */
  defense: boolean;
  /** 无记名 (secret, the default) or 记名 (named) ballots. */
  ballotMode: 'secret' | 'named';
  /** Who signs experts in and out: staff, the experts themselves, or both. */
  signInBy: 'staff' | 'self' | 'both';
  /** Close a round by itself once every eligible expert has voted. */
  closeWhenAllVoted: boolean;
  /** Committee size must be odd: a warning, or refused when enforced. */
  enforceOddCommittee: boolean;
  /** 小组投票 before the committee vote (Guizhou's flow); off where the chair votes straight away (Hebei). */
  requireGroupVote: boolean;
  /** Opinion fields written together (Yjs) rather than by one reviewer. */
  sharedOpinionFields: OpinionField[];
}

export const DEFAULT_MEETING_OPTIONS: MeetingOptions = {
  blindReview: false,
  defense: false,
  ballotMode: 'secret',
  signInBy: 'both',
  closeWhenAllVoted: false,
  enforceOddCommittee: false,
  requireGroupVote: true,
  sharedOpinionFields: ['overall'],
};

export const MEETING_STATUSES = ['setup', 'ready', 'running', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** 评审方案: drafted, approved by the handler (经办人审核), then by the office. */
export const PLAN_STATUSES = ['draft', 'submitted', 'handler_approved', 'approved', 'returned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** 评分标准: submitted, approved, confirmed by the chair. */
export const STANDARD_STATUSES = ['draft', 'submitted', 'approved', 'confirmed', 'returned'] as const;
export type StandardStatus = (typeof STANDARD_STATUSES)[number];

export const EXPERT_TITLES = ['chair', 'vice_chair', 'member', 'reviewer'] as const;
/** chair/vice_chair/member vote in the committee vote; a reviewer only works in a group. */
export type ExpertTitle = (typeof EXPERT_TITLES)[number];
export const VOTING_TITLES: readonly ExpertTitle[] = ['chair', 'vice_chair', 'member'];

export const GROUP_STAGES = ['setup', 'distributing', 'reviewing', 'leader_confirmed', 'chair_confirmed'] as const;
export type GroupStage = (typeof GROUP_STAGES)[number];

export const APPLICANT_STAGES = ['waiting', 'distributed', 'reviewed', 'leader_confirmed', 'chair_confirmed'] as const;
export type ApplicantStage = (typeof APPLICANT_STAGES)[number];

export const RECUSAL_REASONS = ['same_employer', 'declared', 'ordered'] as const;
export type RecusalReason = (typeof RECUSAL_REASONS)[number];

/** The opinions of DESIGN §9. */
export const OPINION_FIELDS = ['academic', 'defenseQuestions', 'defenseEvaluation', 'overall'] as const;
export type OpinionField = (typeof OPINION_FIELDS)[number];
export interface Opinions {
  academic?: string;
  defenseQuestions?: string;
  defenseEvaluation?: string;
  defenseScore?: number;
  overall?: string;
}

export type AssignmentRole = 'main' | 'secondary';
export type AssignmentState = 'assigned' | 'draft' | 'final';
export type Verdict = 'confirm' | 'dispute';

export type RoundKind = 'group' | 'committee';
export type RoundStatus = 'open' | 'closed' | 'confirmed' | 'sent_back';
export type Choice = 'yes' | 'no' | 'abstain';

export type { VoteRules, Criterion };
