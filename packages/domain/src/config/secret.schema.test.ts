import { describe, expect, it } from 'vitest';
import { decodeBase64Utf8 } from '../object/base64';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched, type Patch } from '../test-support/minimal-objects';
import type { Secret } from './secret.schema';

const secret = (...p: Patch[]) => parseObject(patched('Secret', ...p)) as Secret;
const paths = (...p: Patch[]) => invalidPaths(() => secret(...p));

describe('Secret schema (core v1)', () => {
  it('defaults type to Opaque (also for an empty type)', () => {
    expect(secret().type).toBe('Opaque');
    expect(secret([['type'], '']).type).toBe('Opaque');
    expect(secret([['type'], 'example.com/anything']).type).toBe('example.com/anything');
  });

  it('merges stringData into data as base64 of UTF-8, stringData winning, and drops stringData', () => {
    const s = secret([['stringData'], { 'ca.crt': 'ünïcode ✓', extra: 'x' }]);
    expect(s).not.toHaveProperty('stringData');
    expect(Object.keys(s.data ?? {}).sort()).toEqual(['ca.crt', 'extra']);
    expect(decodeBase64Utf8(s.data?.['ca.crt'] ?? '')).toBe('ünïcode ✓');
    expect(s.data?.['extra']).toBe('eA==');
    const only = parseObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { a: 'b' } }) as Secret;
    expect(only.data).toEqual({ a: 'Yg==' });
  });

  it('serves data back in canonical base64 (line breaks removed, as the API server re-encodes)', () => {
    expect(secret([['data'], { 'ca.crt': 'aGVs\nbG8=' }]).data).toEqual({ 'ca.crt': 'aGVsbG8=' });
  });

  it('refuses invalid base64 and bad keys, with paths', () => {
    expect(paths([['data'], { 'ca.crt': 'not base64!' }])).toEqual(['data[ca.crt]']);
    expect(paths([['data'], { 'ca.crt': 'aGVsbG8' }])).toEqual(['data[ca.crt]']); // missing padding
    expect(paths([['data'], { 'bad/key': 'eA==' }])).toEqual(['data[bad/key]']);
    expect(paths([['data'], { '..hidden': 'eA==' }])).toEqual(['data[..hidden]']);
    expect(paths([['stringData'], { 'sp ace': 'x' }])).toEqual(['stringData.sp ace']);
  });

  it('kubernetes.io/tls requires tls.crt and tls.key (from data or stringData)', () => {
    expect(invalidDetails(() => secret([['type'], 'kubernetes.io/tls']))).toEqual([
      { path: 'data[tls.crt]', message: 'Required value: type kubernetes.io/tls needs data key tls.crt' },
      { path: 'data[tls.key]', message: 'Required value: type kubernetes.io/tls needs data key tls.key' },
    ]);
    expect(() => secret([['type'], 'kubernetes.io/tls'], [['data', 'tls.crt'], 'eA=='], [['stringData'], { 'tls.key': 'k' }])).not.toThrow();
    expect(paths([['type'], 'kubernetes.io/basic-auth'])).toEqual(['data.username']);
  });

  it('limits the total size to 1 MiB', () => {
    expect(paths([['stringData'], { big: 'x'.repeat(1024 * 1024 + 1) }])).toEqual(['data']);
  });
});
