import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { describe, expect, it } from 'vitest';
import { computeRelationships, type RelationsInput } from './compute-relationships';
import { listenerAttachments } from './listener-attachments';
import type { BindingInfo, SecretKeys } from './relationship-types';

const GW = 'gateway.networking.k8s.io';
const meta = (namespace: string, name: string, extra: Record<string, unknown> = {}) => ({ namespace, name, generation: 1, creationTimestamp: '2026-01-01T00:00:00Z', ...extra });

/** The seed scenario (examples/upstream-tls) plus a second namespace that borrows its Service. */
function seedObjects(): KubeObject[] {
  return [
    { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta('httpbin', 'simple-fsm-gateway'),
      spec: { gatewayClassName: 'fsm-gateway-cls', listeners: [{ name: 'http', protocol: 'HTTP', port: 8000, allowedRoutes: { namespaces: { from: 'Same' } } }, { name: 'other', protocol: 'HTTP', port: 8001, allowedRoutes: { namespaces: { from: 'All' } } }] } },
    { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: meta('httpbin', 'http-route-foo'),
      spec: { parentRefs: [{ name: 'simple-fsm-gateway', port: 8000 }], hostnames: ['foo.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'httpbin', port: 8443 }] }] } },
    { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: meta('elsewhere', 'borrower'),
      spec: { parentRefs: [{ name: 'simple-fsm-gateway', namespace: 'httpbin', sectionName: 'http' }], rules: [{ backendRefs: [{ name: 'httpbin', namespace: 'httpbin', port: 8443 }] }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('httpbin', 'httpbin'), spec: { ports: [{ port: 8443, targetPort: 443, protocol: 'TCP' }, { name: 'plain', port: 80, protocol: 'TCP' }] } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('httpbin', 'httpbin-local', { labels: { 'kubernetes.io/service-name': 'httpbin' } }),
      addressType: 'IPv4', ports: [{ name: '', port: 9443, protocol: 'TCP' }], endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }] },
    { apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: meta('httpbin', 'upstream-tls-policy-sample'),
      spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { namespace: 'httpbin', name: 'https-cert' }, mTLS: false } }] } },
    { apiVersion: `${GW}/v1`, kind: 'BackendTLSPolicy', metadata: meta('httpbin', 'plain-tls'),
      spec: { targetRefs: [{ group: '', kind: 'Service', name: 'httpbin', sectionName: 'plain' }], validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'missing-ca' }], hostname: 'httpbin.internal' } } },
  ];
}

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

/** Objects decorated with the status compileSnapshot computes, and the table's attachments: what the service does. */
function inputFor(objects: KubeObject[], secrets: SecretKeys[] = [{ namespace: 'httpbin', name: 'https-cert', keys: ['ca.crt'] }], bindings: BindingInfo[] = []): RelationsInput {
  const secretObjects: KubeObject[] = secrets.map((s) => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta(s.namespace, s.name), data: Object.fromEntries(s.keys.map((k) => [k, Buffer.from(CA_PEM).toString('base64')])) }));
  const { table, statuses } = compileSnapshot({ revision: 1, objects: [...objects, ...secretObjects] }, { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-01-02T00:00:00Z' });
  const decorated = objects.map((o) => {
    const s = statuses.find((x) => x.kind === o.kind && x.namespace === (o.metadata.namespace ?? '') && x.name === o.metadata.name);
    return s ? { ...o, status: s.status } : o;
  });
  return { objects: decorated, secrets, bindings, attachments: listenerAttachments(table) };
}

const words = (rels: { link: { kind: string; namespace: string; name: string }; how: string; tone: string }[]) =>
  rels.map((r) => `${r.link.kind} ${r.link.namespace}/${r.link.name}: ${r.how} [${r.tone}]`);

describe('relationships of a TLSRoute', () => {
  it('a TLS listener lists the TLSRoutes attached to it; the route uses its Gateway and Service', () => {
    const objects: KubeObject[] = [
      { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta('db', 'edge'),
        spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'tls', protocol: 'TLS', port: 5432, hostname: '*.db.example.com', tls: { mode: 'Passthrough' }, allowedRoutes: { namespaces: { from: 'Same' } } }] } },
      { apiVersion: `${GW}/v1`, kind: 'TLSRoute', metadata: meta('db', 'pg'),
        spec: { parentRefs: [{ name: 'edge', sectionName: 'tls' }], hostnames: ['pg.db.example.com'], rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: meta('db', 'pg'), spec: { ports: [{ port: 5432, protocol: 'TCP' }] } },
    ];
    const input = inputFor(objects, []);
    const gw = computeRelationships(input, { group: GW, kind: 'Gateway', namespace: 'db', name: 'edge' });
    expect(gw.listeners.map((l) => [l.listener, words(l.routes)])).toEqual([['tls', ['TLSRoute db/pg: attached [ok]']]]);
    const route = computeRelationships(input, { group: GW, kind: 'TLSRoute', namespace: 'db', name: 'pg' });
    expect(words(route.uses).map((w) => w.split(':')[0])).toEqual(expect.arrayContaining(['Gateway db/edge', 'Service db/pg']));
  });
});

describe('relationships of the seed scenario', () => {
  it('a Gateway: its class, each listener with the routes the compiler attached, and the routes that refer to it', () => {
    const r = computeRelationships(inputFor(seedObjects()), { group: GW, kind: 'Gateway', namespace: 'httpbin', name: 'simple-fsm-gateway' });
    expect(r.target.exists).toBe(true);
    expect(words(r.uses)).toEqual(['GatewayClass /fsm-gateway-cls: its GatewayClass — not defined; Gatehouse serves the Gateway in embedded mode [neutral]']);
    expect(r.listeners.map((l) => [l.listener, l.routes.map((x) => `${x.link.namespace}/${x.link.name}`)])).toEqual([
      ['http', ['httpbin/http-route-foo']],
      ['other', []],
    ]);
    // The route from another namespace names listener http, which only admits routes from its own namespace.
    const borrower = r.usedBy.find((x) => x.link.name === 'borrower');
    expect(borrower?.tone).toBe('bad');
    expect(borrower?.how).toMatch(/^attaches at listener http — not accepted \(NotAllowedByListeners: .*namespace "elsewhere"/);
    expect(words(r.usedBy)).toContain('HTTPRoute httpbin/http-route-foo: attaches at port 8000 — accepted [ok]');
  });

  it('a Service: per port the policy that makes the gateway speak TLS and the routes sending to it; dependents include its EndpointSlice', () => {
    const r = computeRelationships(inputFor(seedObjects()), { group: '', kind: 'Service', namespace: 'httpbin', name: 'httpbin' });
    const p8443 = r.ports.find((p) => p.port === 8443);
    expect(words(p8443?.tls ?? [])).toEqual(['UpstreamTLSPolicy httpbin/upstream-tls-policy-sample: upstream TLS, CA from Secret https-cert — accepted [ok]']);
    expect(p8443?.routes.map((x) => x.link.name).sort()).toEqual(['borrower', 'http-route-foo']);
    // The cross-namespace backendRef has no ReferenceGrant: shown as refused.
    expect(p8443?.routes.find((x) => x.link.name === 'borrower')).toMatchObject({ tone: 'bad', how: expect.stringContaining('no ReferenceGrant in httpbin') });
    const plain = r.ports.find((p) => p.port === 80);
    expect(plain?.tls.map((x) => x.link.name)).toEqual(['plain-tls']);
    expect(words(r.usedBy)).toEqual(expect.arrayContaining([
      'EndpointSlice httpbin/httpbin-local: holds 1 endpoint address [neutral]',
      'UpstreamTLSPolicy httpbin/upstream-tls-policy-sample: sets upstream TLS for port 8443 — accepted [ok]',
    ]));
  });

  it('a policy: its target and CA Secret, with the certificate bound to that Secret; a missing CA is a problem', () => {
    const binding: BindingInfo = { certificateId: 'c1', certificateName: 'flomesh.io CA', notAfter: '2030-01-01T00:00:00.000Z', revoked: false, kind: 'Secret', namespace: 'httpbin', name: 'https-cert' };
    const r = computeRelationships(inputFor(seedObjects(), undefined, [binding]), { group: 'gateway.flomesh.io', kind: 'UpstreamTLSPolicy', namespace: 'httpbin', name: 'upstream-tls-policy-sample' });
    expect(words(r.uses)).toEqual([
      'Service httpbin/httpbin: covers port 8443 [ok]',
      'Secret httpbin/https-cert: CA (ca.crt) that verifies port 8443 [ok]',
    ]);
    expect(r.certificates).toEqual([{ id: 'c1', name: 'flomesh.io CA', notAfter: binding.notAfter, revoked: false, via: { kind: 'Secret', namespace: 'httpbin', name: 'https-cert' } }]);

    const noCa = computeRelationships(inputFor(seedObjects(), [{ namespace: 'httpbin', name: 'https-cert', keys: ['tls.crt'] }]), { group: 'gateway.flomesh.io', kind: 'UpstreamTLSPolicy', namespace: 'httpbin', name: 'upstream-tls-policy-sample' });
    expect(words(noCa.uses)).toContain('Secret httpbin/https-cert: CA (ca.crt) that verifies port 8443 — has no ca.crt [bad]');
    const backend = computeRelationships(inputFor(seedObjects()), { group: GW, kind: 'BackendTLSPolicy', namespace: 'httpbin', name: 'plain-tls' });
    expect(words(backend.uses)).toContain('ConfigMap httpbin/missing-ca: CA (ca.crt) that verifies the upstream — not found [bad]');
  });

  it('a Secret: who depends on it (the delete confirmation names them), even when it does not exist', () => {
    const r = computeRelationships(inputFor(seedObjects()), { group: '', kind: 'Secret', namespace: 'httpbin', name: 'https-cert' });
    expect(r.target.exists).toBe(true);
    expect(words(r.usedBy)).toEqual(['UpstreamTLSPolicy httpbin/upstream-tls-policy-sample: verifies the upstream on port 8443 with its ca.crt — accepted [ok]']);
    const missing = computeRelationships(inputFor(seedObjects(), []), { group: '', kind: 'Secret', namespace: 'httpbin', name: 'https-cert' });
    expect(missing.target.exists).toBe(false);
    expect(missing.usedBy[0]?.tone).toBe('bad');
  });

  it('a ReferenceGrant: the cross-namespace references it makes possible', () => {
    const grant: KubeObject = { apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: meta('httpbin', 'let-elsewhere-in'),
      spec: { from: [{ group: GW, kind: 'HTTPRoute', namespace: 'elsewhere' }], to: [{ group: '', kind: 'Service' }] } };
    const input = inputFor([...seedObjects(), grant]);
    const r = computeRelationships(input, { group: GW, kind: 'ReferenceGrant', namespace: 'httpbin', name: 'let-elsewhere-in' });
    expect(words(r.usedBy)).toEqual(['HTTPRoute elsewhere/borrower: may refer to Service httpbin here because of this grant [neutral]']);
    const svc = computeRelationships(input, { group: '', kind: 'Service', namespace: 'httpbin', name: 'httpbin' });
    expect(svc.ports[0]?.routes.find((x) => x.link.name === 'borrower')?.tone).toBe('neutral');
  });

  it('a GatewayClass: the Gateways of that class', () => {
    const cls: KubeObject = { apiVersion: `${GW}/v1`, kind: 'GatewayClass', metadata: { name: 'fsm-gateway-cls', generation: 1 }, spec: { controllerName: 'gatehouse.dev/gateway-controller' } };
    const r = computeRelationships(inputFor([...seedObjects(), cls]), { group: GW, kind: 'GatewayClass', namespace: '', name: 'fsm-gateway-cls' });
    expect(words(r.usedBy)).toEqual(['Gateway httpbin/simple-fsm-gateway: uses this class [neutral]']);
  });
});

describe('relationships of a ListenerSet', () => {
  const objects = (): KubeObject[] => [
    { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta('infra', 'shared'),
      spec: { gatewayClassName: 'gatehouse', allowedListeners: { namespaces: { from: 'All' } }, listeners: [{ name: 'web', protocol: 'HTTP', port: 8300, hostname: 'gw.example.com', allowedRoutes: { namespaces: { from: 'All' } } }] } },
    { apiVersion: `${GW}/v1`, kind: 'ListenerSet', metadata: meta('team', 'extra'),
      spec: { parentRef: { name: 'shared', namespace: 'infra' }, listeners: [
        // Same name as the Gateway's own listener: its routes must not be counted there.
        { name: 'web', protocol: 'HTTP', port: 8300, hostname: 'team.example.com', allowedRoutes: { namespaces: { from: 'Same' } } },
        { name: 'secure', protocol: 'HTTPS', port: 8301, hostname: 'team.example.com', tls: { certificateRefs: [{ name: 'team-cert', namespace: 'infra' }] }, allowedRoutes: { namespaces: { from: 'Same' } } },
      ] } },
    { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: meta('team', 'team-route'),
      spec: { parentRefs: [{ kind: 'ListenerSet', name: 'extra', sectionName: 'web' }], rules: [{ backendRefs: [] }] } },
  ];

  it('its Gateway and certificates (a Secret elsewhere needs a grant to ListenerSets), and its listeners with their routes', () => {
    const r = computeRelationships(inputFor(objects(), [{ namespace: 'infra', name: 'team-cert', keys: ['tls.crt', 'tls.key'] }]), { group: GW, kind: 'ListenerSet', namespace: 'team', name: 'extra' });
    expect(words(r.uses)).toEqual([
      'Gateway infra/shared: adds its listeners to this Gateway — accepted [ok]',
      'Secret infra/team-cert: certificate of listener secure — in another namespace and no ReferenceGrant in infra allows it [bad]',
    ]);
    expect(r.listeners.map((l) => [l.listener, l.routes.map((x) => `${x.link.namespace}/${x.link.name}`)])).toEqual([['web', ['team/team-route']], ['secure', []]]);
  });

  it('the Gateway names the ListenerSet among its dependents, and its own listener keeps only its own routes', () => {
    const r = computeRelationships(inputFor(objects()), { group: GW, kind: 'Gateway', namespace: 'infra', name: 'shared' });
    expect(words(r.usedBy)).toContain('ListenerSet team/extra: adds listeners to this Gateway — accepted [ok]');
    expect(r.listeners).toEqual([{ listener: 'web', routes: [] }]);
  });
});
