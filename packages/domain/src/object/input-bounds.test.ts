import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/domain-error';
import { assertInputBounds, MAX_INPUT_DEPTH } from './input-bounds';

function refusal(value: unknown, root?: string): { path: string; message: string }[] {
  try {
    assertInputBounds(value, root);
  } catch (e) {
    if (isDomainError(e) && e.code === 'invalid') return e.details;
    throw e;
  }
  return [];
}

function nest(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

describe('assertInputBounds', () => {
  it('accepts ordinary objects and exactly the maximum depth', () => {
    expect(refusal({ metadata: { name: 'x', labels: { a: 'b' } }, spec: { rules: [{ matches: [{ path: { value: '/' } }] }] } })).toEqual([]);
    expect(refusal(nest(MAX_INPUT_DEPTH))).toEqual([]);
  });

  it('refuses one level more, naming where, and survives a depth that would overflow a recursive walk', () => {
    expect(refusal(nest(MAX_INPUT_DEPTH + 1))[0]!.message).toMatch(/deeper than 64/);
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
    expect(refusal(deep)[0]!.path).toBe('[0]'.repeat(MAX_INPUT_DEPTH));
  });

  it('refuses a NUL character in a value or a key, naming the field', () => {
    expect(refusal({ metadata: { labels: { a: 'x\u0000y' } } })).toEqual([{ path: 'metadata.labels.a', message: expect.stringContaining('NUL') }]);
    expect(refusal({ data: { 'k\u0000': 'v' } })).toEqual([{ path: 'data.k\u0000', message: expect.stringContaining('key') }]);
    expect(refusal(['\u0000'], 'items')).toEqual([{ path: 'items[0]', message: expect.stringContaining('NUL') }]);
    expect(refusal('\u0000')).toEqual([{ path: '(body)', message: expect.stringContaining('NUL') }]);
  });
});
