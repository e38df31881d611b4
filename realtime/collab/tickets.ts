import crypto from 'node:crypto';
import { Account, Organisation } from '../../models';
import { accountBlock, toActor } from '../../server/http/authenticate';
import type { Actor } from '../../server/policies';
import { consumeTicket, insertTicket, purgeTickets } from './store';

/**
 * A WebSocket URL ends up in proxy logs and browser history, so it never carries the access token:
 * the client trades its token for a ticket (`POST /api/collab/tickets`), good for one connection
 * to one document within a few seconds, on any node (the ticket lives in the shared database, as
 * a SHA-256 hash only).
 */
export const TICKET_TTL_MS = 30_000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

let lastPurge = 0;

export async function issueTicket(input: {
  accountId: number;
  doc: string;
  tokenVersion: number;
  tokenExpiresAt: Date;
}): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Math.min(Date.now() + TICKET_TTL_MS, input.tokenExpiresAt.getTime()));
  await insertTicket(sha256(ticket), input, expiresAt);
  // Used and expired tickets are worthless; drop them now and then rather than on a timer.
  if (Date.now() - lastPurge > 10 * 60_000) {
    lastPurge = Date.now();
    await purgeTickets(new Date(Date.now() - 60 * 60_000));
  }
  return { ticket, expiresAt };
}

export type Redeemed =
  | { ok: true; actor: Actor; tokenExpiresAt: Date }
  | { ok: false; reason: 'missing' | 'invalid' | 'other_document' | 'account' };

/**
 * Uses a ticket up (atomically: a second use finds it used) and loads the account as it is now.
 * The ticket dies with its session: a password change or disable since it was issued kills it.
 */
export async function redeemTicket(ticket: string | null, doc: string): Promise<Redeemed> {
  if (!ticket) return { ok: false, reason: 'missing' };
  if (ticket.length > 100) return { ok: false, reason: 'invalid' };
  const row = await consumeTicket(sha256(ticket));
  if (!row) return { ok: false, reason: 'invalid' };
  if (row.doc !== doc) return { ok: false, reason: 'other_document' };
  const account = await Account.findByPk(row.accountId, { include: [{ model: Organisation, as: 'org' }] });
  if (!account || account.tokenVersion !== row.tokenVersion || accountBlock(account)) return { ok: false, reason: 'account' };
  if (row.tokenExpiresAt.getTime() <= Date.now()) return { ok: false, reason: 'account' };
  return { ok: true, actor: toActor(account, (account as Account & { org: Organisation }).org), tokenExpiresAt: row.tokenExpiresAt };
}
