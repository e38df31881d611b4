import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { jsonColumn } from '../columns';
import type { CommitteeType, Level } from '../../server/domain/titles';

/**
 * 评委会, the minimal record declarations need (migration 0101). The meeting setup extends it with
 * tables of its own (founding units, fee items, expert library, meetings) keyed by `committees.id`.
 */
export class Committee extends Model<InferAttributes<Committee>, InferCreationAttributes<Committee>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare seriesCode: string;
  declare type: CommitteeType;
  /** 评委会组建单位: an org of kind committee_unit or a self-evaluating unit. */
  declare ownerOrgId: number;
  declare levels: CreationOptional<Level[]>;
  /** Specialty codes of the series; [] = all. */
  declare specialties: CreationOptional<string[]>;
  declare status: CreationOptional<'active' | 'disabled'>;
  declare statusReason: CreationOptional<string | null>;
  declare materialDeadline: CreationOptional<Date | null>;
  declare validFrom: CreationOptional<Date | null>;
  declare validUntil: CreationOptional<Date | null>;
  declare note: CreationOptional<string | null>;
  declare createdById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Committee.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        code: { type: DataTypes.STRING(40), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(200), allowNull: false },
        seriesCode: { type: DataTypes.STRING(40), allowNull: false },
        type: { type: DataTypes.STRING(16), allowNull: false },
        ownerOrgId: { type: DataTypes.INTEGER, allowNull: false },
        levels: jsonColumn<Level[]>('levels', []),
        specialties: jsonColumn<string[]>('specialties', []),
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        statusReason: { type: DataTypes.STRING(500), allowNull: true },
        materialDeadline: { type: DataTypes.DATE, allowNull: true },
        validFrom: { type: DataTypes.DATE, allowNull: true },
        validUntil: { type: DataTypes.DATE, allowNull: true },
        note: { type: DataTypes.TEXT, allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'committees' },
    );
  }
}
