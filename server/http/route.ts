import type { Request, Response, Router, RequestHandler } from 'express';
import { z, type ZodType } from 'zod';
import { openApiRegistry } from './openapi';
import { authenticateToken, bearerToken } from './authenticate';
import { can, type Action, type Actor } from '../policies';
import { forbidden, unauthenticated, validationFailed, type ErrorDetail } from '../errors';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * What a route needs before its handler runs:
 * - 'public': nothing;
 * - 'signedIn': a valid token, even one that must still change its password;
 * - an Action: a token whose password is changed and whose role could take that action; the
 *   handler then authorizes against the loaded subject.
 */
export type Needs = 'public' | 'signedIn' | Action;

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export interface RouteContext<P, Q, B, A> {
  actor: A;
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

export interface RouteSpec<PS, QS, BS, RS, N extends Needs> {
  method: Method;
  /** Express-style path relative to /api, e.g. '/orgs/:id' */
  path: string;
  summary: string;
  tags: string[];
  needs: N;
  params?: PS;
  query?: QS;
  body?: BS;
  /** Response body schema (documentation); omit for file downloads. */
  response?: RS;
  /** Content type of a non-JSON response, for the OpenAPI document. */
  produces?: string;
  status?: number;
  /** Middleware before validation, e.g. a multipart parser. */
  before?: RequestHandler[];
  /** Extra documented request content, e.g. multipart/form-data. */
  requestContent?: Record<string, { schema: ZodType }>;
  handler: (
    ctx: RouteContext<Infer<PS>, Infer<QS>, Infer<BS>, N extends 'public' ? Actor | null : Actor>,
  ) => Promise<(RS extends ZodType ? z.infer<RS> : unknown) | void>;
}

function issuesToDetails(where: string, error: z.ZodError): ErrorDetail[] {
  return error.issues.map((i) => {
    const keys = i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys ?? [] : [];
    const path = [where, ...i.path.map(String), ...(keys.length === 1 ? keys : [])].join('.');
    return { path, message: i.message, code: i.code };
  });
}

function parsePart<T extends ZodType | undefined>(schema: T, value: unknown, where: string): Infer<T> {
  if (!schema) return undefined as Infer<T>;
  const r = schema.safeParse(value);
  if (!r.success) throw validationFailed(issuesToDetails(where, r.error));
  return r.data as Infer<T>;
}

/** Attaches the actor for a route; used by every route and by nothing else. */
async function resolveActor(req: Request, needs: Needs): Promise<Actor | null> {
  const token = bearerToken(req.headers.authorization);
  if (!token) {
    if (needs === 'public') return null;
    throw unauthenticated();
  }
  const { actor } = await authenticateToken(token);
  if (needs === 'public' || needs === 'signedIn') return actor;
  if (actor.mustChangePassword) throw forbidden('password_change_required', 'Change your password first');
  if (!can(actor, needs)) {
    throw actor.orgStatus !== 'active'
      ? forbidden('org_not_approved', 'Your organisation has not been approved yet')
      : forbidden();
  }
  return actor;
}

export interface Routes {
  add<PS extends ZodType | undefined, QS extends ZodType | undefined, BS extends ZodType | undefined, RS, N extends Needs>(
    spec: RouteSpec<PS, QS, BS, RS, N>,
  ): void;
}

export function createRoutes(router: Router, prefix = '/api'): Routes {
  return {
    add(spec) {
      const oasPath = prefix + spec.path.replace(/:(\w+)/g, '{$1}');
      const content = spec.requestContent ?? (spec.body ? { 'application/json': { schema: spec.body as ZodType } } : undefined);
      openApiRegistry.registerPath({
        method: spec.method,
        path: oasPath,
        summary: spec.summary,
        tags: spec.tags,
        description: spec.needs === 'public' ? 'Public.' : spec.needs === 'signedIn' ? 'Any signed-in account.' : `Needs: ${spec.needs}`,
        security: spec.needs === 'public' ? [] : [{ bearer: [] }],
        request: {
          params: spec.params as never,
          query: spec.query as never,
          body: content ? { content } : undefined,
        },
        responses: {
          [spec.status ?? 200]: {
            description: 'OK',
            content: spec.produces
              ? { [spec.produces]: { schema: { type: 'string', format: 'binary' } } }
              : spec.response
                ? { 'application/json': { schema: spec.response as unknown as ZodType } }
                : undefined,
          },
          default: { description: 'Error: { error: { code, message, details } }' },
        },
      });

      // Authenticate before anything reads the body (an upload parser must not run for strangers).
      const authenticate: RequestHandler = async (req, res, next) => {
        try {
          res.locals.actor = await resolveActor(req, spec.needs);
          next();
        } catch (e) {
          next(e);
        }
      };
      const handler: RequestHandler = async (req, res, next) => {
        try {
          const actor = res.locals.actor as Actor | null;
          const params = parsePart(spec.params, req.params, 'params');
          const query = parsePart(spec.query, req.query, 'query');
          const body = parsePart(spec.body, req.body ?? {}, 'body');
          const result = await spec.handler({ actor: actor as never, params, query, body, req, res } as never);
          if (res.headersSent) return;
          // A handler may set another status itself (a degraded health check answers 503).
          const status = res.statusCode !== 200 ? res.statusCode : undefined;
          if (result === undefined) res.status(status ?? spec.status ?? 204).end();
          else res.status(status ?? spec.status ?? 200).json(result);
        } catch (e) {
          next(e);
        }
      };
      router[spec.method](spec.path, authenticate, ...(spec.before ?? []), handler);
    },
  };
}

/** Paging per DESIGN §13: ?page=&pageSize= → { items, total, page, pageSize }. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const pageOf = <T extends ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();
