import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { log } from '../../server/logger';
import type { CollabDocRef } from './names';
import type { Fanout } from './fanout';
import { appendUpdate, applyRows, compactDoc, countRows, ensureDoc, loadRows } from './store';
import { awarenessMessage, updateMessage } from './protocol';

/** What a room needs to know of a connection. */
export interface RoomMember {
  readonly live: boolean;
  readonly awarenessIds: Set<number>;
  send(message: Uint8Array): void;
}

/** Transaction origins that are not a connection: nothing from these is stored or published. */
export const FROM_DATABASE = Symbol('database');
export const FROM_REDIS = Symbol('redis');

export interface RoomDeps {
  nodeId: string;
  fanout: Fanout;
  /** Compact when the document has about this many rows. */
  compactRows: number;
}

/**
 * One document on one node, while at least one local client has it open: the in-memory Y.Doc and
 * awareness, the local connections, persistence (append before relay) and fan-out.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly members = new Set<RoomMember>();
  readonly ready: Promise<void>;
  /**
   * A replica of `doc` that every writer's update is tried on first. An update can decode and still
   * throw while it integrates (a forged one: an item whose origin is itself, say), and a throwing
   * `applyUpdate` leaves whatever it integrated before the throw in the document, and relays it.
   * So an update reaches the database, `doc` and other nodes only once it integrated here; one that
   * throws is never stored, and the replica, which it may have half-changed, is rebuilt from `doc`.
   * The replica follows everything `doc` gets (applying an update twice is a no-op in Yjs).
   */
  private replica = new Y.Doc();
  frozen = false;
  destroyed = false;
  /** Rows in the database, as far as this node can tell (its own appends and other nodes' relays). */
  private rows = 0;
  private compaction: Promise<void> | null = null;
  private lastCompactionAt = 0;

  constructor(
    readonly name: string,
    readonly ref: CollabDocRef,
    private readonly deps: RoomDeps,
  ) {
    // The server is not a participant: it holds no awareness state of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.follow(update);
      this.relayUpdate(update, origin);
    });
    this.awareness.on('update', (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
      this.relayAwareness(changes, origin),
    );
    this.ready = this.open();
    this.ready.catch((e: unknown) => log.error({ err: e, doc: name }, 'collab: could not open document'));
  }

  private async open() {
    // Subscribe first, then load: an update stored after the load arrives by Redis, one stored
    // before is in the load; Yjs ignores the ones that come both ways.
    await this.deps.fanout.subscribeDoc(this.name);
    const row = await ensureDoc(this.name);
    this.frozen = !!row.frozenAt;
    await this.reload();
  }

  /** Applies the database's state (idempotent): at open, after a freeze, after Redis was away. */
  async reload() {
    const rows = await loadRows(this.name);
    this.rows = rows.length;
    if (!this.destroyed) applyRows(this.name, this.doc, rows, FROM_DATABASE);
  }

  /** The replica gets whatever `doc` got. */
  private follow(update: Uint8Array) {
    try {
      Y.applyUpdate(this.replica, update);
    } catch (e) {
      log.warn({ err: (e as Error).message, doc: this.name }, 'collab: replica out of step; rebuilding it');
      this.rebuildReplica();
    }
  }

  private rebuildReplica() {
    if (this.destroyed) return;
    this.replica.destroy();
    this.replica = new Y.Doc();
    Y.applyUpdate(this.replica, Y.encodeStateAsUpdate(this.doc));
  }

  /** Does the update integrate (tried on the replica)? */
  private integrates(update: Uint8Array): boolean {
    try {
      Y.applyUpdate(this.replica, update);
      return true;
    } catch (e) {
      log.warn({ err: (e as Error).message, doc: this.name }, 'collab: an update that decodes but does not integrate was refused');
      this.rebuildReplica();
      return false;
    }
  }

  /** Local clients get what changed in this doc, whoever sent it. */
  private relayUpdate(update: Uint8Array, origin: unknown) {
    const message = updateMessage(update);
    for (const m of this.members) if (m !== origin && m.live) m.send(message);
  }

  private relayAwareness(changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (changed.length === 0) return;
    const member = origin && (origin as RoomMember).awarenessIds ? (origin as RoomMember) : null;
    if (member) {
      for (const id of [...changes.added, ...changes.updated]) member.awarenessIds.add(id);
      for (const id of changes.removed) member.awarenessIds.delete(id);
    }
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const message = awarenessMessage(update);
    for (const m of this.members) if (m !== origin && m.live) m.send(message);
    if (origin !== FROM_REDIS) this.deps.fanout.publishDoc(this.name, 'awareness', update);
  }

  /**
   * A writer's update: tried on the replica (refused as 'invalid' if it does not integrate), stored
   * (refused if the document is frozen, here or in the database), then applied, which relays it to
   * local clients and other nodes. Throws if it cannot be stored.
   */
  async receiveUpdate(from: RoomMember, update: Uint8Array): Promise<'applied' | 'frozen' | 'invalid'> {
    if (this.frozen) return 'frozen';
    // (A destroyed room has no replica; it cannot get here: it goes only when its connections have drained.)
    if (!this.destroyed && !this.integrates(update)) return 'invalid';
    let stored: boolean;
    try {
      stored = await appendUpdate(this.name, update, this.deps.nodeId);
    } catch (e) {
      // Not stored, but the replica has it: take it out again.
      this.rebuildReplica();
      throw e;
    }
    if (!stored) {
      // Frozen on another node and we have not heard yet: the database said no.
      this.rebuildReplica();
      this.markFrozen();
      return 'frozen';
    }
    this.rows += 1;
    try {
      if (!this.destroyed) Y.applyUpdate(this.doc, update, from);
    } catch (e) {
      // It integrated on the replica, so this cannot happen; if it does, say so loudly.
      log.error({ err: (e as Error).message, doc: this.name }, 'collab: a stored update does not apply');
      return 'invalid';
    }
    // Other nodes get exactly what was stored (not the doc's event, which leaves out whatever
    // waits for a missing dependency and would later surface under another origin).
    this.deps.fanout.publishDoc(this.name, 'update', update);
    this.maybeCompact();
    return 'applied';
  }

  /** A message another node published for this document. */
  receiveRemote(kind: 'update' | 'awareness', data: Uint8Array) {
    if (this.destroyed) return;
    try {
      if (kind === 'update') {
        this.rows += 1;
        Y.applyUpdate(this.doc, data, FROM_REDIS);
        this.maybeCompact();
      } else {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, data, FROM_REDIS);
      }
    } catch (e) {
      log.warn({ err: (e as Error).message, doc: this.name }, 'collab: remote message could not be applied');
    }
  }

  markFrozen() {
    if (this.frozen) return;
    this.frozen = true;
    // The freeze compacted the rows; make sure we hold exactly what was frozen.
    this.reload().catch((e: unknown) => log.warn({ err: e, doc: this.name }, 'collab: reload after freeze failed'));
  }

  private maybeCompact() {
    if (this.frozen || this.compaction || this.rows < this.deps.compactRows) return;
    if (Date.now() - this.lastCompactionAt < 5000) return;
    this.lastCompactionAt = Date.now();
    this.compaction = this.compact().finally(() => (this.compaction = null));
  }

  /** Compacts if no other node is at it; then re-counts, since other nodes may have compacted too. */
  async compact(): Promise<void> {
    try {
      const merged = await compactDoc(this.name, this.deps.nodeId);
      if (merged > 0) log.debug({ doc: this.name, merged }, 'collab: compacted');
      this.rows = await countRows(this.name);
    } catch (e) {
      log.warn({ err: e, doc: this.name }, 'collab: compaction failed');
    }
  }

  /** The last local client left: forget the document here, then compact it. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.deps.fanout.unsubscribeDoc(this.name);
    this.awareness.destroy();
    this.doc.destroy();
    this.replica.destroy();
    await this.compaction;
    await this.ready.catch(() => undefined);
    if (!this.frozen && this.rows > 1) await this.compact();
  }
}
