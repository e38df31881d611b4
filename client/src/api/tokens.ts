import { ApiError } from './error';
import type { SessionView } from './types';

/**
 * The access token lives in memory only; the refresh token is an httpOnly cookie (path
 * /api/auth) the page never sees, so after a reload `refresh()` with an empty body restores the
 * session. Refresh tokens rotate and a reused one revokes the whole family, so refreshes are
 * single-flight within the tab and serialised across tabs with a Web Lock.
 */
let access: { token: string; expiresAt: number } | null = null;
let inFlight: Promise<SessionView> | null = null;

type Listener<T> = (value: T) => void;
const onChanged = new Set<Listener<SessionView>>();
const onEnded = new Set<Listener<string>>();

export const tokens = {
  current(): string | null {
    return access?.token ?? null;
  },
  /** Seconds since the epoch, as the server sends it. */
  expiresAt(): number | null {
    return access?.expiresAt ?? null;
  },
  /** Less than `marginSeconds` left (or no token at all). */
  expiringWithin(marginSeconds: number): boolean {
    return !access || access.expiresAt - Date.now() / 1000 < marginSeconds;
  },
  /** A new session from sign-in, password change or refresh; listeners (socket, store) follow. */
  accept(session: SessionView) {
    access = { token: session.accessToken, expiresAt: session.accessTokenExpiresAt };
    for (const l of onChanged) l(session);
  },
  clear() {
    access = null;
    inFlight = null;
  },
  /** The server said the session is over (revoked, disabled, expired refresh token…). */
  end(code: string) {
    access = null;
    for (const l of onEnded) l(code);
  },
  onChanged(l: Listener<SessionView>): () => void {
    onChanged.add(l);
    return () => onChanged.delete(l);
  },
  onEnded(l: Listener<string>): () => void {
    onEnded.add(l);
    return () => onEnded.delete(l);
  },
  /** Exchanges the refresh cookie for a new access token; throws ApiError (and ends the session on 401). */
  refresh(): Promise<SessionView> {
    inFlight ??= withRefreshLock(postRefresh).finally(() => {
      inFlight = null;
    });
    return inFlight;
  },
};

async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return fn();
  return locks.request('zc-refresh', fn) as Promise<T>;
}

async function postRefresh(): Promise<SessionView> {
  let res: Response;
  try {
    res = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: '{}',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server cannot be reached');
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body?.error ?? {};
    const e = new ApiError(res.status, err.code ?? 'internal_error', err.message ?? res.statusText, err.details ?? []);
    if (res.status === 401 || res.status === 403) tokens.end(e.code);
    throw e;
  }
  tokens.accept(body as SessionView);
  return body as SessionView;
}
