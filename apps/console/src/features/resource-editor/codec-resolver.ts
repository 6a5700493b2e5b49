import { toNestErrors } from '@hookform/resolvers';
import type { FieldError, FieldValues, Resolver } from 'react-hook-form';
import type { FormCodec } from './form-codec';
import { humanizeIssue } from './server-errors';

/** Where problems go that no form field holds; the error summary lists them. */
export const ROOT_ERROR = 'root.schema';

/**
 * A react-hook-form resolver that validates the object the form describes with the kind's own zod schema (the one
 * the REST body parser and tRPC use), and files each issue under the form field that holds its path.
 */
export function codecResolver<V extends FieldValues>(codec: FormCodec<V>): Resolver<V> {
  return (values, _context, options) => {
    const result = codec.schema.safeParse(codec.toObject(values));
    if (result.success) return { values, errors: {} };
    const flat: Record<string, FieldError> = {};
    const unplaced: string[] = [];
    for (const issue of result.error.issues) {
      const at = codec.formPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), values);
      const message = humanizeIssue(issue.message);
      if (at === undefined) unplaced.push(message);
      else flat[at] ??= { type: issue.code, message };
    }
    if (unplaced.length > 0) flat[ROOT_ERROR] = { type: 'schema', message: unplaced.join('; ') };
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}
