import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { Op, type Model, type WhereOptions } from 'sequelize';
import { log } from '../logger';

/**
 * Spreadsheet exports (exceljs' streaming WorkbookWriter), Chinese headers, the file name sent both
 * ASCII-safe and UTF-8 (RFC 6266).
 *
 * A paged list exports through `byKey`: the rows come from the database in batches of 500, each
 * batch asking for the rows after the last one seen (keyset paging on the list's own order, which
 * ends in the unique id; no OFFSET, so a row added or removed meanwhile never shifts the others
 * into a skip or a repeat). A row whose own sort key moves past the cursor during the export (a
 * queue entry changed meanwhile) would come again: the ids already written are kept, so it is
 * written once. Every row is written and forgotten before the next batch is read. Nothing is capped: an export holds every row the list's filters
 * match. Between batches the writer waits while the response (or the zip entry feeding it) is
 * full — it `await`s 'drain' — so a slow client slows the export down instead of letting it pile
 * up in memory; a client that goes away stops it. Small unpaged lists (one meeting's recusals, a
 * year's holidays, an office's report batches) are passed in hand, whole or cut by `chunks`.
 *
 * The first batch is read before the response starts, so an error there is still a JSON error; an
 * error later cuts the download off (the connection is destroyed, never a file that looks whole).
 */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T, index: number) => string | number | Date | null | undefined;
}

export type Rows<T> = AsyncIterable<T[]> | Iterable<T[]>;

export interface SheetSpec<T> {
  name: string;
  columns: Column<T>[];
  rows: T[] | AsyncIterable<T[]>;
}

export function startDownload(res: Response, fileName: string) {
  const name = fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`;
  res.status(200);
  res.setHeader('Content-Type', XLSX_MIME);
  res.setHeader('Content-Disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('Cache-Control', 'no-store');
}

type SheetWriter = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

function addSheet<T>(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column<T>[]) {
  const sheet = wb.addWorksheet(name.slice(0, 31));
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return sheet;
}

class ExportAborted extends Error {}

/**
 * Waits while anything between the sheet and the client is full: the zip entry's input (exceljs
 * writes into it without looking at the return value, so this is where rows would pile up) and
 * the response itself. Throws ExportAborted once the client has gone.
 */
export async function drained(res: Writable, sheet?: SheetWriter) {
  const pipes = ((sheet as unknown as { stream?: { pipes?: Writable[] } } | undefined)?.stream?.pipes ?? []) as Writable[];
  for (const w of [...pipes, res]) {
    // archiver's entry input is a readable-stream v2 PassThrough, which predates writableNeedDrain.
    const full = () => w.writableNeedDrain ?? (w as unknown as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain ?? false;
    while (full()) {
      if (res.destroyed || res.writableEnded) throw new ExportAborted();
      const stop = new AbortController();
      try {
        await Promise.race([once(w, 'drain', { signal: stop.signal }), once(res, 'close', { signal: stop.signal })]);
      } finally {
        stop.abort();
      }
    }
  }
  if (res.destroyed) throw new ExportAborted();
}

async function writeRows<T>(res: Response, sheet: SheetWriter, columns: Column<T>[], first: T[] | undefined, rest: AsyncIterator<T[]> | Iterator<T[]> | null) {
  let index = 0;
  let batch = first;
  while (batch) {
    for (const row of batch) {
      sheet.addRow(columns.map((c) => c.value(row, index) ?? '')).commit();
      index += 1;
    }
    await drained(res, sheet);
    if (!rest) break;
    const next = await rest.next();
    batch = next.done ? undefined : next.value;
  }
  sheet.commit();
  return index;
}

function iteratorOf<T>(rows: Rows<T>): AsyncIterator<T[]> | Iterator<T[]> {
  return Symbol.asyncIterator in rows ? (rows as AsyncIterable<T[]>)[Symbol.asyncIterator]() : (rows as Iterable<T[]>)[Symbol.iterator]();
}

async function finish(res: Response, wb: ExcelJS.stream.xlsx.WorkbookWriter, work: () => Promise<void>) {
  try {
    await work();
    await wb.commit();
  } catch (e) {
    if (!(e instanceof ExportAborted)) log.error({ err: e }, 'export failed after the download started; connection cut');
    res.destroy(e instanceof Error ? e : undefined);
  }
}

/** One sheet whose rows come in batches (see `byKey`), written as they come. */
export async function streamXlsx<T>(res: Response, filename: string, sheetName: string, columns: Column<T>[], rows: Rows<T>): Promise<void> {
  const it = iteratorOf(rows);
  const first = await it.next(); // errors here are still answered as JSON
  startDownload(res, filename);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  await finish(res, workbook, async () => {
    const sheet = addSheet(workbook, sheetName, columns);
    await writeRows(res, sheet, columns, first.done ? [] : first.value, first.done ? null : it);
  });
}

/** Several sheets, one after another, each from rows in hand or in batches. */
export async function streamWorkbook(res: Response, fileName: string, sheets: Array<SheetSpec<any>>) {
  const its = sheets.map((spec) => (Array.isArray(spec.rows) ? iteratorOf([spec.rows]) : iteratorOf(spec.rows)));
  const head = its.length ? await its[0].next() : null; // as in streamXlsx: a first error is still JSON
  startDownload(res, fileName);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  await finish(res, wb, async () => {
    for (let i = 0; i < sheets.length; i++) {
      const spec = sheets[i];
      const ws = addSheet(wb, spec.name, spec.columns);
      const first = i === 0 ? head! : await its[i].next();
      await writeRows(res, ws, spec.columns, first.done ? [] : first.value, first.done ? null : its[i]);
    }
  });
}

/** A workbook built in memory (an import template), sent as one buffer. */
export async function sendWorkbook(res: Response, fileName: string, wb: ExcelJS.Workbook) {
  startDownload(res, fileName);
  res.end(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** A list's order for keyset paging: attribute names of the main model, the last one unique (the id). */
export type KeyOrder = ReadonlyArray<readonly [string, 'ASC' | 'DESC']>;

export const BATCH = 500;

/** The rows strictly after `last` in `order`: (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … */
export function afterKey(order: KeyOrder, last: readonly unknown[]): WhereOptions {
  const or: object[] = [];
  for (let i = 0; i < order.length; i++) {
    const and: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) and[order[j][0]] = last[j];
    and[order[i][0]] = { [order[i][1] === 'ASC' ? Op.gt : Op.lt]: last[i] };
    or.push(and);
  }
  return (or.length === 1 ? or[0] : { [Op.or]: or }) as WhereOptions;
}

/**
 * Pages through a list by key. `fetch(after, order, limit)` runs the list's own query with
 * `{ [Op.and]: [listWhere, after] }`, `order` and `limit`; `present` turns a batch of models into
 * rows (it may load what the rows refer to, one query per batch). Ends at the first short batch.
 */
export async function* byKey<M extends Model, T = M>(
  order: KeyOrder,
  fetch: (after: WhereOptions, order: Array<[string, string]>, limit: number) => Promise<M[]>,
  present: (rows: M[]) => T[] | Promise<T[]> = (rows) => rows as unknown as T[],
  batch = BATCH,
): AsyncGenerator<T[]> {
  const sequelizeOrder = order.map(([k, d]) => [k, d] as [string, string]);
  const idKey = order[order.length - 1][0];
  // Only the ids (a few MB for a million rows): a row written once is never written again.
  const written = new Set<unknown>();
  let after: WhereOptions = {};
  for (;;) {
    const rows = await fetch(after, sequelizeOrder, batch);
    if (rows.length === 0) return;
    const fresh = rows.filter((r) => !written.has(r.get(idKey)));
    for (const r of fresh) written.add(r.get(idKey));
    if (fresh.length) yield await present(fresh);
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    const values = order.map(([k]) => last.get(k));
    if (values.some((v) => v === null || v === undefined)) throw new Error(`keyset paging needs non-null keys (${order.map(([k]) => k).join(', ')})`);
    after = afterKey(order, values);
  }
}

/** Splits rows in hand into batches (so the writer still waits for the client between them). */
export function* chunks<T>(rows: readonly T[], size = BATCH): Iterable<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
  if (rows.length === 0) yield [];
}

/** A time as people in China read it (UTC+8), to the minute. */
export const fmtTime = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
