import { parseAllDocuments } from 'yaml';
import { DomainError, isDomainError } from '../errors/domain-error';
import { assertInputBounds } from '../object/input-bounds';
import { isPlainObject } from '../object/prune-nulls';
import { assertNoDuplicateJsonKeys } from './json-duplicate-keys';
import { KUBECTL_YAML } from './yaml-options';

/**
 * Splits a manifest body into the objects it holds, as `kubectl apply -f` reads a file:
 * - YAML: every document of a multi-document stream; empty documents (`---` alone, only comments, `null`) are skipped;
 * - JSON: one object or an array of objects;
 * - in both, a list object (`kind: List` or any `*List` kind with `items`) is replaced by its items, recursively.
 * Objects are returned as plain data, unvalidated (parseObject validates each one).
 * Syntax errors → DomainError('invalid') naming the line and column.
 */
export function parseManifests(text: string, contentType: 'yaml' | 'json'): unknown[] {
  const docs = contentType === 'json' ? [parseJson(text)] : parseYaml(text);
  // Depth and NUL characters are checked before any recursive walk below (flattenLists, then validation).
  docs.forEach((d, i) => assertInputBounds(d, contentType === 'json' ? '' : `[${i}]`));
  return docs.flatMap((d) => (Array.isArray(d) && contentType === 'json' ? d : [d])).flatMap(flattenLists);
}

function parseYaml(text: string): unknown[] {
  const docs = parseAllDocuments(text, KUBECTL_YAML);
  if (!Array.isArray(docs)) return []; // an EmptyStream: nothing but comments and whitespace
  const out: unknown[] = [];
  docs.forEach((doc, i) => {
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}` : `offset ${err.pos[0]}`;
      // prettyErrors appends " at line L, column C:" and a source excerpt; the position is reported separately.
      const reason = (err.message.split('\n')[0] ?? err.message).replace(/ at line \d+, column \d+:?$/, '');
      throw new DomainError('invalid', `YAML syntax error at ${where} (document ${i + 1}): ${reason}`, [
        { path: `[${i}]`, message: `YAML syntax error at ${where}: ${reason}` },
      ]);
    }
    // Empty, comment-only and `null` documents are skipped, as kubectl's resource builder skips them.
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // toJS refuses alias bombs ("Excessive alias count") and unresolved aliases.
      const reason = e instanceof Error ? e.message : String(e);
      throw new DomainError('invalid', `YAML document ${i + 1} cannot be read: ${reason}`, [{ path: `[${i}]`, message: reason }]);
    }
    if (value !== null && value !== undefined) out.push(value);
  });
  return out;
}

function parseJson(text: string): unknown {
  try {
    const value = JSON.parse(text) as unknown;
    assertNoDuplicateJsonKeys(text); // as YAML bodies are read (uniqueKeys): one key, one meaning
    return value;
  } catch (e) {
    if (isDomainError(e)) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const where = at ? ` at ${lineColumnOf(text, Number(at[1]))}` : '';
    throw new DomainError('invalid', `JSON syntax error${where}: ${message}`, [{ path: '(body)', message: `JSON syntax error${where}: ${message}` }]);
  }
}

function lineColumnOf(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/** A `List` (or `GatewayList`, …) with `items` stands for its items (kubectl flattens them the same way). */
function flattenLists(doc: unknown): unknown[] {
  if (isPlainObject(doc) && typeof doc['kind'] === 'string' && doc['kind'].endsWith('List') && Array.isArray(doc['items'])) {
    return doc['items'].flatMap(flattenLists);
  }
  return [doc];
}
