import type { Sequelize } from 'sequelize';
import { CommitteeFoundingUnit, CommitteeFeeItem, CommitteeCommission, type CommissionStatus } from './Committee';
import {
  ExpertProfileLog,
  LibraryFiling,
  LibraryFilingItem,
  ExpertRecommendation,
  ImportJob,
  type FilingStatus,
  type ImportRowError,
  type ImportStatus,
} from './Library';
import { MeetingSetupLog, DrawEntrustment, MeetingLogin, BlindOpinion, type DrawNeed } from './MeetingSetup';
import { LibraryFiling as LF } from './Library';

export {
  CommitteeFoundingUnit,
  CommitteeFeeItem,
  CommitteeCommission,
  ExpertProfileLog,
  LibraryFiling,
  LibraryFilingItem,
  ExpertRecommendation,
  ImportJob,
  MeetingSetupLog,
  DrawEntrustment,
  MeetingLogin,
  BlindOpinion,
};
export type { CommissionStatus, FilingStatus, ImportRowError, ImportStatus, DrawNeed };

/** Migrations 0210–0230: committee details, the expert library's flows, the meeting setup. */
export function initSetupModels(s: Sequelize) {
  for (const m of [
    CommitteeFoundingUnit,
    CommitteeFeeItem,
    CommitteeCommission,
    ExpertProfileLog,
    LibraryFiling,
    LibraryFilingItem,
    ExpertRecommendation,
    ImportJob,
    MeetingSetupLog,
    DrawEntrustment,
    MeetingLogin,
    BlindOpinion,
  ]) {
    m.initModel(s);
  }
}

export function associateSetupModels() {
  LibraryFiling.hasMany(LibraryFilingItem, { as: 'items', foreignKey: 'filingId' });
}
