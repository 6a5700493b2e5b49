import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched } from '../test-support/minimal-objects';

describe('GatewayClass schema (cluster-scoped)', () => {
  it('accepts v1beta1 and stores v1', () => {
    expect(parseObject(patched('GatewayClass', [['apiVersion'], 'gateway.networking.k8s.io/v1beta1'])).apiVersion).toBe('gateway.networking.k8s.io/v1');
  });

  it('controllerName must be a domain-prefixed path; description ≤ 64', () => {
    expect(invalidPaths(() => parseObject(patched('GatewayClass', [['spec', 'controllerName'], 'gatehouse'])))).toEqual(['spec.controllerName']);
    expect(invalidPaths(() => parseObject(patched('GatewayClass', [['spec', 'description'], 'x'.repeat(65)])))).toEqual(['spec.description']);
    expect(() => parseObject(patched('GatewayClass', [['spec', 'controllerName'], 'flomesh.io/gateway-controller']))).not.toThrow();
  });

  it('is cluster-scoped: a namespace is refused, defaultNamespace is not applied', () => {
    expect(invalidDetails(() => parseObject(patched('GatewayClass', [['metadata', 'namespace'], 'apps'])))).toEqual([
      { path: 'metadata.namespace', message: 'must not be set: GatewayClass is cluster-scoped' },
    ]);
    expect(parseObject(patched('GatewayClass'), { defaultNamespace: 'apps' }).metadata).toEqual({ name: 'gatehouse' });
  });
});
