import { server } from './setup';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client over fetch: `api(token).post('/orgs', body)`. Paths are relative to /api. */
export function api(token?: string | null, baseUrl?: string) {
  const base = baseUrl ?? server().url;
  async function call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: {
        ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
    put: <T = any>(path: string, body?: unknown) => call<T>('PUT', path, body ?? {}),
    patch: <T = any>(path: string, body?: unknown) => call<T>('PATCH', path, body ?? {}),
    delete: <T = any>(path: string) => call<T>('DELETE', path),
    raw: call,
  };
}

export async function login(username: string, password: string, baseUrl?: string) {
  const res = await api(null, baseUrl).post('/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { accessToken: string; refreshToken: string; account: { id: number; mustChangePassword: boolean } };
}

/** Asserts the DESIGN §13 error shape and returns it. */
export function errorOf(res: ApiResponse): { code: string; message: string; details?: { path: string; message: string; code?: string }[] } {
  if (!res.body || typeof res.body !== 'object' || !('error' in res.body)) {
    throw new Error(`expected an error body, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return (res.body as { error: any }).error;
}
