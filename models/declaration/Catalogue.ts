import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { jsonColumn } from '../columns';
import type { Level, PathEnd, ReviewRoute } from '../../server/domain/titles';

export interface RequiredMaterial {
  key: string;
  name: string;
  required: boolean;
}

/** 系列 */
export class TitleSeries extends Model<InferAttributes<TitleSeries>, InferCreationAttributes<TitleSeries>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare levels: CreationOptional<Level[]>;
  declare requiredMaterials: CreationOptional<RequiredMaterial[]>;
  declare position: CreationOptional<number>;
  declare status: CreationOptional<'active' | 'disabled'>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    TitleSeries.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        code: { type: DataTypes.STRING(40), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(50), allowNull: false },
        levels: jsonColumn<Level[]>('levels', []),
        requiredMaterials: jsonColumn<RequiredMaterial[]>('requiredMaterials', []),
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'title_series' },
    );
  }
}

/** 资格名称 */
export class TitleQualification extends Model<InferAttributes<TitleQualification>, InferCreationAttributes<TitleQualification>> {
  declare id: CreationOptional<number>;
  declare seriesId: number;
  declare level: Level;
  declare name: string;
  declare position: CreationOptional<number>;
  declare status: CreationOptional<'active' | 'disabled'>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    TitleQualification.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        seriesId: { type: DataTypes.INTEGER, allowNull: false },
        level: { type: DataTypes.STRING(16), allowNull: false },
        name: { type: DataTypes.STRING(50), allowNull: false },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'title_qualifications' },
    );
  }
}

/** 专业 (a tree within a series) */
export class TitleSpecialty extends Model<InferAttributes<TitleSpecialty>, InferCreationAttributes<TitleSpecialty>> {
  declare id: CreationOptional<number>;
  declare seriesId: number;
  declare parentId: CreationOptional<number | null>;
  declare code: string;
  declare name: string;
  declare position: CreationOptional<number>;
  declare status: CreationOptional<'active' | 'disabled'>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    TitleSpecialty.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        seriesId: { type: DataTypes.INTEGER, allowNull: false },
        parentId: { type: DataTypes.INTEGER, allowNull: true },
        code: { type: DataTypes.STRING(40), allowNull: false },
        name: { type: DataTypes.STRING(100), allowNull: false },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'title_specialties' },
    );
  }
}

/** 审核路径: where review ends for a level and route ('*' = any series). */
export class ReviewPath extends Model<InferAttributes<ReviewPath>, InferCreationAttributes<ReviewPath>> {
  declare id: CreationOptional<number>;
  declare seriesCode: CreationOptional<string>;
  declare level: Level;
  declare route: ReviewRoute;
  declare endsAt: PathEnd;
  declare skipKinds: CreationOptional<string[]>;
  declare note: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    ReviewPath.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        seriesCode: { type: DataTypes.STRING(40), allowNull: false, defaultValue: '*' },
        level: { type: DataTypes.STRING(16), allowNull: false },
        route: { type: DataTypes.STRING(16), allowNull: false },
        endsAt: { type: DataTypes.STRING(16), allowNull: false },
        skipKinds: jsonColumn<string[]>('skipKinds', []),
        note: { type: DataTypes.STRING(500), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'review_paths' },
    );
  }
}
