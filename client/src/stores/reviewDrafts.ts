import { createStore } from 'solid-js/store';
import { isApiError } from '../api';
import { liveApi, type ReviewInput } from '../api/live';
import { realtime } from '../realtime';
import { session } from './session';

/**
 * 评审意见草稿. What an expert types is written to localStorage at once (so closing the lid or losing
 * the Wi-Fi loses nothing), then saved to the server (暂存) a moment after typing stops, or at once on
 * "暂存". A local copy lives only while it holds something the server has not acknowledged; after a
 * reconnect every such copy is sent again. Numbers are kept as typed (strings) so "8." survives.
 */
export interface DraftValues {
  scores: Record<string, string>;
  academic: string;
  defenseQuestions: string;
  defenseEvaluation: string;
  defenseScore: string;
  overall: string;
  verdict: 'confirm' | 'dispute' | null;
  verdictReason: string;
}

export interface DraftMeta {
  role: 'main' | 'secondary';
  defense: boolean;
  /** Criterion key → maximum: scores outside [0, max] stay local until corrected. */
  maxima: Record<string, number>;
  /**
   * Opinion fields written together (the meeting's `sharedOpinionFields`): their text lives in the
   * shared document, and the server takes the frozen text at "finish", so the draft sends them empty.
   */
  shared?: string[];
}

interface Stored {
  values: DraftValues;
  meta: DraftMeta;
  rev: number;
}

export type DraftStatus = { state: 'idle' | 'local' | 'saving' | 'saved' | 'unsent' | 'error'; at?: number; error?: unknown };
const [status, setStatus] = createStore<Record<number, DraftStatus>>({});
export { status as draftStatus };

const PREFIX = 'zc.review.';
const keyOf = (assignmentId: number) => `${PREFIX}${session.account?.id ?? 0}.${assignmentId}`;
const AUTOSAVE_MS = 1500;

const revs = new Map<number, number>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();
const inFlight = new Map<number, Promise<void>>();

function read(assignmentId: number): Stored | null {
  try {
    const raw = localStorage.getItem(keyOf(assignmentId));
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

function write(assignmentId: number, s: Stored) {
  try {
    localStorage.setItem(keyOf(assignmentId), JSON.stringify(s));
  } catch {
    /* storage blocked: the values are still in the form */
  }
}

function forget(assignmentId: number) {
  try {
    localStorage.removeItem(keyOf(assignmentId));
  } catch {
    /* ignore */
  }
}

/**
 * What this device last sent and the server acknowledged, kept for the page's life: a form that
 * opens after a reconnect resent the draft (and forgot the local copy) shows that text, not an
 * older snapshot read before the resend landed.
 */
const acknowledged = new Map<string, DraftValues>();

/** Values typed here and not yet acknowledged by the server (or acknowledged since the page loaded), if any. */
export function unsentDraft(assignmentId: number): DraftValues | null {
  return read(assignmentId)?.values ?? acknowledged.get(keyOf(assignmentId)) ?? null;
}

export const emptyValues = (): DraftValues => ({
  scores: {},
  academic: '',
  defenseQuestions: '',
  defenseEvaluation: '',
  defenseScore: '',
  overall: '',
  verdict: null,
  verdictReason: '',
});

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** Scores that are not numbers in [0, max]. */
export function badScores(values: DraftValues, meta: DraftMeta): string[] {
  return Object.entries(values.scores)
    .filter(([k, v]) => {
      const n = num(v);
      return n !== null && !(Number.isFinite(n) && n >= 0 && n <= (meta.maxima[k] ?? Infinity));
    })
    .map(([k]) => k);
}

/** What the server accepts from this reviewer: main scores and opinions, or a secondary's opinion and verdict. */
export function payloadOf(values: DraftValues, meta: DraftMeta): ReviewInput {
  const own = (field: 'academic' | 'overall' | 'defenseQuestions' | 'defenseEvaluation') => (meta.shared?.includes(field) ? '' : values[field]);
  if (meta.role === 'secondary') {
    return {
      opinions: { overall: own('overall') },
      ...(values.verdict ? { verdict: values.verdict } : {}),
      ...(values.verdict === 'dispute' || values.verdictReason ? { verdictReason: values.verdictReason } : {}),
    };
  }
  const bad = new Set(badScores(values, meta));
  const scores: Record<string, number> = {};
  for (const [k, v] of Object.entries(values.scores)) {
    const n = num(v);
    if (n !== null && !bad.has(k)) scores[k] = n;
  }
  const defenseScore = num(values.defenseScore);
  return {
    ...(Object.keys(scores).length ? { scores } : {}),
    opinions: {
      academic: own('academic'),
      overall: own('overall'),
      ...(meta.defense
        ? {
            defenseQuestions: own('defenseQuestions'),
            defenseEvaluation: own('defenseEvaluation'),
            ...(defenseScore !== null && Number.isFinite(defenseScore) && defenseScore >= 0 && defenseScore <= 100 ? { defenseScore } : {}),
          }
        : {}),
    },
  };
}

async function sendSave(assignmentId: number, input: ReviewInput) {
  if (realtime.connected()) await realtime.send('review:save', { assignmentId, ...input });
  else await liveApi.saveDraft(assignmentId, input);
}

const isNetwork = (e: unknown) => isApiError(e) && (e.code === 'network_error' || e.status === 0 || e.status >= 500);

/** Sends the stored draft of an assignment (if any) and forgets it once the server has this revision. */
export function saveNow(assignmentId: number): Promise<void> {
  clearTimeout(timers.get(assignmentId));
  const running = inFlight.get(assignmentId);
  if (running) return running.then(() => (read(assignmentId) ? saveNow(assignmentId) : undefined));
  const stored = read(assignmentId);
  if (!stored) return Promise.resolve();
  const p = (async () => {
    setStatus(assignmentId, { state: 'saving' });
    try {
      await sendSave(assignmentId, payloadOf(stored.values, stored.meta));
      const now = read(assignmentId);
      // Typed on while it was on its way: keep the newer text for the next save.
      if (now && now.rev === stored.rev) {
        forget(assignmentId);
        acknowledged.set(keyOf(assignmentId), stored.values);
      }
      setStatus(assignmentId, { state: now && now.rev !== stored.rev ? 'local' : 'saved', at: Date.now() });
      if (now && now.rev !== stored.rev) schedule(assignmentId);
    } catch (e) {
      setStatus(assignmentId, { state: isNetwork(e) ? 'unsent' : 'error', error: e, at: Date.now() });
      if (!isNetwork(e) && isApiError(e) && (e.code === 'review_final' || e.code === 'group_confirmed')) forget(assignmentId);
    } finally {
      inFlight.delete(assignmentId);
    }
  })();
  inFlight.set(assignmentId, p);
  return p;
}

function schedule(assignmentId: number) {
  clearTimeout(timers.get(assignmentId));
  timers.set(
    assignmentId,
    setTimeout(() => void saveNow(assignmentId), AUTOSAVE_MS),
  );
}

/** The form changed: keep it locally now, save it to the server shortly. */
export function editDraft(assignmentId: number, values: DraftValues, meta: DraftMeta) {
  const rev = (revs.get(assignmentId) ?? read(assignmentId)?.rev ?? 0) + 1;
  revs.set(assignmentId, rev);
  write(assignmentId, { values: structuredClone(values), meta, rev });
  setStatus(assignmentId, { state: 'local', at: Date.now() });
  schedule(assignmentId);
}

/** 完成评审: the review becomes final. Needs the connection (the button is disabled without one). */
export async function finishReview(assignmentId: number, values: DraftValues, meta: DraftMeta) {
  clearTimeout(timers.get(assignmentId));
  await inFlight.get(assignmentId);
  const input = payloadOf(values, meta);
  if (realtime.connected()) await realtime.send('review:finish', { assignmentId, ...input });
  else await liveApi.finishReview(assignmentId, input);
  forget(assignmentId);
  acknowledged.delete(keyOf(assignmentId));
  setStatus(assignmentId, { state: 'saved', at: Date.now() });
}

/** Every assignment of this account with something unsent. */
function waiting(): number[] {
  const prefix = `${PREFIX}${session.account?.id ?? 0}.`;
  const out: number[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(prefix)) out.push(Number(k.slice(prefix.length)));
    }
  } catch {
    /* ignore */
  }
  return out;
}

export async function flushDrafts() {
  for (const id of waiting()) await saveNow(id);
}

realtime.onConnect(() => void flushDrafts());
window.addEventListener('online', () => void flushDrafts());
