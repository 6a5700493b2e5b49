import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { createTestPki, type TestPki } from '@gatehouse/echo/test-pki';
import { buildTopology, type InventoryCertificate } from './build-topology';
import { layoutTopology, wrapName } from './layout-topology';
import type { TopologyGraph } from './topology-model';

// The CA is made now by OpenSSL; a moment after it keeps it valid.
const NOW = new Date(Date.now() + 86_400_000);
const b64 = (s: string) => Buffer.from(s).toString('base64');
let pki: TestPki;
let caPem: string;

function objects(): KubeObject[] {
  const raw: Record<string, unknown>[] = [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'httpbin', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { gatewayClassName: 'fsm', listeners: [{ name: 'http', protocol: 'HTTP', port: 8000 }, { name: 'clash', protocol: 'HTTPS', port: 8000, tls: { certificateRefs: [{ name: 'gw-cert' }] } }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'foo', namespace: 'httpbin' },
      spec: { parentRefs: [{ name: 'gw', sectionName: 'http' }], hostnames: ['foo.example.com'], rules: [{ backendRefs: [{ name: 'httpbin', port: 8443 }, { name: 'ghost', port: 80 }] }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'orphan', namespace: 'httpbin' },
      spec: { parentRefs: [{ name: 'edge' }], rules: [{ backendRefs: [{ name: 'httpbin', port: 8443 }] }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'httpbin' }, spec: { ports: [{ port: 8443, targetPort: 443 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'database', namespace: 'httpbin' }, spec: { ports: [{ port: 5432 }] } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'httpbin', labels: { 'kubernetes.io/service-name': 'httpbin' } },
      addressType: 'IPv4', ports: [{ port: 443 }], endpoints: [{ addresses: ['10.0.0.1'] }] },
    { apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'utp', namespace: 'httpbin' },
      spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { name: 'https-cert' } } }] } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert', namespace: 'httpbin', annotations: {} }, data: { 'ca.crt': b64(caPem) } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bound', namespace: 'other' }, data: { 'ca.crt': b64(caPem) } },
    // Another namespace with its own chain: out of scope for namespace httpbin.
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw2', namespace: 'other', creationTimestamp: '2026-02-01T00:00:00Z' },
      spec: { gatewayClassName: 'fsm', listeners: [{ name: 'web', protocol: 'HTTP', port: 9000 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'other' }, spec: { ports: [{ port: 443, name: 'https' }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'BackendTLSPolicy', metadata: { name: 'btp', namespace: 'other' },
      spec: { targetRefs: [{ group: '', kind: 'Service', name: 'api' }], validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'missing-ca' }], hostname: 'api.internal' } } },
    { apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'bound-policy', namespace: 'other' },
      spec: { targetRef: { group: '', kind: 'Service', name: 'api' }, ports: [{ port: 443, config: { certificateRef: { name: 'bound' } } }] } },
  ];
  const parsed = raw.map((o) => parseObject(o));
  // The binding annotation is written by the certificates service; set it as stored.
  const bound = parsed.find((o) => o.metadata.name === 'bound') as KubeObject;
  bound.metadata.annotations = { 'gatehouse.dev/certificate': 'cert-1' };
  return parsed;
}

function graphFor(namespace: string | undefined): TopologyGraph {
  const snapshot = { revision: 7, objects: objects() };
  const compiled = compileSnapshot(snapshot, { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-11-26T10:00:00Z' });
  const certificates = new Map<string, InventoryCertificate>([['cert-1', { id: 'cert-1', name: 'Bound CA', commonName: 'flomesh.io', state: 'expiring7', notAfter: '2026-11-30T00:00:00.000Z' }]]);
  return buildTopology({ snapshot, compiled, certificates, namespace, now: NOW });
}

beforeAll(() => {
  pki = createTestPki();
  caPem = pki.createCa('flomesh.io').certPem;
});
afterAll(() => pki?.cleanup());

describe('buildTopology', () => {
  it('draws Gateway/listeners → routes → Services → policies → Secrets → certificates with computed status', () => {
    const g = graphFor('httpbin');
    const node = (id: string) => g.nodes.find((n) => n.id === id);
    const gw = node('Gateway:httpbin/gw');
    expect(gw?.ports.map((p) => [p.name, p.tone])).toEqual([['http', 'ok'], ['clash', 'bad']]);
    expect(gw?.ports[0]?.label).toBe('http: HTTP 8000 · 1 route');
    // Attachment from the compiled table, through the listener row.
    expect(g.edges).toContainEqual({ from: 'Gateway:httpbin/gw', fromPort: 'Listener:httpbin/gw/http', to: 'HTTPRoute:httpbin/foo', label: null, tone: 'ok' });
    // A route whose Gateway does not exist: a missing node and a red edge.
    expect(node('Gateway:httpbin/edge')).toMatchObject({ missing: true, tone: 'bad' });
    expect(g.edges.find((e) => e.to === 'HTTPRoute:httpbin/orphan')).toMatchObject({ from: 'Gateway:httpbin/edge', tone: 'bad' });
    expect(node('HTTPRoute:httpbin/foo')?.tone).toBe('bad'); // ghost backend: ResolvedRefs false
    expect(node('Service:httpbin/ghost')).toMatchObject({ missing: true });
    expect(node('Service:httpbin/httpbin')).toMatchObject({ tone: 'ok', status: '1 ready endpoint', detail: ':8443' });
    expect(node('Service:httpbin/database')).toBeUndefined(); // no route or policy names it
    expect(node('UpstreamTLSPolicy:httpbin/utp')).toMatchObject({ tone: 'ok', status: 'Accepted' });
    expect(node('Secret:httpbin/https-cert')).toMatchObject({ tone: 'ok', detail: 'ca.crt' });
    expect(node('Secret:httpbin/gw-cert')).toMatchObject({ missing: true, tone: 'bad' }); // the HTTPS listener's certificate
    const cert = g.nodes.find((n) => n.kind === 'Certificate');
    expect(cert).toMatchObject({ name: 'flomesh.io', tone: 'ok', certificateId: null });
    expect(g.edges).toContainEqual(expect.objectContaining({ from: 'Secret:httpbin/https-cert', to: cert?.id, label: 'ca.crt' }));
    // Scoped: nothing of namespace "other" (not connected to httpbin's objects).
    expect(g.nodes.filter((n) => n.namespace === 'other')).toEqual([]);
  });

  it('draws a TLS listener → its TLSRoute → the Service, and an HTTPRoute of the same name apart', () => {
    const GWV = 'gateway.networking.k8s.io/v1';
    const extra = [
      { apiVersion: GWV, kind: 'Gateway', metadata: { name: 'tls-gw', namespace: 'httpbin', creationTimestamp: '2026-01-01T00:00:00Z' },
        spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'pass', protocol: 'TLS', port: 9443, tls: { mode: 'Passthrough' } }] } },
      { apiVersion: GWV, kind: 'TLSRoute', metadata: { name: 'foo', namespace: 'httpbin', creationTimestamp: '2026-01-01T00:00:00Z' },
        spec: { parentRefs: [{ name: 'tls-gw' }], hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'httpbin', port: 8443 }] }] } },
    ].map((o) => parseObject(o));
    const snapshot = { revision: 7, objects: [...objects(), ...extra] };
    const compiled = compileSnapshot(snapshot, { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-11-26T10:00:00Z' });
    const g = buildTopology({ snapshot, compiled, certificates: new Map(), namespace: 'httpbin', now: NOW });
    expect(g.nodes.find((n) => n.id === 'TLSRoute:httpbin/foo')).toMatchObject({ kind: 'TLSRoute', tone: 'ok', detail: 'db.example.com' });
    expect(g.edges).toContainEqual({ from: 'Gateway:httpbin/tls-gw', fromPort: 'Listener:httpbin/tls-gw/pass', to: 'TLSRoute:httpbin/foo', label: null, tone: 'ok' });
    expect(g.edges).toContainEqual({ from: 'TLSRoute:httpbin/foo', fromPort: null, to: 'Service:httpbin/httpbin', label: ':8443', tone: 'ok' });
    // The HTTPRoute httpbin/foo keeps its own attachment and is not drawn under the TLS listener.
    expect(g.edges.filter((e) => e.to === 'HTTPRoute:httpbin/foo' && e.fromPort === 'Listener:httpbin/tls-gw/pass')).toEqual([]);
  });

  it('links bound Secrets to inventory certificates and shows broken BackendTLSPolicies', () => {
    const g = graphFor('other');
    expect(g.nodes.find((n) => n.id === 'Certificate:id:cert-1')).toMatchObject({ tone: 'bad', certificateId: 'cert-1', status: 'expires within 7 days (managed by Gatehouse as "Bound CA")', name: 'flomesh.io' });
    expect(g.nodes.find((n) => n.id === 'ConfigMap:other/missing-ca')).toMatchObject({ missing: true });
    // No route sends traffic to api: the BackendTLSPolicy has no ancestor yet.
    expect(g.nodes.find((n) => n.id === 'BackendTLSPolicy:other/btp')).toMatchObject({ tone: 'pending' });
    // Everything, unscoped, has both namespaces.
    expect(new Set(graphFor(undefined).nodes.map((n) => n.namespace))).toEqual(new Set(['httpbin', 'other', '']));
  });
});

describe('layoutTopology', () => {
  it('puts kinds in columns left to right, never overlaps nodes, starts route edges at listener rows, and is deterministic', () => {
    const g = graphFor('httpbin');
    const layout = layoutTopology(g);
    expect(layout.columns.map((c) => c.title)).toEqual(['Gateways · listeners', 'Routes', 'Services', 'TLS policies', 'Secrets', 'Certificates']);
    const xOf = (kind: string) => layout.nodes.find((n) => n.kind === kind)?.x ?? -1;
    expect(xOf('Gateway')).toBeLessThan(xOf('HTTPRoute'));
    expect(xOf('HTTPRoute')).toBeLessThan(xOf('Service'));
    expect(xOf('Service')).toBeLessThan(xOf('UpstreamTLSPolicy'));
    expect(xOf('UpstreamTLSPolicy')).toBeLessThan(xOf('Secret'));
    expect(xOf('Secret')).toBeLessThan(xOf('Certificate'));
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b || a.x !== b.x) continue;
        expect(a.y + a.height <= b.y || b.y + b.height <= a.y, `${a.id} overlaps ${b.id}`).toBe(true);
      }
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
    }
    const gw = layout.nodes.find((n) => n.id === 'Gateway:httpbin/gw');
    const attach = layout.edges.find((e) => e.fromPort === 'Listener:httpbin/gw/http');
    const rowY = (gw?.y ?? 0) + (gw?.portOffsets['Listener:httpbin/gw/http'] ?? 0);
    expect(attach?.path.startsWith(`M ${(gw?.x ?? 0) + (gw?.width ?? 0)} ${Math.round(rowY * 10) / 10} C`)).toBe(true);
    expect(layoutTopology(graphFor('httpbin'))).toEqual(layout);
  });

  it('orders a column by its neighbours so that edges do not cross needlessly', () => {
    const mk = (id: string, kind: 'Gateway' | 'HTTPRoute' | 'Service') => ({ id, kind, namespace: 'n', name: id, detail: '', tone: 'ok' as const, status: '', missing: false, certificateId: null, ports: [] });
    // Routes a→y, b→x: ids sort x before y, but the barycentre puts y first (beside a).
    const g: TopologyGraph = {
      nodes: [mk('Gateway:a', 'Gateway'), mk('Gateway:b', 'Gateway'), mk('HTTPRoute:x', 'HTTPRoute'), mk('HTTPRoute:y', 'HTTPRoute')],
      edges: [{ from: 'Gateway:a', fromPort: null, to: 'HTTPRoute:y', label: null, tone: 'ok' }, { from: 'Gateway:b', fromPort: null, to: 'HTTPRoute:x', label: null, tone: 'ok' }],
    };
    const l = layoutTopology(g);
    const y = (id: string) => l.nodes.find((n) => n.id === id)?.y ?? 0;
    expect(y('HTTPRoute:y')).toBeLessThan(y('HTTPRoute:x'));
    expect(layoutTopology({ nodes: [], edges: [] })).toMatchObject({ width: 0, nodes: [], edges: [] });
  });

  it('wraps long names in two lines at a separator, with an ellipsis when even that is too long', () => {
    expect(wrapName('httpbin', 140)).toEqual(['httpbin']);
    expect(wrapName('upstream-tls-policy-sample', 156)).toEqual(['upstream-tls-', 'policy-sample']);
    const long = wrapName('a-very-long-name-that-goes-on-and-on-and-on-forever', 140);
    expect(long).toHaveLength(2);
    expect(long[1]?.endsWith('…')).toBe(true);
    for (const line of long) expect(line.length).toBeLessThanOrEqual(Math.floor((140 - 22) / 7.6));
  });
});

describe('buildTopology with a ListenerSet', () => {
  it('draws its listeners as ports of the Gateway it joined, named apart from the Gateway\'s own, with their routes', () => {
    const raw: Record<string, unknown>[] = [
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'shared', namespace: 'infra', creationTimestamp: '2026-01-01T00:00:00Z' },
        spec: { gatewayClassName: 'fsm', allowedListeners: { namespaces: { from: 'Same' } }, listeners: [{ name: 'web', protocol: 'HTTP', port: 8400, hostname: 'gw.example.com' }] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata: { name: 'team', namespace: 'infra', creationTimestamp: '2026-01-01T00:00:01Z' },
        spec: { parentRef: { name: 'shared' }, listeners: [{ name: 'web', protocol: 'HTTP', port: 8400, hostname: 'team.example.com' }] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'team-route', namespace: 'infra' },
        spec: { parentRefs: [{ kind: 'ListenerSet', name: 'team' }], rules: [{ backendRefs: [] }] } },
    ];
    const snapshot = { revision: 1, objects: raw.map((o) => parseObject(o)) };
    const compiled = compileSnapshot(snapshot, { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-11-26T10:00:00Z' });
    const g = buildTopology({ snapshot, compiled, certificates: new Map(), namespace: 'infra', now: NOW });
    const gw = g.nodes.find((n) => n.id === 'Gateway:infra/shared');
    expect(gw?.ports.map((p) => [p.id, p.label, p.tone])).toEqual([
      ['Listener:infra/shared/web', 'web: HTTP 8400 · 0 routes · gw.example.com', 'ok'],
      ['Listener:ListenerSet infra/team/web', 'infra/team/web: HTTP 8400 · 1 route · team.example.com', 'ok'],
    ]);
    expect(g.edges).toContainEqual({ from: 'Gateway:infra/shared', fromPort: 'Listener:ListenerSet infra/team/web', to: 'HTTPRoute:infra/team-route', label: null, tone: 'ok' });
    expect(g.edges.filter((e) => e.fromPort === 'Listener:infra/shared/web')).toEqual([]);
  });
});
