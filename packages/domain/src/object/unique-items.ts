import type { z } from 'zod';

export interface DuplicateOptions {
  /** The field of the item that holds the key (the issue goes to `[i].field`); omitted: the item itself. */
  field?: string;
  /** The message (the CRD's CEL message, say); defaults to `Duplicate value: <key as JSON>`. */
  message?: (key: string | number) => string;
  /** Path from the refined value to the list (when refining an enclosing object). */
  at?: PropertyKey[];
}

/**
 * Reports every item whose key was already seen, at the item's path (`[i].name`), the way the API server
 * reports a repeated key of an `x-kubernetes-list-type: map` list or a repeated value of a `set` list:
 * "Duplicate value". Items whose key is undefined are not compared (the key is optional and absent).
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy
 */
export function addDuplicateIssues<T>(
  ctx: z.RefinementCtx,
  items: readonly T[],
  keyOf: (item: T) => string | number | undefined,
  opts: DuplicateOptions = {},
): void {
  const messageOf = opts.message ?? ((key: string | number) => `Duplicate value: ${JSON.stringify(key)}`);
  const seen = new Map<string | number, number>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      message: `${messageOf(key)} (same as item ${first})`,
      path: [...(opts.at ?? []), i, ...(opts.field === undefined ? [] : [opts.field])],
    });
  });
}
