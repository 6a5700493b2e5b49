import type { z } from 'zod';
import { DomainError, type ErrorDetail } from './domain-error';

/** Renders a zod issue path as a JSON path the way kubectl does: `spec.listeners[0].port`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    // Map keys that hold dots or slashes (`tls.crt`, `kubernetes.io/service-name`) are bracketed as kubectl does.
    else if (/[./]/.test(String(seg))) out += `[${String(seg)}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out === '' ? '(root)' : out;
}

export function zodIssuesToDetails(error: z.ZodError, prefix = ''): ErrorDetail[] {
  return error.issues.map((i) => ({ path: formatPath(i.path, prefix), message: i.message }));
}

/** Parses with a schema or throws DomainError('invalid') that names every problem by path. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string, prefix = ''): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details = zodIssuesToDetails(r.error, prefix);
  throw new DomainError('invalid', `${what} is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}
