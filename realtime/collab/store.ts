import * as Y from 'yjs';
import { QueryTypes, type Transaction } from 'sequelize';
import { db } from '../../models';
import { isSqlite, withTransaction } from '../../models/db';
import { log } from '../../server/logger';
import { COLLAB_TEXT } from './names';

/**
 * Every SQL statement of the collaboration engine. Plain SQL rather than models: these are an
 * append-only log of binary rows and a lock row, and the statements' exact shape (a conditional
 * INSERT … SELECT, SKIP LOCKED) is the point.
 *
 * Locking, in one paragraph: the `collab_docs` row of a document is its lock. An append is one
 * autocommit `INSERT … SELECT … FROM collab_docs WHERE frozen_at IS NULL LOCK IN SHARE MODE`, so
 * appends from many nodes run side by side (shared locks) but never while a compaction replaces
 * rows or a freeze runs, both of which take the row `FOR UPDATE`. Compaction merges before it
 * locks, holds the lock only to swap the rows, and uses `SKIP LOCKED`: a node that finds the row
 * busy (another node compacting, a freeze, appends in flight) skips and tries later. We chose the
 * database row over a Redis `SET NX PX` lock because the same row must also order appends against
 * freezing, a row lock dies with its transaction (a Redis lock can expire under a slow compaction
 * and let a second node in), and it works unchanged on the embedded default without Redis.
 *
 * SQLite has one writer and no row locks; there every write goes through the process's
 * transaction queue (`withTransaction`), which serialises it with freezes and compactions.
 */

const sql = () => db();
const mysqlOnly = (s: string) => (isSqlite(sql()) ? '' : s);
const insertIgnore = () => (isSqlite(sql()) ? 'INSERT OR IGNORE' : 'INSERT IGNORE');

/** MariaDB writes autocommit; SQLite writes queue behind the process's other transactions. */
async function write<T>(fn: (t: Transaction | undefined) => Promise<T>): Promise<T> {
  return isSqlite(sql()) ? withTransaction(sql(), (t) => fn(t)) : fn(undefined);
}

async function affected(query: string, replacements: unknown[], t?: Transaction, type = QueryTypes.UPDATE): Promise<number> {
  const r = (await sql().query(query, { replacements, type, transaction: t })) as unknown as [unknown, number];
  return Number(r[1] ?? 0);
}

export const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

export interface DocRow {
  frozenAt: Date | null;
  frozenText: string | null;
}

/** Creates the document's row if it is new; returns its freeze state. */
export async function ensureDoc(name: string): Promise<DocRow> {
  const now = new Date();
  await write((t) =>
    sql().query(`${insertIgnore()} INTO collab_docs (name, created_at, updated_at) VALUES (?, ?, ?)`, {
      replacements: [name, now, now],
      transaction: t,
    }),
  );
  return (await docRow(name))!;
}

export async function docRow(name: string, t?: Transaction): Promise<DocRow | null> {
  const rows = await sql().query<{ frozen_at: unknown; frozen_text: string | null }>(
    'SELECT frozen_at, frozen_text FROM collab_docs WHERE name = ?',
    { replacements: [name], type: QueryTypes.SELECT, transaction: t },
  );
  return rows[0] ? { frozenAt: toDate(rows[0].frozen_at), frozenText: rows[0].frozen_text } : null;
}

/**
 * Appends one update unless the document is frozen (or has no row). Returns false when refused;
 * the caller then must not apply or relay the update.
 */
export async function appendUpdate(name: string, update: Uint8Array, origin: string): Promise<boolean> {
  const n = await write((t) =>
    affected(
      `INSERT INTO collab_updates (doc, data, origin, created_at)
       SELECT ?, ?, ?, ? FROM collab_docs WHERE name = ? AND frozen_at IS NULL${mysqlOnly(' LOCK IN SHARE MODE')}`,
      [name, Buffer.from(update.buffer, update.byteOffset, update.byteLength), origin, new Date(), name],
      t,
      QueryTypes.INSERT,
    ),
  );
  return n === 1;
}

export interface UpdateRow {
  id: number;
  data: Uint8Array;
}

export async function loadRows(name: string, t?: Transaction): Promise<UpdateRow[]> {
  const rows = await sql().query<{ id: number | string; data: Buffer }>('SELECT id, data FROM collab_updates WHERE doc = ? ORDER BY id', {
    replacements: [name],
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return rows.map((r) => ({ id: Number(r.id), data: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength) }));
}

export async function countRows(name: string): Promise<number> {
  const rows = await sql().query<{ n: number | string }>('SELECT COUNT(*) AS n FROM collab_updates WHERE doc = ?', {
    replacements: [name],
    type: QueryTypes.SELECT,
  });
  return Number(rows[0]?.n ?? 0);
}

/**
 * Merges rows into one update, and says what text they make.
 *
 * `Y.mergeUpdates` does not integrate anything, so it folds in a row that decodes but throws when it
 * integrates (a forged update, or one stored by an older version that did not check) without a
 * word; the merged row would then throw on every load and the whole document read as empty. So the
 * merge is checked by applying it to a scratch document. If the merge throws, or its result does not
 * apply, the rows are applied one by one instead: a row that throws is skipped and logged, the
 * scratch document (which the throw may have half-changed) is rebuilt without it, and the result is
 * that document's state. Skipped rows are not counted as merged, so compaction and freezing leave
 * them where they are (for someone to look at) and are never blocked by them.
 */
export function mergeRows(name: string, rows: UpdateRow[]): { update: Uint8Array; merged: UpdateRow[]; text: string } {
  try {
    const update = Y.mergeUpdates(rows.map((r) => r.data));
    return { update, merged: rows, text: textOfUpdate(update) };
  } catch {
    return mergeOneByOne(name, rows);
  }
}

function textOfUpdate(update: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, update);
    return doc.getText(COLLAB_TEXT).toString();
  } finally {
    doc.destroy();
  }
}

function mergeOneByOne(name: string, rows: UpdateRow[]): { update: Uint8Array; merged: UpdateRow[]; text: string } {
  // No garbage collection: deleted text stays in the result as it would in `mergeUpdates`, so an
  // offline edit next to it still finds its place.
  const fresh = () => new Y.Doc({ gc: false });
  let doc = fresh();
  const good: UpdateRow[] = [];
  for (const r of rows) {
    try {
      Y.applyUpdate(doc, r.data);
      good.push(r);
    } catch (e) {
      log.error({ doc: name, row: r.id, err: (e as Error).message }, 'collab: skipping an update row that does not apply');
      doc.destroy();
      doc = fresh();
      // The same rows in the same order integrated before: they do again.
      Y.transact(doc, () => {
        for (const g of good) Y.applyUpdate(doc, g.data);
      });
    }
  }
  try {
    return { update: Y.encodeStateAsUpdate(doc), merged: good, text: doc.getText(COLLAB_TEXT).toString() };
  } finally {
    doc.destroy();
  }
}

/**
 * Applies stored rows to a document in one transaction. Faster than merging them first (Yjs'
 * `mergeUpdates` on thousands of tiny updates costs several times more than integrating them);
 * a row that does not apply is skipped and logged, so one bad row never makes a document unreadable.
 * (A row that throws may leave part of itself behind; none should exist: the server tries every
 * update before storing it, and `mergeRows` never folds one into a compacted row.)
 */
export function applyRows(name: string, doc: Y.Doc, rows: UpdateRow[], origin: unknown = null): void {
  Y.transact(
    doc,
    () => {
      for (const r of rows) {
        try {
          Y.applyUpdate(doc, r.data, origin);
        } catch {
          log.error({ doc: name, row: r.id }, 'collab: skipping an update row that does not apply');
        }
      }
    },
    origin,
  );
}

/** The text of a document made of these rows (a row that does not apply is skipped, as in `mergeRows`). */
export function textOfRows(name: string, rows: UpdateRow[]): string {
  return rows.length ? mergeOneByOne(name, rows).text : '';
}

/** Replaces `merged` by one row holding `update`, deleting exactly those rows. */
async function replaceRows(name: string, update: Uint8Array, merged: UpdateRow[], origin: string, t: Transaction) {
  const ids = merged.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await sql().query(`DELETE FROM collab_updates WHERE doc = ? AND id IN (${chunk.map(() => '?').join(',')})`, {
      replacements: [name, ...chunk],
      transaction: t,
    });
  }
  await sql().query('INSERT INTO collab_updates (doc, data, origin, created_at) VALUES (?, ?, ?, ?)', {
    replacements: [name, Buffer.from(update), origin, new Date()],
    transaction: t,
  });
  await sql().query('UPDATE collab_docs SET compacted_at = ?, updated_at = ? WHERE name = ?', {
    replacements: [new Date(), new Date(), name],
    transaction: t,
  });
}

/**
 * Compacts a document: its rows become one `Y.mergeUpdates` of them. The merge runs outside any
 * lock (appends go on meanwhile); then, holding the document's row (`SKIP LOCKED`: if another node
 * is compacting or freezing it, we skip), we check that every row we merged is still there and
 * replace exactly those. Rows appended since stay as they are. Returns how many rows were merged
 * (0 when skipped). Frozen documents were compacted when frozen and are never touched again.
 */
export async function compactDoc(name: string, origin: string, minRows = 2): Promise<number> {
  const rows = await loadRows(name);
  if (rows.length < Math.max(2, minRows)) return 0;
  const { update, merged } = mergeRows(name, rows);
  if (merged.length < 2) return 0;
  return withTransaction(sql(), async (t) => {
    const locked = await sql().query<{ frozen_at: unknown }>(
      `SELECT frozen_at FROM collab_docs WHERE name = ?${mysqlOnly(' FOR UPDATE SKIP LOCKED')}`,
      { replacements: [name], type: QueryTypes.SELECT, transaction: t },
    );
    if (locked.length === 0 || locked[0].frozen_at) return 0;
    // Another node may have compacted some of these rows since we read them: then ours is stale.
    let still = 0;
    const ids = merged.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const [c] = await sql().query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM collab_updates WHERE doc = ? AND id IN (${chunk.map(() => '?').join(',')})`,
        { replacements: [name, ...chunk], type: QueryTypes.SELECT, transaction: t },
      );
      still += Number(c.n);
    }
    if (still !== ids.length) return 0;
    await replaceRows(name, update, merged, origin, t);
    return merged.length;
  });
}

export interface FrozenDoc {
  doc: string;
  frozenAt: Date;
  text: string;
  /** True when the document was already frozen: the stored snapshot is returned unchanged. */
  alreadyFrozen: boolean;
}

/**
 * Freezes a document inside the caller's transaction. The UPDATE comes first: it takes the row's
 * exclusive lock (the write lock on SQLite), so every append either committed before (and is read
 * below) or waits and then finds the document frozen. The rows are compacted into one on the way.
 */
export async function freezeDocRows(name: string, origin: string, t: Transaction): Promise<FrozenDoc> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = new Date();
    const n = await affected('UPDATE collab_docs SET frozen_at = ?, updated_at = ? WHERE name = ? AND frozen_at IS NULL', [now, now, name], t);
    if (n === 1) {
      const rows = await loadRows(name, t);
      const { update, merged, text } = rows.length ? mergeRows(name, rows) : { update: new Uint8Array(), merged: [], text: '' };
      if (merged.length > 1) await replaceRows(name, update, merged, origin, t);
      await sql().query('UPDATE collab_docs SET frozen_text = ? WHERE name = ?', { replacements: [text, name], transaction: t });
      return { doc: name, frozenAt: now, text, alreadyFrozen: false };
    }
    const row = await docRow(name, t);
    if (row?.frozenAt) return { doc: name, frozenAt: row.frozenAt, text: row.frozenText ?? '', alreadyFrozen: true };
    if (!row) {
      // Never opened: nothing was ever written, so the snapshot is empty.
      const inserted = await affected(
        `${insertIgnore()} INTO collab_docs (name, frozen_at, frozen_text, created_at, updated_at) VALUES (?, ?, '', ?, ?)`,
        [name, now, now, now],
        t,
        QueryTypes.INSERT,
      );
      if (inserted === 1) return { doc: name, frozenAt: now, text: '', alreadyFrozen: false };
    }
  }
  throw new Error(`collab: could not freeze ${name}`);
}

// ---- tickets -------------------------------------------------------------------------------

export interface TicketRow {
  accountId: number;
  doc: string;
  tokenVersion: number;
  tokenExpiresAt: Date;
}

export async function insertTicket(hash: string, row: TicketRow, expiresAt: Date): Promise<void> {
  await write((t) =>
    sql().query(
      `INSERT INTO collab_tickets (ticket_hash, account_id, doc, token_version, token_expires_at, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      { replacements: [hash, row.accountId, row.doc, row.tokenVersion, row.tokenExpiresAt, expiresAt, new Date()], transaction: t },
    ),
  );
}

/** Marks the ticket used if it is unused and unexpired, in one statement: only one caller can win. */
export async function consumeTicket(hash: string): Promise<TicketRow | null> {
  const now = new Date();
  const n = await write((t) =>
    affected('UPDATE collab_tickets SET used_at = ? WHERE ticket_hash = ? AND used_at IS NULL AND expires_at > ?', [now, hash, now], t),
  );
  if (n !== 1) return null;
  const rows = await sql().query<{ account_id: number; doc: string; token_version: number; token_expires_at: unknown }>(
    'SELECT account_id, doc, token_version, token_expires_at FROM collab_tickets WHERE ticket_hash = ?',
    { replacements: [hash], type: QueryTypes.SELECT },
  );
  const r = rows[0];
  return r ? { accountId: Number(r.account_id), doc: r.doc, tokenVersion: Number(r.token_version), tokenExpiresAt: toDate(r.token_expires_at)! } : null;
}

export async function purgeTickets(olderThan: Date): Promise<void> {
  await write((t) => sql().query('DELETE FROM collab_tickets WHERE expires_at < ?', { replacements: [olderThan], transaction: t }));
}
