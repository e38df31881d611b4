import { Op, type Transaction } from 'sequelize';
import { BlacklistEntry, Declaration, DeclarationPlan, Organisation } from '../../../models';
import { conflict, forbidden } from '../../errors';
import { QUOTA_STATUSES } from '../../domain/titles';

/** The employer and every org above it, nearest first (codes are materialised paths). */
export async function chainOf(orgId: number, t?: Transaction): Promise<Organisation[]> {
  const org = await Organisation.findByPk(orgId, { transaction: t });
  if (!org) return [];
  const prefixes: string[] = [];
  for (let n = 2; n <= org.code.length; n += 4) prefixes.push(org.code.slice(0, n));
  const orgs = await Organisation.findAll({ where: { code: { [Op.in]: prefixes } }, transaction: t });
  return orgs.sort((a, b) => b.code.length - a.code.length);
}

/** The active blacklist entry for a person, if any. */
export async function activeBlacklisting(idNumber: string, t?: Transaction) {
  return BlacklistEntry.findOne({
    where: { idNumber, liftedAt: null, endsAt: { [Op.gt]: new Date() } },
    order: [['endsAt', 'DESC']],
    transaction: t,
  });
}

/** A blacklisted person may not declare until the period ends (seed 002 七: 1, 3 or 5 years). */
export async function refuseIfBlacklisted(idNumber: string, t?: Transaction) {
  const entry = await activeBlacklisting(idNumber, t);
  if (entry) {
    throw forbidden('blacklisted', `On the blacklist until ${entry.endsAt.toISOString().slice(0, 10)}; no declarations until then`);
  }
}

/**
 * 职数: every approved plan on the way up (the employer's own and its parents') caps the declarations
 * of its subtree for that year, series and level. The plan rows are locked so two submissions at
 * once cannot both take the last place. Without an approved plan there is no cap.
 */
export async function refuseIfBeyondQuota(d: Declaration, t: Transaction, chain?: Organisation[]) {
  chain ??= await chainOf(d.orgId, t);
  const plans = await DeclarationPlan.findAll({
    where: { orgId: chain.map((o) => o.id), year: d.year, seriesCode: d.seriesCode, level: d.level, status: 'approved' },
    transaction: t,
    lock: t.LOCK.UPDATE,
  });
  for (const plan of plans) {
    const org = chain.find((o) => o.id === plan.orgId)!;
    const used = await Declaration.count({
      where: { year: d.year, seriesCode: d.seriesCode, level: d.level, status: QUOTA_STATUSES, id: { [Op.ne]: d.id } },
      include: [{ model: Organisation, as: 'org', where: { code: { [Op.like]: `${org.code}%` } }, required: true, attributes: [] }],
      transaction: t,
    });
    if (used >= plan.quota) {
      throw conflict('quota_exceeded', `${org.name}: the approved quota of ${plan.quota} for this series and level is used up`, [
        { path: 'plan', message: `${org.name} ${plan.year} ${plan.seriesCode} ${plan.level}: ${used}/${plan.quota}` },
      ]);
    }
  }
}
