import { z } from 'zod';
import type { Area } from '../../server/areas';
import { ConfigError } from '../../server/config';
import { registerCollabRoutes } from './routes';
import { startCollabServer, type CollabServer } from './server';

/**
 * The collaboration engine's own settings, read from the environment and checked at start like
 * the rest of the configuration.
 */
const settingsSchema = z.object({
  /** Compact a document once it has about this many update rows. */
  COLLAB_COMPACT_ROWS: z.coerce.number().int().min(2).max(100_000).default(500),
  /** Largest WebSocket message accepted; bigger ones close the connection with 1009. */
  COLLAB_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
});

export function collabSettings(env: Record<string, string | undefined> = process.env) {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

let engine: CollabServer | null = null;

/** The engine running in this process, if any (tests read its stats). */
export const collabEngine = () => engine;

export const collabArea: Area = {
  name: 'collab',
  routes: registerCollabRoutes,
  async start({ server, realtime, config }) {
    const s = collabSettings();
    engine = await startCollabServer({
      server,
      redis: realtime.redis,
      redisPrefix: config.REDIS_PREFIX,
      compactRows: s.COLLAB_COMPACT_ROWS,
      maxMessageBytes: s.COLLAB_MAX_MESSAGE_BYTES,
    });
  },
  async stop() {
    await engine?.stop();
    engine = null;
  },
};
