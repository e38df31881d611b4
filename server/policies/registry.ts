import type { Permission, Role, StaffKind } from '../domain/accountTypes';
import type { OrgKind, OrgLevel, OrgStatus } from '../domain/orgTypes';
import { forbidden } from '../errors';

/** Who is acting: the signed-in account with what the rules need of its organisation. */
export interface Actor {
  id: number;
  name: string;
  username: string;
  role: Role;
  staffKind: StaffKind | null;
  permissions: Permission[];
  seriesScope: string[];
  specialtyScope: string[];
  orgId: number;
  orgCode: string;
  orgKind: OrgKind;
  orgLevel: OrgLevel | null;
  orgStatus: OrgStatus;
  mustChangePassword: boolean;
}

/**
 * Every action maps to the subject it is checked against. Each policy file adds its actions with
 * `declare module './registry' { interface PolicySubjects { 'x:y': Subject } }`, so the union of
 * actions is typed without one file listing every area.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface PolicySubjects {}
export type Action = keyof PolicySubjects & string;

export interface Rule<A extends Action> {
  roles: readonly Role[];
  staffKind?: StaffKind;
  /** The staff member must hold this permission (admins are not staff and need none). */
  permission?: Permission;
  /** Condition on the subject; absent means the role is enough. */
  when?: (actor: Actor, subject: PolicySubjects[A]) => boolean;
}

const rules = new Map<Action, Rule<Action>[]>();

export function allow<A extends Action>(action: A, rule: Rule<A>) {
  const list = rules.get(action) ?? [];
  list.push(rule as unknown as Rule<Action>);
  rules.set(action, list);
}

function roleMatches(actor: Actor, rule: Rule<Action>): boolean {
  if (!rule.roles.includes(actor.role)) return false;
  if (rule.staffKind && actor.staffKind !== rule.staffKind) return false;
  if (rule.permission && actor.role === 'staff' && !actor.permissions.includes(rule.permission)) return false;
  return true;
}

/**
 * Without a subject, answers "could this actor ever do this?" (used at the edge and to hide
 * buttons); with one, applies the conditions too.
 */
export function can<A extends Action>(actor: Actor, action: A, subject?: PolicySubjects[A]): boolean {
  const list = rules.get(action);
  if (!list) throw new Error(`No policy for action ${action}`);
  // An initial (or reset) password is known to whoever set it: until it is changed the account
  // may read itself and change it, nothing else, also through routes any session may call.
  if (actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(action)) return false;
  if (actor.orgStatus !== 'active' && !ALLOWED_BEFORE_APPROVAL.has(action)) return false;
  return list.some((r) => roleMatches(actor, r) && (subject === undefined || !r.when || r.when(actor, subject as never)));
}

export function authorize<A extends Action>(actor: Actor, action: A, subject?: PolicySubjects[A]): void {
  if (!can(actor, action, subject)) {
    if (actor.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(action)) throw passwordChangeRequired();
    throw actor.orgStatus !== 'active' && !ALLOWED_BEFORE_APPROVAL.has(action)
      ? forbidden('org_not_approved', 'Your organisation has not been approved yet')
      : forbidden();
  }
}

/** The actions of a list the actor may take on a subject, sent to the client to hide buttons. */
export function allowedActions<A extends Action>(actor: Actor, subject: PolicySubjects[A], actions: readonly A[]): A[] {
  return actions.filter((a) => can(actor, a, subject));
}

export const hasPolicy = (action: string) => rules.has(action as Action);

/** A new organisation may only complete its profile (and read itself) until its parent approves. */
const ALLOWED_BEFORE_APPROVAL = new Set<string>(['org:read', 'org:updateProfile', 'account:readSelf']);

const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set<string>(['account:readSelf']);

const passwordChangeRequired = () => forbidden('password_change_required', 'Change your password first');

/**
 * For handlers of routes any session may call ('signedIn') that list the actor's own things without
 * asking a policy: the same refusal the route layer gives every other route.
 */
export function refuseBeforePasswordChange(actor: Actor): void {
  if (actor.mustChangePassword) throw passwordChangeRequired();
}

export const inSubtree = (actor: Actor, code: string) => code.startsWith(actor.orgCode);
