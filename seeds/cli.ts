import { loadConfig } from '../server/config';
import { createSequelize } from '../models/db';
import { migrate } from '../models/migrate';
import { initModels } from '../models';
import { seedDemo } from './demo';

/** `npm run seed`: migrate, then load the demo data unless they are already there. */
async function main() {
  const config = loadConfig();
  if (config.NODE_ENV === 'production') {
    process.stderr.write('Refusing to seed demo data with NODE_ENV=production\n');
    process.exit(1);
  }
  const sequelize = await createSequelize({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  await migrate(sequelize);
  initModels(sequelize);
  const started = Date.now();
  await seedDemo({ log: (m) => process.stdout.write(`${m}\n`) });
  process.stdout.write(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  await sequelize.close();
}

main().catch((e) => {
  process.stderr.write(`Seeding failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
