import { DomainError } from '../errors/domain-error';

/**
 * How deep a request's data may nest. The deepest Gatehouse object (an HTTPRoute filter inside a rule inside the
 * spec) is about a dozen levels; 64 leaves room for annotations and lists of anything. Without a bound, a body of
 * `[[[[…` (a few hundred kB) overflows the call stack of every recursive walk after the parser (null pruning,
 * validation, canonical JSON) and the answer is a 500.
 */
export const MAX_INPUT_DEPTH = 64;

/**
 * Checks parsed request data before anything else reads it: nesting at most MAX_INPUT_DEPTH levels, and no NUL
 * character in any key or string. PostgreSQL text cannot hold U+0000 (it refuses the whole statement), and no
 * name, label or setting means anything with one in it, so it is refused here, naming the field, on both
 * databases alike. Iterative, so that the check itself cannot overflow the stack it protects.
 * @see https://www.postgresql.org/docs/15/datatype-character.html (the character with code zero cannot be stored)
 */
export function assertInputBounds(value: unknown, root = ''): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) throw refuse(path, 'contains a NUL character (U+0000)');
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_INPUT_DEPTH) throw refuse(path, `nested deeper than ${MAX_INPUT_DEPTH} levels`);
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [k, item] of Object.entries(v)) {
      const at = path === '' ? k : `${path}.${k}`;
      if (k.includes('\u0000')) throw refuse(at, 'the key contains a NUL character (U+0000)');
      stack.push({ value: item, path: at, depth: depth + 1 });
    }
  }
}

function refuse(path: string, message: string): DomainError {
  const at = path === '' ? '(body)' : path;
  return new DomainError('invalid', `${at}: ${message}`, [{ path: at, message }]);
}
