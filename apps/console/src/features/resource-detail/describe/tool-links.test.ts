import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { PROBE_LABEL, routeParentOf, SIMULATE_LABEL, toolLinksOf } from './tool-links';

const obj = (apiVersion: string, kind: string, name: string, spec: unknown, namespace = 'httpbin'): KubeObject =>
  ({ apiVersion, kind, metadata: { name, namespace }, spec }) as KubeObject;
const GW = 'gateway.networking.k8s.io/v1';
const query = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);

describe('toolLinksOf: Gateway', () => {
  it('links each HTTP/HTTPS listener to the simulator with its port, and its hostname when precise', () => {
    const gw = obj(GW, 'Gateway', 'edge', {
      gatewayClassName: 'gatehouse',
      listeners: [
        { name: 'http', port: 8000, protocol: 'HTTP' },
        { name: 'api', port: 8443, protocol: 'HTTPS', hostname: 'api.example.com' },
        { name: 'wild', port: 9000, protocol: 'HTTP', hostname: '*.example.com' },
        { name: 'tcp', port: 5432, protocol: 'TCP' },
      ],
    });
    const links = toolLinksOf(gw);
    expect(links.map((l) => l.label)).toEqual([
      `${SIMULATE_LABEL}: listener http (port 8000)`, `${SIMULATE_LABEL}: listener api (port 8443)`, `${SIMULATE_LABEL}: listener wild (port 9000)`,
    ]);
    expect(links.map((l) => l.href)).toEqual([
      '/simulator?namespace=httpbin&port=8000', '/simulator?namespace=httpbin&port=8443&host=api.example.com', '/simulator?namespace=httpbin&port=9000',
    ]);
    expect(links[1]).toMatchObject({ tool: 'simulator', fills: 'port 8443, host api.example.com' });
  });

  it('keeps the plain words when there is one listener', () => {
    expect(toolLinksOf(obj(GW, 'Gateway', 'g', { listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] })).map((l) => l.label)).toEqual([SIMULATE_LABEL]);
  });
});

describe('toolLinksOf: HTTPRoute', () => {
  it('fills in the first precise hostname, the parent\'s port and the first match\'s path (the seed scenario\'s route)', () => {
    const route = obj(GW, 'HTTPRoute', 'http-route-foo', {
      parentRefs: [{ name: 'simple-fsm-gateway', port: 8000 }], hostnames: ['*.example.com', 'foo.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/headers' }, method: 'POST' }], backendRefs: [{ name: 'httpbin', port: 8443 }] }],
    });
    const [link] = toolLinksOf(route);
    expect(link).toMatchObject({ tool: 'simulator', label: SIMULATE_LABEL, fills: 'port 8000, host foo.example.com, path /headers, method POST' });
    expect(query(link!.href)).toEqual({ namespace: 'httpbin', port: '8000', host: 'foo.example.com', path: '/headers', method: 'POST' });
  });

  it('takes the port (and a hostname) from the parent Gateway\'s listener when the parentRef names none', () => {
    const gateway = obj(GW, 'Gateway', 'edge', { listeners: [{ name: 'tls', port: 5000, protocol: 'TLS' }, { name: 'web', port: 8080, protocol: 'HTTP', hostname: 'web.example.com' }, { name: 'alt', port: 8081, protocol: 'HTTP' }] }, 'infra');
    const route = obj(GW, 'HTTPRoute', 'r', { parentRefs: [{ name: 'edge', namespace: 'infra' }], rules: [{ backendRefs: [{ name: 's', port: 80 }] }] });
    expect(routeParentOf(route)).toEqual({ namespace: 'infra', name: 'edge' });
    expect(query(toolLinksOf(route, { gateways: [gateway] })[0]!.href)).toEqual({ namespace: 'httpbin', port: '8080', host: 'web.example.com', path: '/' });
    const bySection = obj(GW, 'HTTPRoute', 'r', { parentRefs: [{ name: 'edge', namespace: 'infra', sectionName: 'alt' }], hostnames: ['a.example.com'] });
    expect(query(toolLinksOf(bySection, { gateways: [gateway] })[0]!.href)).toMatchObject({ port: '8081', host: 'a.example.com' });
  });

  it('leaves out what it cannot know: no Gateway loaded, a regular expression path', () => {
    const route = obj(GW, 'HTTPRoute', 'r', { parentRefs: [{ name: 'edge' }], rules: [{ matches: [{ path: { type: 'RegularExpression', value: '/v[0-9]+' } }] }] });
    const [link] = toolLinksOf(route);
    expect(query(link!.href)).toEqual({ namespace: 'httpbin', path: '/' });
    expect(link!.fills).toBe('path /');
  });
});

describe('toolLinksOf: probe targets', () => {
  it('links each Service port to the probe', () => {
    const svc = obj('v1', 'Service', 'httpbin', { ports: [{ port: 8443 }, { port: 9443, name: 'admin' }] });
    expect(toolLinksOf(svc).map((l) => [l.label, l.href])).toEqual([
      [`${PROBE_LABEL}: port 8443`, '/probe?namespace=httpbin&service=httpbin&port=8443'],
      [`${PROBE_LABEL}: port 9443`, '/probe?namespace=httpbin&service=httpbin&port=9443'],
    ]);
    expect(toolLinksOf(obj('v1', 'Service', 's', { ports: [{ port: 443 }] }))).toEqual([
      { tool: 'probe', label: PROBE_LABEL, href: '/probe?namespace=httpbin&service=s&port=443', fills: 'Service httpbin/s, port 443' },
    ]);
    expect(toolLinksOf(obj('v1', 'Service', 's', {}))).toEqual([]);
  });

  it('links an UpstreamTLSPolicy to the Service and ports it covers', () => {
    const p = obj('gateway.flomesh.io/v1alpha1', 'UpstreamTLSPolicy', 'p', {
      targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'other' }, ports: [{ port: 8443, config: { certificateRef: { name: 'ca' } } }],
    });
    expect(toolLinksOf(p).map((l) => [l.label, l.href])).toEqual([[PROBE_LABEL, '/probe?namespace=other&service=httpbin&port=8443']]);
  });

  it('links a BackendTLSPolicy to each target Service, by port name, with the hostname to check', () => {
    const p = obj(GW, 'BackendTLSPolicy', 'api-tls', {
      targetRefs: [{ group: '', kind: 'Service', name: 'api', sectionName: 'https' }, { group: '', kind: 'Service', name: 'web' }],
      validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }], hostname: 'api.staging.internal' },
    }, 'staging');
    expect(toolLinksOf(p).map((l) => [l.label, l.href, l.fills])).toEqual([
      [`${PROBE_LABEL}: Service api port https`, '/probe?namespace=staging&service=api&portName=https&hostname=api.staging.internal', 'Service staging/api, port https, name api.staging.internal'],
      [`${PROBE_LABEL}: Service web`, '/probe?namespace=staging&service=web&hostname=api.staging.internal', 'Service staging/web, name api.staging.internal'],
    ]);
  });

  it('has nothing for other kinds', () => {
    expect(toolLinksOf(obj('v1', 'Secret', 's', undefined))).toEqual([]);
  });
});
