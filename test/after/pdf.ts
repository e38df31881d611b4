import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Looking at a PDF the way a person would: which fonts it embeds (pdffonts), what it shows once
 * rendered (pdftoppm, decoded here: dark pixels, OCR with Debian's tesseract-ocr + chi_sim), and
 * where its QR code points (jsQR on the rendered page). The tools run asynchronously: the test
 * server lives in this process and must keep answering (and keep its idle connections) meanwhile.
 */
const run = promisify(execFile);
const buffers = { encoding: 'buffer' as const, maxBuffer: 64 * 1024 * 1024 };

export interface Font {
  name: string;
  type: string;
  encoding: string;
  embedded: boolean;
  subset: boolean;
}

/** `pdffonts file`: one row per font (name, type, encoding, emb, sub, uni, object). */
export async function pdfFonts(file: string): Promise<Font[]> {
  const out = (await run('pdffonts', [file])).stdout.toString().split('\n');
  return out
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type… encoding emb sub uni object ID: read the yes/no columns from the right.
      const [emb, sub] = cols.slice(-5, -3);
      return { name: cols[0], type: cols.slice(1, -6).join(' '), encoding: cols[cols.length - 6], embedded: emb === 'yes', subset: sub === 'yes' };
    });
}

export interface Gray {
  width: number;
  height: number;
  /** 0 = black … 255 = white, row by row. */
  pixels: Uint8Array;
  /** Pixels per PDF point. */
  scale: number;
}

/** The first page rendered in grey at `dpi` (pdftoppm -gray → binary PGM on stdout), decoded. */
export async function renderGray(file: string, dpi = 100): Promise<Gray> {
  // Without an output root pdftoppm writes the page to stdout.
  const pgm = (await run('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', file], buffers)).stdout as Buffer;
  // P5 <width> <height> <maxval> then one byte per pixel.
  let pos = 0;
  const space = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
  const token = () => {
    while (pos < pgm.length && space(pgm[pos])) pos++;
    const start = pos;
    while (pos < pgm.length && !space(pgm[pos])) pos++;
    if (pos >= pgm.length) throw new Error('truncated PGM header');
    return pgm.subarray(start, pos).toString();
  };
  if (token() !== 'P5') throw new Error('not a binary PGM');
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  if (max !== 255) throw new Error(`PGM maxval ${max}`);
  pos += 1;
  if (pgm.length - pos < width * height) throw new Error('truncated PGM');
  return { width, height, pixels: pgm.subarray(pos, pos + width * height), scale: dpi / 72 };
}

/** Pixels darker than mid-grey inside a box given in PDF points (x, y from the top left). */
export function darkPixels(img: Gray, box: { x: number; y: number; w: number; h: number }): number {
  const x0 = Math.max(0, Math.floor(box.x * img.scale));
  const y0 = Math.max(0, Math.floor(box.y * img.scale));
  const x1 = Math.min(img.width, Math.ceil((box.x + box.w) * img.scale));
  const y1 = Math.min(img.height, Math.ceil((box.y + box.h) * img.scale));
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (img.pixels[y * img.width + x] < 128) n++;
  return n;
}

/** The first page as a PNG file at `dpi` (for OCR, the QR code and a person to look at). */
export async function renderPng(file: string, dpi: number, outBase: string): Promise<string> {
  await run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, outBase]);
  return `${outBase}.png`;
}

/**
 * What the QR code on a rendered page says, or null if none is found. jsQR runs in a child node
 * process: on a whole page it takes a second of CPU, which would stall the in-process test server.
 */
export async function readQr(pngFile: string): Promise<string | null> {
  const script = `
    const fs = require('node:fs');
    const { PNG } = require('pngjs');
    const jsQR = require('jsqr');
    const png = PNG.sync.read(fs.readFileSync(process.argv[1]));
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
    process.stdout.write(JSON.stringify(code ? code.data : null));`;
  const { stdout } = await run(process.execPath, ['-e', script, pngFile], { cwd: process.cwd() });
  return JSON.parse(stdout.toString()) as string | null;
}

/** Debian's tesseract-ocr with the simplified-Chinese data (tesseract-ocr-chi-sim), if installed. */
export function tesseractWithChinese(): boolean {
  const r = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  return r.status === 0 && `${r.stdout}${r.stderr}`.split(/\s+/).includes('chi_sim');
}

/** The text tesseract reads in a PNG, without any whitespace (it spaces CJK glyphs apart). */
export async function ocr(pngFile: string): Promise<string> {
  const { stdout } = await run('tesseract', [pngFile, 'stdout', '-l', 'chi_sim', '--psm', '3']);
  return stdout.toString().replace(/\s+/g, '');
}

export function saveResult(file: string, name: string) {
  fs.mkdirSync('test-results', { recursive: true });
  fs.copyFileSync(file, path.join('test-results', name));
}
