import fs from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { ValidationError, UniqueConstraintError, ForeignKeyConstraintError } from 'sequelize';
import { AppError, dbUnavailable, isDbUnavailable, rateLimited } from './errors';
import { log } from './logger';
import { createRoutes, type Routes } from './http/route';
import { openApiDocument } from './http/openapi';
import { registerAuthRoutes } from './routes/auth/router';
import { registerOrgRoutes } from './routes/orgs/router';
import { registerAccountRoutes } from './routes/accounts/router';
import type { Config } from './config';
import { countHttpResponse, metricsHandler } from './metrics';

export interface HealthState {
  status: 'ok' | 'degraded';
  database: { ok: boolean; dialect: string; error?: string };
  redis: { ok: boolean; mode: 'redis' | 'in-process'; error?: string };
  node: string;
}

/** What a balancer asks before sending work: dependencies answer and the node is not draining. */
export interface ReadyState {
  ready: boolean;
  shuttingDown: boolean;
  database: { ok: boolean; error?: string };
  redis: { ok: boolean; mode: 'redis' | 'in-process'; error?: string };
  node: string;
}

export interface AppOptions {
  config: Config;
  health: () => Promise<HealthState>;
  readiness: () => Promise<ReadyState>;
  /** True from the moment a graceful shutdown begins. */
  shuttingDown: () => boolean;
  clientDist: string;
  /** Other areas' route registrations (declarations, meetings, …), appended in order. */
  extraRoutes?: Array<(r: Routes) => void>;
}

export function createApp(opts: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // The reverse proxy (deploy/nginx.conf; on this machine unless TRUST_PROXY says where) tells us
  // the client's address; nobody else may. req.ip is then the real client, which the sign-in rate
  // limit and /metrics rely on.
  app.set('trust proxy', opts.config.TRUST_PROXY.split(',').map((x) => x.trim()));
  app.use((req, res, next) => {
    res.on('finish', () => countHttpResponse(res.statusCode));
    // Draining: ask keep-alive peers (the balancer) to open their next request elsewhere.
    if (opts.shuttingDown()) res.setHeader('Connection', 'close');
    next();
  });
  app.use(securityHeaders());
  app.use(refuseCrossOrigin);
  app.use(
    pinoHttp({
      logger: log,
      // Bodies are never logged; headers with credentials are redacted by the logger.
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: req.url.replace(/([?&](ticket|token)=)[^&]+/g, '$1[redacted]') }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // The balancer polls these every few seconds: they would drown the log.
      autoLogging: { ignore: (req) => !req.url?.startsWith('/api') || QUIET_PATHS.has(req.url) },
    }),
  );
  app.use('/api', bodyLimits(opts.config.UPLOAD_MAX_BYTES));
  app.use('/api', express.json({ limit: JSON_LIMIT_BYTES }));
  app.use('/api', cookieParser());

  const api = express.Router();
  const routes = createRoutes(api);

  api.use(
    '/auth/login',
    rateLimit({
      windowMs: 60_000,
      limit: opts.config.LOGIN_RATE_LIMIT_PER_MINUTE,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(rateLimited()),
    }),
  );

  routes.add({
    method: 'get',
    path: '/health',
    summary: 'Database and Redis state',
    tags: ['system'],
    needs: 'public',
    response: z.object({
      status: z.enum(['ok', 'degraded']),
      database: z.object({ ok: z.boolean(), dialect: z.string(), error: z.string().optional() }),
      redis: z.object({ ok: z.boolean(), mode: z.enum(['redis', 'in-process']), error: z.string().optional() }),
      node: z.string(),
    }),
    async handler({ res }) {
      const h = await opts.health();
      // Sent here: the route wrapper answers a returned value with 200 whatever status was set.
      if (h.status !== 'ok') res.status(503).json(h);
      else return h;
    },
  });

  routes.add({
    method: 'get',
    path: '/health/live',
    summary: 'Liveness for a balancer or supervisor: the process is up and its event loop answers (nothing else is checked)',
    tags: ['system'],
    needs: 'public',
    response: z.object({ status: z.literal('ok'), node: z.string(), uptimeSeconds: z.number() }),
    async handler() {
      return { status: 'ok' as const, node: `${process.pid}`, uptimeSeconds: Math.round(process.uptime()) };
    },
  });

  routes.add({
    method: 'get',
    path: '/health/ready',
    summary: 'Readiness for a balancer: 200 when the database and Redis answer and the node is not shutting down, else 503',
    tags: ['system'],
    needs: 'public',
    response: z.object({
      ready: z.boolean(),
      shuttingDown: z.boolean(),
      database: z.object({ ok: z.boolean(), error: z.string().optional() }),
      redis: z.object({ ok: z.boolean(), mode: z.enum(['redis', 'in-process']), error: z.string().optional() }),
      node: z.string(),
    }),
    async handler({ res }) {
      const r = await opts.readiness();
      res.setHeader('Cache-Control', 'no-store');
      if (!r.ready) res.status(503).json(r);
      else return r;
    },
  });

  registerAuthRoutes(routes, {
    maxFailures: opts.config.LOGIN_MAX_FAILURES,
    secureCookies: opts.config.NODE_ENV === 'production',
    refreshTtlSeconds: opts.config.REFRESH_TOKEN_TTL_SECONDS,
  });
  registerOrgRoutes(routes);
  registerAccountRoutes(routes);
  for (const register of opts.extraRoutes ?? []) register(routes);

  // Built last so it lists every route above.
  let doc: unknown = null;
  api.get('/openapi.json', (_req, res) => {
    doc ??= openApiDocument();
    res.json(doc);
  });

  api.use((_req, _res, next) => next(new AppError(404, 'not_found', 'No such API route')));
  app.use('/api', api);

  // Not under /api: Prometheus' conventional path, outside the API document and the client's reach.
  app.get('/metrics', metricsHandler(opts.config.METRICS_TOKEN));

  if (fs.existsSync(path.join(opts.clientDist, 'index.html'))) {
    app.use(express.static(opts.clientDist, { index: false, maxAge: '1h' }));
    // The client routes in the browser: every non-API path gets the app shell.
    app.get(/^\/(?!api\/|socket\.io\/|collab\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(opts.clientDist, 'index.html'));
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('The client is not built: run `npm run build`, then reload.');
    });
  }

  app.use(errorHandler);
  return app;
}

/** The only place errors become responses: a stable code, the field at fault, never a stack. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  let e: AppError;
  if (err instanceof AppError) e = err;
  else if (isDbUnavailable(err)) {
    // Expected while the database is away; the pool reconnects by itself. One line, no stack.
    log.warn({ err: { name: err?.name, code: err?.parent?.code ?? err?.code, message: err?.message } }, 'database unavailable');
    res.setHeader('Retry-After', '5');
    e = dbUnavailable();
  } else if (err?.type === 'entity.too.large') e = new AppError(413, 'payload_too_large', 'The request body is too large');
  else if (err?.type === 'entity.parse.failed') e = new AppError(400, 'invalid_json', 'The request body is not valid JSON');
  else if (err instanceof UniqueConstraintError) {
    e = new AppError(
      409,
      'duplicate',
      'Something with the same key already exists',
      err.errors.map((x) => ({ path: `body.${x.path ?? ''}`, message: 'taken' })),
    );
  } else if (err instanceof ForeignKeyConstraintError) {
    e = new AppError(409, 'in_use', 'It is referenced by other records');
  } else if (err instanceof ValidationError) {
    e = new AppError(400, 'validation_failed', 'The data is not valid', err.errors.map((x) => ({ path: `body.${x.path ?? ''}`, message: x.message })));
  } else if (err?.code === 'LIMIT_FILE_SIZE') {
    e = new AppError(413, 'file_too_large', 'The file is too large', [{ path: `body.${err.field ?? 'file'}`, message: 'too large' }]);
  } else if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported') {
    e = new AppError(415, 'unsupported_media_type', 'The body’s charset or encoding is not supported');
  } else if (err instanceof URIError || (Number.isInteger(err?.status) && err.status >= 400 && err.status < 500 && err.expose !== false)) {
    // The router's own refusals (a path that is not valid percent-encoding) and body-parser's.
    e = new AppError(400, 'bad_request', 'The request is malformed');
  } else {
    (req as { log?: typeof log }).log?.error({ err }, 'unhandled error') ?? log.error({ err }, 'unhandled error');
    e = new AppError(500, 'internal_error', 'Something went wrong on our side');
  }
  if (e.status >= 500 && err instanceof AppError && e.code !== 'db_unavailable') log.error({ code: e.code }, e.message);
  res.status(e.status).json(e.toJSON());
};

const JSON_LIMIT_BYTES = 256 * 1024;
/** Room for multipart boundaries and the few small fields beside the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

const QUIET_PATHS = new Set(['/api/health', '/api/health/live', '/api/health/ready']);

/**
 * Security headers (helmet). The CSP fits the built Solid client: scripts and styles from this
 * origin only (no inline script anywhere in the build); inline style attributes are allowed because
 * Solid's templates and ECharts write them; images from data:/blob: (charts, QR codes, previews);
 * connect-src 'self' covers fetch and the same-origin WebSockets /socket.io/ and /collab/ (CSP 3
 * matches ws:/wss: of the page's own host under 'self'). PDFs open as blob: URLs in a new tab, and
 * some browsers treat their viewer as a plugin: hence object/frame-src blob:.
 * HSTS and upgrade-insecure-requests are left to whoever terminates TLS (nginx): set on a plain
 * http deployment they would send browsers to an https port that does not exist.
 */
function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'worker-src': ["'self'", 'blob:'],
        'object-src': ["'self'", 'blob:'],
        'frame-src': ["'self'", 'blob:'],
        'frame-ancestors': ["'self'"],
        'form-action': ["'self'"],
        'base-uri': ["'self'"],
      },
    },
    strictTransportSecurity: false,
  });
}

/**
 * Closed CORS: the client is served from this origin, so no response carries
 * Access-Control-Allow-Origin and a foreign page's preflight is refused outright. (Socket.IO has
 * `cors: { origin: false }`; the refresh cookie is SameSite=Strict.)
 */
const refuseCrossOrigin: RequestHandler = (req, _res, next) => {
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    return next(new AppError(403, 'cors_forbidden', 'Cross-origin requests are not allowed'));
  }
  next();
};

/**
 * A declared body larger than any route accepts is refused before a byte of it is read, whatever
 * its type: JSON is also capped by express.json while streaming, uploads by multer; other types are
 * never parsed at all (a form-encoded body reaches no route), so this is their only limit.
 */
function bodyLimits(uploadMaxBytes: number): RequestHandler {
  return (req, _res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (req.is('multipart/form-data')) {
      if (declared > uploadMaxBytes + MULTIPART_OVERHEAD_BYTES) {
        return next(new AppError(413, 'file_too_large', `The file is larger than ${uploadMaxBytes} bytes`, [{ path: 'body.file', message: 'too large', code: 'file_too_large' }]));
      }
    } else if (declared > JSON_LIMIT_BYTES) {
      return next(new AppError(413, 'payload_too_large', 'The request body is too large'));
    }
    next();
  };
}
