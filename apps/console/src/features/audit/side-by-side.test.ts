import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { maskSecretValues, SECRET_MARKS } from './mask-secret-values';
import { sideBySide } from './side-by-side';

describe('sideBySide', () => {
  it('pairs a changed line with its replacement and keeps line numbers of each side', () => {
    const rows = sideBySide('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(rows).toEqual([
      { kind: 'same', left: { line: 1, text: 'a' }, right: { line: 1, text: 'a' } },
      { kind: 'changed', left: { line: 2, text: 'b' }, right: { line: 2, text: 'B' } },
      { kind: 'same', left: { line: 3, text: 'c' }, right: { line: 3, text: 'c' } },
      { kind: 'added', right: { line: 4, text: 'd' } },
    ]);
  });

  it('shows a creation as additions against nothing and a removal run longer than its replacement', () => {
    expect(sideBySide('', 'x\ny\n').map((r) => r.kind)).toEqual(['added', 'added']);
    const rows = sideBySide('k\n1\n2\n3\nz\n', 'k\n9\nz\n');
    expect(rows.map((r) => [r.kind, r.left?.text, r.right?.text])).toEqual([
      ['same', 'k', 'k'], ['changed', '1', '9'], ['removed', '2', undefined], ['removed', '3', undefined], ['same', 'z', 'z'],
    ]);
    expect(rows.at(-1)).toEqual({ kind: 'same', left: { line: 5, text: 'z' }, right: { line: 3, text: 'z' } });
  });
});

describe('maskSecretValues', () => {
  it('says which Secret values changed, were added or removed, and never shows the keyed hashes', () => {
    const before = { kind: 'Secret', data: { password: 'hmac-sha256:aa', keep: 'hmac-sha256:bb', gone: 'hmac-sha256:ee' } };
    const after = { kind: 'Secret', data: { password: 'hmac-sha256:cc', keep: 'hmac-sha256:bb', extra: 'hmac-sha256:dd' } };
    const m = maskSecretValues('Secret', before, after);
    expect(m.before).toEqual({ kind: 'Secret', data: { password: SECRET_MARKS.previous, keep: SECRET_MARKS.unchanged, gone: SECRET_MARKS.removed } });
    expect(m.after).toEqual({ kind: 'Secret', data: { password: SECRET_MARKS.next, keep: SECRET_MARKS.unchanged, extra: SECRET_MARKS.next } });
    const text = stringify(m.before) + stringify(m.after);
    expect(text).not.toContain('hmac-sha256');
    const rows = sideBySide(stringify(m.before), stringify(m.after));
    expect(rows.find((r) => r.left?.text.includes('keep'))?.kind).toBe('same');
    // A changed value is a changed line (marked), an unchanged one is not.
    const pw = rows.find((r) => r.left?.text.includes('password'));
    expect(pw).toMatchObject({ kind: 'changed', right: { text: `  password: ${SECRET_MARKS.next}` } });
  });

  it('masks a created Secret and leaves other kinds alone', () => {
    expect(maskSecretValues('Secret', null, { data: { 'tls.key': 'hmac-sha256:aa' } }).after).toEqual({ data: { 'tls.key': SECRET_MARKS.next } });
    const cm = { data: { note: 'hmac-sha256:looks-like-one' } };
    expect(maskSecretValues('ConfigMap', cm, cm)).toEqual({ before: cm, after: cm });
  });
});
