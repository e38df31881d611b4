import type { ClientEvent, RoomEvent } from './common';

export interface OrgChanged {
  orgId: number;
  change: 'created' | 'profile_submitted' | 'approved' | 'rejected' | 'disabled' | 'move_requested' | 'moved' | 'move_rejected';
  childId?: number;
}

export interface SessionServerEvents {
  /** Sent just before the server drops a socket whose token expired or was revoked. */
  'session:ended': (data: { reason: 'expired' | 'revoked' }) => void;
  'org:changed': (e: RoomEvent<OrgChanged>) => void;
  /**
   * A room's current sequence number, sent after Redis was away (events announced on other nodes
   * may have been missed): a client that has seen less refetches. Not an event of its own.
   */
  'room:seq': (data: { room: string; seq: number }) => void;
}

export interface SessionClientEvents {
  /** Which rooms this socket is in and each room's current sequence number. */
  'session:rooms': ClientEvent<Record<string, never>, Record<string, number>>;
  /** Hand a fresh access token to a live socket so it is not dropped when the old one expires. */
  'session:renew': ClientEvent<{ token: string }, { expiresAt: number }>;
  /** Join a room the actor may see; answers with its current sequence number. */
  'room:join': ClientEvent<{ room: string }, { room: string; seq: number }>;
  'room:leave': ClientEvent<{ room: string }, null>;
}
