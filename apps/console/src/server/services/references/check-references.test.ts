import { generateKeyPairSync } from 'node:crypto';
import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { ReferenceCheck } from '@gatehouse/domain/references/reference-check.schema';
import { describe, expect, it } from 'vitest';
import { checkReferences } from './check-references';
import { listCandidates } from './list-candidates';
import { indexWorld, secretFacts, type IndexedWorld, type SecretFacts } from './reference-world';

const GW = 'gateway.networking.k8s.io';
const meta = (namespace: string, name: string, extra: Record<string, unknown> = {}) => ({ namespace, name, generation: 1, creationTimestamp: '2026-01-01T00:00:00Z', ...extra });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBreferences\n-----END CERTIFICATE-----\n';
// A real key made for this run: no key material is committed.
const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The seed scenario (examples/upstream-tls) in httpbin, a second namespace, and Secrets of every shape. */
function seed(): KubeObject[] {
  return [
    { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta('httpbin', 'simple-fsm-gateway'),
      spec: { gatewayClassName: 'fsm-gateway-cls', listeners: [
        { name: 'http', protocol: 'HTTP', port: 8000, allowedRoutes: { namespaces: { from: 'Same' } } },
        { name: 'public', protocol: 'HTTP', port: 8001, allowedRoutes: { namespaces: { from: 'All' } } },
        { name: 'tcp', protocol: 'TCP', port: 9000 },
      ] } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('httpbin', 'httpbin'), spec: { ports: [{ port: 8443, targetPort: 443, protocol: 'TCP' }, { name: 'plain', port: 80, protocol: 'TCP' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: meta('elsewhere', 'other'), spec: { ports: [{ port: 8080, protocol: 'TCP' }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('httpbin', 'ca-bundle'), data: { 'ca.crt': CERT } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('httpbin', 'not-a-ca'), data: { note: 'hello' } },
    { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: meta('elsewhere', 'borrower'),
      spec: { parentRefs: [{ name: 'simple-fsm-gateway', namespace: 'httpbin', sectionName: 'public' }], rules: [{ backendRefs: [{ name: 'httpbin', namespace: 'httpbin', port: 8443 }] }] } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'empty-ns' } },
  ];
}

function secrets(): SecretFacts[] {
  return [
    secretFacts('httpbin', 'https-cert', 'Opaque', { 'ca.crt': b64(CERT + CERT) }),
    secretFacts('httpbin', 'server-cert', 'kubernetes.io/tls', { 'tls.crt': b64(CERT), 'tls.key': b64(KEY) }),
    secretFacts('httpbin', 'opaque-pair', 'Opaque', { 'tls.crt': b64(CERT), 'tls.key': b64(KEY) }),
    secretFacts('httpbin', 'no-ca', 'Opaque', { 'tls.crt': b64(CERT) }),
    secretFacts('httpbin', 'empty-ca', 'Opaque', { 'ca.crt': '' }),
    secretFacts('httpbin', 'garbage-ca', 'Opaque', { 'ca.crt': b64('not a certificate') }),
    secretFacts('httpbin', 'ca-and-pair', 'Opaque', { 'ca.crt': b64(CERT), 'tls.crt': b64(CERT), 'tls.key': b64(KEY) }),
    secretFacts('httpbin', 'half-tls', 'kubernetes.io/tls', { 'tls.crt': b64(CERT), 'tls.key': b64('oops') }),
    secretFacts('elsewhere', 'their-ca', 'Opaque', { 'ca.crt': b64(CERT) }),
  ];
}

/** The world as the service builds it: objects with the compiler's status, Secret key facts. */
function world(extra: KubeObject[] = [], facts: SecretFacts[] = secrets()): IndexedWorld {
  const objects = [...seed(), ...extra];
  const { statuses } = compileSnapshot({ revision: 7, objects }, { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-01-02T00:00:00Z' });
  const decorated = objects.map((o) => {
    const s = statuses.find((x) => x.kind === o.kind && x.namespace === (o.metadata.namespace ?? '') && x.name === o.metadata.name);
    return s ? { ...o, status: s.status } : o;
  });
  return indexWorld({ revision: 7, objects: decorated, secrets: facts });
}

const route = (namespace: string, spec: Record<string, unknown>) => ({ apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name: 'draft', namespace }, spec });
const upstream = (spec: Record<string, unknown>, namespace = 'httpbin') => ({ apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'p', namespace }, spec });
const verdicts = (checks: ReferenceCheck[]) => checks.map((c) => `${c.field} [${c.status}] ${c.message}`);
const at = (checks: ReferenceCheck[], field: string) => {
  const c = checks.find((x) => x.field === field);
  if (!c) throw new Error(`no check at ${field}: ${verdicts(checks).join('\n')}`);
  return c;
};

describe('TLSRoute references', () => {
  const tlsRoute = (spec: Record<string, unknown>) => ({ apiVersion: `${GW}/v1`, kind: 'TLSRoute', metadata: { name: 'draft', namespace: 'httpbin' }, spec });
  const tlsGateway = { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta('httpbin', 'edge'),
    spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'pass', protocol: 'TLS', port: 9443, tls: { mode: 'Passthrough' } }, { name: 'web', protocol: 'HTTP', port: 9080 }] } } as KubeObject;

  it('a TLS listener takes it, an HTTP listener does not; backends are judged like HTTPRoute ones, with connections in the words', () => {
    const ok = checkReferences(world([tlsGateway]), tlsRoute({ parentRefs: [{ name: 'edge', sectionName: 'pass' }], rules: [{ backendRefs: [{ name: 'httpbin', port: 9999 }] }] }));
    expect(at(ok, 'spec.parentRefs[0].sectionName')).toMatchObject({ status: 'ok', message: 'Listener pass (TLS 9443) takes this route.' });
    expect(at(ok, 'spec.rules[0].backendRefs[0].port')).toMatchObject({ status: 'unusable', message: expect.stringContaining('connections sent there are closed.') });
    const http = checkReferences(world([tlsGateway]), tlsRoute({ parentRefs: [{ name: 'edge', sectionName: 'web' }] }));
    expect(at(http, 'spec.parentRefs[0].sectionName')).toMatchObject({ status: 'unusable', message: 'Listener web (HTTP) does not take TLSRoutes: the route does not attach there.' });
  });
});

describe('HTTPRoute parentRefs: the Gateway and its listener', () => {
  it('an existing Gateway names its listeners; a named listener that takes the route is fine', () => {
    const checks = checkReferences(world(), route('httpbin', { parentRefs: [{ name: 'simple-fsm-gateway', sectionName: 'http' }] }));
    expect(verdicts(checks)).toEqual([
      'spec.parentRefs[0].name [ok] Gateway simple-fsm-gateway: listeners http (HTTP 8000), public (HTTP 8001) and tcp (TCP 9000).',
      'spec.parentRefs[0].sectionName [ok] Listener http (HTTP 8000) takes this route.',
    ]);
    expect(checks[0]).toMatchObject({ path: 'spec.parentRefs[0]', target: { group: GW, kind: 'Gateway', namespace: 'httpbin', name: 'simple-fsm-gateway' } });
  });

  it('a Gateway that does not exist is missing', () => {
    const c = at(checkReferences(world(), route('httpbin', { parentRefs: [{ name: 'nope' }] })), 'spec.parentRefs[0].name');
    expect(c).toMatchObject({ status: 'missing', message: 'Gateway nope does not exist in httpbin (yet): the route attaches once it does.' });
  });

  it('a sectionName or port the Gateway has no listener for', () => {
    const byName = checkReferences(world(), route('httpbin', { parentRefs: [{ name: 'simple-fsm-gateway', sectionName: 'web' }] }));
    expect(at(byName, 'spec.parentRefs[0].sectionName')).toMatchObject({ status: 'unusable', message: 'Gateway simple-fsm-gateway has no listener named "web" (it has http, public and tcp): the route does not attach.' });
    const byPort = checkReferences(world(), route('httpbin', { parentRefs: [{ name: 'simple-fsm-gateway', port: 7000 }] }));
    expect(at(byPort, 'spec.parentRefs[0].port')).toMatchObject({ status: 'unusable', message: expect.stringContaining('no listener on port 7000 (it has 8000, 8001 and 9000)') });
  });

  it('a listener that admits its own namespace only, or takes no HTTPRoutes', () => {
    const cross = checkReferences(world(), route('elsewhere', { parentRefs: [{ name: 'simple-fsm-gateway', namespace: 'httpbin', sectionName: 'http' }] }));
    expect(at(cross, 'spec.parentRefs[0].sectionName')).toMatchObject({
      status: 'unusable',
      message: 'Listener http admits routes from its own namespace (httpbin) only, and this route is in elsewhere: the route does not attach there.',
    });
    const tcp = checkReferences(world(), route('httpbin', { parentRefs: [{ name: 'simple-fsm-gateway', sectionName: 'tcp' }] }));
    expect(at(tcp, 'spec.parentRefs[0].sectionName')).toMatchObject({ status: 'unusable', message: 'Listener tcp (TCP) does not take HTTPRoutes: the route does not attach there.' });
    // Without a listener named: fine as long as one takes the route (the public one admits every namespace).
    const any = checkReferences(world(), route('elsewhere', { parentRefs: [{ name: 'simple-fsm-gateway', namespace: 'httpbin' }] }));
    expect(at(any, 'spec.parentRefs[0].name')).toMatchObject({ status: 'ok', message: expect.stringContaining('The route attaches to public.') });
  });

  it('no listener of the Gateway takes the route at all', () => {
    const gw: KubeObject = { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta('httpbin', 'private'), spec: { gatewayClassName: 'x', listeners: [{ name: 'http', protocol: 'HTTP', port: 8100 }] } };
    const c = at(checkReferences(world([gw]), route('elsewhere', { parentRefs: [{ name: 'private', namespace: 'httpbin' }] })), 'spec.parentRefs[0].name');
    expect(c).toMatchObject({ status: 'unusable', message: 'No listener of Gateway httpbin/private takes this route: listener http admits routes from its own namespace (httpbin) only, and this route is in elsewhere.' });
  });

  it('a listener the worker cannot serve (the compiler\'s Programmed condition)', () => {
    const gw: KubeObject = { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta('httpbin', 'udp'), spec: { gatewayClassName: 'x', listeners: [{ name: 'q', protocol: 'HTTPS', port: 8443, tls: { certificateRefs: [{ name: 'server-cert' }] } }] } };
    const c = at(checkReferences(world([gw]), route('httpbin', { parentRefs: [{ name: 'udp', sectionName: 'q' }] })), 'spec.parentRefs[0].sectionName');
    expect(c.status).toBe('unusable');
    // HTTPS is served since issue 9; this listener's certificate Secret does not exist.
    expect(c.message).toBe('Listener q is not served: no usable TLS certificate: tls.certificateRefs[0]: Secret httpbin/server-cert not found: the route does not attach there.');
  });
});

describe('HTTPRoute backendRefs: the Service and its port', () => {
  it('an existing Service and port', () => {
    const checks = checkReferences(world(), route('httpbin', { rules: [{ backendRefs: [{ name: 'httpbin', port: 8443 }] }] }));
    expect(verdicts(checks)).toEqual([
      'spec.rules[0].backendRefs[0].name [ok] Service httpbin: ports 8443 and 80 (plain).',
      'spec.rules[0].backendRefs[0].port [ok] Service httpbin port 8443 → target port 443 (TCP).',
    ]);
  });

  it('a Service that does not exist, and a port the Service lacks', () => {
    const checks = checkReferences(world(), route('httpbin', { rules: [{ backendRefs: [{ name: 'ghost', port: 80 }, { name: 'httpbin', port: 9999 }] }] }));
    expect(at(checks, 'spec.rules[0].backendRefs[0].name')).toMatchObject({ status: 'missing', message: 'Service ghost does not exist in httpbin (yet): requests this rule sends there get 500 until it does.' });
    expect(checks.some((c) => c.field === 'spec.rules[0].backendRefs[0].port')).toBe(false);
    expect(at(checks, 'spec.rules[0].backendRefs[1].port')).toMatchObject({ status: 'unusable', message: 'Service httpbin has no port 9999 (it has 8443 and 80): requests this rule sends there get 500.' });
  });

  it('a Service in another namespace needs a ReferenceGrant there; with one it is fine', () => {
    const draft = route('httpbin', { rules: [{ backendRefs: [{ name: 'other', namespace: 'elsewhere', port: 8080 }] }] });
    expect(at(checkReferences(world(), draft), 'spec.rules[0].backendRefs[0].name')).toMatchObject({
      status: 'refused',
      message: 'Service elsewhere/other is in another namespace, and no ReferenceGrant in elsewhere lets HTTPRoutes from httpbin refer to it. Add a ReferenceGrant in elsewhere (from HTTPRoute in httpbin, to Service), or name one in httpbin.',
    });
    const grant: KubeObject = { apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: meta('elsewhere', 'let-httpbin-in'), spec: { from: [{ group: GW, kind: 'HTTPRoute', namespace: 'httpbin' }], to: [{ group: '', kind: 'Service' }] } };
    expect(verdicts(checkReferences(world([grant]), draft))).toEqual([
      'spec.rules[0].backendRefs[0].name [ok] Service elsewhere/other: port 8080.',
      'spec.rules[0].backendRefs[0].port [ok] Service elsewhere/other port 8080 (TCP).',
    ]);
  });

  it('a request mirror names a Service too', () => {
    const checks = checkReferences(world(), route('httpbin', { rules: [{ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'ghost', port: 80 } } }], backendRefs: [] }] }));
    expect(at(checks, 'spec.rules[0].filters[0].requestMirror.backendRef.name')).toMatchObject({ status: 'missing', message: expect.stringContaining('requests are not mirrored there until it does') });
  });
});

describe('UpstreamTLSPolicy: target Service, ports, CA Secret', () => {
  const seedPolicy = (secret: string, extra: Record<string, unknown> = {}) =>
    upstream({ targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { name: secret }, mTLS: false, ...extra } }] });

  it('the seed policy with its https-cert Secret is fine', () => {
    expect(verdicts(checkReferences(world(), seedPolicy('https-cert')))).toEqual([
      'spec.targetRef.name [ok] Service httpbin: ports 8443 and 80 (plain).',
      'spec.ports[0].port [ok] Service httpbin port 8443 → target port 443 (TCP).',
      'spec.ports[0].config.certificateRef.name [ok] Secret https-cert has ca.crt (2 certificates).',
    ]);
  });

  it('a missing CA Secret is flagged, and the console offers to create it from a certificate', () => {
    const c = at(checkReferences(world(), seedPolicy('nope')), 'spec.ports[0].config.certificateRef.name');
    expect(c).toEqual({
      path: 'spec.ports[0].config.certificateRef', field: 'spec.ports[0].config.certificateRef.name',
      target: { group: '', kind: 'Secret', namespace: 'httpbin', name: 'nope' }, status: 'missing',
      message: 'Secret nope does not exist in httpbin (yet): until it does, the policy is not accepted and the gateway speaks plain HTTP to port 8443.',
      fix: { action: 'create-ca-from-certificate', kind: 'Secret', namespace: 'httpbin', name: 'nope' },
    });
  });

  it('a Secret without ca.crt, with an empty one, or with one that is not PEM', () => {
    const message = (name: string) => at(checkReferences(world(), seedPolicy(name)), 'spec.ports[0].config.certificateRef.name');
    expect(message('no-ca')).toMatchObject({ status: 'unusable', message: 'Secret no-ca has no ca.crt (its keys: tls.crt).' });
    expect(message('no-ca').fix).toBeUndefined();
    expect(message('empty-ca')).toMatchObject({ status: 'unusable', message: 'Secret empty-ca has an empty ca.crt.' });
    expect(message('garbage-ca')).toMatchObject({ status: 'unusable', message: 'ca.crt of Secret garbage-ca is not a PEM certificate.' });
  });

  it('mutual TLS also needs tls.crt and tls.key', () => {
    expect(at(checkReferences(world(), seedPolicy('https-cert', { mTLS: true })), 'spec.ports[0].config.certificateRef.name'))
      .toMatchObject({ status: 'unusable', message: 'Mutual TLS is on, but Secret https-cert has no tls.crt to present.' });
    expect(at(checkReferences(world(), seedPolicy('ca-and-pair', { mTLS: true })), 'spec.ports[0].config.certificateRef.name'))
      .toMatchObject({ status: 'ok', message: 'Secret ca-and-pair has ca.crt (1 certificate), tls.crt and tls.key.' });
  });

  it('a port the target Service lacks; a target that does not exist', () => {
    const policy = upstream({ targetRef: { group: '', kind: 'Service', name: 'httpbin' }, ports: [{ port: 443, config: { certificateRef: { name: 'https-cert' } } }] });
    expect(at(checkReferences(world(), policy), 'spec.ports[0].port')).toMatchObject({ status: 'unusable', message: 'Service httpbin has no port 443 (it has 8443 and 80): this entry is ignored until it has.' });
    const ghost = upstream({ targetRef: { group: '', kind: 'Service', name: 'ghost' }, ports: [{ port: 443, config: { certificateRef: { name: 'https-cert' } } }] });
    const checks = checkReferences(world(), ghost);
    expect(at(checks, 'spec.targetRef.name')).toMatchObject({ status: 'missing', message: 'Service ghost does not exist in httpbin (yet): the policy is not accepted until it does.' });
    expect(checks.some((c) => c.field === 'spec.ports[0].port')).toBe(false);
  });

  it('a target and a CA Secret in another namespace need a ReferenceGrant', () => {
    const policy = upstream({ targetRef: { group: '', kind: 'Service', name: 'other', namespace: 'elsewhere' }, ports: [{ port: 8080, config: { certificateRef: { name: 'their-ca', namespace: 'elsewhere' } } }] }, 'httpbin');
    const checks = checkReferences(world(), policy);
    expect(at(checks, 'spec.targetRef.name')).toMatchObject({ status: 'refused', message: expect.stringContaining('no ReferenceGrant in elsewhere lets UpstreamTLSPolicies from httpbin refer to it') });
    expect(at(checks, 'spec.ports[0].config.certificateRef.name')).toMatchObject({ status: 'refused', target: { kind: 'Secret', namespace: 'elsewhere', name: 'their-ca' } });
    const grant: KubeObject = { apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: meta('elsewhere', 'g'),
      spec: { from: [{ group: 'gateway.flomesh.io', kind: 'UpstreamTLSPolicy', namespace: 'httpbin' }], to: [{ group: '', kind: 'Service' }, { group: '', kind: 'Secret', name: 'their-ca' }] } };
    expect(checkReferences(world([grant]), policy).map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('spec.config is checked once for every port without its own config', () => {
    const policy = upstream({ targetRef: { group: '', kind: 'Service', name: 'httpbin' }, ports: [{ port: 8443 }, { port: 80 }], config: { certificateRef: { name: 'nope' } } });
    const checks = checkReferences(world(), policy).filter((c) => c.path === 'spec.config.certificateRef');
    expect(checks).toHaveLength(1);
    expect(checks[0]?.message).toContain('to the ports it covers');
  });
});

describe('BackendTLSPolicy: targets and CA ConfigMaps/Secrets', () => {
  const policy = (spec: Record<string, unknown>) => ({ apiVersion: `${GW}/v1`, kind: 'BackendTLSPolicy', metadata: { name: 'b', namespace: 'httpbin' }, spec });

  it('targetRefs with a port name; caCertificateRefs of both kinds', () => {
    const checks = checkReferences(world(), policy({
      targetRefs: [{ group: '', kind: 'Service', name: 'httpbin', sectionName: 'plain' }, { group: '', kind: 'Service', name: 'httpbin', sectionName: 'tls' }, { group: '', kind: 'Service', name: 'ghost' }],
      validation: { hostname: 'httpbin.internal', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca-bundle' }, { group: '', kind: 'ConfigMap', name: 'not-a-ca' }, { group: '', kind: 'Secret', name: 'https-cert' }, { group: '', kind: 'ConfigMap', name: 'nope' }] },
    }));
    expect(verdicts(checks)).toEqual([
      'spec.targetRefs[0].name [ok] Service httpbin: ports 8443 and 80 (plain).',
      'spec.targetRefs[0].sectionName [ok] Service httpbin port 80 "plain" (TCP).',
      'spec.targetRefs[1].name [ok] Service httpbin: ports 8443 and 80 (plain).',
      'spec.targetRefs[1].sectionName [unusable] Service httpbin has no port named "tls" (named ports: "plain" (80)): the policy covers nothing there.',
      'spec.targetRefs[2].name [missing] Service ghost does not exist in httpbin (yet): the policy applies once it does.',
      'spec.validation.caCertificateRefs[0].name [ok] ConfigMap ca-bundle has ca.crt (1 certificate).',
      'spec.validation.caCertificateRefs[1].name [unusable] ConfigMap not-a-ca has no ca.crt (its keys: note).',
      'spec.validation.caCertificateRefs[2].name [ok] Secret https-cert has ca.crt (2 certificates).',
      'spec.validation.caCertificateRefs[3].name [missing] ConfigMap nope does not exist in httpbin (yet): the policy is not accepted until it does.',
    ]);
    expect(checks[8]?.fix).toEqual({ action: 'create-ca-from-certificate', kind: 'ConfigMap', namespace: 'httpbin', name: 'nope' });
  });
});

describe('Gateway: listener certificates', () => {
  const gateway = (refs: Record<string, unknown>[], mode = 'Terminate') => ({
    apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: { name: 'g', namespace: 'httpbin' },
    spec: { gatewayClassName: 'x', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }, { name: 'https', protocol: 'HTTPS', port: 443, tls: { mode, certificateRefs: refs } }] },
  });

  it('a kubernetes.io/tls Secret is fine; the wrong type, missing keys, a key that is not PEM, or no Secret at all are not', () => {
    const checks = checkReferences(world(), gateway([{ name: 'server-cert' }, { name: 'opaque-pair' }, { name: 'half-tls' }, { name: 'nope' }, { name: 'https-cert', kind: 'Secret', group: '' }]));
    expect(verdicts(checks)).toEqual([
      'spec.listeners[1].tls.certificateRefs[0].name [ok] Secret server-cert: kubernetes.io/tls with tls.crt (1 certificate) and tls.key.',
      'spec.listeners[1].tls.certificateRefs[1].name [unusable] Secret opaque-pair is of type Opaque; this needs a kubernetes.io/tls Secret (tls.crt and tls.key).',
      'spec.listeners[1].tls.certificateRefs[2].name [unusable] tls.key of Secret half-tls is not a PEM private key.',
      'spec.listeners[1].tls.certificateRefs[3].name [missing] Secret nope does not exist in httpbin (yet): listener https cannot serve TLS until it does.',
      'spec.listeners[1].tls.certificateRefs[4].name [unusable] Secret https-cert is of type Opaque; this needs a kubernetes.io/tls Secret (tls.crt and tls.key).',
    ]);
    // Passthrough listeners hold no certificate.
    expect(checkReferences(world(), gateway([{ name: 'nope' }], 'Passthrough'))).toEqual([]);
  });

  it('a certificate in another namespace needs a ReferenceGrant from Gateways', () => {
    const c = checkReferences(world(), gateway([{ name: 'their-ca', namespace: 'elsewhere' }]))[0];
    expect(c).toMatchObject({ status: 'refused', message: expect.stringContaining('lets Gateways from httpbin refer to it') });
  });
});

describe('ReferenceGrant: from and to', () => {
  const grant = (namespace: string, spec: Record<string, unknown>) => ({ apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: { name: 'g', namespace }, spec });

  it('names the references a grant makes possible, and the objects it covers', () => {
    const checks = checkReferences(world(), grant('httpbin', {
      from: [{ group: GW, kind: 'HTTPRoute', namespace: 'elsewhere' }, { group: GW, kind: 'HTTPRoute', namespace: 'httpbin' }, { group: GW, kind: 'HTTPRoute', namespace: 'nowhere' }, { group: GW, kind: 'HTTPRoute', namespace: 'empty-ns' }],
      to: [{ group: '', kind: 'Service' }, { group: '', kind: 'Service', name: 'ghost' }, { group: '', kind: 'Secret', name: 'https-cert' }, { group: '', kind: 'ConfigMap', name: 'ca-bundle' }],
    }));
    expect(verdicts(checks)).toEqual([
      'spec.from[0].namespace [ok] Lets 1 HTTPRoute in elsewhere refer here: borrower.',
      'spec.from[1].namespace [unusable] This grant lives in httpbin: references from its own namespace need no grant.',
      'spec.from[2].namespace [missing] Namespace nowhere has no objects yet: the grant takes effect for HTTPRoutes made there.',
      'spec.from[3].namespace [ok] No HTTPRoute in empty-ns refers to Services, Service ghost, Secret https-cert and ConfigMap ca-bundle here yet.',
      'spec.to[0].kind [ok] Every Service in httpbin (1 today: httpbin).',
      'spec.to[1].name [missing] No Service ghost in httpbin (yet): the grant covers it once it exists.',
      'spec.to[2].name [ok] Secret https-cert exists in httpbin.',
      'spec.to[3].name [ok] ConfigMap ca-bundle exists in httpbin.',
    ]);
  });

  it('a kind with nothing of it in the namespace yet', () => {
    const c = checkReferences(world(), grant('elsewhere', { from: [{ group: GW, kind: 'HTTPRoute', namespace: 'httpbin' }], to: [{ group: '', kind: 'Secret' }, { group: '', kind: 'ConfigMap' }] }));
    expect(verdicts(c).slice(1)).toEqual([
      'spec.to[0].kind [ok] Every Secret in elsewhere (1 today: their-ca).',
      'spec.to[1].kind [missing] No ConfigMap in elsewhere yet: the grant covers every one made here.',
    ]);
  });
});

describe('drafts that refer to nothing, or are half written', () => {
  it('kinds without references, empty names and drafts without a spec give no checks', () => {
    expect(checkReferences(world(), { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'httpbin' }, spec: { ports: [] } })).toEqual([]);
    expect(checkReferences(world(), route('httpbin', { parentRefs: [{ name: '' }], rules: [{ backendRefs: [{ name: '', port: 80 }] }] }))).toEqual([]);
    expect(checkReferences(world(), { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: {} })).toEqual([]);
    // Without a namespace the draft is read as the API would default it: "default".
    expect(at(checkReferences(world(), { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { parentRefs: [{ name: 'simple-fsm-gateway' }] } }), 'spec.parentRefs[0].name').message)
      .toBe('Gateway simple-fsm-gateway does not exist in default (yet): the route attaches once it does.');
  });
});

describe('candidates for pickers', () => {
  it('Gateways with their listeners, Services with their ports, Secrets and ConfigMaps with key names only', () => {
    const w = world();
    expect(listCandidates(w, { kind: 'Gateway', namespace: 'httpbin' })).toEqual([{
      kind: 'Gateway', namespace: 'httpbin', name: 'simple-fsm-gateway', listeners: [
        { name: 'http', protocol: 'HTTP', port: 8000, allowedFrom: 'Same', programmed: true },
        { name: 'public', protocol: 'HTTP', port: 8001, allowedFrom: 'All', programmed: true },
        { name: 'tcp', protocol: 'TCP', port: 9000, allowedFrom: 'Same', programmed: false, problem: expect.stringContaining('TCP is not supported') },
      ],
    }]);
    expect(listCandidates(w, { kind: 'Service', namespace: 'httpbin' })).toEqual([
      { kind: 'Service', namespace: 'httpbin', name: 'httpbin', ports: [{ port: 8443, targetPort: 443, protocol: 'TCP' }, { port: 80, name: 'plain', protocol: 'TCP' }] },
    ]);
    expect(listCandidates(w, { kind: 'Service' }).map((c) => `${c.namespace}/${c.name}`)).toEqual(['elsewhere/other', 'httpbin/httpbin']);
    const secretsInHttpbin = listCandidates(w, { kind: 'Secret', namespace: 'httpbin' });
    expect(secretsInHttpbin.find((s) => s.name === 'server-cert')).toEqual({ kind: 'Secret', namespace: 'httpbin', name: 'server-cert', type: 'kubernetes.io/tls', keys: ['tls.crt', 'tls.key'] });
    expect(JSON.stringify(secretsInHttpbin)).not.toContain(b64(CERT));
    expect(listCandidates(w, { kind: 'ConfigMap', namespace: 'httpbin' }).map((c) => [c.name, c.keys])).toEqual([['ca-bundle', ['ca.crt']], ['not-a-ca', ['note']]]);
    expect(listCandidates(w, { kind: 'Namespace' }).map((c) => c.name)).toEqual(['elsewhere', 'empty-ns', 'httpbin']);
  });

  it('Secret facts keep sizes and PEM shapes, never values', () => {
    const f = secretFacts('ns', 's', undefined, { 'ca.crt': b64(CERT), 'tls.key': b64(KEY), note: b64('x') });
    expect(f).toEqual({ namespace: 'ns', name: 's', type: 'Opaque', keys: {
      'ca.crt': { bytes: CERT.length, certificates: 1, privateKey: false },
      'tls.key': { bytes: KEY.length, certificates: 0, privateKey: true },
      note: { bytes: 1, certificates: 0, privateKey: false },
    } });
  });
});

describe('ListenerSet: its Gateway and its listeners\' certificates', () => {
  const listenerSet = (namespace: string, spec: Record<string, unknown>) => ({ apiVersion: `${GW}/v1`, kind: 'ListenerSet', metadata: { name: 'draft', namespace }, spec });
  const open: KubeObject = { apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: meta('httpbin', 'open'),
    spec: { gatewayClassName: 'gatehouse', allowedListeners: { namespaces: { from: 'Same' } }, listeners: [{ name: 'http', protocol: 'HTTP', port: 8600 }] } };

  it('a Gateway that takes ListenerSets from this namespace is fine; one that does not (the default) is unusable; a missing one is missing', () => {
    const w = world([open]);
    const listeners = [{ name: 'extra', protocol: 'HTTP', port: 8601 }];
    expect(at(checkReferences(w, listenerSet('httpbin', { parentRef: { name: 'open' }, listeners })), 'spec.parentRef.name')).toMatchObject({ status: 'ok' });
    expect(at(checkReferences(w, listenerSet('elsewhere', { parentRef: { name: 'open', namespace: 'httpbin' }, listeners })), 'spec.parentRef.name'))
      .toMatchObject({ status: 'unusable', message: expect.stringContaining('only from its own namespace') });
    expect(at(checkReferences(w, listenerSet('httpbin', { parentRef: { name: 'simple-fsm-gateway' }, listeners })), 'spec.parentRef.name'))
      .toMatchObject({ status: 'unusable', message: expect.stringContaining('does not allow ListenerSets') });
    expect(at(checkReferences(w, listenerSet('httpbin', { parentRef: { name: 'nope' }, listeners })), 'spec.parentRef.name')).toMatchObject({ status: 'missing' });
  });

  it('certificateRefs are checked as the ListenerSet (a grant to ListenerSets, not to Gateways)', () => {
    const grant = (kind: string): KubeObject => ({ apiVersion: `${GW}/v1`, kind: 'ReferenceGrant', metadata: meta('httpbin', `to-${kind.toLowerCase()}`),
      spec: { from: [{ group: GW, kind, namespace: 'elsewhere' }], to: [{ group: '', kind: 'Secret' }] } });
    const draft = listenerSet('elsewhere', { parentRef: { name: 'open', namespace: 'httpbin' },
      listeners: [{ name: 'tls', protocol: 'HTTPS', port: 8602, tls: { certificateRefs: [{ name: 'server-cert', namespace: 'httpbin' }] } }] });
    const field = 'spec.listeners[0].tls.certificateRefs[0].name';
    expect(at(checkReferences(world([open, grant('Gateway')]), draft), field).status).not.toBe('ok');
    expect(at(checkReferences(world([open, grant('ListenerSet')]), draft), field).status).toBe('ok');
  });
});
