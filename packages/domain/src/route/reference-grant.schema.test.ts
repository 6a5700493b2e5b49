import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidPaths } from '../test-support/invalid-details';
import { patched } from '../test-support/minimal-objects';
import type { ReferenceGrant } from './reference-grant.schema';

describe('ReferenceGrant schema', () => {
  it('accepts v1 and v1beta1 and stores v1', () => {
    expect(parseObject(patched('ReferenceGrant', [['apiVersion'], 'gateway.networking.k8s.io/v1beta1'])).apiVersion).toBe('gateway.networking.k8s.io/v1');
  });

  it('requires from and to (1–16 entries) with group, kind and (for from) namespace', () => {
    expect(invalidPaths(() => parseObject(patched('ReferenceGrant', [['spec', 'from'], []])))).toEqual(['spec.from']);
    expect(invalidPaths(() => parseObject(patched('ReferenceGrant', [['spec', 'from', 0, 'namespace'], undefined])))).toEqual(['spec.from[0].namespace']);
    expect(invalidPaths(() => parseObject(patched('ReferenceGrant', [['spec', 'to', 0, 'group'], undefined])))).toEqual(['spec.to[0].group']);
    expect(invalidPaths(() => parseObject(patched('ReferenceGrant', [['spec', 'to', 0, 'kind'], '9Service'])))).toEqual(['spec.to[0].kind']);
    expect(invalidPaths(() => parseObject(patched('ReferenceGrant', [['spec', 'to', 0, 'group'], 'Not.A.Group'])))).toEqual(['spec.to[0].group']);
  });

  it('accepts a grant for one named object', () => {
    const g = parseObject(patched('ReferenceGrant', [['spec', 'to', 0, 'name'], 'web'])) as ReferenceGrant;
    expect(g.spec.to).toEqual([{ group: '', kind: 'Service', name: 'web' }]);
  });
});
