import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { jsonColumn } from './columns';
import type { Permission, Role, StaffKind } from '../server/domain/accountTypes';

export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare loginYear: CreationOptional<number>;
  declare passwordHash: string;
  declare role: Role;
  declare staffKind: CreationOptional<StaffKind | null>;
  declare orgId: number;
  declare name: string;
  declare idNumber: CreationOptional<string | null>;
  declare phone: CreationOptional<string | null>;
  declare permissions: CreationOptional<Permission[]>;
  /** Series codes a staff member or policy reviewer is limited to; empty means all. */
  declare seriesScope: CreationOptional<string[]>;
  declare specialtyScope: CreationOptional<string[]>;
  declare mustChangePassword: CreationOptional<boolean>;
  declare failedLogins: CreationOptional<number>;
  declare lockedAt: CreationOptional<Date | null>;
  declare disabledAt: CreationOptional<Date | null>;
  declare expiresAt: CreationOptional<Date | null>;
  /** Bumped on password change, reset or disable: every token carrying an older version is dead. */
  declare tokenVersion: CreationOptional<number>;
  declare lastLoginAt: CreationOptional<Date | null>;
  declare createdById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize) {
    Account.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        username: { type: DataTypes.STRING(64), allowNull: false },
        loginYear: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        passwordHash: { type: DataTypes.STRING(255), allowNull: false },
        role: { type: DataTypes.STRING(24), allowNull: false },
        staffKind: { type: DataTypes.STRING(16), allowNull: true },
        orgId: { type: DataTypes.INTEGER, allowNull: false },
        name: { type: DataTypes.STRING(100), allowNull: false },
        idNumber: { type: DataTypes.STRING(18), allowNull: true },
        phone: { type: DataTypes.STRING(32), allowNull: true },
        permissions: jsonColumn<Permission[]>('permissions', []),
        seriesScope: jsonColumn<string[]>('seriesScope', []),
        specialtyScope: jsonColumn<string[]>('specialtyScope', []),
        mustChangePassword: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        failedLogins: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lockedAt: { type: DataTypes.DATE, allowNull: true },
        disabledAt: { type: DataTypes.DATE, allowNull: true },
        expiresAt: { type: DataTypes.DATE, allowNull: true },
        tokenVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        lastLoginAt: { type: DataTypes.DATE, allowNull: true },
        createdById: { type: DataTypes.INTEGER, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'accounts' },
    );
  }
}
