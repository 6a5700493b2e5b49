import type { z } from 'zod';

/**
 * A form's problems keyed by the full field path (`headers.0.name`), from the same schema the server validates
 * with, checked before sending; the first problem of each field wins.
 */
export function zodPathErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[issue.path.map(String).join('.') || 'form'] ??= issue.message;
  return out;
}

/** The server's `details` (paths like `headers[0].name` or `draft[1].spec`) keyed the same way. */
export function detailPathErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details) {
    const path = (d as { path?: unknown }).path;
    const message = (d as { message?: unknown }).message;
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    out[path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '')] ??= message;
  }
  return out;
}
