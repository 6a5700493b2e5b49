import { DomainError } from '../errors/domain-error';

/**
 * Refuses a JSON text in which one object names the same key twice. JSON.parse keeps the last one silently, so
 * `{"role":"viewer","role":"admin"}` would mean one thing to a proxy or a reviewer reading the first key and
 * another to Gatehouse; the API server (strict field validation) and Gatehouse's YAML reading (`uniqueKeys`)
 * refuse duplicates too. Keys are compared decoded (`"a"` and `"\u0061"` are the same key).
 * Call it on text JSON.parse accepted: it only tokenises strings and structure, and never recurses.
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-4 (names within an object SHOULD be unique)
 */
export function assertNoDuplicateJsonKeys(text: string): void {
  type Frame = { kind: 'object'; keys: Set<string>; path: string; key: string | undefined; expectKey: boolean } | { kind: 'array'; path: string; index: number };
  const stack: Frame[] = [];
  const here = (): string => {
    const top = stack.at(-1);
    if (!top) return '';
    if (top.kind === 'array') return `${top.path}[${top.index}]`;
    return top.path === '' ? top.key ?? '' : `${top.path}.${top.key ?? ''}`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        top.key = key;
        top.expectKey = false;
        if (top.keys.has(key)) {
          const path = here();
          throw new DomainError('invalid', `${path}: duplicate key ${JSON.stringify(key)}`, [{ path, message: 'duplicate key' }]);
        }
        top.keys.add(key);
      }
      i = j;
    } else if (c === '{' || c === '[') {
      const path = here();
      stack.push(c === '{' ? { kind: 'object', keys: new Set(), path, key: undefined, expectKey: true } : { kind: 'array', path, index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    }
  }
}
