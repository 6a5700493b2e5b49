import { isTRPCClientError } from '@trpc/client';
import type { PathSegment } from './form-codec';

/** One problem the server named: a JSON path as kubectl prints it and a message. */
export interface ServerProblem {
  path: string;
  message: string;
}

/**
 * `spec.listeners[0].port` → ['spec', 'listeners', 0, 'port']; `data[tls.crt]` → ['data', 'tls.crt'] (map keys with
 * dots or slashes are bracketed, domain/errors/zod-issues.ts formatPath); `(root)` → [].
 */
export function parseKubePath(path: string): PathSegment[] {
  if (path === '' || path === '(root)') return [];
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}

function dataOf(error: unknown): { appCode?: unknown; details?: unknown; httpStatus?: unknown } | undefined {
  return isTRPCClientError(error) ? (error.data as { appCode?: unknown; details?: unknown; httpStatus?: unknown } | undefined) : undefined;
}

/** The field problems of a failed call (DomainError details), as the API reported them. */
export function serverProblems(error: unknown): ServerProblem[] {
  const details = dataOf(error)?.details;
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: unknown) => {
    const o = d as { path?: unknown; message?: unknown } | null;
    return o && typeof o.path === 'string' && typeof o.message === 'string' ? [{ path: o.path, message: o.message }] : [];
  });
}

/** A stale resourceVersion (409 conflict), as opposed to a name that is taken (409 already_exists). */
export function isConflict(error: unknown): boolean {
  return dataOf(error)?.appCode === 'conflict';
}

export function isAlreadyExists(error: unknown): boolean {
  return dataOf(error)?.appCode === 'already_exists';
}

/** The message of a failed call, for a toast. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'something went wrong';
}

/** zod's wording for an empty input, in a person's words. */
export function humanizeIssue(message: string): string {
  if (/received undefined$/.test(message)) return 'Required';
  if (/expected number, received NaN$/.test(message)) return 'Enter a number';
  return message;
}
