import type { Response } from 'express';
import ExcelJS from 'exceljs';

/**
 * Every list exports as a spreadsheet with Chinese headers, streamed row by row to the response
 * (exceljs' WorkbookWriter), so a long list never sits in memory as a workbook. The file name is
 * sent both ASCII-safe and UTF-8 (RFC 6266).
 */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T, index: number) => string | number | Date | null | undefined;
}

export interface SheetSpec<T> {
  name: string;
  columns: Column<T>[];
  rows: T[];
}

export function startDownload(res: Response, fileName: string) {
  const name = fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`;
  res.status(200);
  res.setHeader('Content-Type', XLSX_MIME);
  res.setHeader('Content-Disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.setHeader('Cache-Control', 'no-store');
}

function addSheet<T>(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column<T>[]) {
  const sheet = wb.addWorksheet(name.slice(0, 31));
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return sheet;
}

/** One sheet whose rows come in batches (see `inBatches`), so exports stream from the database too. */
export async function streamXlsx<T>(
  res: Response,
  filename: string,
  sheetName: string,
  columns: Column<T>[],
  rows: AsyncIterable<T[]> | Iterable<T[]>,
): Promise<void> {
  startDownload(res, filename);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = addSheet(workbook, sheetName, columns);
  let index = 0;
  for await (const batch of rows) {
    for (const row of batch) {
      sheet.addRow(columns.map((c) => c.value(row, index) ?? '')).commit();
      index += 1;
    }
  }
  sheet.commit();
  await workbook.commit();
}

/** Several sheets, each with its rows in hand. */
export async function streamWorkbook(res: Response, fileName: string, sheets: Array<SheetSpec<any>>) {
  startDownload(res, fileName);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  for (const spec of sheets) {
    const ws = addSheet(wb, spec.name, spec.columns);
    spec.rows.forEach((r, i) => ws.addRow(spec.columns.map((c) => c.value(r, i) ?? '')).commit());
    ws.commit();
  }
  await wb.commit();
}

/** A workbook built in memory (an import template), sent as one buffer. */
export async function sendWorkbook(res: Response, fileName: string, wb: ExcelJS.Workbook) {
  startDownload(res, fileName);
  res.end(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Pages through a query in batches. */
export async function* inBatches<T>(fetch: (offset: number, limit: number) => Promise<T[]>, limit = 500, max = 20000): AsyncIterable<T[]> {
  for (let offset = 0; offset < max; offset += limit) {
    const batch = await fetch(offset, Math.min(limit, max - offset));
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < limit) return;
  }
}

/** A time as people in China read it (UTC+8), to the minute. */
export const fmtTime = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
