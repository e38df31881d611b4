import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes from the environment only, and is validated once at start so that a
 * typo in DATABASE_URL fails with a sentence rather than a driver stack trace later.
 */
const duration = z.coerce.number().int().positive();

function isProxySpec(x: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(x)) return true;
  const [addr, bits, ...rest] = x.split('/');
  const kind = net.isIP(addr);
  if (!kind || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (kind === 4 ? 32 : 128);
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(mysql|mariadb):\/\/.+/, 'must be a mysql://user:password@host:port/database URL')
    .optional(),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'must be a redis://host:port URL').optional(),
  /** Key prefix for Redis channels, so two deployments (or two test runs) never hear each other. */
  REDIS_PREFIX: z.string().regex(/^[\w.-]+$/).default('zc'),
  /** PEM-encoded Ed25519 keys; unset → generated once and kept under DATA_DIR/keys. */
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  ACCESS_TOKEN_TTL_SECONDS: duration.default(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: duration.default(30 * 24 * 3600),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  // Per address: a meeting room of experts behind one NAT signs in at once; wrong passwords lock per account.
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** scrypt cost as log2(N); 15 ≈ 32 MiB per hash. Tests may lower it; production may not go below 14. */
  PASSWORD_HASH_COST: z.coerce.number().int().min(10).max(20).default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed demo data on the first start of an empty embedded database. */
  AUTO_SEED: z.enum(['true', 'false']).default('true'),
  /** Max upload size in bytes for a single file. */
  UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (comma-separated: loopback, linklocal,
   * uniquelocal, addresses, CIDR ranges). nginx on another machine must be listed, or every client
   * looks like the proxy (one sign-in rate limit for all). Nobody else may set a client's address.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .refine((v) => v.split(',').every((x) => isProxySpec(x.trim())), 'must be loopback, linklocal, uniquelocal, IP addresses or CIDR ranges, comma-separated'),
  /**
   * GET /metrics answers loopback only (a Prometheus beside the node); with a token set, a scraper
   * elsewhere may read it presenting `Authorization: Bearer <token>`. Long enough not to be guessed.
   */
  METRICS_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional(),
  /**
   * On SIGTERM, seconds to keep serving while /api/health/ready answers 503, so a balancer that
   * polls readiness stops sending before sockets are closed. 0: close at once (nginx notices the
   * closed port by itself).
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(120).default(0),
  /** Where the public reaches this system (certificate QR codes and printed links); unset → the request's host. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http(s) URL such as https://zc.example.gov.cn')
    .optional(),
  /**
   * Live vote counts are announced at most once per this many ms per round and node (the first
   * after a quiet spell at once): one broadcast per ballot sheet cannot scale to busy rooms.
   */
  ROOM_PROGRESS_INTERVAL_MS: z.coerce.number().int().min(10).max(2000).default(50),
  /** Ballot sheets checked and written per transaction at most (group commit). */
  BALLOT_BATCH_MAX: z.coerce.number().int().min(1).max(1000).default(100),
  /** Ballot batches in flight at once per node. */
  BALLOT_BATCH_PARALLEL: z.coerce.number().int().min(1).max(8).default(2),
});

export type Config = z.infer<typeof schema> & {
  dataDir: string;
  embeddedDatabase: boolean;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && c.PASSWORD_HASH_COST < 14) {
    throw new ConfigError('Invalid configuration:\n  PASSWORD_HASH_COST: must be at least 14 in production');
  }
  if (Boolean(c.JWT_PRIVATE_KEY) !== Boolean(c.JWT_PUBLIC_KEY)) {
    throw new ConfigError('Invalid configuration:\n  JWT_PRIVATE_KEY/JWT_PUBLIC_KEY: set both or neither');
  }
  return { ...c, dataDir: path.resolve(c.DATA_DIR), embeddedDatabase: !c.DATABASE_URL };
}
