import type { Transaction } from 'sequelize';
import { Committee, Declaration, Organisation, TitleSpecialty } from '../../../models';
import { conflict, invalidField, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import type { CommitteeType, Level } from '../../domain/titles';
import { findSeries } from './catalogue';

/** 评委会管理 (seed 001 三, seed 003 §1.10), the minimal part: who reviews which series and levels. */
export interface CommitteeInput {
  code: string;
  name: string;
  seriesCode: string;
  type: CommitteeType;
  ownerOrgId: number;
  levels: Level[];
  specialties?: string[];
  materialDeadline?: Date | null;
  validFrom?: Date | null;
  validUntil?: Date | null;
  note?: string | null;
}

async function checkOwner(actor: Actor, ownerOrgId: number, type: CommitteeType, t: Transaction) {
  const owner = await Organisation.findByPk(ownerOrgId, { transaction: t });
  if (!owner) throw invalidField('body.ownerOrgId', 'not_found', 'No such organisation');
  authorize(actor, 'committee:manage', { ownerOrgCode: owner.code, ownerOrgId: owner.id });
  if (owner.kind !== 'committee_unit' && owner.kind !== 'self_evaluating') {
    throw invalidField('body.ownerOrgId', 'owner_not_committee_unit', 'A committee belongs to a committee unit or a self-evaluating unit');
  }
  if (type === 'self' && owner.kind !== 'self_evaluating') {
    throw invalidField('body.type', 'self_needs_self_evaluating_unit', 'A 自主评审 committee belongs to a self-evaluating unit');
  }
  if (owner.status !== 'active') throw invalidField('body.ownerOrgId', 'owner_not_active', 'The committee unit is not active');
  return owner;
}

async function checkScope(seriesCode: string, levels: Level[], specialties: string[], t: Transaction) {
  const series = await findSeries(seriesCode, t);
  const bad = levels.find((l) => !series.levels.includes(l));
  if (bad) throw invalidField('body.levels', 'level_not_in_series', `${series.name} has no level ${bad}`);
  if (specialties.length) {
    const found = await TitleSpecialty.findAll({ attributes: ['code'], where: { seriesId: series.id, code: specialties }, transaction: t });
    const known = new Set(found.map((s) => s.code));
    const i = specialties.findIndex((c) => !known.has(c));
    if (i >= 0) throw invalidField(`body.specialties.${i}`, 'unknown_specialty', `${specialties[i]} is not a specialty of ${series.name}`);
  }
}

function checkDates(validFrom?: Date | null, validUntil?: Date | null) {
  if (validFrom && validUntil && validUntil <= validFrom) throw invalidField('body.validUntil', 'ends_before_start', 'Valid until must be after valid from');
}

export async function createCommittee(actor: Actor, input: CommitteeInput, t: Transaction) {
  await checkOwner(actor, input.ownerOrgId, input.type, t);
  await checkScope(input.seriesCode, input.levels, input.specialties ?? [], t);
  checkDates(input.validFrom, input.validUntil);
  if (await Committee.count({ where: { code: input.code }, transaction: t })) {
    throw conflict('duplicate_code', `Committee code ${input.code} is taken`, [{ path: 'body.code', message: 'taken' }]);
  }
  return Committee.create({ ...input, specialties: input.specialties ?? [], createdById: actor.id }, { transaction: t });
}

export async function updateCommittee(
  actor: Actor,
  id: number,
  changes: Partial<Omit<CommitteeInput, 'code' | 'seriesCode' | 'type' | 'ownerOrgId'>> & { status?: 'active' | 'disabled'; statusReason?: string | null },
  t: Transaction,
) {
  const c = await Committee.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!c) throw notFound('committee');
  await checkOwner(actor, c.ownerOrgId, c.type, t);
  await checkScope(c.seriesCode, changes.levels ?? c.levels, changes.specialties ?? c.specialties, t);
  checkDates(changes.validFrom ?? c.validFrom, changes.validUntil ?? c.validUntil);
  if (changes.status === 'disabled' && !changes.statusReason) throw invalidField('body.statusReason', 'reason_required', 'Say why (注销原因)');
  Object.assign(c, changes);
  await c.save({ transaction: t });
  return c;
}

/**
 * Can this declaration go to this committee? Series, level and specialty must match, the committee
 * must be active, valid and before its material deadline; 单位自主评审 goes to the unit's own.
 */
export async function checkCommitteeFor(d: Declaration, committeeId: number, t: Transaction) {
  const c = await Committee.findByPk(committeeId, { transaction: t });
  if (!c) throw invalidField('body.committeeId', 'not_found', 'No such committee');
  const now = new Date();
  const mismatch = (why: string) => unprocessable('committee_mismatch', why, [{ path: 'body.committeeId', message: why }]);
  if (c.status !== 'active') throw mismatch('The committee is not active');
  if (c.seriesCode !== d.seriesCode) throw mismatch('The committee reviews another series');
  if (!c.levels.includes(d.level)) throw mismatch('The committee does not review this level');
  if (c.specialties.length && d.specialtyId) {
    const sp = await TitleSpecialty.findByPk(d.specialtyId, { transaction: t });
    if (sp && !c.specialties.includes(sp.code)) throw mismatch('The committee does not review this specialty');
  }
  if ((c.validFrom && c.validFrom > now) || (c.validUntil && c.validUntil < now)) throw mismatch('The committee is not valid now');
  if (d.route === 'self' && (c.type !== 'self' || c.ownerOrgId !== d.path[d.path.length - 1])) {
    throw mismatch('单位自主评审 goes to the unit’s own committee');
  }
  if (c.materialDeadline && c.materialDeadline < now) {
    throw conflict('material_deadline_passed', 'The committee no longer accepts materials', [{ path: 'body.committeeId', message: 'deadline passed' }]);
  }
  return c;
}
