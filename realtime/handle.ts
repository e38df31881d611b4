import type { Server, Socket } from 'socket.io';
import type { ZodType, z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from './events';
import type { Ack, AckError } from './events/common';
import { AppError, dbUnavailable, forbidden, isDbUnavailable, validationFailed } from '../server/errors';
import { authenticateToken } from '../server/http/authenticate';
import { can, type Action, type Actor } from '../server/policies';
import { log } from '../server/logger';

export interface SocketData {
  actor: Actor;
  token: string;
  /** The token's version (`tv`), checked against the account where a handler defers the check. */
  tokenVersion: number;
  expiresAt: number;
  expiryTimer?: NodeJS.Timeout;
}

/** Between server nodes (through the adapter): a node's Redis connection is back, check your rooms. */
export interface InterServerEvents {
  'rooms:check': () => void;
}
export type IO = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ZSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type ResultOf<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends (res: Ack<infer R>) => void ? R : never;

export interface EventSpec<E extends keyof ClientToServerEvents, S extends ZodType> {
  /** 'signedIn' or the action whose role-level rule must hold; the handler checks the subject. */
  needs: 'signedIn' | Action;
  /**
   * 'account' (default): the account is read again for every event (disabled or revoked since the
   * handshake?). 'deferred': the handler checks it itself, in bulk (ballot sheets are checked in
   * batches); here only the token's expiry is checked. Either way the socket is dropped at expiry
   * and on revocation.
   */
  auth?: 'account' | 'deferred';
  /**
   * At most `events` per `perMs` from one socket; more are refused with `rate_limited` before any
   * work. A person submits one ballot sheet per round: a socket sending hundreds is a script.
   */
  limit?: { events: number; perMs: number };
  schema: S;
  handler: (ctx: { actor: Actor; socket: ZSocket; io: IO; data: z.infer<S> }) => Promise<ResultOf<E>>;
}

export function toAckError(e: unknown): AckError {
  if (e instanceof AppError) return { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) };
  // Not "accepted": the client keeps what it sent and resends it with the same idempotency key once
  // the database is back. Had the commit landed just before the connection broke, that resend is
  // answered as a duplicate; otherwise the transaction was rolled back whole and it counts then.
  if (isDbUnavailable(e)) {
    log.warn({ err: { name: (e as Error).name, message: (e as Error).message } }, 'socket handler: database unavailable');
    return { code: dbUnavailable().code, message: dbUnavailable().message };
  }
  log.error({ err: e }, 'socket handler failed');
  return { code: 'internal_error', message: 'Something went wrong on our side' };
}

/**
 * The one way to handle a client event: re-check the account (it may have been disabled since the
 * handshake), validate the payload, check the role, run, and always answer with an Ack.
 */
export function onEvent<E extends keyof ClientToServerEvents, S extends ZodType>(
  io: IO,
  socket: ZSocket,
  event: E,
  spec: EventSpec<E, S>,
) {
  let window = { start: 0, count: 0 };
  const listener = async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<unknown>) => void) : () => undefined;
    if (spec.limit) {
      const now = Date.now();
      if (now - window.start >= spec.limit.perMs) window = { start: now, count: 0 };
      if (++window.count > spec.limit.events) {
        reply({ ok: false, error: { code: 'rate_limited', message: 'Too many requests; wait a moment' } });
        return;
      }
    }
    try {
      let actor: Actor;
      if (spec.auth === 'deferred') {
        if (socket.data.expiresAt * 1000 <= Date.now()) throw new AppError(401, 'token_expired', 'The token has expired');
        actor = socket.data.actor;
      } else {
        actor = (await authenticateToken(socket.data.token)).actor;
        socket.data.actor = actor;
      }
      if (spec.needs !== 'signedIn') {
        if (actor.mustChangePassword) throw forbidden('password_change_required', 'Change your password first');
        if (!can(actor, spec.needs)) throw forbidden();
      }
      const parsed = spec.schema.safeParse(payload);
      if (!parsed.success) {
        throw validationFailed(parsed.error.issues.map((i) => ({ path: ['payload', ...i.path.map(String)].join('.'), message: i.message })));
      }
      const data = await spec.handler({ actor, socket, io, data: parsed.data });
      reply({ ok: true, data });
    } catch (e) {
      if (e instanceof AppError && e.status === 401) {
        reply({ ok: false, error: toAckError(e) });
        socket.emit('session:ended', { reason: e.code === 'token_expired' ? 'expired' : 'revoked' });
        socket.disconnect(true);
        return;
      }
      reply({ ok: false, error: toAckError(e) });
    }
  };
  socket.on(event as never, listener as never);
}

export type { PayloadOf };
