import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { jsonColumn } from '../columns';
import type { DeclarationStatus, DeclarationType, Level, ReviewRoute, Step } from '../../server/domain/titles';

/** Where a declaration waits: what recall (撤回) restores. */
export interface Position {
  status: DeclarationStatus;
  step: Step | null;
  orgId: number | null;
  committeeId?: number | null;
}

export interface PolicyFirst {
  result: 'pass' | 'fail';
  opinion: string | null;
  byId: number;
  byName: string;
  at: string;
}

/** 职称申报: one per person (ID number) per year. */
export class Declaration extends Model<InferAttributes<Declaration>, InferCreationAttributes<Declaration>> {
  declare id: CreationOptional<number>;
  declare year: number;
  declare applicantAccountId: number;
  declare idNumber: string;
  declare applicantName: string;
  declare orgId: number;
  declare seriesCode: string;
  declare level: Level;
  declare qualificationId: number;
  declare specialtyId: CreationOptional<number | null>;
  declare route: ReviewRoute;
  declare declType: DeclarationType;
  declare status: DeclarationStatus;
  declare step: CreationOptional<Step | null>;
  declare currentOrgId: CreationOptional<number | null>;
  declare path: CreationOptional<number[]>;
  declare committeeId: CreationOptional<number | null>;
  declare policyResubmit: CreationOptional<boolean>;
  declare policyFirst: CreationOptional<PolicyFirst | null>;
  declare prevPosition: CreationOptional<Position | null>;
  declare version: CreationOptional<number>;
  declare flowSeq: CreationOptional<number>;
  declare submittedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Declaration.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        year: { type: DataTypes.INTEGER, allowNull: false },
        applicantAccountId: { type: DataTypes.INTEGER, allowNull: false },
        idNumber: { type: DataTypes.STRING(18), allowNull: false },
        applicantName: { type: DataTypes.STRING(100), allowNull: false },
        orgId: { type: DataTypes.INTEGER, allowNull: false },
        seriesCode: { type: DataTypes.STRING(40), allowNull: false },
        level: { type: DataTypes.STRING(16), allowNull: false },
        qualificationId: { type: DataTypes.INTEGER, allowNull: false },
        specialtyId: { type: DataTypes.INTEGER, allowNull: true },
        route: { type: DataTypes.STRING(16), allowNull: false },
        declType: { type: DataTypes.STRING(20), allowNull: false },
        status: { type: DataTypes.STRING(24), allowNull: false },
        step: { type: DataTypes.STRING(20), allowNull: true },
        currentOrgId: { type: DataTypes.INTEGER, allowNull: true },
        path: jsonColumn<number[]>('path', []),
        committeeId: { type: DataTypes.INTEGER, allowNull: true },
        policyResubmit: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        policyFirst: jsonColumn<PolicyFirst | null>('policyFirst', null, true),
        prevPosition: jsonColumn<Position | null>('prevPosition', null, true),
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
        flowSeq: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        submittedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'declarations' },
    );
  }
}

/** One section of a declaration, saved on its own as a draft. */
export class DeclarationSection extends Model<InferAttributes<DeclarationSection>, InferCreationAttributes<DeclarationSection>> {
  declare id: CreationOptional<number>;
  declare declarationId: number;
  declare sectionKey: string;
  declare data: unknown;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    DeclarationSection.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        declarationId: { type: DataTypes.INTEGER, allowNull: false },
        sectionKey: { type: DataTypes.STRING(32), allowNull: false },
        data: jsonColumn<unknown>('data', {}),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'declaration_sections' },
    );
  }
}

/** An uploaded file's record; the bytes are content-addressed under DATA_DIR/files. */
export class StoredFile extends Model<InferAttributes<StoredFile>, InferCreationAttributes<StoredFile>> {
  declare id: CreationOptional<number>;
  declare sha256: string;
  declare mime: string;
  declare size: number;
  declare originalName: string;
  declare declarationId: CreationOptional<number | null>;
  declare orgId: CreationOptional<number | null>;
  declare purpose: string;
  declare slot: CreationOptional<string | null>;
  declare uploadedById: number;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    StoredFile.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        mime: { type: DataTypes.STRING(40), allowNull: false },
        size: { type: DataTypes.INTEGER, allowNull: false },
        originalName: { type: DataTypes.STRING(255), allowNull: false },
        declarationId: { type: DataTypes.INTEGER, allowNull: true },
        orgId: { type: DataTypes.INTEGER, allowNull: true },
        purpose: { type: DataTypes.STRING(40), allowNull: false },
        slot: { type: DataTypes.STRING(64), allowNull: true },
        uploadedById: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'files', updatedAt: false },
    );
  }
}

/** 流转日志: one entry per step, append-only. */
export class FlowEntry extends Model<InferAttributes<FlowEntry>, InferCreationAttributes<FlowEntry>> {
  declare id: CreationOptional<number>;
  declare declarationId: number;
  declare seq: number;
  declare action: string;
  declare actorAccountId: number | null;
  declare actorName: string;
  declare actorRole: string;
  declare orgId: number | null;
  declare orgName: string | null;
  declare step: string | null;
  declare fromStatus: DeclarationStatus;
  declare toStatus: DeclarationStatus;
  declare opinion: string | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    FlowEntry.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        declarationId: { type: DataTypes.INTEGER, allowNull: false },
        seq: { type: DataTypes.INTEGER, allowNull: false },
        action: { type: DataTypes.STRING(32), allowNull: false },
        actorAccountId: { type: DataTypes.INTEGER, allowNull: true },
        actorName: { type: DataTypes.STRING(100), allowNull: false },
        actorRole: { type: DataTypes.STRING(24), allowNull: false },
        orgId: { type: DataTypes.INTEGER, allowNull: true },
        orgName: { type: DataTypes.STRING(200), allowNull: true },
        step: { type: DataTypes.STRING(20), allowNull: true },
        fromStatus: { type: DataTypes.STRING(24), allowNull: false },
        toStatus: { type: DataTypes.STRING(24), allowNull: false },
        opinion: { type: DataTypes.TEXT, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'declaration_flow', updatedAt: false },
    );
  }
}
