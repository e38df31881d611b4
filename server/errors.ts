/**
 * Errors with stable codes. The client translates the code, never the message; the message is
 * for developers and logs. Every domain rule throws one of these; one middleware maps them.
 */
export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const validationFailed = (details: ErrorDetail[], message = 'The request is not valid') =>
  new AppError(400, 'validation_failed', message, details);

/** A single bad field, for rules that a schema cannot express (a check digit, a code range). */
export const invalidField = (path: string, code: string, message: string) =>
  new AppError(400, code, message, [{ path, message, code }]);

export const unauthenticated = (code = 'unauthenticated', message = 'Sign in first') =>
  new AppError(401, code, message);

export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'Wrong username or password');

export const forbidden = (code = 'forbidden', message = 'You may not do this') => new AppError(403, code, message);

export const notFound = (what = 'resource') => new AppError(404, 'not_found', `No such ${what}`);

export const conflict = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(409, code, message, details);

export const unprocessable = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(422, code, message, details);

export const accountLocked = () =>
  new AppError(423, 'account_locked', 'Too many wrong passwords; ask your administrator to reset it');

export const rateLimited = () => new AppError(429, 'rate_limited', 'Too many requests; wait a minute');

export const unavailable = (message = 'Service unavailable') => new AppError(503, 'unavailable', message);

export const dbUnavailable = (message = 'The database cannot be reached right now; try again in a few seconds') =>
  new AppError(503, 'db_unavailable', message);

/**
 * Driver codes that mean "the connection to the database is gone", not "the statement is wrong":
 * mysql2 reports a cut socket as PROTOCOL_CONNECTION_LOST / ECONNRESET / EPIPE, a silent one as
 * ETIMEDOUT, a closed port as ECONNREFUSED.
 */
const LOST_CONNECTION_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

/** Sequelize's connection errors (ConnectionRefusedError, ConnectionAcquireTimeoutError, …). */
const CONNECTION_ERROR_NAMES = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeConnectionTimedOutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
  'SequelizeInvalidConnectionError',
]);

/**
 * True when an error means the database is out of reach (so the answer is 503 db_unavailable and
 * the client may retry), false for every other failure. Judged by name and code rather than by
 * `instanceof` so this module needs no database library, and so errors wrapped by Sequelize
 * (`parent`, `original`) or by our own code (`cause`) are recognised too.
 */
export function isDbUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { name?: unknown; code?: unknown; fatal?: unknown; parent?: unknown; original?: unknown; cause?: unknown };
  if (typeof err.name === 'string' && CONNECTION_ERROR_NAMES.has(err.name)) return true;
  if (typeof err.code === 'string' && LOST_CONNECTION_CODES.has(err.code)) return true;
  // "Can't add new command when connection is in closed state": mysql2's fatal errors carry no code.
  if (err.fatal === true && /closed state|connection lost/i.test(String((e as Error).message))) return true;
  return [err.parent, err.original, err.cause].some((x) => x !== e && isDbUnavailable(x, depth + 1));
}
