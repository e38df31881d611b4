import type { Transaction } from 'sequelize';
import { Committee, Declaration, Organisation, TitleSpecialty } from '../../../models';
import { conflict, invalidField, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import type { CommitteeType, Level } from '../../domain/titles';
import { findSeries } from './catalogue';

/** Committees are created and changed by the setup area's commands (one implementation). */
export { createCommittee, updateCommittee, type CommitteeInput } from '../setup/committees';

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
