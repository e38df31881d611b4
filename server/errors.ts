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
