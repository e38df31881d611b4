import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** 组建单位 of a committee: a known organisation, or a name and unified credit code. */
export class CommitteeFoundingUnit extends Model<InferAttributes<CommitteeFoundingUnit>, InferCreationAttributes<CommitteeFoundingUnit>> {
  declare id: CreationOptional<number>;
  declare committeeId: number;
  declare orgId: number | null;
  declare name: string;
  declare creditCode: string | null;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CommitteeFoundingUnit.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        committeeId: { type: DataTypes.INTEGER, allowNull: false },
        orgId: { type: DataTypes.INTEGER, allowNull: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        creditCode: { type: DataTypes.STRING(18), allowNull: true },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'committee_founding_units' },
    );
  }
}

/** 缴费标准: an item and its amount in fen. */
export class CommitteeFeeItem extends Model<InferAttributes<CommitteeFeeItem>, InferCreationAttributes<CommitteeFeeItem>> {
  declare id: CreationOptional<number>;
  declare committeeId: number;
  declare item: string;
  declare amountFen: number;
  declare note: string | null;
  declare position: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CommitteeFeeItem.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        committeeId: { type: DataTypes.INTEGER, allowNull: false },
        item: { type: DataTypes.STRING(100), allowNull: false },
        amountFen: { type: DataTypes.INTEGER, allowNull: false },
        note: { type: DataTypes.STRING(200), allowNull: true },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'committee_fee_items' },
    );
  }
}

export type CommissionStatus = 'pending' | 'accepted' | 'refused' | 'withdrawn';

/** 委托评审: a unit without a committee asks this one to review its applicants for a year. */
export class CommitteeCommission extends Model<InferAttributes<CommitteeCommission>, InferCreationAttributes<CommitteeCommission>> {
  declare id: CreationOptional<number>;
  declare committeeId: number;
  declare orgId: number;
  declare year: number;
  declare status: CreationOptional<CommissionStatus>;
  declare note: string | null;
  declare opinion: CreationOptional<string | null>;
  declare requestedById: number | null;
  declare decidedById: CreationOptional<number | null>;
  declare decidedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CommitteeCommission.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        committeeId: { type: DataTypes.INTEGER, allowNull: false },
        orgId: { type: DataTypes.INTEGER, allowNull: false },
        year: { type: DataTypes.INTEGER, allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'pending' },
        note: { type: DataTypes.STRING(500), allowNull: true },
        opinion: { type: DataTypes.STRING(500), allowNull: true },
        requestedById: { type: DataTypes.INTEGER, allowNull: true },
        decidedById: { type: DataTypes.INTEGER, allowNull: true },
        decidedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'committee_commissions' },
    );
  }
}
