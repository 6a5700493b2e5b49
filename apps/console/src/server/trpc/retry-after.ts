import { isDomainError } from '@gatehouse/domain/errors/domain-error';

/** Retry-After for a tRPC answer: the longest wait any of its errors asks for (DomainError.retryAfterSeconds). */
export function retryAfterHeaders(errors: ReadonlyArray<{ cause?: unknown }>): { headers?: Headers } {
  const seconds = Math.max(0, ...errors.map((e) => (isDomainError(e.cause) ? (e.cause.retryAfterSeconds ?? 0) : 0)));
  return seconds > 0 ? { headers: new Headers({ 'retry-after': String(Math.ceil(seconds)) }) } : {};
}
