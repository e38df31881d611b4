/**
 * After-commit signal that an account's sessions are dead (password change, reset, disable). The
 * realtime layer listens and drops the account's sockets on every node.
 */
type Listener = (accountId: number, reason: 'revoked') => void;
const listeners = new Set<Listener>();

export function onSessionsRevoked(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function sessionsRevoked(accountId: number) {
  for (const l of listeners) l(accountId, 'revoked');
}
