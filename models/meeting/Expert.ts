import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../columns';

export interface ExpertProfile {
  education?: Array<{ school: string; major?: string; degree?: string; from?: string; to?: string }>;
  work?: Array<{ employer: string; position?: string; from?: string; to?: string }>;
  honours?: string[];
  awards?: string[];
  expertTitles?: string[];
  papers?: Array<{ title: string; journal?: string; year?: number }>;
  books?: Array<{ title: string; publisher?: string; year?: number }>;
  note?: string;
}

/** 专家: the profile behind an expert account. */
export class Expert extends Model<InferAttributes<Expert>, InferCreationAttributes<Expert>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare name: string;
  declare idNumber: string;
  declare employerOrgId: number | null;
  declare employerName: CreationOptional<string | null>;
  declare seriesCode: CreationOptional<string | null>;
  declare specialties: CreationOptional<string[]>;
  declare titleLevel: CreationOptional<string | null>;
  declare titleName: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare profile: CreationOptional<ExpertProfile>;
  /** draft → submitted → approved (or returned) */
  declare profileStatus: CreationOptional<'draft' | 'submitted' | 'approved' | 'returned'>;
  /** Org ids a submitted profile climbs (employer up to its office), and the index it waits at (0220). */
  declare profileChain: CreationOptional<number[] | null>;
  declare profileStep: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Expert.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        accountId: { type: DataTypes.INTEGER, allowNull: false, unique: true },
        name: { type: DataTypes.STRING(50), allowNull: false },
        idNumber: { type: DataTypes.STRING(18), allowNull: false },
        employerOrgId: { type: DataTypes.INTEGER, allowNull: true },
        employerName: { type: DataTypes.STRING(200), allowNull: true },
        seriesCode: { type: DataTypes.STRING(40), allowNull: true },
        specialties: jsonColumn<string[]>('specialties', []),
        titleLevel: { type: DataTypes.STRING(16), allowNull: true },
        titleName: { type: DataTypes.STRING(50), allowNull: true },
        phone: { type: DataTypes.STRING(32), allowNull: true },
        profile: jsonColumn<ExpertProfile>('profile', {}),
        profileStatus: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'draft' },
        profileChain: jsonColumn<number[] | null>('profileChain', null, true),
        profileStep: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'experts' },
    );
  }
}

/** 评委会专家库: an expert in a committee's library. */
export class CommitteeExpert extends Model<InferAttributes<CommitteeExpert>, InferCreationAttributes<CommitteeExpert>> {
  declare id: CreationOptional<number>;
  declare committeeId: number;
  declare expertId: number;
  declare status: CreationOptional<'pending' | 'active' | 'removed'>;
  declare addedVia: CreationOptional<'manual' | 'import' | 'recommendation' | 'change_filing'>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CommitteeExpert.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        committeeId: { type: DataTypes.INTEGER, allowNull: false },
        expertId: { type: DataTypes.INTEGER, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        addedVia: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'manual' },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'committee_experts' },
    );
  }
}
