import { Op, type Transaction } from 'sequelize';
import { Account, Committee, CommitteeExpert, Expert, Organisation } from '../../../models';
import { conflict, invalidField, notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { checkIdNumberField, createAccount } from '../accounts';
import type { Level } from '../../domain/titles';
import { checkSpecialties } from './catalogue';
import { committeeSubject, loadCommittee } from './committees';

/**
 * 评委库 (seed 000 第三章第二节, seed 004 §6.5.1 专家预入库): an expert joins a committee's library as
 * `pending` (预入库) and becomes `active` — drawable — when the office approves the library change
 * filing that lists them (专家库更新备案, seed 004 §6.5.3). One expert profile per ID number, in as
 * many libraries as want them.
 */
export interface ExpertInput {
  idNumber: string;
  name: string;
  /** Where the expert works: drives same-employer conflict detection. */
  employerOrgId: number;
  specialties: string[];
  titleLevel?: Level | null;
  titleName?: string | null;
  phone?: string | null;
}

export interface FoundExpert {
  expert: Expert;
  /** A new account was made: its one-time initial password. */
  initialPassword: string | null;
  createdAccount: boolean;
}

/**
 * The expert profile for an ID number: the existing one, or one on the existing expert account, or
 * a new expert account (the foundation's createAccount, in `accountOrgId`) and profile.
 */
export async function findOrCreateExpert(actor: Actor, input: ExpertInput & { seriesCode: string; accountOrgId: number }, t: Transaction): Promise<FoundExpert> {
  const idNumber = checkIdNumberField(input.idNumber, 'body.idNumber');
  const employer = await Organisation.findByPk(input.employerOrgId, { transaction: t });
  if (!employer) throw invalidField('body.employerOrgId', 'unknown_employer', 'No such organisation');
  const existing = await Expert.findOne({ where: { idNumber }, transaction: t });
  if (existing) {
    if (existing.name !== input.name.trim()) {
      throw conflict('name_mismatch', 'This ID number is registered under another name', [{ path: 'body.name', message: 'differs from the registered name' }]);
    }
    return { expert: existing, initialPassword: null, createdAccount: false };
  }
  let account = await Account.findOne({ where: { username: idNumber, loginYear: 0 }, transaction: t });
  let initialPassword: string | null = null;
  if (account && account.role !== 'expert') {
    throw conflict('id_number_taken', 'This ID number signs in to an account that is not an expert’s', [{ path: 'body.idNumber', message: 'taken' }]);
  }
  if (!account) {
    const made = await createAccount(actor, { orgId: input.accountOrgId, role: 'expert', name: input.name.trim(), idNumber, phone: input.phone ?? undefined }, t);
    account = made.account;
    initialPassword = made.initialPassword;
  }
  const expert = await Expert.create(
    {
      accountId: account.id,
      name: input.name.trim(),
      idNumber,
      employerOrgId: employer.id,
      employerName: employer.name,
      seriesCode: input.seriesCode,
      specialties: input.specialties,
      titleLevel: input.titleLevel ?? null,
      titleName: input.titleName ?? null,
      phone: input.phone ?? null,
    },
    { transaction: t },
  );
  return { expert, initialPassword, createdAccount: initialPassword !== null };
}

/** Puts an expert in a library as pending (预入库); a removed one comes back as pending. */
export async function enterLibrary(committeeId: number, expertId: number, via: CommitteeExpert['addedVia'], t: Transaction) {
  const entry = await CommitteeExpert.findOne({ where: { committeeId, expertId }, transaction: t });
  if (entry && entry.status !== 'removed') {
    throw conflict('already_in_library', `The expert is already in this library (${entry.status})`, [{ path: 'body.idNumber', message: entry.status }]);
  }
  if (entry) {
    entry.status = 'pending';
    entry.addedVia = via;
    await entry.save({ transaction: t });
    return entry;
  }
  return CommitteeExpert.create({ committeeId, expertId, status: 'pending', addedVia: via }, { transaction: t });
}

/** 单个新增专家 */
export async function addExpertToLibrary(actor: Actor, committeeId: number, input: ExpertInput, t: Transaction) {
  const c = await loadCommittee(committeeId, t, true);
  authorize(actor, 'library:manage', await committeeSubject(c, t));
  if (c.status !== 'active') throw conflict('committee_disabled', 'The committee is disabled');
  await checkSpecialties([c.seriesCode], input.specialties, 'body.specialties', t);
  const found = await findOrCreateExpert(actor, { ...input, seriesCode: c.seriesCode, accountOrgId: c.ownerOrgId }, t);
  const entry = await enterLibrary(c.id, found.expert.id, 'manual', t);
  return { ...found, entry };
}

/** A pending entry never filed can simply go; an active one leaves only through a filing. */
export async function removePendingEntry(actor: Actor, committeeId: number, expertId: number, t: Transaction) {
  const c = await loadCommittee(committeeId, t, true);
  authorize(actor, 'library:manage', await committeeSubject(c, t));
  const entry = await CommitteeExpert.findOne({ where: { committeeId, expertId }, transaction: t });
  if (!entry || entry.status === 'removed') throw notFound('library entry');
  if (entry.status !== 'pending') throw conflict('entry_active', 'An active expert leaves the library through a filing (专家库更新备案)');
  await entry.destroy({ transaction: t });
}

/** The experts that may be drawn from some committees' libraries: active entries only. */
export async function activeLibrary(committeeIds: number[], t?: Transaction): Promise<Expert[]> {
  if (committeeIds.length === 0) return [];
  const entries = await CommitteeExpert.findAll({ where: { committeeId: { [Op.in]: committeeIds }, status: 'active' }, attributes: ['expertId'], transaction: t });
  const ids = [...new Set(entries.map((e) => e.expertId))];
  return ids.length ? Expert.findAll({ where: { id: { [Op.in]: ids } }, order: [['id', 'ASC']], transaction: t }) : [];
}

/** Active committees of offices' subtrees: the wider pool an entrusted office draws from. */
export async function committeesUnder(orgCode: string, t?: Transaction): Promise<Committee[]> {
  const owners = await Organisation.findAll({ attributes: ['id'], where: { code: { [Op.like]: `${orgCode}%` } }, transaction: t });
  return Committee.findAll({ where: { ownerOrgId: { [Op.in]: owners.map((o) => o.id) }, status: 'active' }, transaction: t });
}
