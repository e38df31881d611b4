/** One field's problem as the server reports it: `path` is like `body.idNumber`. */
export interface ErrorDetail {
  path: string;
  message: string;
  code?: string;
}

/**
 * The one error the API client throws. `code` is the server's stable id (translated by i18n);
 * `message` is the server's developer text, never shown as is.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }

  /** Field name (the path without `body.`/`query.`) → the detail, first one per field. */
  fields(): Record<string, ErrorDetail> {
    const out: Record<string, ErrorDetail> = {};
    for (const d of this.details) {
      const field = d.path.replace(/^(body|query|params|payload)\./, '');
      if (field && !(field in out)) out[field] = d;
    }
    return out;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Codes that mean the session is over: the user must sign in again. */
export const SESSION_OVER = new Set(['token_revoked', 'token_invalid', 'token_reused', 'account_disabled', 'account_expired', 'unauthenticated']);
