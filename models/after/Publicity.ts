import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { AppealKind, AppealStatus, ItemOutcome, ReportStatus, ResultPublicityStatus } from '../../server/domain/after';

const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true };
const int = (allowNull = false) => ({ type: DataTypes.INTEGER, allowNull });
const str = (n: number, allowNull = false) => ({ type: DataTypes.STRING(n), allowNull });
const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });

/** 评审结果公示: one per meeting; `startsOn`/`endsOn` are China dates ('YYYY-MM-DD'). */
export class ResultPublicity extends Model<InferAttributes<ResultPublicity>, InferCreationAttributes<ResultPublicity>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare orgId: number;
  declare year: number;
  declare title: string;
  declare content: string | null;
  declare startsOn: string;
  declare endsOn: string;
  declare workingDays: number;
  declare status: CreationOptional<ResultPublicityStatus>;
  declare publishedById: number | null;
  declare completedAt: CreationOptional<Date | null>;
  declare completedById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ResultPublicity.init(
      {
        id,
        meetingId: int(),
        orgId: int(),
        year: int(),
        title: str(200),
        content: text(),
        startsOn: str(10),
        endsOn: str(10),
        workingDays: int(),
        status: { ...str(12), defaultValue: 'open' },
        publishedById: int(true),
        completedAt: date(),
        completedById: int(true),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'result_publicities' },
    );
  }
}

/** One applicant's result on a publicity, with the committee vote behind it. */
export class ResultItem extends Model<InferAttributes<ResultItem>, InferCreationAttributes<ResultItem>> {
  declare id: CreationOptional<number>;
  declare publicityId: number;
  declare meetingApplicantId: number;
  declare declarationId: number;
  declare result: 'passed' | 'failed';
  declare members: number | null;
  declare eligible: number | null;
  declare yes: number | null;
  declare no: number | null;
  declare abstain: number | null;
  declare outcome: ItemOutcome;
  declare outcomeNote: CreationOptional<string | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare decidedById: CreationOptional<number | null>;
  declare position: CreationOptional<number>;

  static initModel(sequelize: Sequelize) {
    ResultItem.init(
      {
        id,
        publicityId: int(),
        meetingApplicantId: int(),
        declarationId: int(),
        result: str(8),
        members: int(true),
        eligible: int(true),
        yes: int(true),
        no: int(true),
        abstain: int(true),
        outcome: str(12),
        outcomeNote: str(500, true),
        decidedAt: date(),
        decidedById: int(true),
        position: { ...int(), defaultValue: 0 },
      },
      { sequelize, tableName: 'result_items', timestamps: false },
    );
  }
}

/** 举报 by anyone during the period; the committee unit finds it true or not. */
export class ResultReport extends Model<InferAttributes<ResultReport>, InferCreationAttributes<ResultReport>> {
  declare id: CreationOptional<number>;
  declare publicityId: number;
  declare itemId: number;
  declare reporterName: string | null;
  declare contact: string | null;
  declare content: string;
  declare status: CreationOptional<ReportStatus>;
  declare handlingOpinion: CreationOptional<string | null>;
  declare handledById: CreationOptional<number | null>;
  declare handledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ResultReport.init(
      {
        id,
        publicityId: int(),
        itemId: int(),
        reporterName: str(50, true),
        contact: str(100, true),
        content: text(false),
        status: { ...str(12), defaultValue: 'open' },
        handlingOpinion: str(1000, true),
        handledById: int(true),
        handledAt: date(),
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'result_reports', updatedAt: false },
    );
  }
}

/** 复查 / 投诉 by the applicant, with the handler's opinion. */
export class ResultAppeal extends Model<InferAttributes<ResultAppeal>, InferCreationAttributes<ResultAppeal>> {
  declare id: CreationOptional<number>;
  declare itemId: number;
  declare applicantAccountId: number;
  declare kind: AppealKind;
  declare content: string;
  declare status: CreationOptional<AppealStatus>;
  declare handlingOpinion: CreationOptional<string | null>;
  declare handledById: CreationOptional<number | null>;
  declare handledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ResultAppeal.init(
      {
        id,
        itemId: int(),
        applicantAccountId: int(),
        kind: str(12),
        content: text(false),
        status: { ...str(12), defaultValue: 'submitted' },
        handlingOpinion: text(),
        handledById: int(true),
        handledAt: date(),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'result_appeals' },
    );
  }
}
