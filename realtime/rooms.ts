/**
 * Room names, built and parsed in one place. A room is `kind:id[:sub]`; the realtime layer decides
 * who may join which kind; the database decides each room's sequence numbers.
 */
export type RoomKind = 'user' | 'org' | 'queue' | 'meeting' | 'group' | 'expert' | 'watch' | 'round' | 'staff';

export const rooms = {
  user: (accountId: number) => `user:${accountId}`,
  org: (orgId: number) => `org:${orgId}`,
  /** A review queue: the declarations waiting at an org's handler or leader step. */
  queue: (orgId: number, step: string) => `queue:${orgId}:${step}`,
  meeting: (meetingId: number) => `meeting:${meetingId}`,
  group: (groupId: number) => `group:${groupId}`,
  /** An expert's own room in a meeting: `expert:{meetingId}:{accountId}`. */
  expert: (meetingId: number, accountId: number) => `expert:${meetingId}:${accountId}`,
  watch: (meetingId: number) => `watch:${meetingId}`,
  staff: (meetingId: number) => `staff:${meetingId}`,
  round: (roundId: number) => `round:${roundId}`,
};

export interface ParsedRoom {
  kind: RoomKind;
  id: number;
  sub?: string;
}

const KINDS: ReadonlySet<string> = new Set<RoomKind>(['user', 'org', 'queue', 'meeting', 'group', 'expert', 'watch', 'round', 'staff']);

export function parseRoom(name: unknown): ParsedRoom | null {
  if (typeof name !== 'string' || name.length > 120) return null;
  const m = /^([a-z]+):(\d{1,10})(?::([\w-]{1,40}))?$/.exec(name);
  if (!m || !KINDS.has(m[1])) return null;
  return { kind: m[1] as RoomKind, id: Number(m[2]), ...(m[3] !== undefined ? { sub: m[3] } : {}) };
}
