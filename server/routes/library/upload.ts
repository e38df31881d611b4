import multer from 'multer';
import type { RequestHandler } from 'express';
import { setupUploadMaxBytes } from '../../commands/setup/blindOpinions';

/** One file in field `file`, held in memory (spreadsheets and PDFs), up to UPLOAD_MAX_BYTES. */
export const singleFile: RequestHandler = (req, res, next) =>
  multer({ storage: multer.memoryStorage(), limits: { fileSize: setupUploadMaxBytes(), files: 1, fields: 20 } }).single('file')(req, res, next);

export type UploadedFile = { buffer: Buffer; originalname: string; size: number };
export const uploaded = (req: unknown) => (req as { file?: UploadedFile }).file;
