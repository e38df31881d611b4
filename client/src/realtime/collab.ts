import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import type * as decoding from 'lib0/decoding';
import { COLLAB_PATH, COLLAB_TEXT } from '../../../realtime/collab/names';

/**
 * Opens one shared opinion (Yjs) for editing or reading. No UI here: a screen binds `text` to its
 * editor and shows `state`.
 *
 * The WebSocket URL never carries the access token. Before every connection (the first and each
 * reconnect) this fetches a single-use ticket with the current token and passes it as `?ticket=`.
 * The provider is created with `connect: false`; when its connection closes (the stock provider
 * emits `connection-close` for every close, `status: disconnected` only for ones that had opened),
 * we stop its own reconnect timer (`shouldConnect = false`), fetch a fresh ticket, set
 * `provider.params.ticket` and call `provider.connect()` ourselves.
 */
export type CollabStatus = 'connecting' | 'connected' | 'synced' | 'refused' | 'closed';

export interface CollabState {
  status: CollabStatus;
  /** As the ticket said at the last (re)connect; the server may lower it later (see `denied`). */
  right: 'write' | 'read' | null;
  frozen: boolean;
  /** Why the server refused the last write ('read-only', 'frozen'), or the connection. */
  denied: string | null;
}

export interface CollabOptions {
  /** A name from `collabDocName()`, e.g. `m12.a345.overall`. */
  doc: string;
  /** The current access token (the shell renews it); null when signed out. */
  getToken: () => string | null | Promise<string | null>;
  /** Where the API and the WebSocket are; defaults to this page's origin. Asked before each connect. */
  endpoint?: () => { api: string; ws: string };
  ydoc?: Y.Doc;
  /** In Node (tests, scripts): `WebSocket` from the `ws` package. */
  WebSocketPolyfill?: typeof WebSocket;
  fetch?: typeof fetch;
  onState?: (state: CollabState) => void;
}

export interface CollabHandle {
  doc: Y.Doc;
  /** The shared text every editor binds to and freezing snapshots. */
  text: Y.Text;
  provider: WebsocketProvider;
  state(): CollabState;
  /** Resolves once the document is synced with the server. */
  whenSynced(): Promise<void>;
  destroy(): void;
}

const defaultEndpoint = () => ({ api: location.origin, ws: location.origin.replace(/^http/, 'ws') });

export function openCollabDoc(opts: CollabOptions): CollabHandle {
  const doc = opts.ydoc ?? new Y.Doc();
  const endpoint = opts.endpoint ?? defaultEndpoint;
  const doFetch = opts.fetch ?? fetch;
  const provider = new WebsocketProvider(endpoint().ws + COLLAB_PATH, opts.doc, doc, {
    connect: false,
    // Cross-tab sharing would let edits travel around the server's checks.
    disableBc: true,
    ...(opts.WebSocketPolyfill ? { WebSocketPolyfill: opts.WebSocketPolyfill } : {}),
  });
  let state: CollabState = { status: 'connecting', right: null, frozen: false, denied: null };
  const set = (patch: Partial<CollabState>) => {
    state = { ...state, ...patch };
    opts.onState?.(state);
  };

  // The server's "permission denied" (a write from a reader, or after the freeze).
  provider.messageHandlers[2] = (_encoder: unknown, decoder: decoding.Decoder) => {
    authProtocol.readAuthMessage(decoder, doc, (_d, reason) => set({ denied: reason, ...(reason === 'frozen' ? { frozen: true, right: 'read' } : { right: 'read' }) }));
  };

  let stopped = false;
  let failures = 0;
  let refreshing = false;

  // Waits between attempts end early when the browser says the network is back.
  const wakers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });

  async function connectWithTicket() {
    if (refreshing) return;
    refreshing = true;
    try {
      while (!stopped) {
        try {
          const ep = endpoint();
          const token = await opts.getToken();
          if (!token) return set({ status: 'refused', denied: 'signed out' });
          const res = await doFetch(`${ep.api}/api/collab/tickets`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ doc: opts.doc }),
          });
          if (res.status === 400 || res.status === 401 || res.status === 403) {
            const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
            return set({ status: 'refused', denied: body?.error?.code ?? `http ${res.status}` });
          }
          if (!res.ok) throw new Error(`ticket: http ${res.status}`);
          const body = (await res.json()) as { ticket: string; right: 'write' | 'read'; frozen: boolean };
          if (stopped) return;
          set({ status: 'connecting', right: body.right, frozen: body.frozen });
          provider.serverUrl = ep.ws + COLLAB_PATH;
          provider.params = { ...provider.params, ticket: body.ticket };
          provider.connect();
          return;
        } catch {
          failures += 1;
          await sleep(Math.min(5000, 250 * 2 ** Math.min(failures, 5)));
        }
      }
    } finally {
      refreshing = false;
    }
  }

  provider.on('connection-close', (event: { code: number; reason: string } | null) => {
    if (stopped || !provider.shouldConnect) return;
    // Our ticket is spent: keep the provider's own timer from reconnecting with it.
    provider.shouldConnect = false;
    if (event && event.code >= 4400 && event.code < 4500) {
      return set({ status: event.code === 4403 || event.code === 4401 ? 'refused' : 'closed', denied: event.reason || String(event.code) });
    }
    set({ status: 'connecting' });
    failures += 1;
    void sleep(Math.min(5000, 100 * 2 ** Math.min(failures, 6))).then(() => connectWithTicket());
  });
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connected') set({ status: 'connected' });
  });
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    failures = 0;
    set({ status: 'synced' });
  });

  /*
   * The browser learns that the network is gone long before a WebSocket does (it may sit half-open
   * until the provider's 30 s watchdog). On `offline` the socket is treated as lost at once, so
   * edits stay local and show as unsent; on `online` the next attempt starts without waiting.
   */
  const onOffline = () => {
    const ws = provider.ws;
    if (stopped || !ws) return;
    (ws.onclose as ((e: { code: number; reason: string }) => void) | null)?.({ code: 1006, reason: 'offline' });
  };
  const onOnline = () => {
    for (const wake of [...wakers]) wake();
  };
  const browser = typeof window !== 'undefined' && typeof window.addEventListener === 'function';
  if (browser) {
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
  }

  void connectWithTicket();

  return {
    doc,
    text: doc.getText(COLLAB_TEXT),
    provider,
    state: () => state,
    whenSynced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const on = (synced: boolean) => {
              if (!synced) return;
              provider.off('sync', on);
              resolve();
            };
            provider.on('sync', on);
          }),
    destroy() {
      stopped = true;
      if (browser) {
        window.removeEventListener('offline', onOffline);
        window.removeEventListener('online', onOnline);
      }
      onOnline();
      set({ status: 'closed' });
      provider.destroy();
    },
  };
}
