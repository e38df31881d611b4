import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Umzug, SequelizeStorage } from 'umzug';
import { DataTypes, type QueryInterface, type Sequelize } from 'sequelize';
import type { Migration } from './migrations/helpers';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The schema comes only from these migrations, on MariaDB and SQLite alike; never from sync(). */
export function migrator(sequelize: Sequelize) {
  return new Umzug<QueryInterface>({
    migrations: {
      glob: ['[0-9][0-9][0-9][0-9]-*.{ts,js}', { cwd: dir }],
      resolve: ({ name, path: file }) => {
        const load = async () => ((await import(pathToFileURL(file!).href)) as { default: Migration }).default;
        return {
          name: name.replace(/\.(ts|js)$/, ''),
          up: async ({ context }) => (await load()).up(context),
          down: async ({ context }) => (await load()).down(context),
        };
      },
    },
    context: sequelize.getQueryInterface(),
    // Our own model for the bookkeeping table: umzug's default is utf8 (3-byte) on MySQL.
    storage: new SequelizeStorage({
      model: sequelize.define(
        'SchemaMigration',
        { name: { type: DataTypes.STRING(190), allowNull: false, unique: true, primaryKey: true } },
        { tableName: 'schema_migrations', timestamps: false, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
      ),
    }),
    logger: undefined,
  });
}

export async function migrate(sequelize: Sequelize) {
  return migrator(sequelize).up();
}
