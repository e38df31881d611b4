import { createStore } from 'solid-js/store';
import { isApiError } from '../api';
import { liveApi, type Choice } from '../api/live';
import { realtime } from '../realtime';
import { session } from './session';

/**
 * 表决票 outbox. A ballot sheet gets its idempotency key once, when it is first shown, and keeps it
 * in localStorage with the choices being made, so a reload or a dropped connection loses nothing.
 * "Submit" marks the sheet submitted before anything is sent; the sheet is then sent (over the socket
 * when it is up, else over HTTP) and resent with the same key after every reconnect until the server
 * acknowledges it. The server stores one sheet per key and answers a repeat with the first answer, so
 * the vote counts once however often it was sent. After the acknowledgement the entry is deleted:
 * nothing on the device shows how this expert voted.
 */
export interface StoredSheet {
  key: string;
  choices: Record<string, Choice>;
  submitted: boolean;
}

export type OutboxState = 'sending' | 'queued' | 'accepted' | 'refused';
const [outbox, setOutbox] = createStore<Record<number, { state: OutboxState; code?: string }>>({});
export { outbox as ballotOutbox };

const PREFIX = 'zc.ballot.';
const storageKey = (roundId: number) => `${PREFIX}${session.account?.id ?? 0}.${roundId}`;

/** 24 random bytes as hex: random enough, and available on a plain-http intranet (randomUUID is not). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `bs-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function read(roundId: number): StoredSheet | null {
  try {
    const raw = localStorage.getItem(storageKey(roundId));
    return raw ? (JSON.parse(raw) as StoredSheet) : null;
  } catch {
    return null;
  }
}

function write(roundId: number, sheet: StoredSheet) {
  try {
    localStorage.setItem(storageKey(roundId), JSON.stringify(sheet));
  } catch {
    /* storage full or blocked: the sheet still works while the page stays open */
  }
}

function forget(roundId: number) {
  try {
    localStorage.removeItem(storageKey(roundId));
  } catch {
    /* ignore */
  }
}

/** The sheet of a round: the stored one, or a new one with its key. */
export function sheetFor(roundId: number): StoredSheet {
  const stored = read(roundId);
  if (stored) return stored;
  const sheet: StoredSheet = { key: newKey(), choices: {}, submitted: false };
  write(roundId, sheet);
  return sheet;
}

export function saveChoices(roundId: number, choices: Record<string, Choice>) {
  const sheet = sheetFor(roundId);
  if (sheet.submitted) return;
  write(roundId, { ...sheet, choices });
}

/** The snapshot says this round is settled for me (voted, or no longer open): drop the local sheet. */
export function settleSheet(roundId: number, voted: boolean) {
  if (voted) setOutbox(roundId, { state: 'accepted' });
  forget(roundId);
}

/** Rounds this account has submitted but not yet had acknowledged. */
export function waitingRounds(): number[] {
  const prefix = `${PREFIX}${session.account?.id ?? 0}.`;
  const out: number[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k?.startsWith(prefix)) continue;
      const s = JSON.parse(localStorage.getItem(k) ?? 'null') as StoredSheet | null;
      if (s?.submitted) out.push(Number(k.slice(prefix.length)));
    }
  } catch {
    /* ignore */
  }
  return out;
}

const sending = new Set<number>();

async function send(roundId: number): Promise<OutboxState> {
  const sheet = read(roundId);
  if (!sheet?.submitted) return outbox[roundId]?.state ?? 'accepted';
  if (sending.has(roundId)) return 'sending';
  sending.add(roundId);
  setOutbox(roundId, { state: 'sending' });
  const choices = Object.entries(sheet.choices).map(([id, choice]) => ({ meetingApplicantId: Number(id), choice }));
  try {
    if (realtime.connected()) await realtime.send('ballot:submit', { roundId, idempotencyKey: sheet.key, choices });
    else await liveApi.submitBallots(roundId, sheet.key, choices);
    forget(roundId);
    setOutbox(roundId, { state: 'accepted' });
    return 'accepted';
  } catch (e) {
    if (isApiError(e) && (e.code === 'network_error' || e.status >= 500 || e.status === 0)) {
      setOutbox(roundId, { state: 'queued' });
      return 'queued';
    }
    const code = isApiError(e) ? e.code : 'internal_error';
    if (code === 'already_voted') {
      // Another device of mine voted first: this sheet was not counted, but I have voted.
      forget(roundId);
      setOutbox(roundId, { state: 'accepted', code });
      return 'accepted';
    }
    // Refused for good (closed, not on the roll, signed out…) or a problem with the sheet: let the
    // expert see why; the choices stay so a fixable sheet can be sent again.
    write(roundId, { ...sheet, submitted: false });
    setOutbox(roundId, { state: 'refused', code });
    throw e;
  } finally {
    sending.delete(roundId);
  }
}

/** Submit: final from here on; sent now, or as soon as there is a connection. */
export async function submitSheet(roundId: number, choices: Record<string, Choice>): Promise<OutboxState> {
  const sheet = sheetFor(roundId);
  write(roundId, { ...sheet, choices, submitted: true });
  return send(roundId);
}

/** Send every submitted sheet still waiting (after a reconnect, on opening the page, on a timer). */
export async function flushBallots() {
  for (const roundId of waitingRounds()) await send(roundId).catch(() => undefined);
}

realtime.onConnect(() => void flushBallots());
window.addEventListener('online', () => void flushBallots());
// A sheet sent over HTTP while the socket stays down (a proxy that blocks WebSockets) still goes out.
setInterval(() => {
  if (waitingRounds().length && navigator.onLine) void flushBallots();
}, 15_000);
