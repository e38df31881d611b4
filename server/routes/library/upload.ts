import multer from 'multer';
import type { RequestHandler } from 'express';
import { setupUploadMaxBytes } from '../../commands/setup/blindOpinions';
import { AppError } from '../../errors';
import { malformedMultipart } from '../../http/upload';

/**
 * One file in field `file`, held in memory (spreadsheets and PDFs), up to UPLOAD_MAX_BYTES. A bad
 * upload (a second file, a file under another field, too many fields, no multipart at all) is a 400
 * naming the field; a too large file keeps its 413 (file_too_large).
 */
export const singleFile: RequestHandler = (req, res, next) =>
  multer({ storage: multer.memoryStorage(), limits: { fileSize: setupUploadMaxBytes(), files: 1, fields: 20 } }).single('file')(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError && err.code !== 'LIMIT_FILE_SIZE') {
      return next(new AppError(400, 'upload_invalid', err.message, [{ path: `body.${err.field ?? 'file'}`, message: err.code, code: err.code }]));
    }
    next(malformedMultipart(err));
  });

export type UploadedFile = { buffer: Buffer; originalname: string; size: number };
export const uploaded = (req: unknown) => (req as { file?: UploadedFile }).file;
