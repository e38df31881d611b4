import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'sequelize';
import { fileTypeFromBuffer } from 'file-type';
import { Declaration, Organisation, StoredFile } from '../../../models';
import { AppError, conflict, invalidField, notFound, forbidden } from '../../errors';
import { authorize, can, type Actor } from '../../policies';
import { UPLOAD_TYPES, type UploadMime } from '../../domain/titles';
import type { SectionKey } from '../../domain/sections';
import { lockDeclaration, subjectOf } from './position';

/**
 * Uploads: the type comes from the bytes (file-type), never from the name; a name whose extension
 * says otherwise is refused as disguised. Bytes are stored once per SHA-256 under DATA_DIR/files,
 * outside the web root, and only served through GET /api/files/:id after an access check.
 */
let filesDir = path.resolve('./data/files');
let maxBytes = 10 * 1024 * 1024;

export function configureFiles(opts: { dataDir: string; maxBytes: number }) {
  filesDir = path.join(opts.dataDir, 'files');
  maxBytes = opts.maxBytes;
}
export const uploadMaxBytes = () => maxBytes;

/**
 * Purposes with a smaller limit than UPLOAD_MAX_BYTES (which stays the ceiling of every upload and is
 * what the multipart parser enforces): a passport photo (一寸照片) is a small image, not a scan.
 */
export const PURPOSE_MAX_BYTES: Readonly<Record<string, number>> = { photo: 2 * 1024 * 1024 };
export const maxBytesFor = (purpose: string) => Math.min(maxBytes, PURPOSE_MAX_BYTES[purpose] ?? maxBytes);

/** 413 file_too_large when the file is over its purpose's limit. */
export function refuseOversize(upload: Upload | undefined, purpose: string) {
  const limit = maxBytesFor(purpose);
  if (upload && upload.size > limit) {
    throw new AppError(413, 'file_too_large', `A ${purpose} file may be at most ${limit} bytes`, [
      { path: 'body.file', message: `larger than ${limit} bytes`, code: 'file_too_large' },
    ]);
  }
}

export interface Upload {
  buffer: Buffer;
  originalname: string;
  size: number;
}

const EXTENSIONS: Record<UploadMime, string[]> = { 'application/pdf': ['pdf'], 'image/jpeg': ['jpg', 'jpeg'], 'image/png': ['png'] };

/** Which types a purpose takes: the work summary is a PDF (seed 001 五(五)2), a photo an image. */
export function allowedFor(purpose: string): UploadMime[] {
  if (purpose === 'workSummary') return ['application/pdf'];
  if (purpose === 'photo') return ['image/jpeg', 'image/png'];
  return Object.keys(UPLOAD_TYPES) as UploadMime[];
}

export async function inspectUpload(upload: Upload | undefined, allowed: UploadMime[]): Promise<UploadMime> {
  if (!upload || upload.size === 0) throw invalidField('body.file', 'file_required', 'Attach a file (field "file")');
  const detected = await fileTypeFromBuffer(upload.buffer);
  const mime = detected?.mime as UploadMime | undefined;
  if (!mime || !(mime in UPLOAD_TYPES)) {
    throw invalidField('body.file', 'file_type_not_allowed', 'Only PDF, JPEG or PNG files, judged by their content');
  }
  const ext = path.extname(upload.originalname).slice(1).toLowerCase();
  if (ext && !EXTENSIONS[mime].includes(ext)) {
    throw invalidField('body.file', 'file_type_mismatch', `The file is a ${UPLOAD_TYPES[mime]} named .${ext}`);
  }
  if (!allowed.includes(mime)) {
    const onlyPdf = allowed.length === 1 && allowed[0] === 'application/pdf';
    throw invalidField('body.file', onlyPdf ? 'pdf_required' : 'file_type_not_allowed', onlyPdf ? 'This must be a PDF' : `Allowed: ${allowed.join(', ')}`);
  }
  return mime;
}

export const contentPath = (sha256: string) => path.join(filesDir, sha256.slice(0, 2), sha256);

/** Content-addressed and idempotent: written before the row commits; an orphan is harmless. */
export async function writeContent(buffer: Buffer): Promise<string> {
  const sha256 = crypto.createHash('sha256').update(buffer).digest('hex');
  const target = contentPath(sha256);
  if (!fs.existsSync(target)) {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.promises.writeFile(tmp, buffer, { mode: 0o640 });
    await fs.promises.rename(tmp, target);
  }
  return sha256;
}

const MAX_FILES_PER_DECLARATION = 300;

export async function storeDeclarationFile(
  actor: Actor,
  declarationId: number,
  input: { section: SectionKey | 'photo'; slot?: string },
  upload: Upload | undefined,
  t: Transaction,
) {
  const d = await lockDeclaration(declarationId, t);
  authorize(actor, 'declaration:edit', await subjectOf(d, t));
  refuseOversize(upload, input.section);
  const mime = await inspectUpload(upload, allowedFor(input.section));
  if ((await StoredFile.count({ where: { declarationId: d.id }, transaction: t })) >= MAX_FILES_PER_DECLARATION) {
    throw conflict('too_many_files', `At most ${MAX_FILES_PER_DECLARATION} files per declaration`);
  }
  const sha256 = await writeContent(upload!.buffer);
  return StoredFile.create(
    {
      sha256,
      mime,
      size: upload!.size,
      originalName: upload!.originalname.slice(0, 255),
      declarationId: d.id,
      purpose: input.section,
      slot: input.slot ?? null,
      uploadedById: actor.id,
    },
    { transaction: t },
  );
}

/** 单位证明材料: a unit's own file (recommendation proof). */
export async function storeOrgFile(actor: Actor, purpose: 'recommendation', upload: Upload | undefined, t: Transaction) {
  authorize(actor, 'recommendation:create', { orgId: actor.orgId });
  refuseOversize(upload, purpose);
  const mime = await inspectUpload(upload, allowedFor(purpose));
  const sha256 = await writeContent(upload!.buffer);
  return StoredFile.create(
    { sha256, mime, size: upload!.size, originalName: upload!.originalname.slice(0, 255), orgId: actor.orgId, purpose, uploadedById: actor.id },
    { transaction: t },
  );
}

/**
 * Whoever may read the declaration may read its files; a unit's recommendation proof goes to whoever
 * may read its recommendations (its admins and staff and the offices above, not its applicants or
 * experts). Other files (blind opinions, filing attachments) are served only by their own routes,
 * which check the meeting's rights (a closed meeting, Art. 24).
 */
export async function loadFileForRead(actor: Actor, id: number) {
  const f = await StoredFile.findByPk(id);
  if (!f) throw notFound('file');
  if (f.declarationId) {
    const d = await Declaration.findByPk(f.declarationId);
    if (!d || !can(actor, 'declaration:read', await subjectOf(d))) throw forbidden();
  } else if (f.orgId && f.purpose === 'recommendation') {
    const org = await Organisation.findByPk(f.orgId);
    if (!org || !can(actor, 'recommendation:read', { orgCode: org.code })) throw forbidden();
  } else {
    throw forbidden();
  }
  const file = contentPath(f.sha256);
  if (!fs.existsSync(file)) throw notFound('file content');
  return { record: f, file };
}

export async function deleteDeclarationFile(actor: Actor, declarationId: number, fileId: number, t: Transaction) {
  const d = await lockDeclaration(declarationId, t);
  authorize(actor, 'declaration:edit', await subjectOf(d, t));
  const f = await StoredFile.findOne({ where: { id: fileId, declarationId: d.id }, transaction: t });
  if (!f) throw notFound('file');
  await f.destroy({ transaction: t });
}
