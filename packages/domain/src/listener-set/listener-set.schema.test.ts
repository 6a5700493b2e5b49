import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched } from '../test-support/minimal-objects';

describe('ListenerSet schema (v1.6.1 standard CRD)', () => {
  it('defaults parentRef group/kind and each listener allowedRoutes to Same', () => {
    const obj = parseObject(patched('ListenerSet')) as unknown as { spec: { parentRef: Record<string, unknown>; listeners: Array<Record<string, unknown>> } };
    expect(obj.spec.parentRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' });
    expect(obj.spec.listeners[0]?.allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
  });

  it('serves only v1', () => {
    expect(() => parseObject(patched('ListenerSet', [['apiVersion'], 'gateway.networking.k8s.io/v1beta1']))).toThrow();
  });

  it('needs a parentRef name and 1–64 listeners', () => {
    expect(invalidPaths(() => parseObject(patched('ListenerSet', [['spec', 'parentRef'], {}])))).toEqual(['spec.parentRef.name']);
    expect(invalidPaths(() => parseObject(patched('ListenerSet', [['spec', 'listeners'], []])))).toEqual(['spec.listeners']);
    const many = Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, port: 1000 + i, protocol: 'HTTP' }));
    expect(invalidPaths(() => parseObject(patched('ListenerSet', [['spec', 'listeners'], many])))).toEqual(['spec.listeners']);
  });

  it('applies the listener CEL rules: unique names, unique port/protocol/hostname, tls by protocol, port range', () => {
    const twice = [
      { name: 'a', port: 80, protocol: 'HTTP' },
      { name: 'a', port: 81, protocol: 'HTTP' },
    ];
    expect(invalidDetails(() => parseObject(patched('ListenerSet', [['spec', 'listeners'], twice])))).toEqual([
      { path: 'spec.listeners[1].name', message: 'Listener name must be unique within the Gateway: "a" (same as item 0)' },
    ]);
    const same = [
      { name: 'a', port: 80, protocol: 'HTTP', hostname: 'x.example.com' },
      { name: 'b', port: 80, protocol: 'HTTP', hostname: 'x.example.com' },
    ];
    expect(invalidPaths(() => parseObject(patched('ListenerSet', [['spec', 'listeners'], same])))).toHaveLength(1);
    const httpWithTls = [{ name: 'a', port: 80, protocol: 'HTTP', tls: { certificateRefs: [{ name: 'c' }] } }];
    expect(invalidPaths(() => parseObject(patched('ListenerSet', [['spec', 'listeners'], httpWithTls])))).toEqual(['spec.listeners[0].tls']);
    expect(invalidPaths(() => parseObject(patched('ListenerSet', [['spec', 'listeners', 0, 'port'], 0])))).toEqual(['spec.listeners[0].port']);
  });
});
