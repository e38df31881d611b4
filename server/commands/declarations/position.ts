import { literal, Op, type Transaction } from 'sequelize';
import { Committee, Declaration, FlowEntry, Organisation, TitleSpecialty, db, type Position } from '../../../models';
import { isSqlite } from '../../../models/db';
import { announceAll, type Pending } from '../../announce';
import { notFound } from '../../errors';
import type { Actor } from '../../policies';
import type { DeclarationSubject } from '../../policies/declaration';
import type { FlowFacts, PositionTo } from '../../domain/declarationFlow';
import { presentFlowEntry } from '../../presenters/declaration';
import { rooms } from '../../../realtime/rooms';

/** Loads a declaration and holds its row lock until commit: every change to it goes through here. */
export async function lockDeclaration(id: number, t: Transaction): Promise<Declaration> {
  const d = await Declaration.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
  if (!d) throw notFound('declaration');
  return d;
}

/**
 * A specialty's code and a committee's owner never change (neither is editable), so they are
 * cached for the process; an org's code does change (a unit moving under another parent), so it is
 * read every time.
 */
const specialtyCode = new Map<number, string>();
const committeeOwner = new Map<number, number>();

async function fill<T extends { id: number }>(cache: Map<number, unknown>, ids: number[], load: (missing: number[]) => Promise<T[]>, value: (row: T) => unknown) {
  const missing = [...new Set(ids)].filter((id) => !cache.has(id));
  if (missing.length) for (const row of await load(missing)) cache.set(row.id, value(row));
}

/** Policy subjects for many declarations with one query (plus cache misses), not three per row. */
export async function subjectsOf(decls: Declaration[], t?: Transaction): Promise<Map<number, DeclarationSubject>> {
  const ids = (xs: Array<number | null | undefined>) => [...new Set(xs.filter((x): x is number => typeof x === 'number'))];
  await fill(specialtyCode, ids(decls.map((d) => d.specialtyId)), (missing) =>
    TitleSpecialty.findAll({ attributes: ['id', 'code'], where: { id: missing }, raw: true, transaction: t }), (r) => r.code);
  await fill(committeeOwner, ids(decls.map((d) => d.committeeId)), (missing) =>
    Committee.findAll({ attributes: ['id', 'ownerOrgId'], where: { id: missing }, raw: true, transaction: t }), (r) => r.ownerOrgId);
  const orgs = await Organisation.findAll({ attributes: ['id', 'code'], where: { id: ids(decls.map((d) => d.orgId)) }, raw: true, transaction: t });
  const code = new Map(orgs.map((o) => [o.id, o.code]));
  return new Map(
    decls.map((d) => [
      d.id,
      {
        applicantId: d.applicantAccountId,
        orgCode: code.get(d.orgId) ?? '',
        status: d.status,
        step: d.step ?? null,
        currentOrgId: d.currentOrgId ?? null,
        seriesCode: d.seriesCode,
        level: d.level,
        specialtyCode: d.specialtyId ? (specialtyCode.get(d.specialtyId) ?? null) : null,
        committeeOrgId: d.committeeId ? (committeeOwner.get(d.committeeId) ?? null) : null,
        pathOrgIds: d.path,
      },
    ]),
  );
}

export async function subjectOf(d: Declaration, t?: Transaction): Promise<DeclarationSubject> {
  return (await subjectsOf([d], t)).get(d.id)!;
}

export const factsOf = (d: Declaration, s: DeclarationSubject): FlowFacts => ({
  path: d.path,
  route: d.route,
  policyResubmit: d.policyResubmit,
  committeeOrgId: s.committeeOrgId,
});

export async function orgNames(ids: Array<number | null | undefined>, t?: Transaction): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  if (wanted.length === 0) return new Map();
  const orgs = await Organisation.findAll({ attributes: ['id', 'name'], where: { id: { [Op.in]: wanted } }, raw: true, transaction: t });
  return new Map(orgs.map((o) => [o.id, o.name]));
}

/** How an actor appears in the flow log. */
export const roleLabel = (actor: Actor | null) => (actor ? (actor.role === 'staff' ? (actor.staffKind ?? 'staff') : actor.role) : 'system');

/**
 * The demo seed runs before the server listens, with nobody to hear announcements; it moves
 * declarations quietly (the flow log still records every step). Nothing else sets this.
 */
let quiet = false;
export async function withoutAnnouncements<T>(fn: () => Promise<T>): Promise<T> {
  quiet = true;
  try {
    return await fn();
  } finally {
    quiet = false;
  }
}

export interface MoveInput {
  /** The flow log's action name. */
  action: string;
  actor: Actor | null;
  opinion?: string | null;
  /** The step that made it may recall (撤回) it while the next step has not acted. */
  forward: boolean;
  /** Where it was done (default: where the declaration waited, else the actor's org). */
  atOrgId?: number | null;
}

/**
 * Moves a declaration to a new position inside the caller's transaction: saves it, appends the flow
 * log, and announces (after commit) the new status to the applicant and the change to both queues.
 * The caller holds the row lock.
 */
export async function moveTo(t: Transaction, d: Declaration, to: PositionTo, m: MoveInput): Promise<FlowEntry> {
  const [entry] = await moveMany(t, [{ d, to, m }]);
  return entry;
}

const MOVE_FIELDS = ['status', 'step', 'currentOrgId', 'prevPosition', 'version', 'flowSeq'] as const;

/**
 * `moveTo` for many declarations at once (a meeting's results published, a batch action): the
 * same rows and announcements, in a few statements instead of a handful per declaration. The
 * caller holds every row's lock.
 */
export async function moveMany(t: Transaction, moves: Array<{ d: Declaration; to: PositionTo; m: MoveInput }>): Promise<FlowEntry[]> {
  if (moves.length === 0) return [];
  const prepared = moves.map(({ d, to, m }) => {
    // Anything else the caller changed on the row (a committee assigned…) is saved with it.
    const alone = (d.changed() || []).length > 0;
    const from: Position = { status: d.status, step: d.step ?? null, orgId: d.currentOrgId ?? null, committeeId: d.committeeId ?? null };
    d.status = to.status;
    d.step = to.step;
    d.currentOrgId = to.orgId;
    d.prevPosition = m.forward ? from : null;
    d.version += 1;
    d.flowSeq += 1;
    return { d, to, m, from, alone };
  });

  const same = new Map<string, Declaration[]>();
  for (const p of prepared) {
    if (p.alone) {
      await p.d.save({ transaction: t });
      continue;
    }
    const key = JSON.stringify([p.to.status, p.to.step, p.to.orgId, p.d.prevPosition]);
    same.set(key, [...(same.get(key) ?? []), p.d]);
  }
  for (const ds of same.values()) {
    const d0 = ds[0];
    // Each row was read under its lock, so its version and flow counter in the database are the
    // ones in memory minus the one just added.
    await Declaration.update(
      { status: d0.status, step: d0.step, currentOrgId: d0.currentOrgId, prevPosition: d0.prevPosition, version: literal('version + 1') as never, flowSeq: literal('flow_seq + 1') as never },
      { where: { id: { [Op.in]: ds.map((d) => d.id) } }, transaction: t },
    );
    for (const d of ds) for (const f of MOVE_FIELDS) d.changed(f, false);
  }

  const atOf = (p: (typeof prepared)[number]) => (p.m.atOrgId !== undefined ? p.m.atOrgId : (p.from.orgId ?? p.m.actor?.orgId ?? null));
  const names = await orgNames(prepared.flatMap((p) => [atOf(p), p.to.orgId]), t);
  const rows = prepared.map((p) => {
    const atOrgId = atOf(p);
    return {
      declarationId: p.d.id,
      seq: p.d.flowSeq,
      action: p.m.action,
      actorAccountId: p.m.actor?.id ?? null,
      actorName: p.m.actor?.name ?? '系统',
      actorRole: roleLabel(p.m.actor),
      orgId: atOrgId,
      orgName: atOrgId ? (names.get(atOrgId) ?? null) : null,
      step: p.from.step,
      fromStatus: p.from.status,
      toStatus: p.to.status,
      opinion: p.m.opinion ?? null,
    };
  });
  // SQLite does not hand back the ids of a multi-row insert; the timeline needs them.
  const entries = isSqlite(db()) || rows.length === 1
    ? await Promise.all(rows.map((r) => FlowEntry.create(r, { transaction: t })))
    : await FlowEntry.bulkCreate(rows, { transaction: t });

  if (quiet) return entries;
  const pending: Pending[] = [];
  prepared.forEach((p, i) => {
    const { d, from, to } = p;
    pending.push({
      room: rooms.user(d.applicantAccountId),
      event: 'declaration:status',
      data: {
        declarationId: d.id,
        status: d.status,
        step: d.step ?? null,
        orgId: d.currentOrgId ?? null,
        orgName: d.currentOrgId ? (names.get(d.currentOrgId) ?? null) : null,
        version: d.version,
        entry: presentFlowEntry(entries[i], true),
      },
    });
    const samePlace = from.orgId === to.orgId && from.step === to.step;
    const item = { declarationId: d.id, seriesCode: d.seriesCode, level: d.level, status: d.status };
    if (from.orgId && from.step && !samePlace) {
      pending.push({ room: rooms.queue(from.orgId, from.step), event: 'queue:changed', data: { ...item, orgId: from.orgId, step: from.step, change: 'removed' } });
    }
    if (to.orgId && to.step && !samePlace) {
      pending.push({ room: rooms.queue(to.orgId, to.step), event: 'queue:changed', data: { ...item, orgId: to.orgId, step: to.step, change: 'added' } });
    }
  });
  await announceAll(t, pending);
  return entries;
}
