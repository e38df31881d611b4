import { ApiError, SESSION_OVER } from './error';
import { tokens } from './tokens';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  /** Public routes (sign-in) send no token and never refresh. */
  auth?: boolean;
}

function urlOf(path: string, query?: QueryParams): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return `/api${path}${s ? `?${s}` : ''}`;
}

async function send(method: Method, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const token = opts.auth === false ? null : tokens.current();
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    return await fetch(urlOf(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server cannot be reached');
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => null);
  const err = body?.error;
  if (err && typeof err.code === 'string') return new ApiError(res.status, err.code, err.message ?? '', err.details ?? []);
  // A proxy's HTML page or an empty body: still a typed error.
  const code = res.status === 429 ? 'rate_limited' : res.status >= 500 ? 'unavailable' : 'internal_error';
  return new ApiError(res.status, code, res.statusText);
}

/**
 * The one way the client talks to the API. Success returns the parsed body (undefined for 204);
 * anything else throws an ApiError. An expired access token is refreshed once and the call
 * retried; a revoked session ends (the session store sends the user to sign-in).
 */
export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const authed = opts.auth !== false;
  // Refresh first when the token is about to lapse, rather than spend a round trip on a 401.
  if (authed && tokens.current() && tokens.expiringWithin(5)) await tokens.refresh().catch(() => undefined);
  let res = await send(method, path, opts);
  if (authed && res.status === 401) {
    const e = await errorOf(res);
    if (e.code !== 'token_expired') {
      if (SESSION_OVER.has(e.code)) tokens.end(e.code);
      throw e;
    }
    await tokens.refresh();
    res = await send(method, path, opts);
  }
  if (!res.ok) {
    const e = await errorOf(res);
    if (authed && res.status === 401 && SESSION_OVER.has(e.code)) tokens.end(e.code);
    throw e;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const http = {
  get: <T>(path: string, query?: QueryParams) => request<T>('GET', path, { query }),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, { body }),
  put: <T>(path: string, body: unknown = {}) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown = {}) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
