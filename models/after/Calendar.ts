import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import { jsonColumn } from '../columns';
import type { DayKind } from '../../server/domain/workingDays';

/** 节假日与调休: one day the calendar overrides. */
export class CalendarDay extends Model<InferAttributes<CalendarDay>, InferCreationAttributes<CalendarDay>> {
  declare id: CreationOptional<number>;
  declare day: string;
  declare kind: DayKind;
  declare name: string;
  declare updatedById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    CalendarDay.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        day: { type: DataTypes.STRING(10), allowNull: false },
        kind: { type: DataTypes.STRING(10), allowNull: false },
        name: { type: DataTypes.STRING(50), allowNull: false },
        updatedById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'calendar_days' },
    );
  }
}

/** One setting of the after-meeting area; absent keys take their defaults. */
export class AfterSetting extends Model<InferAttributes<AfterSetting>, InferCreationAttributes<AfterSetting>> {
  declare key: string;
  declare value: unknown;
  declare updatedById: number | null;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    AfterSetting.init(
      {
        key: { type: DataTypes.STRING(40), primaryKey: true },
        value: jsonColumn<unknown>('value', null),
        updatedById: { type: DataTypes.INTEGER, allowNull: true },
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'after_settings', createdAt: false },
    );
  }
}
