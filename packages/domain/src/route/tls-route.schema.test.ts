import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidPaths } from '../test-support/invalid-details';
import { patched } from '../test-support/minimal-objects';
import type { TlsRoute } from './tls-route.schema';

describe('TLSRoute schema (v1.6.1 standard CRD)', () => {
  it('serves v1 only: v1alpha2 and v1alpha3 are in the CRD with served: false', () => {
    expect(parseObject(patched('TLSRoute')).apiVersion).toBe('gateway.networking.k8s.io/v1');
    for (const v of ['v1alpha2', 'v1alpha3']) {
      expect(() => parseObject(patched('TLSRoute', [['apiVersion'], `gateway.networking.k8s.io/${v}`]))).toThrow();
    }
  });

  it('fills the backendRef defaults (core Service, weight 1) and the parentRef defaults', () => {
    const r = parseObject(patched('TLSRoute')) as TlsRoute;
    expect(r.spec.rules[0]?.backendRefs[0]).toEqual({ group: '', kind: 'Service', name: 'db', port: 5432, weight: 1 });
    expect(r.spec.parentRefs?.[0]).toMatchObject({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' });
  });

  it('requires 1–1024 hostnames, DNS names or a leading wildcard label, never an IP address', () => {
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'hostnames'], undefined])))).toEqual(['spec.hostnames']);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'hostnames'], []])))).toEqual(['spec.hostnames']);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'hostnames'], ['10.0.0.1']])))).toEqual(['spec.hostnames[0]']);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'hostnames'], ['ok.example.com', 'a.*.example.com']])))).toEqual(['spec.hostnames[1]']);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'hostnames'], ['Upper.example.com']])))).toEqual(['spec.hostnames[0]']);
    const many = Array.from({ length: 1025 }, (_, i) => `h${i}.example.com`);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'hostnames'], many])))).toEqual(['spec.hostnames']);
    expect((parseObject(patched('TLSRoute', [['spec', 'hostnames'], ['*.example.com']])) as TlsRoute).spec.hostnames).toEqual(['*.example.com']);
  });

  it('takes exactly one rule with 1–16 backendRefs; a Service backendRef needs a port', () => {
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'rules'], []])))).toEqual(['spec.rules']);
    const rule = { backendRefs: [{ name: 'db', port: 5432 }] };
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'rules'], [rule, rule]])))).toEqual(['spec.rules']);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'rules', 0, 'backendRefs'], []])))).toEqual(['spec.rules[0].backendRefs']);
    const seventeen = Array.from({ length: 17 }, () => ({ name: 'db', port: 5432 }));
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'rules', 0, 'backendRefs'], seventeen])))).toEqual(['spec.rules[0].backendRefs']);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'rules', 0, 'backendRefs', 0, 'port'], undefined])))).toEqual(['spec.rules[0].backendRefs[0].port']);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'rules', 0, 'backendRefs', 0, 'weight'], 1_000_001])))).toEqual(['spec.rules[0].backendRefs[0].weight']);
  });

  it('applies the parentRefs rules: at most 32, sectionName on every ref to the same parent and unique', () => {
    const refs = Array.from({ length: 33 }, (_, i) => ({ name: `gw${i}` }));
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'parentRefs'], refs])))).toEqual(['spec.parentRefs']);
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'parentRefs'], [{ name: 'gw', sectionName: 'a' }, { name: 'gw' }]])))).toContain('spec.parentRefs[1].sectionName');
    expect(invalidPaths(() => parseObject(patched('TLSRoute', [['spec', 'parentRefs'], [{ name: 'gw', sectionName: 'a' }, { name: 'gw', sectionName: 'a' }]])))).not.toEqual([]);
  });
});
