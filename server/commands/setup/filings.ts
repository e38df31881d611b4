import { Op, type Transaction } from 'sequelize';
import { CommitteeExpert, LibraryFiling, LibraryFilingItem, Organisation } from '../../../models';
import { conflict, invalidField, notFound, unprocessable } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { committeeSubject, loadCommittee } from './committees';
import { officeAbove } from './context';

/**
 * 专家库更新备案 (seed 004 §6.5.3): the committee unit files additions (pending entries) and removals
 * (active entries) with the office above it; only the office's approval changes the library, all
 * items at once. A returned filing changes nothing; the unit files again.
 */
export interface FilingInput {
  note?: string | null;
  items: Array<{ expertId: number; action: 'add' | 'remove'; reason?: string | null }>;
}

export async function fileLibraryChange(actor: Actor, committeeId: number, input: FilingInput, t: Transaction) {
  const c = await loadCommittee(committeeId, t, true);
  const subject = await committeeSubject(c, t);
  authorize(actor, 'library:manage', subject);
  if (c.status !== 'active') throw conflict('committee_disabled', 'The committee is disabled');
  const office = await officeAbove(subject.owner, t);
  if (!office) throw unprocessable('no_office_above', 'No title office above the committee unit to file with');

  const entries = await CommitteeExpert.findAll({
    where: { committeeId, expertId: { [Op.in]: input.items.map((i) => i.expertId) } },
    transaction: t,
  });
  const byExpert = new Map(entries.map((e) => [e.expertId, e]));
  const open = await LibraryFiling.findAll({ where: { committeeId, status: 'submitted' }, attributes: ['id'], transaction: t });
  const alreadyFiled = new Set(
    (await LibraryFilingItem.findAll({ where: { filingId: { [Op.in]: open.map((f) => f.id) } }, attributes: ['expertId'], transaction: t })).map(
      (i) => i.expertId,
    ),
  );
  const problems = input.items.flatMap((item, i) => {
    const entry = byExpert.get(item.expertId);
    const path = `body.items.${i}.expertId`;
    if (input.items.findIndex((x) => x.expertId === item.expertId) !== i) return [{ path, message: 'listed twice', code: 'duplicate_item' }];
    if (!entry) return [{ path, message: 'not in this library', code: 'not_in_library' }];
    if (item.action === 'add' && entry.status !== 'pending') return [{ path, message: `is ${entry.status}, not pending`, code: 'not_pending' }];
    if (item.action === 'remove' && entry.status !== 'active') return [{ path, message: `is ${entry.status}, not active`, code: 'not_active' }];
    if (alreadyFiled.has(item.expertId)) return [{ path, message: 'already in a filing under review', code: 'already_filed' }];
    return [];
  });
  if (problems.length) throw unprocessable('filing_invalid', 'Some items cannot be filed', problems);

  const filing = await LibraryFiling.create(
    { committeeId, officeOrgId: office.id, status: 'submitted', note: input.note ?? null, createdById: actor.id, submittedAt: new Date() },
    { transaction: t },
  );
  await LibraryFilingItem.bulkCreate(
    input.items.map((i) => ({ filingId: filing.id, expertId: i.expertId, action: i.action, reason: i.reason ?? null })),
    { transaction: t },
  );
  return filing;
}

export async function loadFiling(id: number, t?: Transaction, lock = false) {
  const f = await LibraryFiling.findByPk(id, { transaction: t, ...(lock && t ? { lock: t.LOCK.UPDATE } : {}) });
  if (!f) throw notFound('filing');
  return f;
}

export async function decideFiling(actor: Actor, id: number, approve: boolean, opinion: string | null, t: Transaction) {
  const f = await loadFiling(id, t, true);
  authorize(actor, 'filing:decide', { officeOrgId: f.officeOrgId });
  if (f.status !== 'submitted') throw conflict('filing_decided', `The filing is already ${f.status}`);
  if (!approve && !opinion) throw invalidField('body.opinion', 'opinion_required', 'Say why the filing is returned');
  if (approve) {
    const items = await LibraryFilingItem.findAll({ where: { filingId: f.id }, transaction: t });
    for (const item of items) {
      await CommitteeExpert.update(
        { status: item.action === 'add' ? 'active' : 'removed' },
        { where: { committeeId: f.committeeId, expertId: item.expertId, status: item.action === 'add' ? 'pending' : 'active' }, transaction: t },
      );
    }
  }
  Object.assign(f, { status: approve ? 'approved' : 'returned', opinion, decidedById: actor.id, decidedAt: new Date() });
  await f.save({ transaction: t });
  return f;
}

/** Who may see a filing: the committee's library readers and the office it went to. */
export async function authorizeFilingRead(actor: Actor, f: LibraryFiling, t?: Transaction) {
  if (f.officeOrgId === actor.orgId && (actor.role === 'admin' || actor.role === 'staff')) return;
  const c = await loadCommittee(f.committeeId, t);
  authorize(actor, 'library:read', await committeeSubject(c, t));
}

export const officeName = async (id: number | null) => (id ? ((await Organisation.findByPk(id, { attributes: ['name'] }))?.name ?? null) : null);
