import type { Transaction } from 'sequelize';
import { Filing, Organisation, ResultPublicity, StoredFile, type FilingHistoryEntry } from '../../../models';
import { conflict, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { FILING_ATTACHMENTS, FILING_ATTACHMENT_LABELS, fileColumn, type FilingAttachment } from '../../domain/after';
import { isDay } from '../../domain/workingDays';
import { loadSetupContext } from '../setup/context';
import { chainOf } from '../declarations/rules';
import { inspectUpload, writeContent, type Upload } from '../declarations/files';

/**
 * 评审工作备案 (seed 004 §6.2.11, seed 003 §1.15): after the publicity the committee unit reports
 * the meeting up with four PDF attachments; the office above it reviews it and either passes it
 * with a filing number (备案文号) and date, or returns it with an opinion for another submission.
 */
const historyEntry = (action: FilingHistoryEntry['action'], actor: Actor, opinion: string | null = null): FilingHistoryEntry => ({
  action,
  by: actor.name,
  opinion,
  at: new Date().toISOString(),
});

export async function loadFilingForUpdate(id: number, t: Transaction) {
  const f = await Filing.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!f) throw notFound('filing');
  return f;
}

/** The subject for reading a filing: its unit, the office it goes to, and the unit's place in the tree. */
export async function filingSubject(f: Filing, t?: Transaction) {
  const org = await Organisation.findByPk(f.orgId, { attributes: ['code'], transaction: t });
  return { orgId: f.orgId, orgCode: org?.code ?? '', officeOrgId: f.officeOrgId };
}

export async function createFiling(actor: Actor, meetingId: number, input: { note?: string | null }, t: Transaction) {
  const ctx = await loadSetupContext(actor, meetingId, t, true);
  authorize(actor, 'resultFiling:submit', ctx);
  const publicity = await ResultPublicity.findOne({ where: { meetingId }, transaction: t });
  if (!publicity || publicity.status !== 'completed') throw conflict('publicity_not_completed', 'File the results once their publicity is completed');
  if (await Filing.count({ where: { meetingId }, transaction: t })) throw conflict('filing_exists', 'This meeting has a filing already');
  // The office the unit answers to: the nearest title office above it.
  const office = (await chainOf(ctx.owner.id, t)).find((o) => o.kind === 'office' && o.id !== ctx.owner.id);
  if (!office) throw conflict('no_office_above', 'No title office above this unit to file with');
  return Filing.create(
    {
      meetingId,
      publicityId: publicity.id,
      orgId: ctx.owner.id,
      officeOrgId: office.id,
      note: input.note ?? null,
      history: [historyEntry('created', actor)],
      createdById: actor.id,
    },
    { transaction: t },
  );
}

async function editable(actor: Actor, f: Filing, t: Transaction) {
  authorize(actor, 'resultFiling:submit', await loadSetupContext(actor, f.meetingId, t));
  if (f.status !== 'draft' && f.status !== 'returned') throw conflict('filing_locked', `The filing is ${f.status}`);
}

/** One of the four attachments, a PDF judged by its content. */
export async function attachFilingFile(actor: Actor, filingId: number, kind: FilingAttachment, upload: Upload | undefined, t: Transaction) {
  const f = await loadFilingForUpdate(filingId, t);
  await editable(actor, f, t);
  const mime = await inspectUpload(upload, ['application/pdf']);
  const sha256 = await writeContent(upload!.buffer);
  const file = await StoredFile.create(
    { sha256, mime, size: upload!.size, originalName: upload!.originalname.slice(0, 255), orgId: f.orgId, purpose: 'filing', slot: kind, uploadedById: actor.id },
    { transaction: t },
  );
  f.set(fileColumn(kind), file.id);
  await f.save({ transaction: t });
  return f;
}

export async function updateFilingNote(actor: Actor, filingId: number, note: string | null, t: Transaction) {
  const f = await loadFilingForUpdate(filingId, t);
  await editable(actor, f, t);
  f.note = note;
  await f.save({ transaction: t });
  return f;
}

export async function submitFiling(actor: Actor, filingId: number, t: Transaction) {
  const f = await loadFilingForUpdate(filingId, t);
  await editable(actor, f, t);
  const missing = FILING_ATTACHMENTS.filter((k) => !f.get(fileColumn(k)));
  if (missing.length) {
    throw unprocessable(
      'filing_incomplete',
      `Attach ${missing.map((k) => FILING_ATTACHMENT_LABELS[k]).join('、')}`,
      missing.map((k) => ({ path: `files.${k}`, message: 'missing', code: 'file_required' })),
    );
  }
  f.status = 'submitted';
  f.submittedAt = new Date();
  f.history = [...f.history, historyEntry('submitted', actor)];
  await f.save({ transaction: t });
  return f;
}

export interface FilingDecision {
  decision: 'pass' | 'return';
  opinion?: string | null;
  filingNumber?: string;
  filedOn?: string;
}

export async function reviewFiling(actor: Actor, filingId: number, input: FilingDecision, t: Transaction) {
  const f = await loadFilingForUpdate(filingId, t);
  authorize(actor, 'resultFiling:review', { officeOrgId: f.officeOrgId });
  if (f.status !== 'submitted') throw conflict('filing_not_submitted', `The filing is ${f.status}`);
  if (input.decision === 'pass') {
    if (!input.filingNumber) throw unprocessable('filing_number_required', 'A filing number (备案文号) is required', [{ path: 'body.filingNumber', message: 'required', code: 'filing_number_required' }]);
    if (!input.filedOn || !isDay(input.filedOn)) throw unprocessable('filing_number_required', 'A filing date is required', [{ path: 'body.filedOn', message: 'required', code: 'invalid_day' }]);
    if (await Filing.count({ where: { filingNumber: input.filingNumber }, transaction: t })) {
      throw conflict('duplicate_filing_number', 'This filing number is used already', [{ path: 'body.filingNumber', message: 'taken', code: 'duplicate_filing_number' }]);
    }
    Object.assign(f, { status: 'passed', filingNumber: input.filingNumber, filedOn: input.filedOn });
  } else {
    f.status = 'returned';
  }
  Object.assign(f, { reviewOpinion: input.opinion ?? null, reviewedById: actor.id, reviewedAt: new Date() });
  f.history = [...f.history, historyEntry(input.decision === 'pass' ? 'passed' : 'returned', actor, input.opinion ?? null)];
  await f.save({ transaction: t });
  return f;
}
