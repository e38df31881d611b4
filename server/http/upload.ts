import type { RequestHandler } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError } from '../errors';
import { uploadMaxBytes } from '../commands/declarations/files';

/**
 * One file in the multipart field "file", held in memory up to UPLOAD_MAX_BYTES (its type is then
 * read from the bytes). Runs after authentication, so strangers never get to send a body.
 */
export const singleFile: RequestHandler = (req, res, next) => {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: uploadMaxBytes(), files: 1, fields: 10, fieldSize: 4096 },
    defParamCharset: 'utf8',
  }).single('file');
  parse(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE') {
        return next(new AppError(413, 'file_too_large', `The file is larger than ${uploadMaxBytes()} bytes`, [{ path: 'body.file', message: 'too large', code: 'file_too_large' }]));
      }
      return next(new AppError(400, 'upload_invalid', err.message, [{ path: `body.${err.field ?? 'file'}`, message: err.code, code: err.code }]));
    }
    next(malformedMultipart(err));
  });
};

/**
 * What busboy throws for a body that is not multipart at all (no boundary, a truncated or malformed
 * part) is the client's fault: 400, never an internal error.
 */
export function malformedMultipart(err: unknown): unknown {
  if (err instanceof Error && !(err instanceof AppError) && /multipart|boundary|unexpected end of form|malformed part header/i.test(err.message)) {
    return new AppError(400, 'upload_invalid', 'The multipart body is malformed', [{ path: 'body', message: err.message, code: 'malformed_multipart' }]);
  }
  return err;
}

/** For the OpenAPI document: the multipart body of an upload route. */
export const multipartContent = (fields: z.ZodObject) => ({
  'multipart/form-data': { schema: fields.extend({ file: z.string().meta({ format: 'binary', description: 'PDF, JPEG or PNG' }) }) },
});
