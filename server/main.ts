import { ConfigError, loadConfig } from './config';
import { createLogger, log, setLogger } from './logger';
import { startServer, isDatabaseEmpty } from './start';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  setLogger(createLogger(config.LOG_LEVEL));

  const running = await startServer(config, {
    async afterMigrate() {
      // The embedded default seeds itself on first start so `npm start` shows a working system.
      if (config.embeddedDatabase && config.AUTO_SEED === 'true' && config.NODE_ENV !== 'production' && (await isDatabaseEmpty())) {
        const { seedDemo } = await import('../seeds/demo');
        log.info('empty embedded database: seeding demo data (first start only)');
        process.stdout.write('\n  First start: loading the demo data (a province, 200 declarations, a review meeting); this takes about half a minute…\n');
        await seedDemo({ log: (m) => log.info(m) });
      }
    },
  });

  const shown = config.HOST === '0.0.0.0' ? `http://localhost:${running.port}` : `http://${config.HOST}:${running.port}`;
  process.stdout.write(
    [
      '',
      `  职称评审系统 is running at ${shown}`,
      `  database: ${config.embeddedDatabase ? `embedded SQLite (${config.dataDir})` : 'MySQL/MariaDB'}; realtime: ${config.REDIS_URL ? 'Redis' : 'one node, in-process'}`,
      '  sign in as prov-admin / Demo#2026 (province office); other demo logins are in README.md',
      `  API description: ${shown}/api/openapi.json`,
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await running.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  log.fatal({ err: e }, 'failed to start');
  process.stderr.write(`Failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
