import { UniqueConstraintError, type Transaction } from 'sequelize';
import { Account, Declaration, DeclarationSection, StoredFile, TitleQualification, TitleSeries, TitleSpecialty } from '../../../models';
import { conflict, invalidField, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { computePath, firstPosition } from '../../domain/declarationFlow';
import { type SectionKey } from '../../domain/sections';
import { fileRefs, missingForSubmit } from '../../domain/sectionChecks';
import type { DeclarationType, Level, ReviewRoute } from '../../domain/titles';
import { findReviewPath, findSeries } from './catalogue';
import { lockDeclaration, moveTo, subjectOf } from './position';
import { chainOf, refuseIfBeyondQuota, refuseIfBlacklisted } from './rules';

/** 个人申报设置 (seed 000 §2.2 (一)). */
export interface SettingsInput {
  year: number;
  seriesCode: string;
  level: Level;
  qualificationId: number;
  specialtyId?: number | null;
  route: ReviewRoute;
  declType: DeclarationType;
}

async function checkSettings(s: Omit<SettingsInput, 'year'>, t: Transaction) {
  const series = await findSeries(s.seriesCode, t);
  if (!series.levels.includes(s.level)) throw invalidField('body.level', 'level_not_in_series', `${series.name} has no such level`);
  const q = await TitleQualification.findByPk(s.qualificationId, { transaction: t });
  if (!q || q.seriesId !== series.id || q.level !== s.level || q.status !== 'active') {
    throw invalidField('body.qualificationId', 'qualification_mismatch', 'The qualification is not one of this series and level');
  }
  if (s.specialtyId) {
    const sp = await TitleSpecialty.findByPk(s.specialtyId, { transaction: t });
    if (!sp || sp.seriesId !== series.id || sp.status !== 'active') {
      throw invalidField('body.specialtyId', 'specialty_mismatch', 'The specialty is not one of this series');
    }
  }
  return series;
}

export async function createDeclaration(actor: Actor, input: SettingsInput, t: Transaction) {
  authorize(actor, 'declaration:create', { accountId: actor.id });
  const account = await Account.findByPk(actor.id, { transaction: t });
  if (!account?.idNumber) throw invalidField('body', 'no_id_number', 'The applicant account has no ID number');
  await refuseIfBlacklisted(account.idNumber, t);
  // Applicant accounts are per year (seed 000 第二章): the declaration is for that year.
  if (account.loginYear && input.year !== account.loginYear) {
    throw invalidField('body.year', 'year_mismatch', `This account is for ${account.loginYear}`);
  }
  await checkSettings(input, t);
  const taken = () => conflict('duplicate_declaration', `There is already a declaration for ${input.year}`, [{ path: 'body.year', message: 'taken' }]);
  if (await Declaration.count({ where: { idNumber: account.idNumber, year: input.year }, transaction: t })) throw taken();
  try {
    return await Declaration.create(
      {
        ...input,
        specialtyId: input.specialtyId ?? null,
        applicantAccountId: account.id,
        idNumber: account.idNumber,
        applicantName: account.name,
        orgId: account.orgId,
        status: 'draft',
      },
      { transaction: t },
    );
  } catch (e) {
    // Two creates at once: the unique key (id_number, year) decides.
    if (e instanceof UniqueConstraintError) throw taken();
    throw e;
  }
}

export async function updateSettings(actor: Actor, id: number, changes: Partial<Omit<SettingsInput, 'year'>>, t: Transaction) {
  const d = await lockDeclaration(id, t);
  authorize(actor, 'declaration:edit', await subjectOf(d, t));
  const next = {
    seriesCode: changes.seriesCode ?? d.seriesCode,
    level: changes.level ?? d.level,
    qualificationId: changes.qualificationId ?? d.qualificationId,
    specialtyId: changes.specialtyId === undefined ? d.specialtyId : changes.specialtyId,
    route: changes.route ?? d.route,
    declType: changes.declType ?? d.declType,
  };
  await checkSettings(next, t);
  // A declaration returned after the policy check keeps its committee: its settings are fixed.
  if (d.policyResubmit && (next.seriesCode !== d.seriesCode || next.level !== d.level || next.route !== d.route)) {
    throw invalidField('body.seriesCode', 'settings_locked', 'After the policy check only the materials may change');
  }
  Object.assign(d, next);
  d.version += 1;
  await d.save({ transaction: t });
  return d;
}

async function checkFiles(d: Declaration, key: SectionKey, data: unknown, t: Transaction) {
  const refs = fileRefs(data, 'body');
  if (refs.length === 0) return;
  const files = await StoredFile.findAll({ where: { id: refs.map((r) => r.id), declarationId: d.id }, transaction: t });
  const byId = new Map(files.map((f) => [f.id, f]));
  for (const r of refs) {
    const f = byId.get(r.id);
    if (!f) throw invalidField(r.path, 'unknown_file', `File ${r.id} is not one of this declaration's uploads`);
    if (key === 'workSummary' && f.mime !== 'application/pdf') throw invalidField(r.path, 'pdf_required', 'The work summary must be a PDF');
    if (r.path.endsWith('photoFileId') && !f.mime.startsWith('image/')) throw invalidField(r.path, 'image_required', 'The photo must be an image');
  }
}

/** Saves one section as a draft; `data` has passed the section's schema already. */
export async function saveSection(actor: Actor, id: number, key: SectionKey, data: unknown, t: Transaction) {
  const d = await lockDeclaration(id, t);
  authorize(actor, 'declaration:edit', await subjectOf(d, t));
  await checkFiles(d, key, data, t);
  if (key === 'baseMaterials') {
    const series = await TitleSeries.findOne({ where: { code: d.seriesCode }, transaction: t });
    const known = new Set((series?.requiredMaterials ?? []).map((m) => m.key));
    (data as { materials: Array<{ key: string }> }).materials.forEach((m, i) => {
      if (!known.has(m.key)) throw invalidField(`body.materials.${i}.key`, 'unknown_material', `${m.key} is not a material of this series`);
    });
  }
  const existing = await DeclarationSection.findOne({ where: { declarationId: d.id, sectionKey: key }, transaction: t });
  if (existing) {
    existing.data = data;
    existing.changed('data', true);
    await existing.save({ transaction: t });
    return existing;
  }
  return DeclarationSection.create({ declarationId: d.id, sectionKey: key, data }, { transaction: t });
}

export async function loadSections(declarationId: number, t?: Transaction): Promise<Partial<Record<SectionKey, unknown>>> {
  const rows = await DeclarationSection.findAll({ where: { declarationId }, transaction: t });
  return Object.fromEntries(rows.map((r) => [r.sectionKey, r.data]));
}

/**
 * 提交: complete (every required section and base material), not blacklisted, within quota; then it
 * is locked and goes to the unit's handler. The path up the tree is fixed now.
 */
export async function submitDeclaration(actor: Actor, id: number, t: Transaction) {
  const d = await lockDeclaration(id, t);
  authorize(actor, 'declaration:edit', await subjectOf(d, t));
  await refuseIfBlacklisted(d.idNumber, t);

  const sections = await loadSections(d.id, t);
  const series = await TitleSeries.findOne({ where: { code: d.seriesCode }, transaction: t });
  const missing = missingForSubmit(sections, series?.requiredMaterials ?? [], d.declType);
  const refs = Object.entries(sections).flatMap(([k, v]) => fileRefs(v, `sections.${k}`));
  if (refs.length) {
    const have = new Set((await StoredFile.findAll({ attributes: ['id'], where: { declarationId: d.id }, transaction: t })).map((f) => f.id));
    for (const r of refs) if (!have.has(r.id)) missing.push({ path: r.path, code: 'file_missing', message: `File ${r.id} was deleted` });
  }
  if (missing.length) throw unprocessable('declaration_incomplete', `${missing.length} thing(s) missing before it can be submitted`, missing);

  if (!d.policyResubmit) {
    const rule = await findReviewPath(d.seriesCode, d.level, d.route, t);
    if (!rule) throw unprocessable('no_review_path', 'No review path is configured for this level and route');
    const chain = await chainOf(d.orgId, t);
    const computed = computePath(
      chain.map((o) => ({ id: o.id, kind: o.kind, level: o.level })),
      rule.endsAt,
      rule.skipKinds,
    );
    if ('problem' in computed) throw unprocessable(computed.problem, `Review cannot start from this unit (${computed.problem})`, [{ path: 'body.route', message: computed.problem }]);
    d.path = computed.path;
    await refuseIfBeyondQuota(d, t, chain);
  }
  d.submittedAt = new Date();
  const resubmit = d.status === 'returned';
  await moveTo(t, d, firstPosition({ path: d.path, route: d.route, policyResubmit: d.policyResubmit, committeeOrgId: null }), {
    action: resubmit ? 'resubmit' : 'submit',
    actor,
    forward: false,
    atOrgId: d.orgId,
  });
  return d;
}

/** 撤回 by the applicant, while the unit's handler has not acted. */
export async function withdrawDeclaration(actor: Actor, id: number, reason: string | undefined, t: Transaction) {
  const d = await lockDeclaration(id, t);
  const subject = await subjectOf(d, t);
  authorize(actor, 'declaration:read', subject);
  if (d.status !== 'under_review' || d.step !== 'handler' || d.currentOrgId !== d.path[0]) {
    throw conflict('cannot_withdraw', 'The unit has already acted on it; ask the unit to return it');
  }
  authorize(actor, 'declaration:withdraw', subject);
  await moveTo(t, d, { status: 'withdrawn', step: null, orgId: null }, { action: 'withdraw', actor, opinion: reason ?? null, forward: false, atOrgId: d.orgId });
  return d;
}
