import { describe, expect, it } from 'vitest';
import { invalidDetails } from '../test-support/invalid-details';
import { parseManifests } from './parse-manifests';

describe('parseManifests', () => {
  it('splits multi-document YAML and skips empty documents', () => {
    const text = '---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n...\n';
    expect(parseManifests(text, 'yaml')).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
    ]);
    expect(parseManifests('', 'yaml')).toEqual([]);
    expect(parseManifests('# nothing\n', 'yaml')).toEqual([]);
    expect(parseManifests('null\n---\n~\n', 'yaml')).toEqual([]);
  });

  it('reads YAML 1.1 scalars as kubectl does (yes/on are booleans, 0755 octal) but keeps timestamps and 1:30 as strings', () => {
    const [doc] = parseManifests('a: yes\nb: on\nc: 0755\nd: 2024-01-01T00:00:00Z\ne: 1:30\nf: "yes"\ng: ~\nh: 0o17\ni: 1_000\n', 'yaml');
    expect(doc).toEqual({ a: true, b: true, c: 493, d: '2024-01-01T00:00:00Z', e: '1:30', f: 'yes', g: null, h: 15, i: 1000 });
  });

  it('flattens List kinds (kind: List and *List) recursively, in YAML and JSON', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ kind: 'A' }, { kind: 'GatewayList', items: [{ kind: 'B' }, { kind: 'C' }] }] };
    expect(parseManifests(JSON.stringify(list), 'json')).toEqual([{ kind: 'A' }, { kind: 'B' }, { kind: 'C' }]);
    expect(parseManifests('kind: ServiceList\nitems:\n- kind: A\n', 'yaml')).toEqual([{ kind: 'A' }]);
  });

  it('reads a JSON object or a JSON array', () => {
    expect(parseManifests('{"kind":"A"}', 'json')).toEqual([{ kind: 'A' }]);
    expect(parseManifests('[{"kind":"A"},{"kind":"B"}]', 'json')).toEqual([{ kind: 'A' }, { kind: 'B' }]);
  });

  it('reports a YAML syntax error with its line, as DomainError invalid', () => {
    const text = 'apiVersion: v1\nkind: Namespace\n---\napiVersion: v1\nmetadata: name: web\nkind: Namespace\n';
    const d = invalidDetails(() => parseManifests(text, 'yaml'));
    expect(d).toEqual([{ path: '[1]', message: expect.stringMatching(/^YAML syntax error at line 5, column \d+: \S/) }]);
    expect(d[0]?.message).not.toMatch(/at line \d+, column \d+.*at line/);
  });

  it('refuses duplicate keys (kubectl does too) and bad indentation, naming the line', () => {
    expect(invalidDetails(() => parseManifests('a: 1\nb: 2\na: 3\n', 'yaml'))[0]?.message).toMatch(/line 3/);
    expect(invalidDetails(() => parseManifests('a:\n  b: 1\n c: 2\n', 'yaml'))[0]?.message).toMatch(/line 3/);
  });

  it('reports a JSON syntax error with its line and column', () => {
    const d = invalidDetails(() => parseManifests('{\n  "kind": "A",\n  oops\n}', 'json'));
    expect(d).toEqual([{ path: '(body)', message: expect.stringMatching(/^JSON syntax error at line 3, column 3/) }]);
  });

  it('bounds alias expansion (billion laughs) instead of hanging', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(invalidDetails(() => parseManifests(bomb, 'yaml'))).toEqual([{ path: '[0]', message: expect.stringContaining('alias') }]);
  });
});
