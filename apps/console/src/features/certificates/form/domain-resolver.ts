import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver, ResolverResult } from 'react-hook-form';
import type { z } from 'zod';

/**
 * Messages for the few zod defaults that read like a parser talking ("Too small: expected string to have >=1
 * characters"); everything else keeps the schema's own message.
 */
function friendlier(issue: { code: string; origin?: string; minimum?: unknown; expected?: string; input?: unknown }): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) return 'is required';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'enter a whole number';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  return undefined;
}

/**
 * A react-hook-form resolver from one of the domain's zod schemas — the same schema the API validates with —
 * for a form whose values are form-shaped (text fields hold '' for "not set", numbers arrive as text).
 * `toInput` turns the values into the schema's input without moving fields, so the schema's issue paths name
 * the form's fields and each message appears under its input.
 */
export function domainResolver<V extends FieldValues, I extends FieldValues, O>(schema: z.ZodType<O, I>, toInput: (values: V) => I): Resolver<V, unknown, O> {
  const inner = zodResolver(schema, { error: friendlier });
  return async (values, context, options) => {
    const result = await inner(toInput(values), context, options as unknown as Parameters<typeof inner>[2]);
    // Same field names on both sides (see above), so the errors are the form's errors.
    return result as unknown as ResolverResult<V, O>;
  };
}

/** Form text → schema input: blank text is "not set". */
export function blankToUndefined(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}

/** Every blank string property of a flat record left out. */
export function withoutBlanks<T extends Record<string, string>>(record: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(record) as [keyof T, string][]) if (v.trim() !== '') out[k] = v as T[keyof T];
  return out;
}

/** A server-reported path (`sans[1]`, `input.subject.commonName`) as react-hook-form names the field (`sans.1`). */
export function toFieldName(path: string): string {
  return path.replace(/^input\./, '').replace(/\[(\d+)\]/g, '.$1');
}
