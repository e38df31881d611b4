import type { Sequelize } from 'sequelize';
import { Organisation } from '../Organisation';
import { Account } from '../Account';
import { TitleSeries, TitleQualification, TitleSpecialty, ReviewPath, type RequiredMaterial } from './Catalogue';
import { Committee } from './Committee';
import { Declaration, DeclarationSection, StoredFile, FlowEntry, type Position, type PolicyFirst } from './Declaration';
import {
  BlacklistEntry,
  CommonOpinion,
  Publicity,
  PublicityItem,
  PublicityReport,
  Recommendation,
  RecommendationItem,
  DeclarationPlan,
  Transfer,
  type PlanHistoryEntry,
  type RecommendationDetails,
} from './Around';

export {
  TitleSeries,
  TitleQualification,
  TitleSpecialty,
  ReviewPath,
  Committee,
  Declaration,
  DeclarationSection,
  StoredFile,
  FlowEntry,
  BlacklistEntry,
  CommonOpinion,
  Publicity,
  PublicityItem,
  PublicityReport,
  Recommendation,
  RecommendationItem,
  DeclarationPlan,
  Transfer,
};
export type { RequiredMaterial, Position, PolicyFirst, PlanHistoryEntry, RecommendationDetails };

/** Migrations 0100–0104: catalogue, review paths, committees, declarations and what surrounds them. */
export function initDeclarationModels(s: Sequelize) {
  for (const m of [
    TitleSeries,
    TitleQualification,
    TitleSpecialty,
    ReviewPath,
    Committee,
    Declaration,
    DeclarationSection,
    StoredFile,
    FlowEntry,
    BlacklistEntry,
    CommonOpinion,
    Publicity,
    PublicityItem,
    PublicityReport,
    Recommendation,
    RecommendationItem,
    DeclarationPlan,
    Transfer,
  ]) {
    m.initModel(s);
  }
}

export function associateDeclarationModels() {
  TitleQualification.belongsTo(TitleSeries, { as: 'series', foreignKey: 'seriesId' });
  TitleSpecialty.belongsTo(TitleSeries, { as: 'series', foreignKey: 'seriesId' });
  Committee.belongsTo(Organisation, { as: 'ownerOrg', foreignKey: 'ownerOrgId' });
  Declaration.belongsTo(Organisation, { as: 'org', foreignKey: 'orgId' });
  Declaration.belongsTo(Organisation, { as: 'currentOrg', foreignKey: 'currentOrgId' });
  Declaration.belongsTo(Account, { as: 'applicant', foreignKey: 'applicantAccountId' });
  Declaration.belongsTo(TitleQualification, { as: 'qualification', foreignKey: 'qualificationId' });
  Declaration.belongsTo(TitleSpecialty, { as: 'specialty', foreignKey: 'specialtyId' });
  Declaration.belongsTo(Committee, { as: 'committee', foreignKey: 'committeeId' });
  DeclarationSection.belongsTo(Declaration, { foreignKey: 'declarationId' });
  FlowEntry.belongsTo(Declaration, { foreignKey: 'declarationId' });
  PublicityItem.belongsTo(Declaration, { as: 'declaration', foreignKey: 'declarationId' });
  PublicityItem.belongsTo(Publicity, { as: 'publicity', foreignKey: 'publicityId' });
  RecommendationItem.belongsTo(Declaration, { as: 'declaration', foreignKey: 'declarationId' });
  DeclarationPlan.belongsTo(Organisation, { as: 'org', foreignKey: 'orgId' });
  Transfer.belongsTo(Account, { as: 'account', foreignKey: 'accountId' });
}
