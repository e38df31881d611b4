import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../columns';
import type {
  AssignmentRole,
  AssignmentState,
  Choice,
  Opinions,
  RoundKind,
  RoundStatus,
  Verdict,
  VoteRules,
} from '../../server/domain/meetingTypes';

/** 分发: a material given to an expert, as main (主审) or secondary reviewer, with the review. */
export class Assignment extends Model<InferAttributes<Assignment>, InferCreationAttributes<Assignment>> {
  declare id: CreationOptional<number>;
  declare meetingApplicantId: number;
  declare meetingExpertId: number;
  declare role: AssignmentRole;
  declare state: CreationOptional<AssignmentState>;
  declare scores: CreationOptional<Record<string, number>>;
  declare opinions: CreationOptional<Opinions>;
  declare totalScore: CreationOptional<string | null>;
  declare verdict: CreationOptional<Verdict | null>;
  declare verdictReason: CreationOptional<string | null>;
  declare finalizedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Assignment.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingApplicantId: { type: DataTypes.INTEGER, allowNull: false },
        meetingExpertId: { type: DataTypes.INTEGER, allowNull: false },
        role: { type: DataTypes.STRING(10), allowNull: false },
        state: { type: DataTypes.STRING(10), allowNull: false, defaultValue: 'assigned' },
        scores: jsonColumn<Record<string, number>>('scores', {}),
        opinions: jsonColumn<Opinions>('opinions', {}),
        totalScore: { type: DataTypes.DECIMAL(6, 2), allowNull: true },
        verdict: { type: DataTypes.STRING(10), allowNull: true },
        verdictReason: { type: DataTypes.STRING(500), allowNull: true },
        finalizedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'assignments' },
    );
  }
}

/** 表决轮次: a group or committee vote; a re-vote is a new round and earlier ones stay. */
export class VoteRound extends Model<InferAttributes<VoteRound>, InferCreationAttributes<VoteRound>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare groupId: number | null;
  declare kind: RoundKind;
  declare number: number;
  declare status: RoundStatus;
  declare mode: 'secret' | 'named';
  declare rules: VoteRules;
  declare members: number;
  declare present: number;
  /** Sheets counted so far (see migration 0301). */
  declare voted: CreationOptional<number>;
  declare closeWhenAllVoted: CreationOptional<boolean>;
  declare launchedById: number;
  declare openedAt: Date;
  declare closedById: CreationOptional<number | null>;
  declare closedAt: CreationOptional<Date | null>;
  declare confirmedById: CreationOptional<number | null>;
  declare confirmedAt: CreationOptional<Date | null>;
  declare digest: CreationOptional<string | null>;
  declare sentBackById: CreationOptional<number | null>;
  declare sentBackAt: CreationOptional<Date | null>;
  declare sentBackReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    VoteRound.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false },
        groupId: { type: DataTypes.INTEGER, allowNull: true },
        kind: { type: DataTypes.STRING(10), allowNull: false },
        number: { type: DataTypes.INTEGER, allowNull: false },
        status: { type: DataTypes.STRING(12), allowNull: false },
        mode: { type: DataTypes.STRING(8), allowNull: false },
        rules: jsonColumn<VoteRules>('rules', {} as VoteRules),
        members: { type: DataTypes.INTEGER, allowNull: false },
        present: { type: DataTypes.INTEGER, allowNull: false },
        voted: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        closeWhenAllVoted: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        launchedById: { type: DataTypes.INTEGER, allowNull: false },
        openedAt: { type: DataTypes.DATE, allowNull: false },
        closedById: { type: DataTypes.INTEGER, allowNull: true },
        closedAt: { type: DataTypes.DATE, allowNull: true },
        confirmedById: { type: DataTypes.INTEGER, allowNull: true },
        confirmedAt: { type: DataTypes.DATE, allowNull: true },
        digest: { type: DataTypes.STRING(64), allowNull: true },
        sentBackById: { type: DataTypes.INTEGER, allowNull: true },
        sentBackAt: { type: DataTypes.DATE, allowNull: true },
        sentBackReason: { type: DataTypes.STRING(500), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'vote_rounds' },
    );
  }
}

/** One applicant decided in a round, with its eligible roll and, after close, its tally. */
export class RoundItem extends Model<InferAttributes<RoundItem>, InferCreationAttributes<RoundItem>> {
  declare id: CreationOptional<number>;
  declare roundId: number;
  declare meetingApplicantId: number;
  /** Meeting experts of the roll who may not vote on this applicant (recused). */
  declare excluded: CreationOptional<number[]>;
  declare eligible: number;
  declare yes: CreationOptional<number | null>;
  declare no: CreationOptional<number | null>;
  declare abstain: CreationOptional<number | null>;
  declare passed: CreationOptional<boolean | null>;

  static initModel(sequelize: Sequelize) {
    RoundItem.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        roundId: { type: DataTypes.INTEGER, allowNull: false },
        meetingApplicantId: { type: DataTypes.INTEGER, allowNull: false },
        excluded: jsonColumn<number[]>('excluded', []),
        eligible: { type: DataTypes.INTEGER, allowNull: false },
        yes: { type: DataTypes.INTEGER, allowNull: true },
        no: { type: DataTypes.INTEGER, allowNull: true },
        abstain: { type: DataTypes.INTEGER, allowNull: true },
        passed: { type: DataTypes.BOOLEAN, allowNull: true },
      },
      { sequelize, tableName: 'round_items', timestamps: false },
    );
  }
}

export class RoundRoll extends Model<InferAttributes<RoundRoll>, InferCreationAttributes<RoundRoll>> {
  declare roundId: number;
  declare meetingExpertId: number;
  static initModel(sequelize: Sequelize) {
    RoundRoll.init(
      { roundId: { type: DataTypes.INTEGER, primaryKey: true }, meetingExpertId: { type: DataTypes.INTEGER, primaryKey: true } },
      { sequelize, tableName: 'round_roll', timestamps: false },
    );
  }
}

/** Who has voted in a round (never what). */
export class RoundVoter extends Model<InferAttributes<RoundVoter>, InferCreationAttributes<RoundVoter>> {
  declare id: CreationOptional<number>;
  declare roundId: number;
  declare meetingExpertId: number;
  declare idempotencyKey: string;
  declare votedAt: Date;
  static initModel(sequelize: Sequelize) {
    RoundVoter.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        roundId: { type: DataTypes.INTEGER, allowNull: false },
        meetingExpertId: { type: DataTypes.INTEGER, allowNull: false },
        idempotencyKey: { type: DataTypes.STRING(64), allowNull: false },
        votedAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'round_voters', timestamps: false },
    );
  }
}

/** What was voted: no voter, no time, a random id. */
export class BallotSheet extends Model<InferAttributes<BallotSheet>, InferCreationAttributes<BallotSheet>> {
  declare id: string;
  declare roundId: number;
  static initModel(sequelize: Sequelize) {
    BallotSheet.init(
      { id: { type: DataTypes.STRING(32), primaryKey: true }, roundId: { type: DataTypes.INTEGER, allowNull: false } },
      { sequelize, tableName: 'ballot_sheets', timestamps: false },
    );
  }
}

export class Ballot extends Model<InferAttributes<Ballot>, InferCreationAttributes<Ballot>> {
  declare sheetId: string;
  declare meetingApplicantId: number;
  declare choice: Choice;
  static initModel(sequelize: Sequelize) {
    Ballot.init(
      {
        sheetId: { type: DataTypes.STRING(32), primaryKey: true },
        meetingApplicantId: { type: DataTypes.INTEGER, primaryKey: true },
        choice: { type: DataTypes.STRING(8), allowNull: false },
      },
      { sequelize, tableName: 'ballots', timestamps: false },
    );
  }
}

/** Only in a named (记名) round. */
export class NamedSheetVoter extends Model<InferAttributes<NamedSheetVoter>, InferCreationAttributes<NamedSheetVoter>> {
  declare sheetId: string;
  declare meetingExpertId: number;
  static initModel(sequelize: Sequelize) {
    NamedSheetVoter.init(
      { sheetId: { type: DataTypes.STRING(32), primaryKey: true }, meetingExpertId: { type: DataTypes.INTEGER, allowNull: false } },
      { sequelize, tableName: 'named_sheet_voters', timestamps: false },
    );
  }
}
