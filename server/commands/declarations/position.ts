import { Op, type Transaction } from 'sequelize';
import { Committee, Declaration, FlowEntry, Organisation, TitleSpecialty, type Position } from '../../../models';
import { announce } from '../../announce';
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
  const from: Position = { status: d.status, step: d.step ?? null, orgId: d.currentOrgId ?? null, committeeId: d.committeeId ?? null };
  d.status = to.status;
  d.step = to.step;
  d.currentOrgId = to.orgId;
  d.prevPosition = m.forward ? from : null;
  d.version += 1;
  d.flowSeq += 1;
  await d.save({ transaction: t });

  const atOrgId = m.atOrgId !== undefined ? m.atOrgId : (from.orgId ?? m.actor?.orgId ?? null);
  const names = await orgNames([atOrgId, to.orgId], t);
  const entry = await FlowEntry.create(
    {
      declarationId: d.id,
      seq: d.flowSeq,
      action: m.action,
      actorAccountId: m.actor?.id ?? null,
      actorName: m.actor?.name ?? '系统',
      actorRole: roleLabel(m.actor),
      orgId: atOrgId,
      orgName: atOrgId ? (names.get(atOrgId) ?? null) : null,
      step: from.step,
      fromStatus: from.status,
      toStatus: to.status,
      opinion: m.opinion ?? null,
    },
    { transaction: t },
  );

  if (quiet) return entry;
  await announce(t, rooms.user(d.applicantAccountId), 'declaration:status', {
    declarationId: d.id,
    status: d.status,
    step: d.step ?? null,
    orgId: d.currentOrgId ?? null,
    orgName: d.currentOrgId ? (names.get(d.currentOrgId) ?? null) : null,
    version: d.version,
    entry: presentFlowEntry(entry, true),
  });
  const samePlace = from.orgId === to.orgId && from.step === to.step;
  const item = { declarationId: d.id, seriesCode: d.seriesCode, level: d.level, status: d.status };
  if (from.orgId && from.step && !samePlace) {
    await announce(t, rooms.queue(from.orgId, from.step), 'queue:changed', { ...item, orgId: from.orgId, step: from.step, change: 'removed' });
  }
  if (to.orgId && to.step && !samePlace) {
    await announce(t, rooms.queue(to.orgId, to.step), 'queue:changed', { ...item, orgId: to.orgId, step: to.step, change: 'added' });
  }
  return entry;
}
