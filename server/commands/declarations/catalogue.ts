import type { Transaction } from 'sequelize';
import { ReviewPath, TitleQualification, TitleSeries, TitleSpecialty, type RequiredMaterial } from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { LEVELS, type Level, type PathEnd, type ReviewRoute } from '../../domain/titles';

/** 职称树管理 and 审核路径配置 (seed 003 §1.1–1.8): the province office edits, everyone reads. */

export async function findSeries(code: string, t?: Transaction, path = 'body.seriesCode') {
  const s = await TitleSeries.findOne({ where: { code }, transaction: t });
  if (!s || s.status !== 'active') throw invalidField(path, 'unknown_series', `No active series ${code}`);
  return s;
}

export interface SeriesInput {
  code: string;
  name: string;
  levels: Level[];
  requiredMaterials: RequiredMaterial[];
  position?: number;
}

const orderLevels = (levels: Level[]) => LEVELS.filter((l) => levels.includes(l));

function checkMaterials(materials: RequiredMaterial[]) {
  const seen = new Set<string>();
  materials.forEach((m, i) => {
    if (seen.has(m.key)) throw invalidField(`body.requiredMaterials.${i}.key`, 'duplicate_material', `${m.key} is listed twice`);
    seen.add(m.key);
  });
}

export async function createSeries(actor: Actor, input: SeriesInput, t: Transaction) {
  authorize(actor, 'catalogue:edit', {});
  if (await TitleSeries.count({ where: { code: input.code }, transaction: t })) {
    throw conflict('duplicate_code', `Series ${input.code} exists`, [{ path: 'body.code', message: 'taken' }]);
  }
  checkMaterials(input.requiredMaterials);
  return TitleSeries.create({ ...input, levels: orderLevels(input.levels) }, { transaction: t });
}

export async function updateSeries(actor: Actor, id: number, changes: Partial<Omit<SeriesInput, 'code'>> & { status?: 'active' | 'disabled' }, t: Transaction) {
  authorize(actor, 'catalogue:edit', {});
  const s = await TitleSeries.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!s) throw notFound('series');
  if (changes.requiredMaterials) checkMaterials(changes.requiredMaterials);
  if (changes.levels) {
    const used = await TitleQualification.findOne({ where: { seriesId: s.id, level: LEVELS.filter((l) => !changes.levels!.includes(l)) }, transaction: t });
    if (used) throw invalidField('body.levels', 'level_in_use', `Qualification ${used.name} is at level ${used.level}`);
    changes.levels = orderLevels(changes.levels);
  }
  Object.assign(s, changes);
  await s.save({ transaction: t });
  return s;
}

async function seriesById(id: number, t: Transaction, path = 'body.seriesId') {
  const s = await TitleSeries.findByPk(id, { transaction: t });
  if (!s) throw invalidField(path, 'unknown_series', 'No such series');
  return s;
}

export async function createQualification(actor: Actor, input: { seriesId: number; level: Level; name: string; position?: number }, t: Transaction) {
  authorize(actor, 'catalogue:edit', {});
  const s = await seriesById(input.seriesId, t);
  if (!s.levels.includes(input.level)) throw invalidField('body.level', 'level_not_in_series', `${s.name} has no level ${input.level}`);
  if (await TitleQualification.count({ where: { seriesId: s.id, name: input.name }, transaction: t })) {
    throw conflict('duplicate_name', `${input.name} exists in ${s.name}`, [{ path: 'body.name', message: 'taken' }]);
  }
  return TitleQualification.create(input, { transaction: t });
}

export async function updateQualification(
  actor: Actor,
  id: number,
  changes: { level?: Level; name?: string; position?: number; status?: 'active' | 'disabled' },
  t: Transaction,
) {
  authorize(actor, 'catalogue:edit', {});
  const q = await TitleQualification.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!q) throw notFound('qualification');
  if (changes.level) {
    const s = await seriesById(q.seriesId, t);
    if (!s.levels.includes(changes.level)) throw invalidField('body.level', 'level_not_in_series', `${s.name} has no level ${changes.level}`);
  }
  Object.assign(q, changes);
  await q.save({ transaction: t });
  return q;
}

/** Deleting something a declaration refers to fails with 409 in_use (disable it instead). */
export async function deleteQualification(actor: Actor, id: number, t: Transaction) {
  authorize(actor, 'catalogue:edit', {});
  const q = await TitleQualification.findByPk(id, { transaction: t });
  if (!q) throw notFound('qualification');
  await q.destroy({ transaction: t });
}

export async function createSpecialty(
  actor: Actor,
  input: { seriesId: number; parentId?: number | null; code: string; name: string; position?: number },
  t: Transaction,
) {
  authorize(actor, 'catalogue:edit', {});
  const s = await seriesById(input.seriesId, t);
  if (input.parentId) {
    const parent = await TitleSpecialty.findByPk(input.parentId, { transaction: t });
    if (!parent || parent.seriesId !== s.id) throw invalidField('body.parentId', 'parent_not_in_series', 'The parent specialty is not in this series');
  }
  if (await TitleSpecialty.count({ where: { seriesId: s.id, code: input.code }, transaction: t })) {
    throw conflict('duplicate_code', `Specialty ${input.code} exists in ${s.name}`, [{ path: 'body.code', message: 'taken' }]);
  }
  return TitleSpecialty.create({ ...input, parentId: input.parentId ?? null }, { transaction: t });
}

export async function updateSpecialty(
  actor: Actor,
  id: number,
  changes: { name?: string; parentId?: number | null; position?: number; status?: 'active' | 'disabled' },
  t: Transaction,
) {
  authorize(actor, 'catalogue:edit', {});
  const sp = await TitleSpecialty.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!sp) throw notFound('specialty');
  if (changes.parentId) {
    // Walk up from the new parent: a specialty may not end up below itself.
    let cur: TitleSpecialty | null = await TitleSpecialty.findByPk(changes.parentId, { transaction: t });
    if (!cur || cur.seriesId !== sp.seriesId) throw invalidField('body.parentId', 'parent_not_in_series', 'The parent specialty is not in this series');
    for (let depth = 0; cur && depth < 20; depth++) {
      if (cur.id === sp.id) throw invalidField('body.parentId', 'parent_cycle', 'A specialty cannot be below itself');
      cur = cur.parentId ? await TitleSpecialty.findByPk(cur.parentId, { transaction: t }) : null;
    }
  }
  Object.assign(sp, changes);
  await sp.save({ transaction: t });
  return sp;
}

export async function deleteSpecialty(actor: Actor, id: number, t: Transaction) {
  authorize(actor, 'catalogue:edit', {});
  const sp = await TitleSpecialty.findByPk(id, { transaction: t });
  if (!sp) throw notFound('specialty');
  await sp.destroy({ transaction: t });
}

export interface ReviewPathInput {
  seriesCode: string;
  level: Level;
  route: ReviewRoute;
  endsAt: PathEnd;
  skipKinds?: string[];
  note?: string | null;
}

export async function createReviewPath(actor: Actor, input: ReviewPathInput, t: Transaction) {
  authorize(actor, 'reviewPath:edit', {});
  if (input.seriesCode !== '*') await findSeries(input.seriesCode, t);
  if (input.route === 'self' && input.endsAt !== 'self_unit') {
    throw invalidField('body.endsAt', 'self_route_ends_at_unit', '单位自主评审 ends at the self-evaluating unit');
  }
  const exists = await ReviewPath.count({ where: { seriesCode: input.seriesCode, level: input.level, route: input.route }, transaction: t });
  if (exists) throw conflict('duplicate_review_path', 'A path for this series, level and route exists', [{ path: 'body.level', message: 'taken' }]);
  return ReviewPath.create({ ...input, skipKinds: input.skipKinds ?? [] }, { transaction: t });
}

export async function updateReviewPath(actor: Actor, id: number, changes: { endsAt?: PathEnd; skipKinds?: string[]; note?: string | null }, t: Transaction) {
  authorize(actor, 'reviewPath:edit', {});
  const p = await ReviewPath.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!p) throw notFound('review path');
  if (p.route === 'self' && changes.endsAt && changes.endsAt !== 'self_unit') {
    throw invalidField('body.endsAt', 'self_route_ends_at_unit', '单位自主评审 ends at the self-evaluating unit');
  }
  Object.assign(p, changes);
  await p.save({ transaction: t });
  return p;
}

export async function deleteReviewPath(actor: Actor, id: number, t: Transaction) {
  authorize(actor, 'reviewPath:edit', {});
  const p = await ReviewPath.findByPk(id, { transaction: t });
  if (!p) throw notFound('review path');
  await p.destroy({ transaction: t });
}

/** The series-specific path if there is one, else the default for every series. */
export async function findReviewPath(seriesCode: string, level: Level, route: ReviewRoute, t?: Transaction) {
  const rows = await ReviewPath.findAll({ where: { seriesCode: [seriesCode, '*'], level, route }, transaction: t });
  return rows.find((r) => r.seriesCode === seriesCode) ?? rows.find((r) => r.seriesCode === '*') ?? null;
}
