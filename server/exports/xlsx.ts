import type { Response } from 'express';
import ExcelJS from 'exceljs';

/**
 * Every list exports as a spreadsheet with Chinese headers, streamed row by row to the response
 * (exceljs' WorkbookWriter), so a long list never sits in memory as a workbook.
 */
export interface Column<T> {
  header: string;
  width?: number;
  value: (row: T, index: number) => string | number | Date | null | undefined;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function streamXlsx<T>(
  res: Response,
  filename: string,
  sheetName: string,
  columns: Column<T>[],
  rows: AsyncIterable<T[]> | Iterable<T[]>,
): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', XLSX_MIME);
  res.setHeader('Content-Disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}.xlsx`);
  res.setHeader('Cache-Control', 'no-store');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
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

/** Pages through a query in batches so exports stream from the database too. */
export async function* inBatches<T>(fetch: (offset: number, limit: number) => Promise<T[]>, limit = 500, max = 20000): AsyncIterable<T[]> {
  for (let offset = 0; offset < max; offset += limit) {
    const batch = await fetch(offset, Math.min(limit, max - offset));
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < limit) return;
  }
}

export const fmtTime = (d: Date | null | undefined) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
