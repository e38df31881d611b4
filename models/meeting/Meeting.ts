import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../columns';
import {
  DEFAULT_MEETING_OPTIONS,
  type Criterion,
  type MeetingOptions,
  type MeetingStatus,
  type PlanStatus,
  type StandardStatus,
  type VoteRules,
} from '../../server/domain/meetingTypes';
import { DEFAULT_VOTE_RULES } from '../../server/domain/voting';

/** 评审会议 */
export class Meeting extends Model<InferAttributes<Meeting>, InferCreationAttributes<Meeting>> {
  declare id: CreationOptional<number>;
  declare name: string;
  /** The committee unit (评委会组建单位) that runs it. */
  declare ownerOrgId: number;
  declare startsAt: Date;
  declare endsAt: Date;
  declare address: CreationOptional<string | null>;
  declare notes: CreationOptional<string | null>;
  declare status: CreationOptional<MeetingStatus>;
  declare options: CreationOptional<MeetingOptions>;
  declare voteRules: CreationOptional<VoteRules>;
  declare planKind: CreationOptional<'normal' | 'special'>;
  declare planText: CreationOptional<string | null>;
  declare planStatus: CreationOptional<PlanStatus>;
  declare standard: CreationOptional<Criterion[]>;
  declare standardStatus: CreationOptional<StandardStatus>;
  declare createdById: CreationOptional<number | null>;
  /** The office that approves the plan (0230): above the unit for a normal plan, the province for a special one. */
  declare planOfficeOrgId: CreationOptional<number | null>;
  declare closedAt: CreationOptional<Date | null>;
  /** 演练 (0620): the meeting this one rehearses; its results can never be published. Null for a real meeting. */
  declare rehearsalOfId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Meeting.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        ownerOrgId: { type: DataTypes.INTEGER, allowNull: false },
        startsAt: { type: DataTypes.DATE, allowNull: false },
        endsAt: { type: DataTypes.DATE, allowNull: false },
        address: { type: DataTypes.STRING(200), allowNull: true },
        notes: { type: DataTypes.TEXT, allowNull: true },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'setup' },
        options: jsonColumn<MeetingOptions>('options', DEFAULT_MEETING_OPTIONS),
        voteRules: jsonColumn<VoteRules>('voteRules', DEFAULT_VOTE_RULES),
        planKind: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'normal' },
        planText: { type: DataTypes.TEXT, allowNull: true },
        planStatus: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'draft' },
        standard: jsonColumn<Criterion[]>('standard', []),
        standardStatus: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'draft' },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        planOfficeOrgId: { type: DataTypes.INTEGER, allowNull: true },
        closedAt: { type: DataTypes.DATE, allowNull: true },
        rehearsalOfId: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'meetings' },
    );
  }
}

export class MeetingCommittee extends Model<InferAttributes<MeetingCommittee>, InferCreationAttributes<MeetingCommittee>> {
  declare meetingId: number;
  declare committeeId: number;
  static initModel(sequelize: Sequelize) {
    MeetingCommittee.init(
      {
        meetingId: { type: DataTypes.INTEGER, primaryKey: true },
        committeeId: { type: DataTypes.INTEGER, primaryKey: true },
      },
      { sequelize, tableName: 'meeting_committees', timestamps: false },
    );
  }
}

export class MeetingStaff extends Model<InferAttributes<MeetingStaff>, InferCreationAttributes<MeetingStaff>> {
  declare meetingId: number;
  declare accountId: number;
  static initModel(sequelize: Sequelize) {
    MeetingStaff.init(
      {
        meetingId: { type: DataTypes.INTEGER, primaryKey: true },
        accountId: { type: DataTypes.INTEGER, primaryKey: true },
      },
      { sequelize, tableName: 'meeting_staff', timestamps: false },
    );
  }
}
