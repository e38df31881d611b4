import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { jsonColumn } from './columns';
import type { OrgCategory, OrgKind, OrgLevel, OrgProfile, OrgStatus } from '../server/domain/orgTypes';

export class Organisation extends Model<InferAttributes<Organisation>, InferCreationAttributes<Organisation>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare parentId: ForeignKey<number> | null;
  declare name: string;
  declare kind: OrgKind;
  declare category: OrgCategory;
  declare level: OrgLevel | null;
  declare status: OrgStatus;
  declare profile: CreationOptional<OrgProfile>;
  declare statusReason: CreationOptional<string | null>;
  declare pendingParentId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Organisation.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        code: { type: DataTypes.STRING(40), allowNull: false, unique: true },
        parentId: { type: DataTypes.INTEGER, allowNull: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        category: { type: DataTypes.STRING(32), allowNull: false },
        level: { type: DataTypes.STRING(16), allowNull: true },
        status: { type: DataTypes.STRING(24), allowNull: false },
        profile: jsonColumn<OrgProfile>('profile', {}),
        statusReason: { type: DataTypes.TEXT, allowNull: true },
        pendingParentId: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'organisations' },
    );
  }
}
