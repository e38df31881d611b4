import type { Actor } from '../server/policies';
import { parseRoom, type ParsedRoom, type RoomKind } from './rooms';
import { Organisation } from '../models';

/**
 * Who may join which room. Each area registers the kinds it owns; a kind without a rule is closed.
 * A room's events carry only what every member may see, so this check is the whole gate.
 */
type RoomRule = (actor: Actor, room: ParsedRoom) => Promise<boolean>;
const rules = new Map<RoomKind, RoomRule>();

export function allowRoom(kind: RoomKind, rule: RoomRule) {
  rules.set(kind, rule);
}

export async function mayJoin(actor: Actor, name: string): Promise<boolean> {
  const room = parseRoom(name);
  if (!room) return false;
  const rule = rules.get(room.kind);
  return rule ? rule(actor, room) : false;
}

allowRoom('user', async (actor, room) => room.id === actor.id);

// An org's room tells of its children (created, approved, moved): its own people and the offices above.
allowRoom('org', async (actor, room) => {
  if (actor.mustChangePassword) return false;
  if (room.id === actor.orgId) return true;
  if (actor.role !== 'admin' && actor.role !== 'staff' && actor.role !== 'supervisor') return false;
  const org = await Organisation.findByPk(room.id, { attributes: ['code'] });
  return !!org && org.code.startsWith(actor.orgCode);
});
