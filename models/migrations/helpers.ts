import { DataTypes, type QueryInterface, type ModelAttributes } from 'sequelize';

export type Migration = { up: (qi: QueryInterface) => Promise<void>; down: (qi: QueryInterface) => Promise<void> };

/** Every table utf8mb4 on MariaDB; SQLite ignores the options. */
export const tableOptions = { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci', engine: 'InnoDB' } as const;

export const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false } as const;

export const timestamps = {
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
} as const;

export const ref = (table: string, allowNull = false, onDelete: 'CASCADE' | 'RESTRICT' | 'SET NULL' = 'RESTRICT') =>
  ({
    type: DataTypes.INTEGER,
    allowNull,
    references: { model: table, key: 'id' },
    onDelete,
    onUpdate: 'CASCADE',
  }) as const;

/** JSON as TEXT (64 KiB on MariaDB): enough for settings and payloads; bulk data gets its own columns. */
export const json = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull }) as const;

/** Large binary (Yjs updates, files): LONGBLOB on MariaDB, BLOB on SQLite. */
export const blob = (qi: QueryInterface, allowNull = false) =>
  ({ type: qi.sequelize.getDialect() === 'sqlite' ? DataTypes.BLOB : DataTypes.BLOB('long'), allowNull }) as const;

export async function createTable(qi: QueryInterface, name: string, attrs: ModelAttributes) {
  await qi.createTable(name, attrs, tableOptions);
}
