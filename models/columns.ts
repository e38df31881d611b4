import { DataTypes, type ModelAttributeColumnOptions, type Model } from 'sequelize';

/**
 * JSON stored as text. MariaDB reports JSON columns as LONGTEXT, so through the mysql2 driver they
 * come back as strings; parsing here makes MariaDB and SQLite behave the same.
 */
export function jsonColumn<T>(field: string, fallback: T, allowNull = false): ModelAttributeColumnOptions<Model> {
  return {
    type: DataTypes.TEXT,
    allowNull,
    ...(allowNull ? {} : { defaultValue: JSON.stringify(fallback) }),
    get(this: Model) {
      const raw = this.getDataValue(field as never) as unknown;
      if (raw === null || raw === undefined) return allowNull ? null : structuredClone(fallback);
      return typeof raw === 'string' ? (JSON.parse(raw) as T) : (raw as T);
    },
    set(this: Model, value: T | null) {
      this.setDataValue(field as never, (value === null || value === undefined ? null : JSON.stringify(value)) as never);
    },
  };
}
