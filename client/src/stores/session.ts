import { createStore, reconcile } from 'solid-js/store';
import { action, query } from '@solidjs/router';
import { authApi, tokens, type Account, type OrgBrief, type SessionView } from '../api';
import { realtime, rooms } from '../realtime';

/**
 * 会话: who is signed in, their organisation and the menu-level actions the server allows
 * (`can`). The access token itself stays in api/tokens; this store follows it.
 */
export interface SessionState {
  status: 'loading' | 'signedOut' | 'signedIn';
  account: Account | null;
  org: OrgBrief | null;
  can: string[];
  mustChangePassword: boolean;
  /** Why the previous session ended (revoked, disabled…), shown on the sign-in page. */
  endedCode: string | null;
}

const [session, setSession] = createStore<SessionState>({
  status: 'loading',
  account: null,
  org: null,
  can: [],
  mustChangePassword: false,
  endedCode: null,
});
export { session };

export const orgPending = () => session.org?.status === 'pending_profile' || session.org?.status === 'pending_approval';
export const canDo = (actionName: string) => session.can.includes(actionName);

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let offOwnOrg: (() => void) | null = null;
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('zc-session') : null;

/** Refresh a minute before the access token lapses (a 401 token_expired is the fallback). */
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  const exp = tokens.expiresAt();
  if (!exp) return;
  const left = exp * 1000 - Date.now();
  const ms = Math.max(5_000, left > 300_000 ? left - 60_000 : left * 0.8);
  refreshTimer = setTimeout(() => {
    tokens.refresh().catch(() => {
      // Network trouble: try again soon; a 401 has already ended the session.
      if (session.status === 'signedIn') refreshTimer = setTimeout(scheduleRefresh, 15_000);
    });
  }, ms);
}

/** Takes a new session in; the status turns signedIn once /auth/me has answered (see `enter`). */
function adopt(s: SessionView) {
  setSession({
    account: s.account,
    org: s.org,
    mustChangePassword: s.mustChangePassword,
    endedCode: null,
  });
  scheduleRefresh();
  if (s.mustChangePassword) {
    stopLive();
  } else {
    startLive(s.org.id);
  }
}

function startLive(orgId: number) {
  realtime.start();
  if (offOwnOrg) return;
  // The own org's room says when the parent approves or sends back our profile.
  offOwnOrg = realtime.subscribe({
    room: rooms.org(orgId),
    on: {
      'org:changed': (e) => {
        if (e.data.orgId === orgId && e.data.childId === undefined) void loadMe().catch(() => undefined);
      },
    },
    resync: () => void loadMe().catch(() => undefined),
  });
}

function stopLive() {
  offOwnOrg?.();
  offOwnOrg = null;
  realtime.stop();
}

function clearLocal(endedCode: string | null) {
  clearTimeout(refreshTimer);
  stopLive();
  tokens.clear();
  query.clear();
  setSession({ status: 'signedOut', account: null, org: null, can: [], mustChangePassword: false, endedCode });
}

/** The account, org and `can` from the server (after sign-in, reload, approval). */
export async function loadMe() {
  const me = await authApi.me();
  setSession('account', reconcile(me.account));
  setSession('org', reconcile(me.org));
  setSession('can', reconcile(me.can));
  setSession('mustChangePassword', me.account.mustChangePassword);
}

async function enter(s: SessionView) {
  adopt(s);
  // Without `can` the menus would flash empty; a failed /me leaves them empty, the pages still work.
  await loadMe().catch(() => undefined);
  setSession('status', 'signedIn');
}

/** At start: the refresh cookie, if any, brings the session back after a reload. */
export async function restoreSession() {
  try {
    await enter(await tokens.refresh());
  } catch {
    clearLocal(null);
  }
}

tokens.onChanged((s) => {
  if (session.status === 'signedIn') {
    setSession('account', reconcile(s.account));
    setSession('org', reconcile(s.org));
    scheduleRefresh();
  }
});

tokens.onEnded((code) => {
  if (session.status !== 'signedOut') clearLocal(code);
});

channel?.addEventListener('message', (m) => {
  if ((m.data as { type?: string })?.type === 'signedOut' && session.status === 'signedIn') clearLocal(null);
});

export const signIn = action(async (username: string, password: string) => {
  const s = await authApi.login(username.trim(), password);
  await enter(s);
  return { mustChangePassword: s.mustChangePassword };
}, 'session.signIn');

export const changePassword = action(async (currentPassword: string, newPassword: string) => {
  const s = await authApi.changePassword(currentPassword, newPassword);
  // Every other session ends server-side, our socket included; it reconnects with the new token.
  stopLive();
  await enter(s);
  return true;
}, 'session.changePassword');

export async function signOut() {
  await authApi.logout().catch(() => undefined);
  clearLocal(null);
  channel?.postMessage({ type: 'signedOut' });
}
