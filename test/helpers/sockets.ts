import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, Ack } from '../../realtime/events';
import { server } from './setup';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io-client over WebSocket to a server (the in-process one by default). */
export async function connect(token: string, baseUrl?: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(baseUrl ?? server().url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e));
  });
  return socket;
}

/** Resolves with the first `event` whose payload satisfies `match`; rejects after `ms`. */
export function waitFor<T = any>(socket: ClientSocket, event: string, match: (p: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const s = socket as unknown as { on: (e: string, f: (p: T) => void) => void; off: (e: string, f: (p: T) => void) => void };
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    const listener = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      s.off(event, listener);
      resolve(p);
    };
    s.on(event, listener);
  });
}

/** Collects every `event` a socket receives, for asserting order and absence. */
export function collect<T = any>(socket: ClientSocket, event: string): T[] {
  const seen: T[] = [];
  (socket as unknown as { on: (e: string, f: (p: T) => void) => void }).on(event, (p: T) => seen.push(p));
  return seen;
}

/** Emits a client event and resolves with its acknowledgement. */
export function emitAck<T = any>(socket: ClientSocket, event: string, payload: unknown, ms = 5000): Promise<Ack<T>> {
  return (socket as unknown as { timeout: (ms: number) => { emitWithAck: (e: string, p: unknown) => Promise<Ack<T>> } })
    .timeout(ms)
    .emitWithAck(event, payload);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
