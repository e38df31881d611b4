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

  // Listen for signals before starting: a SIGTERM during start-up (a supervisor or a test that
  // gives up) must still end in a graceful stop, not in the default handler's abrupt exit.
  let running: Awaited<ReturnType<typeof startServer>> | null = null;
  let stopping: string | null = null;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = signal;
    log.info({ signal }, 'shutting down');
    if (!running) return; // start-up finishes, then stops (below)
    await running.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('unhandledRejection', onUnhandledRejection);

  running = await startServer(config, {
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

  if (stopping) {
    await running.close();
    process.exit(0);
  }
}

/**
 * While Redis is down, @socket.io/redis-adapter publishes every broadcast with ioredis and leaves
 * the rejected promise unhandled (MaxRetriesPerRequestError once ioredis gives up on the command).
 * Node's default would end the process, and with it every socket on this node, for an announcement
 * that has already reached this node's own clients (the others resync from the database). Those
 * are logged, once a second at most; any other unhandled rejection still ends the process, as by
 * default. (The proper place is realtime/index.ts, catching the adapter's publishes.)
 */
let redisRejections = 0;
let redisRejectionsLogged = 0;
function onUnhandledRejection(reason: unknown) {
  const e = reason as { name?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : '';
  if (e?.name === 'MaxRetriesPerRequestError' || message === 'Connection is closed.' || message.startsWith("Stream isn't writeable")) {
    redisRejections += 1;
    if (Date.now() - redisRejectionsLogged >= 1000) {
      log.warn({ err: message, count: redisRejections }, 'redis unavailable: broadcasts reach this node’s clients only');
      redisRejectionsLogged = Date.now();
      redisRejections = 0;
    }
    return;
  }
  log.fatal({ err: reason }, 'unhandled rejection');
  process.stderr.write(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
  process.exit(1);
}

main().catch((e) => {
  log.fatal({ err: e }, 'failed to start');
  process.stderr.write(`Failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
