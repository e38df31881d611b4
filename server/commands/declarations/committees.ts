import type { Transaction } from 'sequelize';
import { Committee, CommitteeCommission, Declaration, Organisation, TitleSpecialty } from '../../../models';
import { conflict, invalidField, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import type { CommitteeType, Level } from '../../domain/titles';
import { findSeries } from './catalogue';

/** Committees are created and changed by the setup area's commands (one implementation). */
export { createCommittee, updateCommittee, type CommitteeInput } from '../setup/committees';

/**
 * Can this declaration go to this committee? Series, level and specialty must match, the committee
 * must be active, valid and before its material deadline. Whose applicants a committee takes:
 * - 单位自主评审 (route `self`) goes to the unit's own 自主评审 committee;
 * - a 自主评审 committee (type `self`) takes its own unit's applicants (the unit and the units
 *   under it) and no one else's;
 * - a 社会化评审 committee takes any unit's applicants;
 * - 委托评审: a committee that accepted a unit's commission for the declaration's year also takes
 *   that unit's applicants (its employees and those of units under it), whatever the two rules
 *   above say: a self-evaluating unit without a committee for the series sends its 自主评审 there,
 *   and a unit may have its people reviewed by another unit's 自主评审 committee.
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
  if (d.route === 'self') {
    const own = c.type === 'self' && c.ownerOrgId === d.path[d.path.length - 1];
    if (!own && !(await commissionedBy(d, c, t))) throw mismatch('单位自主评审 goes to the unit’s own committee, or to one it commissioned (委托评审)');
  } else if (c.type === 'self' && !(await underOrg(d, [c.ownerOrgId], t)) && !(await commissionedBy(d, c, t))) {
    throw mismatch('A 自主评审 committee reviews its own unit’s applicants, or those of a unit that commissioned it (委托评审)');
  }
  if (c.materialDeadline && c.materialDeadline < now) {
    throw conflict('material_deadline_passed', 'The committee no longer accepts materials', [{ path: 'body.committeeId', message: 'deadline passed' }]);
  }
  return c;
}

/** Is the declaration's employer one of `orgIds`, or under one of them (or on its review path)? */
async function underOrg(d: Declaration, orgIds: number[], t: Transaction): Promise<boolean> {
  if (orgIds.length === 0) return false;
  if (orgIds.includes(d.orgId) || d.path.some((id) => orgIds.includes(id))) return true;
  const [employer, units] = await Promise.all([
    Organisation.findByPk(d.orgId, { attributes: ['id', 'code'], transaction: t }),
    Organisation.findAll({ where: { id: orgIds }, attributes: ['id', 'code'], transaction: t }),
  ]);
  return !!employer && units.some((u) => employer.code.startsWith(u.code));
}

/** 委托评审: has the committee accepted a commission, for the declaration's year, from its employer or a unit above it? */
async function commissionedBy(d: Declaration, c: Committee, t: Transaction): Promise<boolean> {
  const rows = await CommitteeCommission.findAll({ where: { committeeId: c.id, year: d.year, status: 'accepted' }, attributes: ['orgId'], transaction: t });
  return underOrg(d, rows.map((r) => r.orgId), t);
}
