import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Transaction } from 'sequelize';
import { fileTypeFromBuffer } from 'file-type';
import { BlindOpinion, MeetingApplicant, StoredFile } from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import type { Actor } from '../../policies';
import { setupFor } from './context';
import { finishSetupChange } from './readiness';

/**
 * 盲评意见上传 (seed 004 §6.2.10.2): before the meeting, the unit records each outside reviewer's
 * opinion on an applicant — a code for the reviewer (never a name), agree or disagree, a score, and
 * the signed opinion as a PDF. Files are stored once per SHA-256 under DATA_DIR/files, outside the
 * web root, the same layout the declarations area uses, and served only through the API.
 */
let filesDir = path.resolve('./data/files');
let maxBytes = 10 * 1024 * 1024;

export function configureSetupFiles(opts: { dataDir: string; maxBytes: number }) {
  filesDir = path.join(opts.dataDir, 'files');
  maxBytes = opts.maxBytes;
}
export const setupUploadMaxBytes = () => maxBytes;
export const storedPath = (sha256: string) => path.join(filesDir, sha256.slice(0, 2), sha256);

async function writeContent(buffer: Buffer): Promise<string> {
  const sha256 = crypto.createHash('sha256').update(buffer).digest('hex');
  const target = storedPath(sha256);
  if (!fs.existsSync(target)) {
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.promises.writeFile(tmp, buffer, { mode: 0o640 });
    await fs.promises.rename(tmp, target);
  }
  return sha256;
}

export interface BlindOpinionInput {
  reviewerCode: string;
  conclusion: 'agree' | 'disagree';
  score?: number | null;
  note?: string | null;
}

/** The PDF is checked by its bytes before the transaction; the bytes are written before the row. */
export async function inspectOpinionFile(file: { buffer: Buffer; originalname: string } | undefined) {
  if (!file || file.buffer.length === 0) return null;
  const type = await fileTypeFromBuffer(file.buffer);
  if (type?.mime !== 'application/pdf') throw invalidField('body.file', 'pdf_required', 'The opinion is a PDF, judged by its content');
  return { ...file, sha256: await writeContent(file.buffer) };
}

export async function addBlindOpinion(
  actor: Actor,
  meetingApplicantId: number,
  input: BlindOpinionInput,
  file: { buffer: Buffer; originalname: string; sha256: string } | null,
  t: Transaction,
) {
  const applicant = await MeetingApplicant.findByPk(meetingApplicantId, { transaction: t });
  if (!applicant) throw notFound('meeting applicant');
  const { meeting } = await setupFor(actor, applicant.meetingId, 'meeting:setup', t);
  const dup = await BlindOpinion.findOne({ where: { meetingApplicantId, reviewerCode: input.reviewerCode }, transaction: t });
  if (dup) throw conflict('duplicate_reviewer', 'This reviewer already gave an opinion on this applicant', [{ path: 'body.reviewerCode', message: 'taken' }]);
  let fileId: number | null = null;
  if (file) {
    const stored = await StoredFile.create(
      { sha256: file.sha256, mime: 'application/pdf', size: file.buffer.length, originalName: file.originalname.slice(0, 255), orgId: meeting.ownerOrgId, purpose: 'blind_opinion', uploadedById: actor.id },
      { transaction: t },
    );
    fileId = stored.id;
  }
  const opinion = await BlindOpinion.create(
    {
      meetingId: meeting.id,
      meetingApplicantId,
      reviewerCode: input.reviewerCode,
      conclusion: input.conclusion,
      score: input.score ?? null,
      fileId,
      note: input.note ?? null,
      uploadedById: actor.id,
    },
    { transaction: t },
  );
  await finishSetupChange(actor, meeting, ['blind'], t);
  return opinion;
}

export async function removeBlindOpinion(actor: Actor, id: number, t: Transaction) {
  const o = await BlindOpinion.findByPk(id, { transaction: t });
  if (!o) throw notFound('blind opinion');
  const { meeting } = await setupFor(actor, o.meetingId, 'meeting:setup', t);
  await o.destroy({ transaction: t });
  await finishSetupChange(actor, meeting, ['blind'], t);
}
