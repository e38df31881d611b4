import ExcelJS from 'exceljs';
import type { Response } from 'express';

/**
 * Spreadsheet downloads, streamed: rows go out as they are written, never a whole workbook in memory.
 * Chinese sheet names and headers; the file name is sent both ASCII-safe and UTF-8 (RFC 6266).
 */
export interface SheetSpec<T> {
  name: string;
  columns: Array<{ header: string; width?: number; value: (row: T, index: number) => string | number | null }>;
  rows: T[];
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function startDownload(res: Response, fileName: string) {
  res.status(200);
  res.setHeader('Content-Type', XLSX_MIME);
  res.setHeader('Content-Disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  res.setHeader('Cache-Control', 'no-store');
}

export async function streamWorkbook(res: Response, fileName: string, sheets: Array<SheetSpec<any>>) {
  startDownload(res, fileName);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name.slice(0, 31));
    ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
    ws.getRow(1).font = { bold: true };
    spec.rows.forEach((r, i) => ws.addRow(spec.columns.map((c) => c.value(r, i))).commit());
    ws.commit();
  }
  await wb.commit();
}

/** A workbook built in memory (the import template), sent as one buffer. */
export async function sendWorkbook(res: Response, fileName: string, wb: ExcelJS.Workbook) {
  startDownload(res, fileName);
  res.end(Buffer.from(await wb.xlsx.writeBuffer()));
}
