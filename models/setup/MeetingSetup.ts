import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../columns';

/** Submit / approve / return / confirm of a meeting's plan or standard, and its status moves. */
export class MeetingSetupLog extends Model<InferAttributes<MeetingSetupLog>, InferCreationAttributes<MeetingSetupLog>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare subject: 'plan' | 'standard' | 'status';
  declare action: string;
  declare actorAccountId: number | null;
  declare actorName: string;
  declare orgId: number | null;
  declare opinion: string | null;
  declare snapshot: CreationOptional<unknown>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    MeetingSetupLog.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        subject: { type: DataTypes.STRING(10), allowNull: false },
        action: { type: DataTypes.STRING(20), allowNull: false },
        actorAccountId: { type: DataTypes.INTEGER, allowNull: true },
        actorName: { type: DataTypes.STRING(100), allowNull: false },
        orgId: { type: DataTypes.INTEGER, allowNull: true },
        opinion: { type: DataTypes.STRING(500), allowNull: true },
        snapshot: jsonColumn<unknown>('snapshot', null, true),
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'meeting_setup_log', updatedAt: false },
    );
  }
}

export interface DrawNeed {
  specialty: string;
  count: number;
}

/** 委托选取专家: an office draws experts for one group of another unit's meeting. */
export class DrawEntrustment extends Model<InferAttributes<DrawEntrustment>, InferCreationAttributes<DrawEntrustment>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare groupId: number;
  declare officeOrgId: number;
  declare needs: DrawNeed[];
  declare status: CreationOptional<'pending' | 'done' | 'cancelled'>;
  declare note: string | null;
  declare drawId: CreationOptional<number | null>;
  declare createdById: number | null;
  declare doneById: CreationOptional<number | null>;
  declare doneAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    DrawEntrustment.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        groupId: { type: DataTypes.INTEGER, allowNull: false },
        officeOrgId: { type: DataTypes.INTEGER, allowNull: false },
        needs: jsonColumn<DrawNeed[]>('needs', []),
        status: { type: DataTypes.STRING(12), allowNull: false, defaultValue: 'pending' },
        note: { type: DataTypes.STRING(500), allowNull: true },
        drawId: { type: DataTypes.INTEGER, allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        doneById: { type: DataTypes.INTEGER, allowNull: true },
        doneAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'draw_entrustments' },
    );
  }
}

/** A temporary login for one meeting expert; its account expires when the meeting ends. */
export class MeetingLogin extends Model<InferAttributes<MeetingLogin>, InferCreationAttributes<MeetingLogin>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare meetingExpertId: number;
  declare accountId: number;
  declare createdById: number | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    MeetingLogin.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        meetingExpertId: { type: DataTypes.INTEGER, allowNull: false },
        accountId: { type: DataTypes.INTEGER, allowNull: false },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'meeting_logins', updatedAt: false },
    );
  }
}

/** 盲评意见: an outside reviewer's opinion, uploaded before the meeting. */
export class BlindOpinion extends Model<InferAttributes<BlindOpinion>, InferCreationAttributes<BlindOpinion>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare meetingApplicantId: number;
  declare reviewerCode: string;
  declare conclusion: 'agree' | 'disagree';
  declare score: number | null;
  declare fileId: number | null;
  declare note: string | null;
  declare uploadedById: number | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    BlindOpinion.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        meetingApplicantId: { type: DataTypes.INTEGER, allowNull: false },
        reviewerCode: { type: DataTypes.STRING(40), allowNull: false },
        conclusion: { type: DataTypes.STRING(10), allowNull: false },
        score: {
          type: DataTypes.DECIMAL(6, 2),
          allowNull: true,
          // DECIMAL comes back as a string from mysql2; a number on both databases.
          get(this: BlindOpinion) {
            const v = this.getDataValue('score') as unknown;
            return v === null || v === undefined ? null : Number(v);
          },
        },
        fileId: { type: DataTypes.INTEGER, allowNull: true },
        note: { type: DataTypes.TEXT, allowNull: true },
        uploadedById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'blind_opinions', updatedAt: false },
    );
  }
}
