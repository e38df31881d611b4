import { Op, type Transaction } from 'sequelize';
import { Account, BlacklistEntry, Declaration, Organisation } from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { checkIdNumber, normaliseIdNumber } from '../../domain/idNumber';
import { afterSettings } from './settings';
import { activeBlacklisting } from '../declarations/rules';

/**
 * 黑名单管理 (seed 003 §1.21, seed 002 七): an office adds a person by name or ID number with a
 * reason and a period (1, 3 or 5 years, a setting), edits or lifts the entry. The declarations
 * area reads the same table (`blacklist_entries`) to refuse new declarations while one is in force.
 */
export interface BlacklistInput {
  idNumber: string;
  name: string;
  years: number;
  reason: string;
  publicNotice?: boolean;
  declarationId?: number | null;
}

const addYears = (from: Date, years: number) => {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
};

async function checkYears(years: number, path: string, t: Transaction) {
  if (!(await afterSettings(t)).blacklistYears.includes(years)) throw invalidField(path, 'years_required', 'Not one of the allowed periods');
}

export async function addToBlacklist(actor: Actor, input: BlacklistInput, t: Transaction) {
  authorize(actor, 'blacklist:add', {});
  const idNumber = normaliseIdNumber(input.idNumber);
  const problem = checkIdNumber(idNumber);
  if (problem) throw invalidField('body.idNumber', `id_number_${problem}`, 'Not a valid ID number');
  await checkYears(input.years, 'body.years', t);
  if (await activeBlacklisting(idNumber, t)) throw conflict('already_blacklisted', 'The person is on the blacklist already');
  const starts = new Date();
  return BlacklistEntry.create(
    {
      idNumber,
      name: input.name,
      declarationId: input.declarationId ?? null,
      orgId: actor.orgId,
      years: input.years,
      startsAt: starts,
      endsAt: addYears(starts, input.years),
      reason: input.reason,
      createdById: actor.id,
      source: 'manual',
      publicNotice: input.publicNotice ?? true,
    },
    { transaction: t },
  );
}

export async function editBlacklistEntry(actor: Actor, id: number, changes: { years?: number; reason?: string; publicNotice?: boolean }, t: Transaction) {
  const e = await BlacklistEntry.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!e) throw notFound('blacklist entry');
  const org = await Organisation.findByPk(e.orgId, { attributes: ['code'], transaction: t });
  authorize(actor, 'blacklist:edit', { orgCode: org?.code ?? '' });
  if (e.liftedAt) throw conflict('already_lifted', 'A lifted entry cannot change');
  if (changes.years !== undefined) {
    await checkYears(changes.years, 'body.years', t);
    e.years = changes.years;
    e.endsAt = addYears(e.startsAt, changes.years);
  }
  if (changes.reason !== undefined) e.reason = changes.reason;
  if (changes.publicNotice !== undefined) e.publicNotice = changes.publicNotice;
  e.history = [...(e.history ?? []), { by: actor.name, at: new Date().toISOString(), changes }];
  await e.save({ transaction: t });
  return e;
}

/** 录入人员姓名或身份证号，回车查询人员列表: people of the office's subtree by name or ID number. */
export async function findPeople(actor: Actor, q: string) {
  const term = q.trim();
  const byId = /^\d{17}[\dXx]$/.test(term);
  const orgs = await Organisation.findAll({ where: { code: { [Op.like]: `${actor.orgCode}%` } }, attributes: ['id', 'name'] });
  const orgIds = orgs.map((o) => o.id);
  const decls = await Declaration.findAll({
    where: { orgId: { [Op.in]: orgIds }, ...(byId ? { idNumber: term.toUpperCase() } : { applicantName: { [Op.like]: `%${term}%` } }) },
    order: [['year', 'DESC'], ['id', 'DESC']],
    limit: 50,
  });
  const accounts = await Account.findAll({
    where: { orgId: { [Op.in]: orgIds }, role: 'applicant', ...(byId ? { idNumber: term.toUpperCase() } : { name: { [Op.like]: `%${term}%` } }) },
    limit: 50,
  });
  const people = new Map<string, { idNumber: string; name: string; orgName: string | null; declarationId: number | null }>();
  for (const d of decls) {
    if (!people.has(d.idNumber)) people.set(d.idNumber, { idNumber: d.idNumber, name: d.applicantName, orgName: orgs.find((o) => o.id === d.orgId)?.name ?? null, declarationId: d.id });
  }
  for (const a of accounts) {
    if (a.idNumber && !people.has(a.idNumber)) people.set(a.idNumber, { idNumber: a.idNumber, name: a.name, orgName: orgs.find((o) => o.id === a.orgId)?.name ?? null, declarationId: null });
  }
  const active = await BlacklistEntry.findAll({ where: { idNumber: { [Op.in]: [...people.keys()] }, liftedAt: null, endsAt: { [Op.gt]: new Date() } }, attributes: ['idNumber'] });
  return [...people.values()].slice(0, 30).map((p) => ({ ...p, blacklisted: active.some((e) => e.idNumber === p.idNumber) }));
}
