import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import { openCollabDoc, type CollabHandle } from '../../client/src/realtime/collab';
import { api } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor, type BuiltOrg } from '../helpers/factories';
import { server } from '../helpers/setup';
import { loadRows, countRows, textOfRows } from '../../realtime/collab/store';
import { collabDocName, COLLAB_FIELDS } from '../../realtime/collab/names';
import { setRight } from './rights-fixture';
import type { CollabRight } from '../../realtime/collab/rights';

export const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let docSeq = 0;
/** A fresh document name per test (meeting ids far from anything real). */
export function newDocName(field: (typeof COLLAB_FIELDS)[number] = 'overall'): string {
  docSeq += 1;
  return collabDocName({ meetingId: 900000 + Math.floor(Math.random() * 90000), meetingApplicantId: docSeq, field });
}

/** Polls until `check` returns true; fails with `what` after `ms`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(25);
  }
}

export interface Person {
  id: number;
  /** Token for a given node (tokens are valid on every node; this just signs in there). */
  token: string;
}

let org: BuiltOrg | null = null;
/** An expert account with test-controlled rights on `doc`. */
export async function person(doc?: string, right: CollabRight = 'write'): Promise<Person> {
  org ??= await buildOrg();
  const account = await buildAccount(org, { role: 'expert' });
  if (doc) await setRight(account.id, doc, right);
  return { id: account.id, token: await tokenFor(account) };
}

/** The admin of the organisation every `person()` belongs to (may disable them). */
export async function orgAdminToken(node?: NodeLike): Promise<string> {
  org ??= await buildOrg();
  return tokenFor(org.admin, node?.url);
}

export interface NodeLike {
  url: string;
}
const inProcess = (): NodeLike => ({ url: server().url });

/** Every ticket and token the helpers used, to check that no log ever shows one. */
export const secretsSeen = new Set<string>();
const recordingFetch: typeof fetch = async (input, init) => {
  const auth = new Headers(init?.headers).get('authorization');
  if (auth) secretsSeen.add(auth.replace(/^Bearer /, ''));
  const res = await fetch(input, init);
  const body = (await res.clone().json().catch(() => null)) as { ticket?: string } | null;
  if (body?.ticket) secretsSeen.add(body.ticket);
  return res;
};

/** A stock y-websocket client, through the client helper (tickets and all). */
export function openClient(who: Person, doc: string, node: NodeLike | (() => NodeLike) = inProcess()): CollabHandle {
  const pick = typeof node === 'function' ? node : () => node;
  return openCollabDoc({
    doc,
    getToken: () => who.token,
    fetch: recordingFetch,
    endpoint: () => ({ api: pick().url, ws: wsUrl(pick().url) }),
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
}

export async function ticket(who: Person, doc: string, node: NodeLike = inProcess()): Promise<string> {
  const res = await api(who.token, node.url).post('/collab/tickets', { doc });
  if (res.status !== 201) throw new Error(`ticket: ${res.status} ${JSON.stringify(res.body)}`);
  secretsSeen.add(who.token).add(res.body.ticket as string);
  return res.body.ticket as string;
}

/** The document as the database holds it. */
export async function storedText(doc: string): Promise<string> {
  return textOfRows(doc, await loadRows(doc));
}
export const storedRows = (doc: string) => countRows(doc);

/**
 * A hand-driven protocol client: records every message and the close, sends exactly what a test
 * says. For checking what a refused client receives (nothing) and for sending bad input.
 */
export interface RawClient {
  ws: WebSocket;
  messages: Uint8Array[];
  opened: boolean;
  closed: Promise<{ code: number; reason: string }>;
  send(bytes: Uint8Array): void;
  sendStep1(doc?: Y.Doc): void;
  sendUpdate(update: Uint8Array): void;
  sendAwareness(clientId: number, clock: number, state: unknown): void;
  /** Applies every sync message received so far to a fresh doc and returns its text. */
  text(): string;
  authReasons(): string[];
}

export async function rawConnect(node: NodeLike, doc: string, ticketValue?: string): Promise<RawClient> {
  const url = `${wsUrl(node.url)}/collab/${doc}${ticketValue ? `?ticket=${encodeURIComponent(ticketValue)}` : ''}`;
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const messages: Uint8Array[] = [];
  ws.on('message', (data: ArrayBuffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('error', () => undefined);
  const opened = await new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  const frame = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    write(e);
    ws.send(encoding.toUint8Array(e));
  };
  return {
    ws,
    messages,
    opened,
    closed,
    send: (bytes) => ws.send(bytes),
    sendStep1: (d = new Y.Doc()) =>
      frame((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeSyncStep1(e, d);
      }),
    sendUpdate: (update) =>
      frame((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeUpdate(e, update);
      }),
    sendAwareness: (clientId, clock, state) =>
      frame((e) => {
        encoding.writeVarUint(e, 1);
        const inner = encoding.createEncoder();
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, clientId);
        encoding.writeVarUint(inner, clock);
        encoding.writeVarString(inner, JSON.stringify(state));
        encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      }),
    text() {
      const d = new Y.Doc();
      for (const m of messages) {
        const dec = decoding.createDecoder(m);
        if (decoding.readVarUint(dec) !== 0) continue;
        syncProtocol.readSyncMessage(dec, encoding.createEncoder(), d, null);
      }
      return d.getText('text').toString();
    },
    authReasons() {
      const out: string[] = [];
      for (const m of messages) {
        const dec = decoding.createDecoder(m);
        if (decoding.readVarUint(dec) !== 2) continue;
        decoding.readVarUint(dec);
        out.push(decoding.readVarString(dec));
      }
      return out;
    },
  };
}

/** Awareness states a client sees, by client id. */
export const awarenessOf = (h: CollabHandle) => h.provider.awareness.getStates() as Map<number, Record<string, unknown>>;
export { awarenessProtocol };

/** A Yjs update that inserts `s` into the shared text (from a throwaway client). */
export function textUpdate(s: string): Uint8Array {
  const d = new Y.Doc();
  d.getText('text').insert(0, s);
  return Y.encodeStateAsUpdate(d);
}

/**
 * A Yjs update that decodes (`Y.decodeUpdate` accepts it) but throws when it integrates: one item
 * whose origin is its own client at a clock it does not have. `Y.mergeUpdates` folds it in without
 * a word, and the merged update then throws too.
 */
export function forgedUpdate(client = 4242, clock = 0): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, 4 | 0x80); // a string item, with an origin
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock + 10);
  encoding.writeVarString(e, '伪');
  encoding.writeVarUint(e, 0); // an empty delete set
  return encoding.toUint8Array(e);
}
