import { Op, type Transaction } from 'sequelize';
import { Certificate, CertificateRange, IssuingUnit } from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { MAX_SERIAL, rangesOverlap } from '../../domain/after';

/**
 * 发证单位编码配置 (seed 003 §1.9) and 证书编号生成 (§1.16). An office keeps its issuing units;
 * each has serial ranges per year. Ranges of one unit and year never overlap: creating one locks
 * the unit's row, so two offices' clerks adding ranges at once are checked one after the other.
 */
export async function createIssuingUnit(actor: Actor, input: { code: string; name: string }, t: Transaction) {
  authorize(actor, 'issuingUnit:manage', { orgId: actor.orgId });
  if (await IssuingUnit.count({ where: { code: input.code }, transaction: t })) {
    throw conflict('duplicate_issuing_code', 'This issuing-unit code is used already', [{ path: 'body.code', message: 'taken', code: 'duplicate_issuing_code' }]);
  }
  return IssuingUnit.create({ code: input.code, name: input.name, orgId: actor.orgId }, { transaction: t });
}

export async function loadUnitForUpdate(id: number, t: Transaction) {
  const u = await IssuingUnit.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!u) throw notFound('issuing unit');
  return u;
}

export async function updateIssuingUnit(actor: Actor, id: number, input: { name: string }, t: Transaction) {
  const u = await loadUnitForUpdate(id, t);
  authorize(actor, 'issuingUnit:manage', { orgId: u.orgId });
  u.name = input.name;
  await u.save({ transaction: t });
  return u;
}

/** 注销: the unit issues nothing more; its certificates stay valid. */
export async function cancelIssuingUnit(actor: Actor, id: number, reason: string, t: Transaction) {
  const u = await loadUnitForUpdate(id, t);
  authorize(actor, 'issuingUnit:manage', { orgId: u.orgId });
  if (u.status === 'cancelled') throw conflict('issuing_unit_cancelled', 'The issuing unit is cancelled already');
  Object.assign(u, { status: 'cancelled', cancelReason: reason });
  await u.save({ transaction: t });
  return u;
}

export interface RangeInput {
  year: number;
  startSerial: number;
  endSerial: number;
}

export async function createRange(actor: Actor, unitId: number, input: RangeInput, t: Transaction) {
  const unit = await loadUnitForUpdate(unitId, t);
  authorize(actor, 'issuingUnit:manage', { orgId: unit.orgId });
  if (unit.status !== 'active') throw conflict('issuing_unit_cancelled', 'The issuing unit is cancelled');
  if (input.endSerial < input.startSerial) throw invalidField('body.endSerial', 'range_invalid', 'The range ends before it starts');
  if (input.endSerial > MAX_SERIAL) throw invalidField('body.endSerial', 'range_invalid', `Serials go up to ${MAX_SERIAL}`);
  const ranges = await CertificateRange.findAll({ where: { issuingUnitId: unitId, year: input.year }, transaction: t });
  const clash = ranges.find((r) => rangesOverlap(r.startSerial, r.endSerial, input.startSerial, input.endSerial));
  if (clash) {
    throw conflict('range_overlap', `Overlaps ${clash.startSerial}–${clash.endSerial}`, [
      { path: 'body.startSerial', message: `${clash.startSerial}-${clash.endSerial}`, code: 'range_overlap' },
    ]);
  }
  // Earlier certificates imported with numbers of this unit and year hold their serials too.
  const imported = await Certificate.findOne({
    where: { issuingUnitId: unitId, year: input.year, serial: { [Op.between]: [input.startSerial, input.endSerial] } },
    transaction: t,
  });
  if (imported) {
    throw conflict('range_overlap', `Certificate ${imported.number} holds serial ${imported.serial}`, [
      { path: 'body.startSerial', message: imported.number, code: 'range_overlap' },
    ]);
  }
  return CertificateRange.create({ issuingUnitId: unitId, year: input.year, startSerial: input.startSerial, endSerial: input.endSerial, nextSerial: input.startSerial, createdById: actor.id }, { transaction: t });
}

/** Only a range nothing was taken from can go. */
export async function deleteRange(actor: Actor, rangeId: number, t: Transaction) {
  const range = await CertificateRange.findByPk(rangeId, { transaction: t, lock: t.LOCK.UPDATE });
  if (!range) throw notFound('range');
  const unit = (await IssuingUnit.findByPk(range.issuingUnitId, { transaction: t }))!;
  authorize(actor, 'issuingUnit:manage', { orgId: unit.orgId });
  if (range.nextSerial !== range.startSerial) throw conflict('range_in_use', 'Numbers of this range are issued');
  await range.destroy({ transaction: t });
}
