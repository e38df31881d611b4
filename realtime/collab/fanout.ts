import crypto from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { log } from '../../server/logger';
import type { CollabRightsFilter } from './rights';

/**
 * Fan-out between nodes, and nothing else. One Redis channel per open document
 * (`{prefix}:collab:{doc}`) carries Yjs updates and awareness updates as binary messages tagged
 * with the sending node's id, so a node drops its own echo. One control channel
 * (`{prefix}:collab:control`, which can never be a document name) carries rights re-checks,
 * session revocations and freezes as JSON. Without Redis (one node) publishing is a no-op.
 *
 * Redis only speeds things up: every update is in the database before it is published, and a node
 * that lost its subscription reloads its open documents from the database when it is back.
 */
export type DocMessageKind = 'update' | 'awareness';
const KIND_CODES: Record<DocMessageKind, number> = { update: 0, awareness: 1 };
const KINDS: DocMessageKind[] = ['update', 'awareness'];

export type ControlMessage =
  | { kind: 'rights'; filter: CollabRightsFilter }
  | { kind: 'revoked'; accountId: number }
  | { kind: 'frozen'; doc: string };

export interface FanoutHandlers {
  onDocMessage(doc: string, kind: DocMessageKind, data: Uint8Array): void;
  onControl(msg: ControlMessage): void;
  /** The subscription was lost and is back: messages may have been missed. */
  onResubscribed(): void;
}

export interface Fanout {
  readonly nodeId: string;
  subscribeDoc(doc: string): Promise<void>;
  unsubscribeDoc(doc: string): Promise<void>;
  publishDoc(doc: string, kind: DocMessageKind, data: Uint8Array): void;
  publishControl(msg: ControlMessage): void;
  close(): Promise<void>;
}

export const newNodeId = () => `${os.hostname().slice(0, 32)}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

export function encodeDocMessage(nodeId: string, kind: DocMessageKind, data: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, nodeId);
  encoding.writeVarUint(e, KIND_CODES[kind]);
  encoding.writeVarUint8Array(e, data);
  return encoding.toUint8Array(e);
}

export function decodeDocMessage(buf: Uint8Array): { nodeId: string; kind: DocMessageKind; data: Uint8Array } | null {
  try {
    const d = decoding.createDecoder(buf);
    const nodeId = decoding.readVarString(d);
    const kind = KINDS[decoding.readVarUint(d)];
    const data = decoding.readVarUint8Array(d);
    return kind ? { nodeId, kind, data } : null;
  } catch {
    return null;
  }
}

export function inProcessFanout(nodeId = newNodeId()): Fanout {
  return {
    nodeId,
    subscribeDoc: async () => undefined,
    unsubscribeDoc: async () => undefined,
    publishDoc: () => undefined,
    publishControl: () => undefined,
    close: async () => undefined,
  };
}

export async function redisFanout(pub: Redis, prefix: string, handlers: FanoutHandlers, nodeId = newNodeId()): Promise<Fanout> {
  const docChannel = (doc: string) => `${prefix}:collab:${doc}`;
  const docPrefix = `${prefix}:collab:`;
  const controlChannel = `${prefix}:collab:control`;
  const sub = pub.duplicate({ connectionName: `collab:${nodeId}` });
  sub.on('error', (e: Error) => log.warn({ err: e.message }, 'collab: redis (sub) error'));

  sub.on('messageBuffer', (channelBuf: Buffer, message: Buffer) => {
    const channel = channelBuf.toString();
    try {
      if (channel === controlChannel) {
        const msg = JSON.parse(message.toString()) as ControlMessage & { node: string };
        if (msg.node !== nodeId) handlers.onControl(msg);
        return;
      }
      if (!channel.startsWith(docPrefix)) return;
      const decoded = decodeDocMessage(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      if (!decoded || decoded.nodeId === nodeId) return;
      handlers.onDocMessage(channel.slice(docPrefix.length), decoded.kind, decoded.data);
    } catch (e) {
      log.warn({ err: (e as Error).message, channel }, 'collab: bad fan-out message dropped');
    }
  });

  let readyOnce = false;
  sub.on('ready', () => {
    if (!readyOnce) {
      readyOnce = true;
      return;
    }
    // ioredis resubscribes by itself; give it a moment, then catch up from the database.
    setTimeout(() => handlers.onResubscribed(), 500).unref();
  });
  if (sub.status === 'wait') await sub.connect();
  await sub.subscribe(controlChannel);

  const publish = (channel: string, payload: Buffer | string) => {
    pub.publish(channel, payload).catch((e: Error) => log.warn({ err: e.message, channel }, 'collab: publish failed'));
  };

  return {
    nodeId,
    async subscribeDoc(doc) {
      await sub.subscribe(docChannel(doc));
    },
    async unsubscribeDoc(doc) {
      await sub.unsubscribe(docChannel(doc)).catch(() => undefined);
    },
    publishDoc(doc, kind, data) {
      publish(docChannel(doc), Buffer.from(encodeDocMessage(nodeId, kind, data)));
    },
    publishControl(msg) {
      publish(controlChannel, JSON.stringify({ ...msg, node: nodeId }));
    },
    async close() {
      await sub.quit().catch(() => undefined);
    },
  };
}
