import { allow } from './registry';
import type { MeetingContext } from '../commands/meeting/context';
import { VOTING_TITLES } from '../domain/meetingTypes';

/** A meeting context plus the group the action is about, where there is one. */
export type MeetingSubject = MeetingContext & { groupId?: number | null };

declare module './registry' {
  interface PolicySubjects {
    'meeting:watch': MeetingSubject;
    'round:launchGroup': MeetingSubject;
    'round:launchCommittee': MeetingSubject;
    'round:vote': MeetingSubject;
    'round:close': MeetingSubject & { kind: 'group' | 'committee' };
    'round:confirm': MeetingSubject & { kind: 'group' | 'committee' };
    'round:sendBack': MeetingSubject;
    'meeting:start': MeetingSubject;
    'attendance:set': MeetingSubject & { targetMeetingExpertId: number };
    'distribution:set': MeetingSubject;
    'group:startReview': MeetingSubject;
    'group:leaderConfirm': MeetingSubject;
    'group:chairConfirm': MeetingSubject;
    'review:reopen': MeetingSubject;
    'review:write': MeetingSubject & { assignmentExpertId: number };
  }
}

const isLeaderOf = (s: MeetingSubject) => !!s.me && s.me.isGroupLeader && s.me.groupId === s.groupId;
const isChair = (s: MeetingSubject) => !!s.me && (s.me.title === 'chair' || s.me.title === 'vice_chair');

// Supervisors and staff watch every room read-only; experts watch their own meeting.
allow('meeting:watch', { roles: ['supervisor'], when: (_a, s) => s.isSupervisor });
allow('meeting:watch', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff });
allow('meeting:watch', { roles: ['expert'], when: (_a, s) => !!s.me });

// 组内投票: the group leader launches, closes and confirms the group's vote.
allow('round:launchGroup', { roles: ['expert'], when: (_a, s) => isLeaderOf(s) });
// 评委会投票: the chair (or presiding vice chair), or the committee unit.
allow('round:launchCommittee', { roles: ['expert'], when: (_a, s) => isChair(s) });
allow('round:launchCommittee', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff });

allow('round:vote', { roles: ['expert'], when: (_a, s) => !!s.me });

allow('round:close', { roles: ['expert'], when: (_a, s) => (s.kind === 'group' ? isLeaderOf(s) : isChair(s)) });
allow('round:close', { roles: ['admin', 'staff'], when: (_a, s) => s.kind === 'committee' && s.isStaff });
// Art. 22: the chair (or presiding vice chair) announces and signs off the committee result.
allow('round:confirm', { roles: ['expert'], when: (_a, s) => (s.kind === 'group' ? isLeaderOf(s) : isChair(s)) });

allow('round:sendBack', { roles: ['supervisor'], when: (_a, s) => s.isSupervisor });

// The committee unit opens the meeting (评审会议开始).
allow('meeting:start', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff });

// 签到/签退: by staff, by the experts themselves, or both — a setting of the meeting.
allow('attendance:set', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff && s.meeting.options.signInBy !== 'self' });
allow('attendance:set', {
  roles: ['expert'],
  when: (_a, s) => !!s.me && s.me.id === s.targetMeetingExpertId && s.meeting.options.signInBy !== 'staff',
});

// The group leader distributes, starts the review, confirms the group and may reopen a disputed review.
for (const action of ['distribution:set', 'group:startReview', 'group:leaderConfirm', 'review:reopen'] as const) {
  allow(action, { roles: ['expert'], when: (_a, s) => isLeaderOf(s) });
}
// The chair confirms the group leader's confirmation.
allow('group:chairConfirm', { roles: ['expert'], when: (_a, s) => isChair(s) });

// Only the assigned expert writes their own review.
allow('review:write', { roles: ['expert'], when: (_a, s) => !!s.me && s.me.id === s.assignmentExpertId });

export const votesInCommittee = (s: MeetingSubject) => !!s.me && VOTING_TITLES.includes(s.me.title);

declare module './registry' {
  interface PolicySubjects {
    'round:readBallots': MeetingSubject;
  }
}
// After close, the anonymous ballots (and in a named round, who cast which) are open to the chair,
// the committee unit's staff and the supervisors — not to every expert.
allow('round:readBallots', { roles: ['expert'], when: (_a, s) => isChair(s) });
allow('round:readBallots', { roles: ['admin', 'staff'], when: (_a, s) => s.isStaff });
allow('round:readBallots', { roles: ['supervisor'], when: (_a, s) => s.isSupervisor });
