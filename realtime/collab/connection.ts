import type { WebSocket, RawData } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Actor } from '../../server/policies';
import { log } from '../../server/logger';
import { COLLAB_CLOSE } from './names';
import type { CollabRight } from './rights';
import type { Room, RoomMember } from './room';
import {
  awarenessMessage,
  encodeAwarenessUpdate,
  parseAwarenessUpdate,
  checkStateVector,
  inspectUpdate,
  parseClientMessage,
  permissionDeniedMessage,
  syncStep1Message,
  syncStep2Message,
} from './protocol';

const MAX_AWARENESS_BYTES = 64 * 1024;
const MAX_AWARENESS_IDS = 8;
/** Messages waiting to be handled; a client far ahead of its database writes is cut off. */
const MAX_QUEUED = 2000;
/**
 * Bytes waiting to be handled, likewise: without it, 2000 messages of up to
 * `COLLAB_MAX_MESSAGE_BYTES` (1 MiB) each would let one client park 2 GB in the server's memory.
 * Typing sends updates of a few dozen bytes and a reconnect one sync message, so this leaves room
 * for several largest messages and cuts off only a client that floods.
 */
export const queueByteBudget = (maxMessageBytes: number) => Math.max(8 * 1024 * 1024, 4 * maxMessageBytes);
const PING_MS = 30_000;

/**
 * One client on one document. Messages are handled strictly in order (an update is stored before
 * the next one is looked at), and only once the document has loaded.
 */
export class CollabConnection implements RoomMember {
  live = false;
  readonly awarenessIds = new Set<number>();
  private queue: Promise<void>;
  private queued = 0;
  private queuedBytes = 0;
  /** What others see as this connection's name in the awareness, whatever the client says. */
  readonly displayName: string;
  private readonly maxQueuedBytes: number;
  private closed = false;
  /** Closed by us for cause: nothing more of this client's is stored. */
  private refused = false;
  private alive = true;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly ws: WebSocket,
    readonly room: Room,
    readonly actor: Actor,
    public right: Exclude<CollabRight, 'none'>,
    tokenExpiresAt: Date,
    private readonly onClosed: (c: CollabConnection) => void,
    opts: { displayName?: string; maxQueuedBytes?: number } = {},
  ) {
    this.displayName = opts.displayName ?? actor.name;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? queueByteBudget(1024 * 1024);
    this.queue = room.ready
      .then(
        () => this.goLive(),
        () => this.close(COLLAB_CLOSE.serverError, 'document unavailable'),
      )
      .catch((e: unknown) => log.error({ err: e, doc: room.name }, 'collab: could not start a connection'));
    ws.on('message', (data: RawData, isBinary: boolean) => this.enqueue(data, isBinary));
    ws.on('close', () => this.cleanup());
    ws.on('error', (e) => log.debug({ err: e.message, doc: room.name }, 'collab: socket error'));
    ws.on('pong', () => (this.alive = true));
    // A connection must not outlive the session that asked for its ticket.
    const ttl = Math.min(Math.max(0, tokenExpiresAt.getTime() - Date.now()), 2 ** 31 - 1);
    this.timers.push(setTimeout(() => this.close(COLLAB_CLOSE.tokenExpired, 'token expired'), ttl));
    this.timers.push(
      setInterval(() => {
        if (!this.alive) return void this.ws.terminate();
        this.alive = false;
        this.ws.ping();
      }, PING_MS),
    );
  }

  get canWrite(): boolean {
    return this.right === 'write' && !this.room.frozen;
  }

  send(message: Uint8Array) {
    if (!this.closed && this.ws.readyState === this.ws.OPEN) this.ws.send(message);
  }

  close(code: number, reason: string) {
    if (this.closed) return;
    if (code === COLLAB_CLOSE.policy || code === COLLAB_CLOSE.forbidden || code === COLLAB_CLOSE.sessionRevoked) this.refused = true;
    if (code !== COLLAB_CLOSE.goingAway) log.info({ doc: this.room.name, account: this.actor.id, code, reason }, 'collab: connection closed by the server');
    this.ws.close(code, reason);
    this.cleanup();
  }

  private goLive() {
    if (this.closed) return;
    this.live = true;
    // Ask a writer for what it has that we lack; a reader is never asked, so never refused.
    if (this.canWrite) this.send(syncStep1Message(this.room.doc));
    const states = this.room.awareness.getStates();
    if (states.size > 0) {
      this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, [...states.keys()])));
    }
  }

  private enqueue(data: RawData, isBinary: boolean) {
    if (this.closed) return;
    if (!isBinary) return this.close(COLLAB_CLOSE.policy, 'binary messages only');
    if (++this.queued > MAX_QUEUED) return this.close(COLLAB_CLOSE.policy, 'too many messages');
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    this.queuedBytes += buf.byteLength;
    if (this.queuedBytes > this.maxQueuedBytes) return this.close(COLLAB_CLOSE.policy, 'too much data queued');
    this.queue = this.queue.then(async () => {
      this.queued -= 1;
      this.queuedBytes -= buf.byteLength;
      // After the client hung up we still store what it sent before (it may never come back).
      if (this.refused || !this.live) return;
      try {
        await this.handle(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
      } catch (e) {
        log.error({ err: e, doc: this.room.name, account: this.actor.id }, 'collab: could not store an update');
        this.close(COLLAB_CLOSE.serverError, 'could not store the update');
      }
    });
  }

  private refuse(reason: string) {
    this.send(permissionDeniedMessage(reason));
  }

  private async handle(buf: Uint8Array) {
    let message;
    try {
      message = parseClientMessage(buf);
      if (message.type === 'step1') checkStateVector(message.stateVector);
    } catch {
      return this.close(COLLAB_CLOSE.policy, 'malformed message');
    }
    switch (message.type) {
      case 'step1':
        return this.send(syncStep2Message(this.room.doc, message.stateVector));
      case 'step2':
      case 'update': {
        let empty: boolean;
        try {
          empty = inspectUpdate(message.update).empty;
        } catch {
          log.warn({ doc: this.room.name, account: this.actor.id }, 'collab: malformed update refused');
          return this.close(COLLAB_CLOSE.policy, 'malformed update');
        }
        if (empty) return;
        if (!this.canWrite) return this.refuse(this.room.frozen ? 'frozen' : 'read-only');
        const result = await this.room.receiveUpdate(this, message.update);
        if (result === 'frozen') this.refuse('frozen');
        if (result === 'invalid') this.close(COLLAB_CLOSE.policy, 'malformed update');
        return;
      }
      case 'awareness':
        return this.receiveAwareness(message.update);
      case 'queryAwareness': {
        const ids = [...this.room.awareness.getStates().keys()];
        return this.send(awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.room.awareness, ids)));
      }
      case 'auth':
        return;
    }
  }

  private receiveAwareness(update: Uint8Array) {
    if (update.byteLength > MAX_AWARENESS_BYTES) return this.close(COLLAB_CLOSE.policy, 'awareness too large');
    let entries;
    try {
      entries = parseAwarenessUpdate(update);
    } catch {
      return this.close(COLLAB_CLOSE.policy, 'malformed awareness');
    }
    const ids = entries.map((x) => x.clientId);
    // A client speaks for its own ids only: one another local connection holds is not its to set,
    // and a stock client has one id per document (a few over reconnects), not thousands.
    for (const m of this.room.members) {
      if (m !== this && ids.some((id) => m.awarenessIds.has(id))) return;
    }
    if (new Set([...this.awarenessIds, ...ids]).size > MAX_AWARENESS_IDS) return;
    // The name others see is the server's, not the client's: nobody can appear as someone else.
    const stamped = entries.map((x) => ({ ...x, state: stampName(x.state, this.displayName) }));
    if (stamped.some((x) => x.state === undefined)) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.room.awareness, encodeAwarenessUpdate(stamped), this);
    } catch {
      this.close(COLLAB_CLOSE.policy, 'malformed awareness');
    }
  }

  /**
   * Once, however the connection ends: its people leave the awareness on every node at once; the
   * room lets the connection go when what it sent before has been stored.
   */
  private cleanup() {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.awarenessIds.size > 0 && !this.room.destroyed) {
      awarenessProtocol.removeAwarenessStates(this.room.awareness, [...this.awarenessIds], this);
    }
    const done = () => this.onClosed(this);
    void this.queue.then(done, done);
  }

  /** Resolves when every message received so far has been handled (stored or refused). */
  drained(): Promise<void> {
    return this.queue;
  }
}

/**
 * An awareness state with `user.name` set to the connection's name. States are JSON objects (the
 * stock client's starts as `{}`; ours is `{ user: { name, color, readOnly }, cursor }`); a state
 * without `user` shows nobody and stays as it is; null is a client leaving. Anything else is not
 * a state a client of ours sends: undefined, and the message is dropped.
 */
export function stampName(state: unknown, name: string): unknown {
  if (state === null) return null;
  if (typeof state !== 'object' || Array.isArray(state)) return undefined;
  const s = state as Record<string, unknown>;
  if (!('user' in s)) return s;
  const user = s.user !== null && typeof s.user === 'object' && !Array.isArray(s.user) ? (s.user as Record<string, unknown>) : {};
  return { ...s, user: { ...user, name } };
}
