import { isDomainError, type ErrorDetail } from '../errors/domain-error';

/** Runs fn, which must throw DomainError('invalid'), and returns its details (test helper). */
export function invalidDetails(fn: () => unknown): ErrorDetail[] {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e) && e.code === 'invalid') return e.details;
    throw e;
  }
  throw new Error('expected DomainError("invalid"), but the input was accepted');
}

/** The paths of the details, sorted (to assert exactly which fields were refused). */
export function invalidPaths(fn: () => unknown): string[] {
  return invalidDetails(fn)
    .map((d) => d.path)
    .sort();
}
