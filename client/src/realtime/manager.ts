import { createSignal } from 'solid-js';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, RoomEventName, ServerToClientEvents } from '../../../realtime/events';
import { tokens } from '../api/tokens';
import { ApiError } from '../api/error';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type RoomPayload<E extends RoomEventName> = Parameters<ServerToClientEvents[E]>[0];
type ClientEventName = keyof ClientToServerEvents;
export type SendPayload<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0];
export type SendResult<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[1] extends (res: Ack<infer R>) => void ? R : never;

/** An area's interest in one room. Stores subscribe; components never touch the socket. */
export interface Subscription {
  room: string;
  on?: { [E in RoomEventName]?: (e: RoomPayload<E>) => void };
  /** Events may have been missed (a gap in `seq`, or the room moved on while we were away): refetch. */
  resync?: () => void;
  /**
   * The room's sequence number the subscriber's data was read at (a snapshot's `seqs`): if the room
   * has moved past it by the time we join, `resync` is called.
   */
  since?: number;
}

export type LiveStatus = 'off' | 'connecting' | 'online' | 'offline';
const [status, setStatus] = createSignal<LiveStatus>('off');
export const liveStatus = status;

const AUTH_CODES = new Set(['token_expired', 'token_revoked', 'token_invalid', 'unauthenticated']);

/**
 * The one Socket.IO connection of the page. It sends the current access token on every
 * (re)connect, hands a refreshed token to the live socket (`session:renew`), rejoins the rooms
 * areas follow after a reconnect, and keeps each room's last sequence number: a gap, or a room
 * that moved on while we were disconnected, makes the subscribers refetch.
 */
class RealtimeManager {
  private socket: ClientSocket | null = null;
  private readonly subs = new Map<string, Set<Subscription>>();
  private readonly lastSeq = new Map<string, number>();
  private recovering = false;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private offTokens: (() => void) | null = null;
  private readonly onConnectListeners = new Set<() => void>();
  private offWindow: (() => void) | null = null;

  start() {
    if (this.socket) return;
    setStatus('connecting');
    const socket: ClientSocket = io({
      // A function, so every reconnect presents the token current at that moment.
      auth: (cb) => cb({ token: tokens.current() ?? '' }),
      transports: ['websocket'],
      reconnectionDelayMax: 10_000,
    });
    this.socket = socket;

    socket.on('connect', () => {
      this.attempts = 0;
      setStatus('online');
      for (const room of this.subs.keys()) this.join(room);
      for (const l of [...this.onConnectListeners]) l();
    });
    socket.on('disconnect', (reason) => {
      setStatus('offline');
      // The server dropped us (expired or revoked token): socket.io will not retry by itself.
      if (reason === 'io server disconnect') this.recover(false);
    });
    socket.on('connect_error', (err) => {
      setStatus('offline');
      if (!socket.active) this.recover(AUTH_CODES.has(err.message));
    });
    socket.on('session:ended', () => setStatus('offline'));
    socket.onAny((event: string, payload: unknown) => this.dispatch(event, payload));

    // The operating system knows first when the Wi-Fi drops or comes back: do not wait for a ping
    // timeout or the next back-off step.
    const offline = () => {
      if (socket.connected) socket.io.engine?.close();
      setStatus('offline');
    };
    const online = () => {
      if (!socket.connected) socket.disconnect().connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    this.offWindow = () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };

    this.offTokens = tokens.onChanged((s) => {
      if (!socket.connected) return;
      socket.timeout(5000).emit('session:renew', { token: s.accessToken }, (err, ack) => {
        // A refused renewal: the server drops the socket and `recover` reconnects with the new token.
        if (err || !ack.ok) socket.disconnect().connect();
      });
    });
  }

  stop() {
    clearTimeout(this.retryTimer);
    this.offTokens?.();
    this.offTokens = null;
    this.offWindow?.();
    this.offWindow = null;
    this.socket?.removeAllListeners();
    this.socket?.offAny();
    this.socket?.disconnect();
    this.socket = null;
    this.lastSeq.clear();
    this.recovering = false;
    setStatus('off');
  }

  /** Follow a room; returns the function that stops following it. */
  subscribe(sub: Subscription): () => void {
    let set = this.subs.get(sub.room);
    const first = !set;
    if (!set) this.subs.set(sub.room, (set = new Set()));
    set.add(sub);
    if (first && this.socket?.connected) this.join(sub.room);
    else if (!first && sub.since !== undefined && (this.lastSeq.get(sub.room) ?? 0) > sub.since) queueMicrotask(() => sub.resync?.());
    return () => {
      const s = this.subs.get(sub.room);
      if (!s) return;
      s.delete(sub);
      if (s.size === 0) {
        this.subs.delete(sub.room);
        this.lastSeq.delete(sub.room);
        if (this.socket?.connected) this.socket.emit('room:leave', { room: sub.room }, () => undefined);
      }
    };
  }

  /** The rooms areas follow (for diagnostics and tests). */
  rooms(): string[] {
    return [...this.subs.keys()];
  }

  connected(): boolean {
    return !!this.socket?.connected;
  }

  /** Called after every (re)connect, once the rooms are being rejoined: the moment to resend what waits. */
  onConnect(listener: () => void): () => void {
    this.onConnectListeners.add(listener);
    return () => this.onConnectListeners.delete(listener);
  }

  /**
   * Sends a client event and resolves with its acknowledgement's data. Throws an ApiError: the
   * server's code when it refused, `network_error` when there is no connection or no answer in time
   * (the caller keeps what it sent and tries again after the next connect).
   */
  async send<E extends ClientEventName>(event: E, payload: SendPayload<E>, timeoutMs = 8000): Promise<SendResult<E>> {
    const socket = this.socket;
    if (!socket?.connected) throw new ApiError(0, 'network_error', 'Not connected');
    let ack: Ack<SendResult<E>>;
    try {
      const emitter = socket.timeout(timeoutMs) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<SendResult<E>>> };
      ack = await emitter.emitWithAck(event, payload);
    } catch {
      throw new ApiError(0, 'network_error', 'No acknowledgement');
    }
    if (!ack.ok) {
      const code = ack.error.code;
      const status = code === 'validation_failed' ? 400 : code === 'forbidden' || code === 'not_eligible' || code === 'recused' || code === 'signed_out' ? 403 : 409;
      throw new ApiError(status, code, ack.error.message, ack.error.details ?? []);
    }
    return ack.data;
  }

  private join(room: string) {
    this.socket?.timeout(8000).emit('room:join', { room }, (err, ack) => {
      if (err || !ack.ok) {
        console.warn(`realtime: could not join ${room}`, err ?? (ack.ok ? null : ack.error.code));
        return;
      }
      const known = this.lastSeq.get(room);
      // First join: what the subscribers read (their snapshot) is the baseline.
      const since = [...(this.subs.get(room) ?? [])].map((s) => s.since).filter((x): x is number => x !== undefined);
      const before = known ?? (since.length ? Math.min(...since) : undefined);
      this.lastSeq.set(room, Math.max(before ?? 0, ack.data.seq));
      // The room moved on while we were away: what we show may be stale.
      if (before !== undefined && ack.data.seq > before) this.resync(room);
    });
  }

  private dispatch(event: string, payload: unknown) {
    if (!payload || typeof payload !== 'object') return;
    const { room, seq } = payload as { room?: unknown; seq?: unknown };
    if (typeof room !== 'string' || typeof seq !== 'number') return;
    const last = this.lastSeq.get(room);
    if (last !== undefined && seq <= last) return; // a duplicate or an old event
    if (event === 'room:seq') {
      // Not an event but where the room is (sent after Redis was away): we missed something.
      if (last !== undefined) {
        this.lastSeq.set(room, seq);
        this.resync(room);
      }
      return;
    }
    this.lastSeq.set(room, seq);
    const subs = this.subs.get(room);
    if (!subs) return;
    const gap = last !== undefined && seq > last + 1;
    for (const sub of [...subs]) {
      if (gap && sub.resync) {
        sub.resync();
        continue;
      }
      const handler = sub.on?.[event as RoomEventName] as ((e: unknown) => void) | undefined;
      handler?.(payload);
    }
  }

  private resync(room: string) {
    for (const sub of [...(this.subs.get(room) ?? [])]) sub.resync?.();
  }

  /** Reconnect after the server dropped us or refused the handshake; refresh the token first if needed. */
  private recover(authFailed: boolean) {
    if (this.recovering || !this.socket) return;
    this.recovering = true;
    const delay = Math.min(30_000, 500 * 2 ** this.attempts++);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(async () => {
      try {
        if (authFailed || tokens.expiringWithin(15)) await tokens.refresh();
        this.socket?.connect();
      } catch {
        // A 401 on refresh ends the session (tokens.end → the session store stops us); a network
        // failure tries again later.
        if (this.socket) setTimeout(() => this.recover(false), 0);
      } finally {
        this.recovering = false;
      }
    }, delay);
  }
}

export const realtime = new RealtimeManager();
