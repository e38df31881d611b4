import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../columns';
import type { ApplicantStage, ExpertTitle, GroupStage, RecusalReason } from '../../server/domain/meetingTypes';

/** 评议组 */
export class ReviewGroup extends Model<InferAttributes<ReviewGroup>, InferCreationAttributes<ReviewGroup>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare name: string;
  declare specialties: CreationOptional<string[]>;
  declare size: CreationOptional<number>;
  declare room: CreationOptional<string | null>;
  declare position: CreationOptional<number>;
  declare stage: CreationOptional<GroupStage>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ReviewGroup.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        name: { type: DataTypes.STRING(100), allowNull: false },
        specialties: jsonColumn<string[]>('specialties', []),
        size: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 3 },
        room: { type: DataTypes.STRING(100), allowNull: true },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        stage: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'setup' },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'review_groups' },
    );
  }
}

/** An expert in a meeting: at most one group; a title that says whether they vote in the committee. */
export class MeetingExpert extends Model<InferAttributes<MeetingExpert>, InferCreationAttributes<MeetingExpert>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare expertId: number;
  declare accountId: number;
  declare groupId: CreationOptional<number | null>;
  declare title: CreationOptional<ExpertTitle>;
  declare isGroupLeader: CreationOptional<boolean>;
  declare source: CreationOptional<'manual' | 'random' | 'entrusted'>;
  declare drawId: CreationOptional<number | null>;
  declare present: CreationOptional<boolean>;
  declare signedInAt: CreationOptional<Date | null>;
  declare signedOutAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    MeetingExpert.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        expertId: { type: DataTypes.INTEGER, allowNull: false },
        accountId: { type: DataTypes.INTEGER, allowNull: false },
        groupId: { type: DataTypes.INTEGER, allowNull: true },
        title: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'member' },
        isGroupLeader: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        source: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'manual' },
        drawId: { type: DataTypes.INTEGER, allowNull: true },
        present: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        signedInAt: { type: DataTypes.DATE, allowNull: true },
        signedOutAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'meeting_experts' },
    );
  }
}

export class AttendanceLog extends Model<InferAttributes<AttendanceLog>, InferCreationAttributes<AttendanceLog>> {
  declare id: CreationOptional<number>;
  declare meetingExpertId: number;
  declare action: 'sign_in' | 'sign_out';
  declare byAccountId: number;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    AttendanceLog.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingExpertId: { type: DataTypes.INTEGER, allowNull: false },
        action: { type: DataTypes.STRING(10), allowNull: false },
        byAccountId: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'attendance_log', updatedAt: false },
    );
  }
}

/** An applicant (declaration) in a meeting. */
export class MeetingApplicant extends Model<InferAttributes<MeetingApplicant>, InferCreationAttributes<MeetingApplicant>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare declarationId: number;
  declare groupId: CreationOptional<number | null>;
  declare blindCode: string;
  declare employerOrgId: CreationOptional<number | null>;
  declare stage: CreationOptional<ApplicantStage>;
  declare result: CreationOptional<'pending' | 'passed' | 'failed'>;
  declare resultRoundId: CreationOptional<number | null>;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    MeetingApplicant.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        declarationId: { type: DataTypes.INTEGER, allowNull: false },
        groupId: { type: DataTypes.INTEGER, allowNull: true },
        blindCode: { type: DataTypes.STRING(16), allowNull: false },
        employerOrgId: { type: DataTypes.INTEGER, allowNull: true },
        stage: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'waiting' },
        result: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'pending' },
        resultRoundId: { type: DataTypes.INTEGER, allowNull: true },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'meeting_applicants' },
    );
  }
}

/** 回避 */
export class Recusal extends Model<InferAttributes<Recusal>, InferCreationAttributes<Recusal>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare expertId: number;
  declare meetingApplicantId: number;
  declare reason: RecusalReason;
  declare note: CreationOptional<string | null>;
  declare createdById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Recusal.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        expertId: { type: DataTypes.INTEGER, allowNull: false },
        meetingApplicantId: { type: DataTypes.INTEGER, allowNull: false },
        reason: { type: DataTypes.STRING(16), allowNull: false },
        note: { type: DataTypes.STRING(500), allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'recusals', updatedAt: false },
    );
  }
}

export class ExpertDraw extends Model<InferAttributes<ExpertDraw>, InferCreationAttributes<ExpertDraw>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare kind: 'random' | 'entrusted';
  declare seed: string;
  declare params: unknown;
  declare result: unknown;
  declare drawnById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ExpertDraw.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        seed: { type: DataTypes.STRING(64), allowNull: false },
        params: jsonColumn<unknown>('params', {}),
        result: jsonColumn<unknown>('result', {}),
        drawnById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'expert_draws', updatedAt: false },
    );
  }
}
