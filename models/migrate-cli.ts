import { loadConfig } from '../server/config';
import { createSequelize } from './db';
import { migrator } from './migrate';

/** `npm run migrate` (add `-- down` to undo the last one). */
async function main() {
  const config = loadConfig();
  const sequelize = await createSequelize({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  const m = migrator(sequelize);
  const done = process.argv.includes('down') ? await m.down() : await m.up();
  process.stdout.write(`${done.length ? done.map((x) => x.name).join('\n') : 'nothing to migrate'}\n`);
  await sequelize.close();
}

main().catch((e) => {
  process.stderr.write(`Migration failed: ${(e as Error).message}\n`);
  process.exit(1);
});
