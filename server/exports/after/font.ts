import fs from 'node:fs';
import type { Response } from 'express';
import PDFDocument from 'pdfkit';
import { AppError } from '../../errors';
import { log } from '../../logger';

/**
 * The CJK font every PDF embeds (subset), so Chinese text renders on any reader. Debian's
 * `fonts-noto-cjk` (a registry install: `apt-get install fonts-noto-cjk`) is looked for at its
 * usual places. Without one the server still starts; only the PDF routes answer 503
 * `pdf_font_missing` with what to install.
 */
const CANDIDATES = [
  { regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular', bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', boldFamily: 'NotoSansCJKsc-Bold' },
  { regular: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular', bold: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', boldFamily: 'NotoSerifCJKsc-Bold' },
  { regular: '/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular', bold: '/usr/share/fonts/truetype/noto/NotoSansCJK-Bold.ttc', boldFamily: 'NotoSansCJKsc-Bold' },
];

interface LoadedFont {
  regular: Buffer;
  family: string;
  bold: Buffer | null;
  boldFamily: string;
}

let loaded: LoadedFont | null | undefined;
let candidates = CANDIDATES;

/** Tests pretend a machine without the font (pass null to go back to the real places). */
export function useFontCandidatesForTests(list: typeof CANDIDATES | null) {
  candidates = list ?? CANDIDATES;
  loaded = undefined;
}

/** Reads the font once (about 20 MB) and keeps it; null when none is installed. */
export function cjkFont(): LoadedFont | null {
  if (loaded !== undefined) return loaded;
  const found = candidates.find((c) => fs.existsSync(c.regular));
  loaded = found
    ? { regular: fs.readFileSync(found.regular), family: found.family, bold: fs.existsSync(found.bold) ? fs.readFileSync(found.bold) : null, boldFamily: found.boldFamily }
    : null;
  return loaded;
}

/** Said once at start, so an operator learns of it before anyone asks for a certificate. */
export function checkPdfFont() {
  const found = candidates.find((c) => fs.existsSync(c.regular));
  if (!found) log.warn('no CJK font found: certificate and review-form PDFs will answer 503 until `apt-get install fonts-noto-cjk`');
}

/** A document with the CJK font registered as 'cjk' and 'cjk-bold'. */
export function newPdf(opts: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const font = cjkFont();
  if (!font) throw new AppError(503, 'pdf_font_missing', 'No Chinese font is installed on the server (apt-get install fonts-noto-cjk)');
  const doc = new PDFDocument(opts);
  doc.registerFont('cjk', font.regular, font.family);
  doc.registerFont('cjk-bold', font.bold ?? font.regular, font.bold ? font.boldFamily : font.family);
  doc.font('cjk');
  return doc;
}

/** Streams a finished document to the response as an inline PDF (Chinese file name per RFC 6266). */
export function sendPdf(res: Response, doc: PDFKit.PDFDocument, fileName: string) {
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
  res.setHeader('Cache-Control', 'no-store');
  return new Promise<void>((resolve, reject) => {
    doc.on('error', reject);
    res.on('finish', () => resolve());
    doc.pipe(res);
    doc.end();
  });
}
