/**
 * One error type for every layer below the adapters. Services and packages throw DomainError;
 * the REST and tRPC adapters translate it with ERROR_TABLE (errors are mapped once, here).
 */
export type ErrorCode =
  | 'invalid' // the request is malformed or fails validation (400)
  | 'unauthenticated' // no or bad credentials (401)
  | 'forbidden' // authenticated, but the role does not allow it (403)
  | 'not_found' // the object or route does not exist (404)
  | 'method_not_allowed' // the path exists, the method does not (405)
  | 'conflict' // stale resourceVersion or concurrent change (409)
  | 'already_exists' // create of a name that is taken (409)
  | 'unprocessable' // well-formed but cannot be done in the current state (422)
  | 'payload_too_large' // body above the limit (413)
  | 'unsupported_media_type' // content type not understood (415)
  | 'rate_limited' // too many attempts (failed sign-ins); retry after `retryAfterSeconds` (429)
  | 'unavailable' // a dependency is down; retry later (503)
  | 'internal'; // a bug: never for bad input (500)

/** A problem with one field, named by its JSON path (`spec.listeners[0].port`). */
export interface ErrorDetail {
  path: string;
  message: string;
}

export interface DomainErrorOptions {
  /** When the caller may try again (rate_limited, unavailable): sent as HTTP Retry-After. */
  retryAfterSeconds?: number;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options: DomainErrorOptions = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'DomainError' && 'code' in e);
}
