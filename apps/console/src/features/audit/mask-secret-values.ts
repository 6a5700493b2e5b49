import { asObj } from '../resources/read-object';

/**
 * What a Secret value turns into in the diff: the log holds keyed hashes (hmac-sha256:…), never values. A changed
 * value reads differently on each side so the line diff marks it; an unchanged one reads the same on both.
 */
export const SECRET_MARKS = { unchanged: '(value unchanged)', previous: '(previous value)', next: '(new value)', removed: '(removed value)' } as const;

const VALUE_FIELDS = ['data', 'stringData'] as const;

function maskSide(side: 'before' | 'after', own: Record<string, unknown> | undefined, other: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!own) return undefined;
  return Object.fromEntries(Object.keys(own).map((k) => {
    if (other && k in other && other[k] === own[k]) return [k, SECRET_MARKS.unchanged];
    if (side === 'after') return [k, SECRET_MARKS.next];
    return [k, other && k in other ? SECRET_MARKS.previous : SECRET_MARKS.removed];
  }));
}

/**
 * Before/after of an event, with each Secret value replaced by whether it changed. The hashes are keyed, so they
 * reveal nothing, but a reviewer needs "changed / unchanged", not 32 hex digits; other kinds pass through.
 */
export function maskSecretValues(kind: string, before: unknown, after: unknown): { before: unknown; after: unknown } {
  if (kind !== 'Secret') return { before, after };
  const b = asObj(before);
  const a = asObj(after);
  const mask = (side: 'before' | 'after', own: Record<string, unknown> | undefined, other: Record<string, unknown> | undefined) => {
    if (!own) return own;
    const out: Record<string, unknown> = { ...own };
    for (const f of VALUE_FIELDS) {
      const masked = maskSide(side, asObj(own[f]), asObj(other?.[f]));
      if (masked) out[f] = masked;
    }
    return out;
  };
  return { before: b ? mask('before', b, a) : before, after: a ? mask('after', a, b) : after };
}
