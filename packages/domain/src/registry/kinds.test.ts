import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { minimalObjects } from '../test-support/minimal-objects';
import { apiVersionOf } from './kind-info';
import { KINDS, findKind, findKindByPlural, splitApiVersion, storageApiVersionOf } from './kinds';
import { parseObject } from './parse-object';

describe('KINDS registry', () => {
  it('lists the 12 stored kinds with Kubernetes plurals and scopes', () => {
    expect(KINDS.map((k) => [k.kind, k.plural, k.namespaced])).toEqual([
      ['GatewayClass', 'gatewayclasses', false],
      ['Gateway', 'gateways', true],
      ['HTTPRoute', 'httproutes', true],
      ['TLSRoute', 'tlsroutes', true],
      ['ReferenceGrant', 'referencegrants', true],
      ['ListenerSet', 'listenersets', true],
      ['BackendTLSPolicy', 'backendtlspolicies', true],
      ['UpstreamTLSPolicy', 'upstreamtlspolicies', true],
      ['Namespace', 'namespaces', false],
      ['Service', 'services', true],
      ['EndpointSlice', 'endpointslices', true],
      ['Secret', 'secrets', true],
      ['ConfigMap', 'configmaps', true],
    ]);
  });

  it('finds kinds by plural and by apiVersion + kind (served versions only)', () => {
    expect(findKindByPlural('httproutes')?.kind).toBe('HTTPRoute');
    expect(findKindByPlural('httproutes', 'gateway.networking.k8s.io')?.kind).toBe('HTTPRoute');
    expect(findKindByPlural('httproutes', '')).toBeUndefined();
    expect(findKindByPlural('deployments')).toBeUndefined();
    expect(findKind('gateway.networking.k8s.io/v1beta1', 'HTTPRoute')?.plural).toBe('httproutes');
    expect(findKind('gateway.networking.k8s.io/v1alpha3', 'BackendTLSPolicy')).toBeUndefined();
    expect(findKind('v1', 'Secret')?.group).toBe('');
    expect(findKind('apps/v1', 'Deployment')).toBeUndefined();
    expect(splitApiVersion('discovery.k8s.io/v1')).toEqual({ group: 'discovery.k8s.io', version: 'v1' });
  });

  // The registry's version lists and the schemas' apiVersion enums are written separately; this keeps them equal.
  it.each(KINDS.map((k) => [k.kind, k] as const))('%s: every served version parses to the storage version; others are refused', (_, info) => {
    const base = minimalObjects()[info.kind];
    expect(base, `minimal object for ${info.kind}`).toBeDefined();
    for (const v of info.servedVersions) {
      const obj = parseObject({ ...base, apiVersion: apiVersionOf(info.group, v) });
      expect(obj.apiVersion).toBe(storageApiVersionOf(info));
      expect(info.schema.safeParse({ ...base, apiVersion: apiVersionOf(info.group, v) }).success).toBe(true);
    }
    expect(info.schema.safeParse({ ...base, apiVersion: apiVersionOf(info.group, 'v9') }).success).toBe(false);
  });

  it('every schema renders as input JSON Schema (for the generated OpenAPI document)', () => {
    for (const k of KINDS) {
      const json = z.toJSONSchema(k.schema, { io: 'input' }) as { properties?: Record<string, unknown> };
      expect(Object.keys(json.properties ?? {}), k.kind).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata']));
    }
  });
});
