import type { Sequelize } from 'sequelize';
import { Expert, CommitteeExpert } from './Expert';
import { Meeting, MeetingCommittee, MeetingStaff } from './Meeting';
import { ReviewGroup, MeetingExpert, AttendanceLog, MeetingApplicant, Recusal, ExpertDraw } from './Group';
import { Assignment, VoteRound, RoundItem, RoundRoll, RoundVoter, BallotSheet, Ballot, NamedSheetVoter } from './Live';

export {
  Expert,
  CommitteeExpert,
  Meeting,
  MeetingCommittee,
  MeetingStaff,
  ReviewGroup,
  MeetingExpert,
  AttendanceLog,
  MeetingApplicant,
  Recusal,
  ExpertDraw,
  Assignment,
  VoteRound,
  RoundItem,
  RoundRoll,
  RoundVoter,
  BallotSheet,
  Ballot,
  NamedSheetVoter,
};

export function initMeetingModels(s: Sequelize) {
  for (const m of [
    Expert,
    CommitteeExpert,
    Meeting,
    MeetingCommittee,
    MeetingStaff,
    ReviewGroup,
    MeetingExpert,
    AttendanceLog,
    MeetingApplicant,
    Recusal,
    ExpertDraw,
    Assignment,
    VoteRound,
    RoundItem,
    RoundRoll,
    RoundVoter,
    BallotSheet,
    Ballot,
    NamedSheetVoter,
  ]) {
    m.initModel(s);
  }
}

export function associateMeetingModels() {
  Meeting.hasMany(ReviewGroup, { as: 'groups', foreignKey: 'meetingId' });
  Meeting.hasMany(MeetingExpert, { as: 'experts', foreignKey: 'meetingId' });
  Meeting.hasMany(MeetingApplicant, { as: 'applicants', foreignKey: 'meetingId' });
  MeetingExpert.belongsTo(Expert, { as: 'expert', foreignKey: 'expertId' });
  MeetingExpert.belongsTo(ReviewGroup, { as: 'group', foreignKey: 'groupId' });
  MeetingApplicant.belongsTo(ReviewGroup, { as: 'group', foreignKey: 'groupId' });
  Assignment.belongsTo(MeetingExpert, { as: 'meetingExpert', foreignKey: 'meetingExpertId' });
  Assignment.belongsTo(MeetingApplicant, { as: 'meetingApplicant', foreignKey: 'meetingApplicantId' });
  VoteRound.hasMany(RoundItem, { as: 'items', foreignKey: 'roundId' });
  CommitteeExpert.belongsTo(Expert, { as: 'expert', foreignKey: 'expertId' });
}
