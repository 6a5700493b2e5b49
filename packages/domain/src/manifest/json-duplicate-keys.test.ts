import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDomainError } from '../errors/domain-error';
import { assertNoDuplicateJsonKeys } from './json-duplicate-keys';

function duplicatePath(text: string): string | undefined {
  try {
    assertNoDuplicateJsonKeys(text);
    return undefined;
  } catch (e) {
    if (isDomainError(e)) return e.details[0]!.path;
    throw e;
  }
}

describe('assertNoDuplicateJsonKeys', () => {
  it('names the duplicated key at any depth, decoded', () => {
    expect(duplicatePath('{"name":"a","role":"viewer","role":"admin"}')).toBe('role');
    expect(duplicatePath('{"spec":{"rules":[{"a":1},{"b":1,"b":2}]}}')).toBe('spec.rules[1].b');
    expect(duplicatePath('{"a":1,"\\u0061":2}')).toBe('a');
    expect(duplicatePath('[{"x":"},{\\"x\\":"},{"x":1}]')).toBeUndefined();
  });

  it('accepts the same key in sibling objects and strings that look like keys', () => {
    expect(duplicatePath('{"a":{"k":1},"b":{"k":1},"c":"\\"a\\":1,"}')).toBeUndefined();
    expect(duplicatePath('[1,"a",{"a":[{"a":{"a":null}}]}]')).toBeUndefined();
  });

  it('agrees with JSON.parse on generated documents: no duplicates in JSON.stringify output', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => duplicatePath(JSON.stringify(v)) === undefined), { numRuns: 300 });
  });
});
