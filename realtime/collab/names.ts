/**
 * Collaborative document names, built and parsed in one place (server, tests and the client helper
 * all import this file, so it imports nothing).
 *
 * A document is one opinion that several experts draft together: `m{meetingId}.a{meetingApplicantId}.{field}`,
 * e.g. `m12.a345.overall`. Ids are positive integers without leading zeros; fields are a closed list.
 */
export const COLLAB_FIELDS = ['overall', 'academic', 'defenseQuestions', 'defenseEvaluation'] as const;
export type CollabField = (typeof COLLAB_FIELDS)[number];

export interface CollabDocRef {
  meetingId: number;
  /** The applicant's row in the meeting (not the account): one material under review. */
  meetingApplicantId: number;
  field: CollabField;
}

/** The Y.Text every client edits and freezing snapshots: `doc.getText(COLLAB_TEXT)`. */
export const COLLAB_TEXT = 'text';

/** URL path under which the y-websocket endpoint lives: `/collab/<docName>`. */
export const COLLAB_PATH = '/collab';

const MAX_ID = 2 ** 31 - 1;
const FIELD_SET: ReadonlySet<string> = new Set(COLLAB_FIELDS);
const PATTERN = /^m([1-9]\d{0,9})\.a([1-9]\d{0,9})\.([A-Za-z]{1,32})$/;

export function collabDocName(ref: CollabDocRef): string {
  const name = `m${ref.meetingId}.a${ref.meetingApplicantId}.${ref.field}`;
  if (!parseCollabDocName(name)) throw new Error(`not a valid collaborative document: ${JSON.stringify(ref)}`);
  return name;
}

/** The strict parser: anything that would not round-trip through collabDocName is null. */
export function parseCollabDocName(name: unknown): CollabDocRef | null {
  if (typeof name !== 'string' || name.length > 64) return null;
  const m = PATTERN.exec(name);
  if (!m || !FIELD_SET.has(m[3])) return null;
  const meetingId = Number(m[1]);
  const meetingApplicantId = Number(m[2]);
  if (meetingId > MAX_ID || meetingApplicantId > MAX_ID) return null;
  return { meetingId, meetingApplicantId, field: m[3] as CollabField };
}

/**
 * Close codes the server uses. 4400–4499 tell the stock y-websocket client not to reconnect (its
 * default `shouldReconnect`); every other code makes it retry, with a fresh ticket from the helper.
 */
export const COLLAB_CLOSE = {
  /** Node shutting down: reconnect (to another node). */
  goingAway: 1001,
  /** Malformed message or missing/expired/reused ticket: retry with a fresh ticket. */
  policy: 1008,
  /** Message over the size limit (sent by the ws library itself). */
  tooBig: 1009,
  /** The server could not store an update: reconnect, the client resends it in its sync step 2. */
  serverError: 1011,
  /** The access token behind the ticket expired: fetch a fresh ticket with the renewed token. */
  tokenExpired: 4000,
  /** The document name does not parse. */
  badDocument: 4400,
  /** The account's sessions were revoked: sign in again. */
  sessionRevoked: 4401,
  /** No rights on this document (or lost them). */
  forbidden: 4403,
} as const;
