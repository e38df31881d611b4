import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { jsonColumn } from '../columns';
import type { Level, PlanStatus, PublicityKind, TransferStatus } from '../../server/domain/titles';

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true };
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });

/** 黑名单 entry: blocks new declarations by ID number until endsAt (or until lifted). */
export class BlacklistEntry extends Model<InferAttributes<BlacklistEntry>, InferCreationAttributes<BlacklistEntry>> {
  declare id: CreationOptional<number>;
  declare idNumber: string;
  declare name: string;
  declare declarationId: number | null;
  declare orgId: number;
  declare years: number;
  declare startsAt: Date;
  declare endsAt: Date;
  declare reason: string | null;
  declare liftedAt: CreationOptional<Date | null>;
  declare liftedById: CreationOptional<number | null>;
  declare liftReason: CreationOptional<string | null>;
  declare createdById: number | null;
  /** Added by migration 0500 (issue 7): review | manual | certificate; shown in the public notice; edits. */
  declare source: CreationOptional<'review' | 'manual' | 'certificate'>;
  declare publicNotice: CreationOptional<boolean>;
  declare certificateId: CreationOptional<number | null>;
  declare history: CreationOptional<Array<{ by: string; at: string; changes: Record<string, unknown> }> | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    BlacklistEntry.init(
      {
        id,
        idNumber: str(18),
        name: str(100),
        declarationId: int(true),
        orgId: int(),
        years: int(),
        startsAt: date(false),
        endsAt: date(false),
        reason: { type: DataTypes.TEXT, allowNull: true },
        liftedAt: date(),
        liftedById: int(true),
        liftReason: str(500, true),
        createdById: int(true),
        source: { ...str(16), defaultValue: 'review' },
        publicNotice: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        certificateId: int(true),
        history: jsonColumn<unknown>('history', null, true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'blacklist_entries' },
    );
  }
}

/** 常用意见 */
export class CommonOpinion extends Model<InferAttributes<CommonOpinion>, InferCreationAttributes<CommonOpinion>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare text: string;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CommonOpinion.init(
      { id, accountId: int(), text: str(500), position: { ...int(), defaultValue: 0 }, createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE },
      { sequelize, tableName: 'common_opinions' },
    );
  }
}

/** 公示: a unit's declaration publicity, or a committee unit's to-be-reviewed / failure list. */
export class Publicity extends Model<InferAttributes<Publicity>, InferCreationAttributes<Publicity>> {
  declare id: CreationOptional<number>;
  declare kind: PublicityKind;
  declare orgId: number;
  declare committeeId: number | null;
  declare year: number;
  declare title: string;
  declare content: string | null;
  declare startsAt: Date;
  declare endsAt: Date;
  declare status: CreationOptional<'open' | 'completed'>;
  declare completedAt: CreationOptional<Date | null>;
  declare createdById: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Publicity.init(
      {
        id,
        kind: str(16),
        orgId: int(),
        committeeId: int(true),
        year: int(),
        title: str(200),
        content: { type: DataTypes.TEXT, allowNull: true },
        startsAt: date(false),
        endsAt: date(false),
        status: { ...str(16), defaultValue: 'open' },
        completedAt: date(),
        createdById: int(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'publicities' },
    );
  }
}

export class PublicityItem extends Model<InferAttributes<PublicityItem>, InferCreationAttributes<PublicityItem>> {
  declare id: CreationOptional<number>;
  declare publicityId: number;
  declare declarationId: number;
  declare note: CreationOptional<string | null>;

  static initModel(sequelize: Sequelize) {
    PublicityItem.init(
      { id, publicityId: int(), declarationId: int(), note: str(500, true) },
      { sequelize, tableName: 'publicity_items', timestamps: false },
    );
  }
}

/** 举报 from the public during a publicity period. */
export class PublicityReport extends Model<InferAttributes<PublicityReport>, InferCreationAttributes<PublicityReport>> {
  declare id: CreationOptional<number>;
  declare publicityId: number;
  declare declarationId: number;
  declare reporterName: string | null;
  declare contact: string | null;
  declare content: string;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    PublicityReport.init(
      {
        id,
        publicityId: int(),
        declarationId: int(),
        reporterName: str(50, true),
        contact: str(100, true),
        content: { type: DataTypes.TEXT, allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'publicity_reports', updatedAt: false },
    );
  }
}

export interface RecommendationDetails {
  /** 推荐方式, e.g. 单位推荐小组推荐 */
  method?: string;
  /** 推荐小组意见 */
  groupOpinion?: string;
  /** 公示情况 */
  publicityResult?: string;
  groupSize?: number;
}

/** 单位推荐上报 */
export class Recommendation extends Model<InferAttributes<Recommendation>, InferCreationAttributes<Recommendation>> {
  declare id: CreationOptional<number>;
  declare orgId: number;
  declare year: number;
  declare handlerName: string;
  declare handlerPhone: string;
  declare opinion: string;
  declare details: CreationOptional<RecommendationDetails>;
  declare fileIds: CreationOptional<number[]>;
  declare createdById: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Recommendation.init(
      {
        id,
        orgId: int(),
        year: int(),
        handlerName: str(50),
        handlerPhone: str(32),
        opinion: { type: DataTypes.TEXT, allowNull: false },
        details: jsonColumn<RecommendationDetails>('details', {}),
        fileIds: jsonColumn<number[]>('fileIds', []),
        createdById: int(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'recommendations' },
    );
  }
}

export class RecommendationItem extends Model<InferAttributes<RecommendationItem>, InferCreationAttributes<RecommendationItem>> {
  declare id: CreationOptional<number>;
  declare recommendationId: number;
  declare declarationId: number;

  static initModel(sequelize: Sequelize) {
    RecommendationItem.init(
      { id, recommendationId: int(), declarationId: int() },
      { sequelize, tableName: 'recommendation_items', timestamps: false },
    );
  }
}

export interface PlanHistoryEntry {
  orgId: number;
  orgName: string;
  byId: number;
  byName: string;
  action: 'submit' | 'approve' | 'forward' | 'return';
  reason: string | null;
  at: string;
}

/** 申报计划 with its quota (职数). */
export class DeclarationPlan extends Model<InferAttributes<DeclarationPlan>, InferCreationAttributes<DeclarationPlan>> {
  declare id: CreationOptional<number>;
  declare orgId: number;
  declare year: number;
  declare seriesCode: string;
  declare level: Level;
  declare quota: number;
  declare note: CreationOptional<string | null>;
  declare status: CreationOptional<PlanStatus>;
  declare approvingOrgId: CreationOptional<number | null>;
  declare history: CreationOptional<PlanHistoryEntry[]>;
  declare approvedAt: CreationOptional<Date | null>;
  declare createdById: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    DeclarationPlan.init(
      {
        id,
        orgId: int(),
        year: int(),
        seriesCode: str(40),
        level: str(16),
        quota: int(),
        note: str(500, true),
        status: { ...str(16), defaultValue: 'draft' },
        approvingOrgId: int(true),
        history: jsonColumn<PlanHistoryEntry[]>('history', []),
        approvedAt: date(),
        createdById: int(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'declaration_plans' },
    );
  }
}

/** 单位变动: moving an applicant's account to a new employer. */
export class Transfer extends Model<InferAttributes<Transfer>, InferCreationAttributes<Transfer>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare fromOrgId: number;
  declare toOrgId: number;
  declare status: CreationOptional<TransferStatus>;
  declare note: CreationOptional<string | null>;
  declare reason: CreationOptional<string | null>;
  declare requestedById: number | null;
  declare decidedById: CreationOptional<number | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Transfer.init(
      {
        id,
        accountId: int(),
        fromOrgId: int(),
        toOrgId: int(),
        status: { ...str(16), defaultValue: 'pending' },
        note: str(500, true),
        reason: str(500, true),
        requestedById: int(true),
        decidedById: int(true),
        decidedAt: date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'transfers' },
    );
  }
}
