import { Op, type Transaction, type WhereOptions } from 'sequelize';
import { Committee, CommitteeCommission, CommitteeFeeItem, CommitteeFoundingUnit, Meeting, MeetingCommittee, Organisation } from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import type { CommitteeSubject } from '../../policies/setup';
import type { CommitteeType, Level } from '../../domain/titles';
import { yuanToFen } from '../../domain/setup';
import { checkSpecialties, findSeries } from './catalogue';

/**
 * 评委会管理 (seed 001 三, seed 003 §1.10–1.11): own numbering, series, type, levels, specialties,
 * founding units, fee items, material deadline and approval period; 注销 with a reason keeps it in
 * the history. The minimal record and its checks match the declarations area's (migration 0101).
 */
export interface FoundingUnitInput {
  orgId?: number | null;
  name?: string;
  creditCode?: string | null;
}
export interface FeeItemInput {
  item: string;
  /** Yuan, at most two decimals. */
  amount: number;
  note?: string | null;
}
export interface CommitteeInput {
  code?: string;
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
  foundingUnits?: FoundingUnitInput[];
  feeItems?: FeeItemInput[];
}
export type CommitteeChanges = Partial<Omit<CommitteeInput, 'code' | 'seriesCode' | 'type' | 'ownerOrgId'>>;

export async function committeeSubject(c: Committee, t?: Transaction): Promise<CommitteeSubject & { owner: Organisation }> {
  const owner = (await Organisation.findByPk(c.ownerOrgId, { transaction: t }))!;
  return { ownerOrgId: owner.id, ownerOrgCode: owner.code, owner };
}

export async function loadCommittee(id: number, t?: Transaction, lock = false) {
  const c = await Committee.findByPk(id, { transaction: t, ...(lock && t ? { lock: t.LOCK.UPDATE } : {}) });
  if (!c) throw notFound('committee');
  return c;
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
  const i = levels.findIndex((l) => !series.levels.includes(l));
  if (i >= 0) throw invalidField(`body.levels.${i}`, 'level_not_in_series', `${series.name} has no level ${levels[i]}`);
  await checkSpecialties([seriesCode], specialties, 'body.specialties', t);
}

function checkDates(validFrom?: Date | null, validUntil?: Date | null) {
  if (validFrom && validUntil && validUntil <= validFrom) throw invalidField('body.validUntil', 'ends_before_start', 'Valid until must be after valid from');
}

async function replaceDetails(c: Committee, input: Pick<CommitteeInput, 'foundingUnits' | 'feeItems'>, t: Transaction) {
  if (input.foundingUnits) {
    const rows = [];
    for (const [i, u] of input.foundingUnits.entries()) {
      let name = u.name?.trim() ?? '';
      if (u.orgId) {
        const org = await Organisation.findByPk(u.orgId, { transaction: t });
        if (!org) throw invalidField(`body.foundingUnits.${i}.orgId`, 'not_found', 'No such organisation');
        name ||= org.name;
      }
      if (!name) throw invalidField(`body.foundingUnits.${i}.name`, 'name_required', 'A founding unit needs a name or an organisation');
      rows.push({ committeeId: c.id, orgId: u.orgId ?? null, name, creditCode: u.creditCode ?? null, position: i });
    }
    await CommitteeFoundingUnit.destroy({ where: { committeeId: c.id }, transaction: t });
    await CommitteeFoundingUnit.bulkCreate(rows, { transaction: t });
  }
  if (input.feeItems) {
    const rows = input.feeItems.map((f, i) => {
      const amountFen = yuanToFen(f.amount);
      if (amountFen === null) throw invalidField(`body.feeItems.${i}.amount`, 'bad_amount', 'An amount in yuan, not negative, at most two decimals');
      return { committeeId: c.id, item: f.item, amountFen, note: f.note ?? null, position: i };
    });
    await CommitteeFeeItem.destroy({ where: { committeeId: c.id }, transaction: t });
    await CommitteeFeeItem.bulkCreate(rows, { transaction: t });
  }
}

/** 评委会编码: given, or the next free PW + year + three digits. */
async function nextCode(t: Transaction) {
  const year = new Date().getUTCFullYear();
  const taken = await Committee.findAll({ attributes: ['code'], where: { code: { [Op.like]: `PW${year}%` } }, transaction: t });
  const used = new Set(taken.map((c) => c.code));
  for (let n = 1; ; n++) {
    const code = `PW${year}${String(n).padStart(3, '0')}`;
    if (!used.has(code)) return code;
  }
}

export async function createCommittee(actor: Actor, input: CommitteeInput, t: Transaction) {
  await checkOwner(actor, input.ownerOrgId, input.type, t);
  await checkScope(input.seriesCode, input.levels, input.specialties ?? [], t);
  checkDates(input.validFrom, input.validUntil);
  const code = input.code ?? (await nextCode(t));
  if (await Committee.count({ where: { code }, transaction: t })) {
    throw conflict('duplicate_code', `Committee code ${code} is taken`, [{ path: 'body.code', message: 'taken' }]);
  }
  const { foundingUnits, feeItems, ...fields } = input;
  const c = await Committee.create({ ...fields, code, specialties: input.specialties ?? [], createdById: actor.id }, { transaction: t });
  await replaceDetails(c, { foundingUnits: foundingUnits ?? [], feeItems: feeItems ?? [] }, t);
  return c;
}

export async function updateCommittee(actor: Actor, id: number, changes: CommitteeChanges, t: Transaction) {
  const c = await loadCommittee(id, t, true);
  await checkOwner(actor, c.ownerOrgId, c.type, t);
  if (c.status === 'disabled') throw conflict('committee_disabled', 'The committee is disabled (注销); it stays in the history as it was');
  await checkScope(c.seriesCode, changes.levels ?? c.levels, changes.specialties ?? c.specialties, t);
  checkDates(changes.validFrom !== undefined ? changes.validFrom : c.validFrom, changes.validUntil !== undefined ? changes.validUntil : c.validUntil);
  const { foundingUnits, feeItems, ...fields } = changes;
  Object.assign(c, fields);
  await c.save({ transaction: t });
  await replaceDetails(c, { foundingUnits, feeItems }, t);
  return c;
}

/** 注销: refused while one of its meetings is still being set up or running. */
export async function disableCommittee(actor: Actor, id: number, reason: string, t: Transaction) {
  const c = await loadCommittee(id, t, true);
  await checkOwner(actor, c.ownerOrgId, c.type, t);
  if (c.status === 'disabled') throw conflict('committee_disabled', 'The committee is already disabled');
  const links = await MeetingCommittee.findAll({ where: { committeeId: c.id }, transaction: t });
  const open = await Meeting.count({
    where: { id: { [Op.in]: links.map((l) => l.meetingId) }, status: { [Op.in]: ['setup', 'ready', 'running'] } },
    transaction: t,
  });
  if (open) throw conflict('committee_in_use', `The committee has ${open} meeting(s) not yet closed`);
  c.status = 'disabled';
  c.statusReason = reason;
  await c.save({ transaction: t });
  return c;
}

/** Active: enabled and within its approval period; history: disabled (注销) or expired. */
export function committeeStateWhere(state: 'active' | 'history' | 'all'): WhereOptions<Committee> {
  const now = new Date();
  if (state === 'all') return {};
  if (state === 'active') {
    return { status: 'active', [Op.or]: [{ validUntil: null }, { validUntil: { [Op.gte]: now } }] } as WhereOptions<Committee>;
  }
  return { [Op.or]: [{ status: 'disabled' }, { validUntil: { [Op.lt]: now } }] } as WhereOptions<Committee>;
}

export async function committeeDetails(c: Committee, t?: Transaction) {
  const [foundingUnits, feeItems, owner] = await Promise.all([
    CommitteeFoundingUnit.findAll({ where: { committeeId: c.id }, order: [['position', 'ASC']], transaction: t }),
    CommitteeFeeItem.findAll({ where: { committeeId: c.id }, order: [['position', 'ASC']], transaction: t }),
    Organisation.findByPk(c.ownerOrgId, { transaction: t }),
  ]);
  return { foundingUnits, feeItems, owner: owner! };
}

// 委托评审 -------------------------------------------------------------------------------------

export async function requestCommission(actor: Actor, committeeId: number, input: { year: number; note?: string | null }, t: Transaction) {
  const c = await loadCommittee(committeeId, t, true);
  authorize(actor, 'committee:commission', await committeeSubject(c, t));
  if (c.status !== 'active') throw conflict('committee_disabled', 'The committee is disabled');
  const open = await CommitteeCommission.findOne({
    where: { committeeId, orgId: actor.orgId, year: input.year, status: { [Op.in]: ['pending', 'accepted'] } },
    transaction: t,
  });
  if (open) throw conflict('commission_exists', `Already ${open.status} for ${input.year}`, [{ path: 'body.year', message: open.status }]);
  return CommitteeCommission.create(
    { committeeId, orgId: actor.orgId, year: input.year, note: input.note ?? null, requestedById: actor.id },
    { transaction: t },
  );
}

async function loadCommission(id: number, t: Transaction) {
  const m = await CommitteeCommission.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!m) throw notFound('commission');
  return m;
}

export async function decideCommission(actor: Actor, id: number, accept: boolean, opinion: string | null, t: Transaction) {
  const m = await loadCommission(id, t);
  const c = await loadCommittee(m.committeeId, t);
  authorize(actor, 'commission:decide', await committeeSubject(c, t));
  if (m.status !== 'pending') throw conflict('commission_decided', `The request is already ${m.status}`);
  if (!accept && !opinion) throw invalidField('body.opinion', 'opinion_required', 'Say why the request is refused');
  Object.assign(m, { status: accept ? 'accepted' : 'refused', opinion, decidedById: actor.id, decidedAt: new Date() });
  await m.save({ transaction: t });
  return m;
}

export async function withdrawCommission(actor: Actor, id: number, t: Transaction) {
  const m = await loadCommission(id, t);
  authorize(actor, 'commission:withdraw', { orgId: m.orgId });
  if (m.status !== 'pending') throw conflict('commission_decided', `The request is already ${m.status}`);
  m.status = 'withdrawn';
  await m.save({ transaction: t });
  return m;
}
