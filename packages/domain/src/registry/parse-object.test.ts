import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/domain-error';
import { invalidDetails } from '../test-support/invalid-details';
import { minimal, patched } from '../test-support/minimal-objects';
import { parseObject } from './parse-object';

describe('parseObject', () => {
  it('refuses an unknown kind with a clear message at kind', () => {
    const d = invalidDetails(() => parseObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, { pathPrefix: '[0]' }));
    expect(d).toEqual([{ path: '[0].kind', message: expect.stringMatching(/^unknown kind Deployment \(apps\/v1\); Gatehouse stores GatewayClass, Gateway, /) }]);
  });

  it('refuses a known kind in the wrong group or an unserved version at apiVersion', () => {
    expect(invalidDetails(() => parseObject({ ...minimal('Gateway'), apiVersion: 'v1' }))).toEqual([
      { path: 'apiVersion', message: 'Gateway is served as gateway.networking.k8s.io/v1, gateway.networking.k8s.io/v1beta1, not v1' },
    ]);
    expect(invalidDetails(() => parseObject({ ...minimal('HTTPRoute'), apiVersion: 'gateway.networking.k8s.io/v1alpha2' }))).toEqual([
      { path: 'apiVersion', message: 'version v1alpha2 of HTTPRoute is not served; use gateway.networking.k8s.io/v1 or gateway.networking.k8s.io/v1beta1' },
    ]);
  });

  it('refuses non-objects and missing apiVersion/kind', () => {
    expect(invalidDetails(() => parseObject('hello', { pathPrefix: '[3]' }))).toEqual([{ path: '[3]', message: expect.stringContaining('must be a Kubernetes object') }]);
    expect(invalidDetails(() => parseObject([]))).toEqual([{ path: '(root)', message: expect.any(String) }]);
    expect(invalidDetails(() => parseObject({ metadata: { name: 'x' } })).map((d) => d.path)).toEqual(['apiVersion', 'kind']);
    expect(invalidDetails(() => parseObject({ apiVersion: 3, kind: 'Gateway' })).map((d) => d.path)).toEqual(['apiVersion']);
  });

  it('fills the default namespace only for namespaced kinds without one', () => {
    const noNs = patched('Gateway', [['metadata', 'namespace'], undefined]);
    expect(parseObject(noNs, { defaultNamespace: 'httpbin' }).metadata.namespace).toBe('httpbin');
    expect(parseObject(minimal('Gateway'), { defaultNamespace: 'httpbin' }).metadata.namespace).toBe('apps');
    expect(parseObject(patched('Gateway', [['metadata', 'namespace'], '']), { defaultNamespace: 'httpbin' }).metadata.namespace).toBe('httpbin');
    expect(parseObject(noNs).metadata).toEqual({ name: 'gw' });
    expect(parseObject(minimal('Namespace'), { defaultNamespace: 'httpbin' }).metadata).toEqual({ name: 'apps' });
  });

  it('refuses a namespace on a cluster-scoped kind together with every other problem, prefixed', () => {
    const d = invalidDetails(() =>
      parseObject(patched('GatewayClass', [['metadata', 'namespace'], 'apps'], [['spec', 'controllerName'], 'bad']), { pathPrefix: '[2]' }),
    );
    expect(d.map((x) => x.path)).toEqual(['[2].metadata.namespace', '[2].spec.controllerName']);
  });

  it('prefixes nested paths like [2].spec.rules[0]...', () => {
    const d = invalidDetails(() => parseObject(patched('HTTPRoute', [['spec', 'rules', 0, 'backendRefs', 0, 'port'], 'x']), { pathPrefix: '[2]' }));
    expect(d.map((x) => x.path)).toEqual(['[2].spec.rules[0].backendRefs[0].port']);
  });

  it('prunes nulls before defaulting, as the API server does', () => {
    const gw = parseObject(patched('Gateway', [['spec', 'listeners', 0, 'allowedRoutes'], null], [['metadata', 'creationTimestamp'], null]));
    expect((gw['spec'] as { listeners: { allowedRoutes: unknown }[] }).listeners[0]?.allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
    expect(gw.metadata).not.toHaveProperty('creationTimestamp');
  });

  it('does not modify its input', () => {
    const input = patched('HTTPRoute', [['metadata', 'namespace'], undefined], [['status'], {}]);
    const before = structuredClone(input);
    parseObject(input, { defaultNamespace: 'x' });
    expect(input).toEqual(before);
  });

  it('never crashes on hostile shapes: always DomainError invalid', () => {
    const hostile: unknown[] = [
      null,
      42,
      { apiVersion: 'v1', kind: 'Secret', metadata: 'x' },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: [1, 2] },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [null, 5] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'x' }, spec: { rules: [{ matches: 'all', filters: [{}] }] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'x' }, spec: { listeners: [{ name: 'a', port: '80', protocol: 'HTTP' }, 7] } },
      { apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'x' }, spec: { targetRef: 'svc', ports: [{}] } },
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'x' }, addressType: 'IPv4', endpoints: [{ addresses: [1] }] },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', labels: { a: 1 } }, data: { k: 'eA==' }, __proto__: { polluted: true } },
    ];
    for (const h of hostile) {
      let error: unknown;
      try {
        parseObject(h);
      } catch (e) {
        error = e;
      }
      expect(isDomainError(error) && error.code === 'invalid', JSON.stringify(h)).toBe(true);
    }
  });
});
