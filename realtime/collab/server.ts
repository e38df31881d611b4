import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Redis } from 'ioredis';
import { log } from '../../server/logger';
import { onSessionsRevoked } from '../../server/sessions';
import type { Actor } from '../../server/policies';
import { COLLAB_CLOSE, COLLAB_PATH, parseCollabDocName, type CollabDocRef } from './names';
import { matchesFilter, onCollabRightsChanged, resolveCollabName, resolveCollabRight, type CollabRightsFilter } from './rights';
import { onCollabFrozen } from './freeze';
import { inProcessFanout, newNodeId, redisFanout, type ControlMessage, type Fanout } from './fanout';
import { redeemTicket } from './tickets';
import { Room } from './room';
import { CollabConnection, queueByteBudget } from './connection';

export interface CollabServerOptions {
  server: http.Server;
  /** The realtime layer's Redis publisher; null = one node, everything in-process. */
  redis: Redis | null;
  redisPrefix: string;
  compactRows: number;
  maxMessageBytes: number;
}

export interface CollabServer {
  readonly nodeId: string;
  /** Open documents and connections on this node (for tests and health). */
  stats(): { docs: number; connections: number; resyncs: number };
  stop(): Promise<void>;
}

/**
 * The y-websocket endpoint `/collab/<doc>?ticket=…` on the HTTP server everything else uses.
 * Authorisation happens before the WebSocket handshake completes (so a refused client never gets
 * a byte of content); the connection, room and fan-out units do the rest.
 */
export async function startCollabServer(opts: CollabServerOptions): Promise<CollabServer> {
  const nodeId = newNodeId();
  const rooms = new Map<string, Room>();
  const pending = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p)).catch(() => undefined);
    return p;
  };
  let resyncs = 0;
  const connections = () => [...rooms.values()].flatMap((r) => [...r.members] as CollabConnection[]);

  // ---- what other nodes (and this one) announce ----
  const handleControl = (msg: ControlMessage) => {
    if (msg.kind === 'rights') void track(recheck(msg.filter));
    else if (msg.kind === 'revoked') {
      for (const c of connections()) if (c.actor.id === msg.accountId) c.close(COLLAB_CLOSE.sessionRevoked, 'session revoked');
    } else if (msg.kind === 'frozen') rooms.get(msg.doc)?.markFrozen();
  };

  const fanout: Fanout = opts.redis
    ? await redisFanout(
        opts.redis,
        opts.redisPrefix,
        {
          onDocMessage: (doc, kind, data) => rooms.get(doc)?.receiveRemote(kind, data),
          onControl: handleControl,
          onResubscribed: () => {
            resyncs += 1;
            log.info({ docs: rooms.size }, 'collab: Redis subscription back; reloading open documents');
            for (const r of rooms.values()) void track(r.reload().catch((e: unknown) => log.warn({ err: e, doc: r.name }, 'collab: resync failed')));
          },
        },
        nodeId,
      )
    : inProcessFanout(nodeId);

  const announce = (msg: ControlMessage) => {
    handleControl(msg);
    fanout.publishControl(msg);
  };
  const offRights = onCollabRightsChanged((filter) => announce({ kind: 'rights', filter }));
  const offFrozen = onCollabFrozen((doc) => announce({ kind: 'frozen', doc }));
  const offRevoked = onSessionsRevoked((accountId) => announce({ kind: 'revoked', accountId }));

  /** Asks the resolver again for every open connection the filter covers. */
  async function recheck(filter: CollabRightsFilter) {
    const affected = [...rooms.values()].filter((r) => matchesFilter(filter, r.ref));
    await Promise.all(
      affected.flatMap((room) =>
        ([...room.members] as CollabConnection[])
          .filter((c) => matchesFilter(filter, room.ref, c.actor.id))
          .map(async (c) => {
            let right;
            try {
              right = await resolveCollabRight(c.actor, room.ref);
            } catch (e) {
              log.warn({ err: e, doc: room.name }, 'collab: rights re-check failed');
              return c.close(COLLAB_CLOSE.serverError, 'could not re-check access');
            }
            if (right === 'none') c.close(COLLAB_CLOSE.forbidden, 'access revoked');
            else c.right = right;
          }),
      ),
    );
  }

  // ---- connections ----
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes, perMessageDeflate: false });
  let stopping = false;

  function leave(conn: CollabConnection) {
    const room = conn.room;
    room.members.delete(conn);
    if (room.members.size === 0 && rooms.get(room.name) === room) {
      rooms.delete(room.name);
      void track(room.destroy());
    }
  }

  const maxQueuedBytes = queueByteBudget(opts.maxMessageBytes);

  function accept(ws: WebSocket, name: string, ref: CollabDocRef, actor: Actor, right: 'write' | 'read', tokenExpiresAt: Date, displayName: string) {
    let room = rooms.get(name);
    if (!room) {
      room = new Room(name, ref, { nodeId, fanout, compactRows: opts.compactRows });
      rooms.set(name, room);
    }
    room.members.add(new CollabConnection(ws, room, actor, right, tokenExpiresAt, leave, { displayName, maxQueuedBytes }));
  }

  function refuse(req: http.IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) {
    if (socket.destroyed) return;
    // Completing the handshake and closing with a code tells the client why (and, for 44xx,
    // tells the stock client not to retry); nothing else is ever sent.
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, reason));
  }

  async function onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://collab.invalid');
    if (!url.pathname.startsWith(`${COLLAB_PATH}/`)) {
      // Socket.IO leaves other paths to us (destroyUpgrade: false); what nobody serves is dropped.
      if (!url.pathname.startsWith('/socket.io/')) setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    socket.on('error', () => undefined);
    if (stopping) return void socket.destroy();
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(COLLAB_PATH.length + 1));
    } catch {
      return refuse(req, socket, head, COLLAB_CLOSE.badDocument, 'bad document name');
    }
    const ref = parseCollabDocName(name);
    if (!ref) return refuse(req, socket, head, COLLAB_CLOSE.badDocument, 'bad document name');
    try {
      const redeemed = await redeemTicket(url.searchParams.get('ticket'), name);
      if (!redeemed.ok) {
        log.info({ doc: name, reason: redeemed.reason }, 'collab: connection refused (ticket)');
        return refuse(req, socket, head, COLLAB_CLOSE.policy, 'ticket');
      }
      const right = await resolveCollabRight(redeemed.actor, ref);
      if (right === 'none') {
        log.info({ doc: name, account: redeemed.actor.id }, 'collab: connection refused (no rights)');
        return refuse(req, socket, head, COLLAB_CLOSE.forbidden, 'forbidden');
      }
      const displayName = await resolveCollabName(redeemed.actor, ref);
      if (socket.destroyed || stopping) return;
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, name, ref, redeemed.actor, right, redeemed.tokenExpiresAt, displayName));
    } catch (e) {
      log.error({ err: e, doc: name }, 'collab: could not authorise a connection');
      refuse(req, socket, head, COLLAB_CLOSE.serverError, 'server error');
    }
  }

  const upgradeListener = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head);
  opts.server.on('upgrade', upgradeListener);
  log.info({ node: nodeId, redis: !!opts.redis }, 'collab: listening on /collab/');

  return {
    nodeId,
    stats: () => ({ docs: rooms.size, connections: connections().length, resyncs }),
    async stop() {
      stopping = true;
      opts.server.off('upgrade', upgradeListener);
      offRights();
      offFrozen();
      offRevoked();
      // Clients reconnect (to another node); what they sent before is stored first.
      const conns = connections();
      for (const c of conns) c.close(COLLAB_CLOSE.goingAway, 'server going away');
      await Promise.all(conns.map((c) => c.drained()));
      while (pending.size > 0) await Promise.allSettled([...pending]);
      wss.close();
      await fanout.close();
    },
  };
}
