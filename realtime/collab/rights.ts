import type { Transaction } from 'sequelize';
import type { Actor } from '../../server/policies';
import type { CollabDocRef, CollabField } from './names';

/**
 * Who may do what on a collaborative document is the meeting area's business, not the engine's:
 * the meeting area registers one resolver (assigned experts of the applicant write; group leader,
 * chair and supervisors read; recused experts and everyone else none). With none registered,
 * every answer is 'none', so nothing is readable by accident.
 *
 * The engine asks the resolver when it issues a ticket, when the ticket is used, and again for
 * every open connection of the affected documents after `collabRightsChanged`.
 */
export type CollabRight = 'write' | 'read' | 'none';

export type CollabRightsResolver = (actor: Actor, doc: CollabDocRef) => CollabRight | Promise<CollabRight>;

let resolver: CollabRightsResolver | null = null;

/** Registers the resolver; returns a function that puts the previous one back (for tests). */
export function registerCollabRights(r: CollabRightsResolver): () => void {
  const previous = resolver;
  resolver = r;
  return () => {
    if (resolver === r) resolver = previous;
  };
}

const RIGHTS: ReadonlySet<string> = new Set<CollabRight>(['write', 'read', 'none']);

/** Asks the registered resolver; anything but a clean answer (or a throw) counts as 'none'. */
export async function resolveCollabRight(actor: Actor, doc: CollabDocRef): Promise<CollabRight> {
  if (!resolver) return 'none';
  const answer = await resolver(actor, doc);
  return typeof answer === 'string' && RIGHTS.has(answer) ? answer : 'none';
}

/**
 * The name a connection shows in the awareness (who is in the document): the server stamps it into
 * every state the client sends, so nobody can appear as someone else. The meeting area registers
 * one (an expert shows as the expert, also through a temporary meeting login); without one, or
 * when it fails or has no answer, it is the account's name.
 */
export type CollabNameResolver = (actor: Actor, doc: CollabDocRef) => string | null | Promise<string | null>;

let nameResolver: CollabNameResolver | null = null;

export function registerCollabNames(r: CollabNameResolver): () => void {
  const previous = nameResolver;
  nameResolver = r;
  return () => {
    if (nameResolver === r) nameResolver = previous;
  };
}

export async function resolveCollabName(actor: Actor, doc: CollabDocRef): Promise<string> {
  try {
    const name = nameResolver ? await nameResolver(actor, doc) : null;
    if (typeof name === 'string' && name.trim()) return name.trim();
  } catch {
    // The account's name is never wrong, only less specific.
  }
  return actor.name;
}

/** A frozen document is read-only for everyone. */
export const capRight = (right: CollabRight, frozen: boolean): CollabRight => (frozen && right === 'write' ? 'read' : right);

/**
 * Which open connections to re-evaluate. A meeting id alone means every document of the meeting;
 * add the applicant and/or field to narrow it; `accountIds` limits it to those people.
 */
export interface CollabRightsFilter {
  meetingId: number;
  meetingApplicantId?: number;
  field?: CollabField;
  accountIds?: number[];
}

export function matchesFilter(filter: CollabRightsFilter, doc: CollabDocRef, accountId?: number): boolean {
  if (doc.meetingId !== filter.meetingId) return false;
  if (filter.meetingApplicantId !== undefined && doc.meetingApplicantId !== filter.meetingApplicantId) return false;
  if (filter.field !== undefined && doc.field !== filter.field) return false;
  if (accountId !== undefined && filter.accountIds && !filter.accountIds.includes(accountId)) return false;
  return true;
}

type Listener = (filter: CollabRightsFilter) => void;
const listeners = new Set<Listener>();

/** The collab engine listens here and fans the signal out to every node. */
export function onCollabRightsChanged(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * Call after commit when assignments, recusals or roles change: every node re-asks the resolver
 * for its open connections on the matching documents, closes those that lost access and
 * downgrades writers that became readers.
 */
export function collabRightsChanged(filter: CollabRightsFilter): void {
  for (const l of listeners) l(filter);
}

/** The same, scheduled for after `t` commits (nothing happens if it rolls back). */
export function collabRightsChangedAfterCommit(t: Transaction, filter: CollabRightsFilter): void {
  t.afterCommit(() => collabRightsChanged(filter));
}
