import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../columns';

/** One step of an expert profile's approval chain (submit, approve, return, final approval). */
export class ExpertProfileLog extends Model<InferAttributes<ExpertProfileLog>, InferCreationAttributes<ExpertProfileLog>> {
  declare id: CreationOptional<number>;
  declare expertId: number;
  declare action: 'submit' | 'approve' | 'return' | 'final';
  declare orgId: number | null;
  declare actorAccountId: number | null;
  declare actorName: string;
  declare opinion: string | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ExpertProfileLog.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        expertId: { type: DataTypes.INTEGER, allowNull: false },
        action: { type: DataTypes.STRING(16), allowNull: false },
        orgId: { type: DataTypes.INTEGER, allowNull: true },
        actorAccountId: { type: DataTypes.INTEGER, allowNull: true },
        actorName: { type: DataTypes.STRING(100), allowNull: false },
        opinion: { type: DataTypes.STRING(500), allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'expert_profile_log', updatedAt: false },
    );
  }
}

export type FilingStatus = 'draft' | 'submitted' | 'approved' | 'returned';

/** 专家库更新备案: additions to and removals from a committee's library, approved by the office. */
export class LibraryFiling extends Model<InferAttributes<LibraryFiling>, InferCreationAttributes<LibraryFiling>> {
  declare id: CreationOptional<number>;
  declare committeeId: number;
  declare officeOrgId: CreationOptional<number | null>;
  declare status: CreationOptional<FilingStatus>;
  declare note: string | null;
  declare opinion: CreationOptional<string | null>;
  declare createdById: number | null;
  declare submittedAt: CreationOptional<Date | null>;
  declare decidedById: CreationOptional<number | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    LibraryFiling.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        committeeId: { type: DataTypes.INTEGER, allowNull: false },
        officeOrgId: { type: DataTypes.INTEGER, allowNull: true },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'draft' },
        note: { type: DataTypes.STRING(500), allowNull: true },
        opinion: { type: DataTypes.STRING(500), allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        submittedAt: { type: DataTypes.DATE, allowNull: true },
        decidedById: { type: DataTypes.INTEGER, allowNull: true },
        decidedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'library_filings' },
    );
  }
}

export class LibraryFilingItem extends Model<InferAttributes<LibraryFilingItem>, InferCreationAttributes<LibraryFilingItem>> {
  declare id: CreationOptional<number>;
  declare filingId: number;
  declare expertId: number;
  declare action: 'add' | 'remove';
  declare reason: string | null;

  static initModel(sequelize: Sequelize) {
    LibraryFilingItem.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        filingId: { type: DataTypes.INTEGER, allowNull: false },
        expertId: { type: DataTypes.INTEGER, allowNull: false },
        action: { type: DataTypes.STRING(8), allowNull: false },
        reason: { type: DataTypes.STRING(500), allowNull: true },
      },
      { sequelize, tableName: 'library_filing_items', timestamps: false },
    );
  }
}

/** 专家推荐: a unit puts one of its people forward to a committee. */
export class ExpertRecommendation extends Model<InferAttributes<ExpertRecommendation>, InferCreationAttributes<ExpertRecommendation>> {
  declare id: CreationOptional<number>;
  declare committeeId: number;
  declare fromOrgId: number;
  declare expertId: number;
  declare status: CreationOptional<'pending' | 'accepted' | 'refused'>;
  declare note: string | null;
  declare opinion: CreationOptional<string | null>;
  declare createdById: number | null;
  declare decidedById: CreationOptional<number | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ExpertRecommendation.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        committeeId: { type: DataTypes.INTEGER, allowNull: false },
        fromOrgId: { type: DataTypes.INTEGER, allowNull: false },
        expertId: { type: DataTypes.INTEGER, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
        note: { type: DataTypes.STRING(500), allowNull: true },
        opinion: { type: DataTypes.STRING(500), allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        decidedById: { type: DataTypes.INTEGER, allowNull: true },
        decidedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'expert_recommendations' },
    );
  }
}

export interface ImportRowError {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  /** The column's header as in the template (e.g. 身份证号). */
  column: string;
  code: string;
  reason: string;
}

export type ImportStatus = 'queued' | 'validating' | 'applying' | 'done' | 'failed';

/** 批量导入: one uploaded spreadsheet; it applies whole or reports every bad row and applies nothing. */
export class ImportJob extends Model<InferAttributes<ImportJob>, InferCreationAttributes<ImportJob>> {
  declare id: CreationOptional<number>;
  declare kind: 'experts';
  declare committeeId: number | null;
  declare accountId: number;
  declare fileName: string | null;
  declare status: CreationOptional<ImportStatus>;
  declare total: CreationOptional<number>;
  declare processed: CreationOptional<number>;
  declare errors: CreationOptional<ImportRowError[] | null>;
  declare result: CreationOptional<Record<string, unknown> | null>;
  declare heartbeatAt: CreationOptional<Date | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ImportJob.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        kind: { type: DataTypes.STRING(20), allowNull: false },
        committeeId: { type: DataTypes.INTEGER, allowNull: true },
        accountId: { type: DataTypes.INTEGER, allowNull: false },
        fileName: { type: DataTypes.STRING(255), allowNull: true },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'queued' },
        total: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        processed: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        errors: jsonColumn<ImportRowError[] | null>('errors', null, true),
        result: jsonColumn<Record<string, unknown> | null>('result', null, true),
        heartbeatAt: { type: DataTypes.DATE, allowNull: true },
        finishedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'import_jobs' },
    );
  }
}
