import fs from 'node:fs';
import path from 'node:path';
import express, { type ErrorRequestHandler, type Express } from 'express';
import cookieParser from 'cookie-parser';
import { pinoHttp } from 'pino-http';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { ValidationError, UniqueConstraintError, ForeignKeyConstraintError } from 'sequelize';
import { AppError, rateLimited } from './errors';
import { log } from './logger';
import { createRoutes, type Routes } from './http/route';
import { openApiDocument } from './http/openapi';
import { registerAuthRoutes } from './routes/auth/router';
import { registerOrgRoutes } from './routes/orgs/router';
import { registerAccountRoutes } from './routes/accounts/router';
import type { Config } from './config';

export interface HealthState {
  status: 'ok' | 'degraded';
  database: { ok: boolean; dialect: string; error?: string };
  redis: { ok: boolean; mode: 'redis' | 'in-process'; error?: string };
  node: string;
}

export interface AppOptions {
  config: Config;
  health: () => Promise<HealthState>;
  clientDist: string;
  /** Other areas' route registrations (declarations, meetings, …), appended in order. */
  extraRoutes?: Array<(r: Routes) => void>;
}

export function createApp(opts: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    pinoHttp({
      logger: log,
      // Bodies are never logged; headers with credentials are redacted by the logger.
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: req.url.replace(/([?&](ticket|token)=)[^&]+/g, '$1[redacted]') }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => !req.url?.startsWith('/api') || req.url === '/api/health' },
    }),
  );
  app.use('/api', express.json({ limit: '256kb' }));
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
      if (h.status !== 'ok') res.status(503);
      return h;
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
  else if (err?.type === 'entity.too.large') e = new AppError(413, 'payload_too_large', 'The request body is too large');
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
  } else {
    (req as { log?: typeof log }).log?.error({ err }, 'unhandled error') ?? log.error({ err }, 'unhandled error');
    e = new AppError(500, 'internal_error', 'Something went wrong on our side');
  }
  if (e.status >= 500 && err instanceof AppError) log.error({ code: e.code }, e.message);
  res.status(e.status).json(e.toJSON());
};
