import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidPaths } from '../test-support/invalid-details';
import { patched } from '../test-support/minimal-objects';

describe('Namespace schema (core v1, cluster-scoped)', () => {
  it('accepts a label name and finalizers; drops status', () => {
    expect(parseObject(patched('Namespace', [['spec'], { finalizers: ['kubernetes'] }], [['status'], { phase: 'Active' }]))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps' },
      spec: { finalizers: ['kubernetes'] },
    });
  });

  it('refuses a dotted name (namespaces are RFC 1123 labels) and a bad finalizer', () => {
    expect(invalidPaths(() => parseObject(patched('Namespace', [['metadata', 'name'], 'a.b'])))).toEqual(['metadata.name']);
    expect(invalidPaths(() => parseObject(patched('Namespace', [['spec'], { finalizers: ['not valid'] }])))).toEqual(['spec.finalizers[0]']);
  });
});
