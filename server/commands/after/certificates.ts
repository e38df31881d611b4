import crypto from 'node:crypto';
import { Op, UniqueConstraintError, type Transaction } from 'sequelize';
import {
  BlacklistEntry,
  Certificate,
  CertificateRange,
  Committee,
  Declaration,
  Filing,
  IssuingUnit,
  Organisation,
  ResultItem,
  TitleQualification,
  TitleSeries,
  TitleSpecialty,
} from '../../../models';
import { AppError, conflict, invalidField, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { certificateNumber, holderKey, newVerifyCode, normaliseVerifyCode, VERIFY_CODE_RE } from '../../domain/after';
import { chinaToday } from '../../domain/workingDays';
import { lockDeclaration, moveTo } from '../declarations/position';
import { afterSettings } from './settings';

/**
 * 证书发放 (seed 003 §1.17): the office that passed a filing issues certificates to the confirmed
 * applicants, in a batch. Numbers come from one of its issuing units' serial ranges: the range row
 * is locked (SELECT … FOR UPDATE) for the whole transaction, the serials are taken consecutively
 * and the counter moves on in the same transaction, so concurrent batches wait for each other and
 * a rolled-back batch gives its serials back: no gaps, no duplicates (the unique key on `number`
 * is the backstop). One valid certificate per person and level: `holder_key` is unique.
 */
export interface IssueInput {
  filingId: number;
  declarationIds?: number[];
  issuingUnitId: number;
  rangeId?: number;
  issuedOn?: string;
}

export async function loadIssueContext(actor: Actor, filingId: number, t?: Transaction) {
  const filing = await Filing.findByPk(filingId, { transaction: t });
  if (!filing) throw notFound('filing');
  authorize(actor, 'certificate:issue', { officeOrgId: filing.officeOrgId });
  if (filing.status !== 'passed') throw conflict('filing_not_passed', 'Certificates follow a passed filing');
  return filing;
}

/** Confirmed results of a filing, and which of them hold a certificate. */
export async function issuableOf(filing: Filing, t?: Transaction) {
  const items = await ResultItem.findAll({ where: { publicityId: filing.publicityId, outcome: 'confirmed' }, order: [['position', 'ASC']], transaction: t });
  const certs = await Certificate.findAll({ where: { declarationId: { [Op.in]: items.map((i) => i.declarationId) }, status: 'valid' }, transaction: t });
  return { items, certs };
}

async function pickRange(unit: IssuingUnit, input: IssueInput, year: number, n: number, t: Transaction) {
  const where = input.rangeId ? { id: input.rangeId, issuingUnitId: unit.id } : { issuingUnitId: unit.id, year };
  const ranges = await CertificateRange.findAll({ where, order: [['id', 'ASC']], transaction: t, lock: t.LOCK.UPDATE });
  if (input.rangeId && ranges.length === 0) throw unprocessable('range_not_found', 'No such range of this issuing unit', [{ path: 'body.rangeId', message: 'unknown', code: 'range_not_found' }]);
  const range = ranges.find((r) => r.endSerial - r.nextSerial + 1 >= n);
  if (!range) {
    const left = ranges.reduce((s, r) => s + Math.max(0, r.endSerial - r.nextSerial + 1), 0);
    throw conflict('range_exhausted', `Not enough serials left in one range (${left} left in all, ${n} needed)`);
  }
  return range;
}

async function facts(d: Declaration, t: Transaction) {
  const [series, qualification, specialty, committee, employer] = await Promise.all([
    TitleSeries.findOne({ where: { code: d.seriesCode }, transaction: t }),
    TitleQualification.findByPk(d.qualificationId, { transaction: t }),
    d.specialtyId ? TitleSpecialty.findByPk(d.specialtyId, { transaction: t }) : null,
    d.committeeId ? Committee.findByPk(d.committeeId, { transaction: t }) : null,
    Organisation.findByPk(d.orgId, { transaction: t }),
  ]);
  return {
    seriesName: series?.name ?? d.seriesCode,
    qualificationName: qualification?.name ?? '',
    specialtyName: specialty?.name ?? null,
    committeeName: committee?.name ?? null,
    employerName: employer?.name ?? null,
  };
}

export async function issueCertificates(actor: Actor, input: IssueInput, t: Transaction) {
  const filing = await loadIssueContext(actor, input.filingId, t);
  const unit = await IssuingUnit.findByPk(input.issuingUnitId, { transaction: t });
  if (!unit || unit.orgId !== filing.officeOrgId) {
    throw unprocessable('issuing_unit_not_yours', 'Use an issuing unit of the office that passed the filing', [{ path: 'body.issuingUnitId', message: 'not yours', code: 'issuing_unit_not_yours' }]);
  }
  if (unit.status !== 'active') throw conflict('issuing_unit_cancelled', 'The issuing unit is cancelled');
  const { items, certs } = await issuableOf(filing, t);
  const wanted = input.declarationIds ?? items.filter((i) => !certs.some((c) => c.declarationId === i.declarationId)).map((i) => i.declarationId);
  const bad = wanted.filter((id) => !items.some((i) => i.declarationId === id));
  if (bad.length) throw unprocessable('not_issuable', 'Only confirmed results of this filing get certificates', bad.map((id) => ({ path: 'body.declarationIds', message: String(id), code: 'not_issuable' })));
  if (wanted.length === 0) throw conflict('nothing_to_issue', 'Everyone of this filing holds a certificate');

  const issuedOn = input.issuedOn ?? chinaToday();
  const range = await pickRange(unit, input, Number(issuedOn.slice(0, 4)), wanted.length, t);
  const decls: Declaration[] = [];
  for (const id of [...wanted].sort((a, b) => a - b)) decls.push(await lockDeclaration(id, t));
  const held = await Certificate.findAll({ where: { holderKey: { [Op.in]: decls.map((d) => holderKey(d.idNumber, d.level)) } }, transaction: t });
  if (held.length) {
    throw conflict('already_issued', 'A valid certificate of this level exists for the person', held.map((c) => ({ path: 'body.declarationIds', message: `${c.name} ${c.number}`, code: 'already_issued' })));
  }

  const out: Certificate[] = [];
  let serial = range.nextSerial;
  for (const d of decls) {
    const f = await facts(d, t);
    const cert = await Certificate.create(
      {
        number: certificateNumber(unit.code, range.year, serial),
        verifyCode: newVerifyCode(),
        holderKey: holderKey(d.idNumber, d.level),
        status: 'valid',
        source: 'issued',
        orgId: filing.officeOrgId,
        declarationId: d.id,
        meetingId: filing.meetingId,
        filingId: filing.id,
        issuingUnitId: unit.id,
        rangeId: range.id,
        serial,
        year: range.year,
        idNumber: d.idNumber,
        name: d.applicantName,
        seriesCode: d.seriesCode,
        level: d.level,
        filingNumber: filing.filingNumber,
        approvedOn: filing.filedOn,
        issuedOn,
        issuedById: actor.id,
        ...f,
      },
      { transaction: t },
    ).catch((e: unknown) => {
      // A batch for the same person that committed while this one waited for the range lock.
      if (e instanceof UniqueConstraintError && /holder/.test(JSON.stringify(e.fields ?? {}) + String((e.parent as { message?: string } | undefined)?.message ?? ''))) {
        throw conflict('already_issued', 'A valid certificate of this level exists for the person', [{ path: 'body.declarationIds', message: d.applicantName, code: 'already_issued' }]);
      }
      throw e;
    });
    serial += 1;
    out.push(cert);
    await moveTo(t, d, { status: d.status, step: null, orgId: null }, { action: 'certificate_issued', actor, opinion: `证书编号 ${cert.number}`, forward: false });
  }
  range.nextSerial = serial;
  await range.save({ transaction: t });
  return out;
}

export async function loadCertificateForUpdate(id: number, t: Transaction) {
  const c = await Certificate.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!c) throw notFound('certificate');
  return c;
}

export async function certificateSubject(c: Certificate, t?: Transaction) {
  const org = await Organisation.findByPk(c.orgId, { attributes: ['code'], transaction: t });
  const d = c.declarationId ? await Declaration.findByPk(c.declarationId, { attributes: ['applicantAccountId'], transaction: t }) : null;
  return { orgCode: org?.code ?? '', applicantId: d?.applicantAccountId ?? null };
}

/** 证书撤销 (seed 003 §1.19): with a reason, and for fraud a ban from declaring (DESIGN §11). */
export async function revokeCertificate(actor: Actor, id: number, input: { reason: string; blacklistYears?: number }, t: Transaction) {
  const c = await loadCertificateForUpdate(id, t);
  authorize(actor, 'certificate:revoke', { orgCode: (await certificateSubject(c, t)).orgCode });
  if (c.status === 'revoked') throw conflict('already_revoked', 'The certificate is revoked already');
  if (input.blacklistYears !== undefined && !(await afterSettings(t)).blacklistYears.includes(input.blacklistYears)) {
    throw invalidField('body.blacklistYears', 'years_required', 'Not one of the allowed blacklist periods');
  }
  Object.assign(c, { status: 'revoked', holderKey: null, revokeReason: input.reason, revokedAt: new Date(), revokedById: actor.id });
  await c.save({ transaction: t });
  if (input.blacklistYears) {
    const starts = new Date();
    const ends = new Date(starts);
    ends.setUTCFullYear(ends.getUTCFullYear() + input.blacklistYears);
    await BlacklistEntry.create(
      {
        idNumber: c.idNumber,
        name: c.name,
        declarationId: c.declarationId,
        orgId: actor.orgId,
        years: input.blacklistYears,
        startsAt: starts,
        endsAt: ends,
        reason: `撤销职称证书（${c.number}）：${input.reason}`,
        createdById: actor.id,
        source: 'certificate',
        certificateId: c.id,
      },
      { transaction: t },
    );
  }
  if (c.declarationId) {
    const d = await lockDeclaration(c.declarationId, t);
    await moveTo(t, d, { status: d.status, step: null, orgId: null }, { action: 'certificate_revoked', actor, opinion: input.reason, forward: false });
  }
  return c;
}

/** 证书报送人社部 (§1.18): marks a batch as reported; the batch's spreadsheet is what is sent. */
export async function reportToMinistry(actor: Actor, input: { certificateIds?: number[] }, t: Transaction) {
  authorize(actor, 'certificate:report', { orgId: actor.orgId });
  const where = { orgId: actor.orgId, status: 'valid', reportedAt: null, ...(input.certificateIds ? { id: { [Op.in]: input.certificateIds } } : {}) };
  const certs = await Certificate.findAll({ where, transaction: t, lock: t.LOCK.UPDATE });
  if (input.certificateIds && certs.length !== new Set(input.certificateIds).size) {
    throw unprocessable('not_reportable', 'Some certificates are reported already, revoked or not yours', [{ path: 'body.certificateIds', message: 'not reportable', code: 'not_reportable' }]);
  }
  if (certs.length === 0) throw conflict('nothing_to_report', 'Every certificate is reported already');
  const batch = `RB${chinaToday().replace(/-/g, '')}${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const now = new Date();
  await Certificate.update({ reportedAt: now, reportBatch: batch }, { where: { id: { [Op.in]: certs.map((c) => c.id) } }, transaction: t });
  return { batch, count: certs.length };
}

/** The public check (证书核验): a well-formed code of a certificate, or nothing. */
export async function verifyCertificate(code: string) {
  const normal = normaliseVerifyCode(code);
  const c = VERIFY_CODE_RE.test(normal) ? await Certificate.findOne({ where: { verifyCode: normal } }) : null;
  if (!c) throw new AppError(404, 'certificate_not_found', 'No certificate has this verification code');
  const unit = await IssuingUnit.findByPk(c.issuingUnitId);
  return { c, unit };
}
