import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { tokens } from '../api/tokens';
import { openCollabDoc, type CollabHandle, type CollabState } from '../realtime/collab';
import { collabDocName, type CollabDocRef, type CollabField } from '../../../realtime/collab/names';
import { session } from './session';

/**
 * 共同意见 (opinions drafted together, DESIGN §9): one shared opinion of one material, as the page
 * holds it. Wraps `openCollabDoc` with what a screen needs:
 *
 * - **Offline**: a writer's document is kept in localStorage (`Y.encodeStateAsUpdate`, per account
 *   and document) after every change and put back into the Y.Doc before connecting, so edits made
 *   without a network survive a closed tab; the server asks for them in its sync step 1 when the
 *   connection is back, and Yjs merges them with what the others wrote meanwhile. "Unsent" is true
 *   while local edits have not been confirmed stored (see `flush`).
 * - **Flush**: a sync step 1 sent on the document's socket; the server handles a connection's
 *   messages strictly in order and stores each update before the next, so its answer (a step 2)
 *   proves every earlier edit of ours is stored. 完成评审 waits for it, so the freeze takes the
 *   main reviewer's last keystrokes.
 * - **Freeze**: once the main reviewer has finished (the snapshot says so, or the server refused a
 *   write as `frozen`), the document is opened again from scratch without the local copy, which is
 *   deleted: what shows is exactly the frozen text, not a local edit the server refused.
 * - **Awareness**: `{ user: { name, color, readOnly }, cursor: { anchor, head } }`, anchor and head
 *   being Y.RelativePosition JSON, so a cursor stays between the same characters when others type.
 */
export interface OpinionUser {
  name: string;
  color: string;
  readOnly: boolean;
}

export interface Peer {
  clientId: number;
  name: string;
  color: string;
  readOnly: boolean;
  self: boolean;
  /** Offsets into the text, or null when the peer has no cursor here (a reader, or not focused yet). */
  anchor: number | null;
  head: number | null;
  /** Changes whenever the peer moves or types (the relative positions, not the offsets). */
  cursorKey: string;
}

export interface SharedOpinion {
  readonly docName: string;
  readonly field: CollabField;
  /** The current connection (it is replaced once, when the document freezes). */
  handle: Accessor<CollabHandle>;
  state: Accessor<CollabState>;
  online: Accessor<boolean>;
  /** Local edits not yet confirmed stored by the server. */
  unsent: Accessor<boolean>;
  /** Changes whenever the text or anyone's cursor changes (for overlays). */
  version: Accessor<number>;
  text(): string;
  peers(): Peer[];
  /** Publishes my selection (offsets into the text), or null to show none. */
  setCursor(sel: { anchor: number; head: number } | null): void;
  /** Resolves true once every local edit is stored on the server; false if that cannot be shown in time. */
  flush(timeoutMs?: number): Promise<boolean>;
  /** The main reviewer has finished: reload the frozen text (once). */
  markFrozen(): void;
}

export const PALETTE = ['#1d5fbf', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d'];
export const colorFor = (id: number) => PALETTE[Math.abs(id) % PALETTE.length];

const STORE_PREFIX = 'zc.collab.';
const storeKey = (docName: string) => `${STORE_PREFIX}${session.account?.id ?? 0}.${docName}`;
const LOCAL = Symbol('local copy');

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function readLocal(docName: string): Uint8Array | null {
  try {
    const raw = localStorage.getItem(storeKey(docName));
    return raw ? fromBase64(raw) : null;
  } catch {
    return null;
  }
}
function writeLocal(docName: string, doc: Y.Doc) {
  try {
    localStorage.setItem(storeKey(docName), toBase64(Y.encodeStateAsUpdate(doc)));
  } catch {
    /* storage full or blocked: the edits are still in memory */
  }
}
export function forgetLocalOpinion(docName: string) {
  try {
    localStorage.removeItem(storeKey(docName));
  } catch {
    /* ignore */
  }
}

const [browserOnline, setBrowserOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine);
window.addEventListener('online', () => setBrowserOnline(true));
window.addEventListener('offline', () => setBrowserOnline(false));

export interface OpenOpinionOptions {
  ref: CollabDocRef;
  user: OpinionUser;
  /** Keep a local copy (a writer on their own device); readers keep nothing. */
  persist: boolean;
  /** Known to be frozen already: open it as it is on the server, once. */
  frozen?: boolean;
}

/** Opens the shared opinion for the current reactive owner; it is closed when the owner is disposed. */
export function useSharedOpinion(opts: OpenOpinionOptions): SharedOpinion {
  const docName = collabDocName(opts.ref);
  const [handle, setHandle] = createSignal<CollabHandle>(undefined as unknown as CollabHandle);
  const [state, setState] = createSignal<CollabState>({ status: 'connecting', right: null, frozen: false, denied: null });
  const [unsent, setUnsent] = createSignal(false);
  const [version, setVersion] = createSignal(0);
  const bump = () => setVersion((v) => v + 1);
  let persist = opts.persist && !opts.frozen;
  let reopened = !!opts.frozen;
  let disposed = false;
  let cleanupHandle: () => void = () => undefined;
  let lastCursor = '';

  interface Current {
    h: CollabHandle;
    /** Called when the server's next sync step 2 arrives. */
    waiters: Array<() => void>;
  }
  let current: Current | null = null;

  function open(withLocal: boolean) {
    const ydoc = new Y.Doc();
    if (withLocal && persist) {
      const stored = readLocal(docName);
      if (stored) {
        try {
          Y.applyUpdate(ydoc, stored, LOCAL);
          setUnsent(ydoc.getText('text').length > 0);
        } catch {
          forgetLocalOpinion(docName);
        }
      }
    }
    const waiters: Array<() => void> = [];
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    let self: Current | null = null;
    const h = openCollabDoc({
      doc: docName,
      ydoc,
      getToken: async () => {
        if (tokens.expiringWithin(10)) await tokens.refresh().catch(() => undefined);
        return tokens.current();
      },
      onState: (s) => {
        if (disposed || !self || current !== self) return;
        setState(s);
        if (s.status === 'refused' || s.right === 'read' || s.frozen) {
          persist = false;
          clearTimeout(saveTimer);
          forgetLocalOpinion(docName);
        }
        if (s.frozen) reopenFrozen();
      },
    });
    self = { h, waiters };
    current = self;
    const provider = h.provider;
    // Learn when the server answers a sync step 1 (see flush). The waiters are taken before the
    // stock handler runs: it emits `sync`, whose listener may send a new step 1 and wait again.
    const syncHandler = provider.messageHandlers[0];
    provider.messageHandlers[0] = (encoder, decoder, p, emitSynced, type) => {
      const ready = decoding.peekVarUint(decoder) === syncProtocol.messageYjsSyncStep2 ? waiters.splice(0) : [];
      syncHandler(encoder, decoder, p, emitSynced, type);
      for (const w of ready) w();
    };
    const onUpdate = (_u: Uint8Array, origin: unknown) => {
      bump();
      if (origin !== provider && origin !== LOCAL && !(provider.synced && provider.wsconnected)) setUnsent(true);
      if (!persist) return;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => persist && writeLocal(docName, ydoc), 250);
    };
    ydoc.on('update', onUpdate);
    const onSync = (synced: boolean) => {
      if (!synced || !unsent()) return;
      void flushWith(self!).then((ok) => ok && setUnsent(false));
    };
    provider.on('sync', onSync);
    const onAwareness = () => bump();
    provider.awareness.on('change', onAwareness);
    provider.awareness.setLocalStateField('user', { name: opts.user.name, color: opts.user.color, readOnly: opts.user.readOnly });
    const onPageHide = () => persist && writeLocal(docName, ydoc);
    window.addEventListener('pagehide', onPageHide);
    setHandle(() => h);
    lastCursor = '';
    bump();
    cleanupHandle = () => {
      clearTimeout(saveTimer);
      if (persist) writeLocal(docName, ydoc);
      window.removeEventListener('pagehide', onPageHide);
      ydoc.off('update', onUpdate);
      provider.off('sync', onSync);
      provider.awareness.off('change', onAwareness);
      for (const w of waiters.splice(0)) w();
      h.destroy();
      ydoc.destroy();
    };
  }

  function reopenFrozen() {
    if (reopened || disposed) return;
    reopened = true;
    persist = false;
    forgetLocalOpinion(docName);
    // Not inside the state callback of the handle being replaced.
    queueMicrotask(() => {
      if (disposed) return;
      cleanupHandle();
      setUnsent(false);
      open(false);
    });
  }

  function flushWith(c: Current, timeoutMs = 5000): Promise<boolean> {
    const p = c.h.provider;
    const ws = p.ws;
    if (!p.synced || !ws || ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 0);
    syncProtocol.writeSyncStep1(enc, c.h.doc);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      c.waiters.push(() => {
        clearTimeout(timer);
        resolve(p.synced && current === c);
      });
      ws.send(encoding.toUint8Array(enc));
    });
  }

  open(!opts.frozen);
  onCleanup(() => {
    disposed = true;
    cleanupHandle();
  });

  return {
    docName,
    field: opts.ref.field,
    handle,
    state,
    online: browserOnline,
    unsent,
    version,
    text: () => handle().text.toString(),
    peers() {
      version();
      const h = handle();
      const out: Peer[] = [];
      for (const [clientId, st] of h.provider.awareness.getStates()) {
        const user = (st as { user?: Partial<OpinionUser> }).user;
        if (!user || typeof user.name !== 'string') continue;
        const cursor = (st as { cursor?: { anchor?: unknown; head?: unknown } | null }).cursor;
        const at = (json: unknown) => {
          if (!json) return null;
          try {
            const abs = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), h.doc);
            return abs && abs.type === h.text ? abs.index : null;
          } catch {
            return null;
          }
        };
        out.push({
          clientId,
          name: user.name.slice(0, 40),
          color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#66717f',
          readOnly: !!user.readOnly,
          self: clientId === h.doc.clientID,
          anchor: cursor ? at(cursor.anchor) : null,
          head: cursor ? at(cursor.head) : null,
          cursorKey: JSON.stringify(cursor ?? null),
        });
      }
      return out.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
    },
    setCursor(sel) {
      const h = handle();
      // Tied to the character on their left (assoc -1): text someone else inserts right at my caret
      // goes after it, as it does on my own screen.
      const value = sel
        ? {
            anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(h.text, sel.anchor, -1)),
            head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(h.text, sel.head, -1)),
          }
        : null;
      const key = JSON.stringify(value);
      if (key === lastCursor) return;
      lastCursor = key;
      h.provider.awareness.setLocalStateField('cursor', value);
    },
    flush(timeoutMs) {
      if (!current) return Promise.resolve(false);
      return flushWith(current, timeoutMs).then((ok) => {
        if (ok) setUnsent(false);
        return ok;
      });
    },
    markFrozen: () => reopenFrozen(),
  };
}
