import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';

/**
 * The y-websocket wire format, as the stock `WebsocketProvider` speaks it: every message starts
 * with a varUint type. 0 = sync (then y-protocols' sub-type: step 1 state vector, step 2 update,
 * update), 1 = awareness update, 2 = auth (server → client "permission denied"), 3 = query awareness.
 *
 * Why our own loop instead of `@y/websocket-server`: its 0.1.1 release pulls in leveldown (a native
 * build we do not want) and its `setupWSConnection` applies every incoming update at once, with no
 * place to authorise per message, persist before relaying, or refuse writes from readers. The
 * protocol is small; parsing it here keeps those decisions in our hands.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export type ClientMessage =
  | { type: 'step1'; stateVector: Uint8Array }
  | { type: 'step2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'auth' };

/** Parses one message; throws on anything malformed or unknown (the caller closes with 1008). */
export function parseClientMessage(buf: Uint8Array): ClientMessage {
  const d = decoding.createDecoder(buf);
  const type = decoding.readVarUint(d);
  switch (type) {
    case MESSAGE_SYNC: {
      const sub = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (sub === syncProtocol.messageYjsSyncStep1) return { type: 'step1', stateVector: payload };
      if (sub === syncProtocol.messageYjsSyncStep2) return { type: 'step2', update: payload };
      if (sub === syncProtocol.messageYjsUpdate) return { type: 'update', update: payload };
      throw new Error(`unknown sync message ${sub}`);
    }
    case MESSAGE_AWARENESS:
      return { type: 'awareness', update: decoding.readVarUint8Array(d) };
    case MESSAGE_QUERY_AWARENESS:
      return { type: 'queryAwareness' };
    case MESSAGE_AUTH:
      return { type: 'auth' };
    default:
      throw new Error(`unknown message type ${type}`);
  }
}

/**
 * Decodes an update fully before anything stores or applies it. Returns whether it carries any
 * change at all (an empty sync step 2 from a reader is normal and needs no refusal).
 * Throws when it does not decode.
 */
export function inspectUpdate(update: Uint8Array): { empty: boolean } {
  const decoded = Y.decodeUpdate(update);
  return { empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0 };
}

/** Also validates the state vector a client sends in sync step 1. */
export function checkStateVector(sv: Uint8Array): void {
  Y.decodeStateVector(sv);
}

const frame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

export const syncStep1Message = (doc: Y.Doc) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
  });

export const syncStep2Message = (doc: Y.Doc, stateVector: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
  });

export const updateMessage = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
  });

export const awarenessMessage = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });

export const permissionDeniedMessage = (reason: string) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(e, reason);
  });

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The parsed JSON state; null when the client leaves. */
  state: unknown;
}

/**
 * An awareness update's entries (y-protocols' format: varUint count, then per client its id, clock
 * and JSON state). Throws on anything malformed, JSON included.
 */
export function parseAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  const out: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    out.push({ clientId, clock, state: JSON.parse(decoding.readVarString(d)) as unknown });
  }
  return out;
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const x of entries) {
      encoding.writeVarUint(e, x.clientId);
      encoding.writeVarUint(e, x.clock);
      encoding.writeVarString(e, JSON.stringify(x.state));
    }
  });
}

/** The client ids an awareness update speaks for (to stop one connection overwriting another's). */
export function awarenessClients(update: Uint8Array): number[] {
  return parseAwarenessUpdate(update).map((x) => x.clientId);
}
