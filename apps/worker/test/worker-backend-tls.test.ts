import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { Condition, KubeObject } from '@gatehouse/domain/object/meta';
import { type EchoServer, startEchoServer } from '@gatehouse/echo/echo-server';
import { createTestPki, type IssuedCert, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import type { WorkerConfig } from '../src/config/worker-config';
import { type EngineWorkerHandle, type EnforcedEvent, startEngineWorker } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { testEngines } from './helpers/engines';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { caConfigMap, caSecret, freePort, gateway, upstreamTlsPolicy } from './helpers/scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * BackendTLSPolicy (gateway-api v1.6.1 standard) and the Gateway's backend client certificate (GEP-3155) end to
 * end: the worker's own listener, TLS upstreams (echo) with certificates made by the OpenSSL CLI at test time, which
 * report the SNI and client certificate they saw. Shapes follow the conformance tests backendtlspolicy*.yaml and
 * gateway-tls-backend-client-certificate.yaml.
 */
const TOKEN = 'test-token';
const NS = 'httpbin';
const T0 = Date.parse('2025-01-01T00:00:00Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');

describe.each(testEngines())('%s engine', (engine) => {
  let pki: TestPki;
  let ca: TestCa;
  let otherCa: TestCa;
  let fakeConsole: FakeConsole;
  let worker: EngineWorkerHandle;
  const haproxy = engine === 'haproxy';
  let listenPort: number;
  let revision = 0;
  const echoes: EchoServer[] = [];
  /** SAN DNS:abc.example.com, DNS:other.example.com, URI:spiffe://abc.example.com/test-identity; signed by `ca`. */
  let sanEcho: EchoServer;
  /** The same names, signed by `otherCa`. */
  let otherCaEcho: EchoServer;
  /** SAN DNS:abc.example.com, signed by `ca`, requires a client certificate from `ca`. */
  let mtlsEcho: EchoServer;
  /** For the sectionName case: a second upstream with sanEcho's certificate. */
  let secondEcho: EchoServer;
  let gatewayClient: IssuedCert;
  let policyClient: IssuedCert;

  async function echo(cert: IssuedCert, name: string, clientCa?: string): Promise<EchoServer> {
    const e = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: cert.certPem, key: cert.keyPem, name, ...(clientCa === undefined ? {} : { clientCa }) });
    echoes.push(e);
    return e;
  }

  function config(): WorkerConfig {
    return feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-btls-1', { engine });
  }

  async function enforce(objects: KubeObject[]): Promise<void> {
    const rev = ++revision;
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
    fakeConsole.publish(rev, objects);
    await enforced;
  }

  /**
   * HAProxy checks the certificate against the SNI it sends (or one verifyhost name), not against subjectAltNames:
   * a rule whose backend has them is answered 500 `unsupported_by_engine` by the compiler for the haproxy engine —
   * or, where the table was compiled without knowing the engine, the renderer refuses the snapshot.
   */
  async function expectUnsupportedOnHaproxy(objects: KubeObject[]): Promise<void> {
    const rev = ++revision;
    const outcome = new Promise<string>((resolve) => {
      void waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev, 15_000).then(() => resolve('enforced'), () => undefined);
      void waitForEvent<{ revision: number; error: string }>(worker.events, 'rejected', (e) => e.revision === rev, 15_000).then((e) => resolve(e.error), () => undefined);
    });
    fakeConsole.publish(rev, objects);
    const o = await outcome;
    if (o !== 'enforced') {
      expect(o).toContain('subjectAltNames');
      return;
    }
    const res = await get('/tls');
    // Compiled for haproxy the policy is Accepted=False (Invalid), and its backend answers 500: never sent with a
    // weaker check (engine-support.ts).
    expect(res.status).toBe(500);
    expect(['unsupported_by_engine', 'invalid_backend']).toContain(res.error);
    expect(res.text).toContain('subjectAltNames');
  }

  async function get(path: string): Promise<{ status: number; error: string | undefined; text: string; json: Record<string, unknown> | null }> {
    const res = await request(`http://127.0.0.1:${listenPort}${path}`, { headers: { host: 'abc.example.com' } });
    const text = await res.body.text();
    const error = res.headers['x-gatehouse-error'];
    return { status: res.statusCode, error: typeof error === 'string' ? error : undefined, text, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  /** Service `name` with named ports, each port's EndpointSlice pointing at 127.0.0.1:<echo port>. */
  function service(name: string, ports: Array<{ name: string; port: number; upstream: EchoServer }>): KubeObject[] {
    return [
      { apiVersion: 'v1', kind: 'Service', metadata: { namespace: NS, name }, spec: { ports: ports.map((p) => ({ name: p.name, protocol: 'TCP', port: p.port, targetPort: 8443 })) } },
      ...ports.map((p) => ({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { namespace: NS, name: `${name}-${p.name}`, labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        ports: [{ name: p.name, protocol: 'TCP', port: p.upstream.port }],
        endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      })),
    ];
  }

  /** HTTPRoute for abc.example.com: `/path` (and `?port=<query>` when set) → Service port, one rule each. */
  function route(gatewayName: string, rules: Array<{ path: string; query?: string; service: string; port: number }>): KubeObject {
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { namespace: NS, name: 'backend-tls', generation: 1, creationTimestamp: at(100) },
      spec: {
        parentRefs: [{ name: gatewayName }],
        hostnames: ['abc.example.com'],
        rules: rules.map((r) => ({
          matches: [{ path: { type: 'PathPrefix', value: r.path }, ...(r.query === undefined ? {} : { queryParams: [{ type: 'Exact', name: 'port', value: r.query }] }) }],
          backendRefs: [{ name: r.service, port: r.port }],
        })),
      },
    };
  }

  interface PolicyInput {
    name: string;
    service: string;
    sectionName?: string;
    hostname: string;
    caRefs?: Array<{ kind: 'ConfigMap' | 'Secret' | string; name: string; group?: string }>;
    wellKnown?: string;
    subjectAltNames?: Array<{ type: 'Hostname'; hostname: string } | { type: 'URI'; uri: string }>;
    createdAt?: number;
  }

  function policy(p: PolicyInput): KubeObject {
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'BackendTLSPolicy',
      metadata: { namespace: NS, name: p.name, generation: 1, creationTimestamp: at(p.createdAt ?? 300) },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: p.service, ...(p.sectionName === undefined ? {} : { sectionName: p.sectionName }) }],
        validation: {
          hostname: p.hostname,
          ...(p.caRefs === undefined ? {} : { caCertificateRefs: p.caRefs.map((r) => ({ group: r.group ?? '', kind: r.kind, name: r.name })) }),
          ...(p.wellKnown === undefined ? {} : { wellKnownCACertificates: p.wellKnown }),
          ...(p.subjectAltNames === undefined ? {} : { subjectAltNames: p.subjectAltNames }),
        },
      },
    };
  }

  const GW = 'same-namespace';
  const caObjects = (): KubeObject[] => [caConfigMap('ca', ca.certPem), caConfigMap('other-ca', otherCa.certPem), caSecret('other-ca-secret', otherCa.certPem)];

  /** One Service `svc` (port 443 → `upstream`) routed at `/`, and the given policies. */
  function single(upstream: EchoServer, ...policies: KubeObject[]): KubeObject[] {
    return [gateway(GW, [listenPort]), route(GW, [{ path: '/', service: 'svc', port: 443 }]), ...service('svc', [{ name: 'https', port: 443, upstream }]), ...caObjects(), ...policies];
  }

  /** The policy's conditions on its Gateway ancestor, as the console computes them from the same snapshot. */
  function policyConditions(objects: KubeObject[], name: string): Record<string, string> {
    const { statuses } = compileSnapshot({ revision: 1, objects }, { controllerName: 'gatehouse.dev/gateway-controller', now: at(0) });
    const s = statuses.find((x) => x.kind === 'BackendTLSPolicy' && x.name === name);
    const ancestors = (s?.status.ancestors ?? []) as Array<{ ancestorRef: { name: string }; conditions: Condition[] }>;
    const onGateway = ancestors.find((a) => a.ancestorRef.name === GW);
    return Object.fromEntries((onGateway?.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]));
  }

  beforeAll(async () => {
    pki = createTestPki();
    ca = pki.createCa('btls-ca');
    otherCa = pki.createCa('btls-other-ca');
    const sans = ['DNS:abc.example.com', 'DNS:other.example.com', 'URI:spiffe://abc.example.com/test-identity'];
    const serving = pki.issue(ca, { cn: 'tls-backend', sans });
    sanEcho = await echo(serving, 'san');
    secondEcho = await echo(serving, 'second');
    otherCaEcho = await echo(pki.issue(otherCa, { cn: 'tls-backend', sans }), 'other-ca');
    mtlsEcho = await echo(pki.issue(ca, { cn: 'tls-backend', sans: ['DNS:abc.example.com'] }), 'mtls', ca.certPem);
    gatewayClient = pki.issue(ca, { cn: 'gateway-client', usage: 'client' });
    policyClient = pki.issue(ca, { cn: 'policy-client', usage: 'client' });
    fakeConsole = await startFakeConsole(TOKEN);
    listenPort = await freePort();
    worker = await startEngineWorker(config(), pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all(echoes.map((e) => e.close()));
    await fakeConsole?.close();
    pki?.cleanup();
  });

  describe('BackendTLSPolicy: hostname and subjectAltNames', () => {
    it('sends validation.hostname as SNI and verifies it against the certificate', async () => {
      await enforce(single(sanEcho, policy({ name: 'p', service: 'svc', hostname: 'other.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }] })));
      const res = await get('/tls');
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ tls: true, sni: 'other.example.com' });
      await enforce(single(sanEcho, policy({ name: 'p', service: 'svc', hostname: 'nope.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }] })));
      const wrong = await get('/tls');
      expect([wrong.status, wrong.error]).toEqual([502, 'upstream_tls_hostname_mismatch']);
      expect(wrong.text).toContain('does not match nope.example.com required by BackendTLSPolicy httpbin/p');
    });

    it('with a Hostname SAN verifies the SAN instead of the hostname, and still sends the hostname as SNI', async () => {
      // hostname names no SAN of the certificate: with subjectAltNames set it "MUST NOT be used for authentication".
      const sanPolicy = (hostname: string) => policy({ name: 'p', service: 'svc', hostname: 'not-in-cert.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }], subjectAltNames: [{ type: 'Hostname', hostname }] });
      if (haproxy) return expectUnsupportedOnHaproxy(single(sanEcho, sanPolicy('other.example.com')));
      await enforce(single(sanEcho, sanPolicy('other.example.com')));
      const ok = await get('/tls');
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ sni: 'not-in-cert.example.com' });
      await enforce(single(sanEcho, sanPolicy('dce.example.com')));
      const mismatch = await get('/tls');
      expect([mismatch.status, mismatch.error]).toEqual([502, 'upstream_tls_hostname_mismatch']);
      expect(mismatch.text).toContain('one of the subjectAltNames Hostname:dce.example.com');
    });

    it('with a URI SAN matches the certificate\'s URI entry exactly', async () => {
      const uriPolicy = (uri: string) => policy({ name: 'p', service: 'svc', hostname: 'abc.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }], subjectAltNames: [{ type: 'URI', uri }] });
      if (haproxy) return expectUnsupportedOnHaproxy(single(sanEcho, uriPolicy('spiffe://abc.example.com/test-identity')));
      await enforce(single(sanEcho, uriPolicy('spiffe://abc.example.com/test-identity')));
      expect((await get('/tls')).status).toBe(200);
      await enforce(single(sanEcho, uriPolicy('spiffe://def.example.com/test-identity')));
      const mismatch = await get('/tls');
      expect([mismatch.status, mismatch.error]).toEqual([502, 'upstream_tls_hostname_mismatch']);
      expect(mismatch.text).toContain('URI:spiffe://def.example.com/test-identity');
    });
  });

  describe('BackendTLSPolicy: CA certificates', () => {
    it('builds one bundle from a ConfigMap and a Secret reference; without the second, its CA is not trusted', async () => {
      const both = policy({ name: 'p', service: 'svc', hostname: 'abc.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }, { kind: 'Secret', name: 'other-ca-secret' }] });
      await enforce(single(otherCaEcho, both));
      expect((await get('/tls')).status).toBe(200);
      await enforce(single(sanEcho, both));
      expect((await get('/tls')).status).toBe(200);
      await enforce(single(otherCaEcho, policy({ name: 'p', service: 'svc', hostname: 'abc.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }] })));
      const untrusted = await get('/tls');
      expect([untrusted.status, untrusted.error]).toEqual([502, 'upstream_tls_untrusted']);
      expect(untrusted.text).toContain('not trusted by the CA in httpbin/ca');
    });

    it('wellKnownCACertificates System does not trust a private CA, and says so', async () => {
      const objects = single(sanEcho, policy({ name: 'p', service: 'svc', hostname: 'abc.example.com', wellKnown: 'System' }));
      expect(policyConditions(objects, 'p')).toEqual({ Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs' });
      await enforce(objects);
      const res = await get('/tls');
      expect([res.status, res.error]).toEqual([502, 'upstream_tls_untrusted']);
      expect(res.text).toContain('not trusted by the system CA roots (BackendTLSPolicy httpbin/p wellKnownCACertificates: System)');
    });

    it('invalid references (missing, no ca.crt, unsupported kind): 5xx for the backend, statuses as conformance expects', async () => {
      const cases: Array<{ ref: PolicyInput['caRefs']; resolved: string }> = [
        { ref: [{ kind: 'ConfigMap', name: 'nonexistent-ca-certificate' }], resolved: 'False/InvalidCACertificateRef' },
        { ref: [{ kind: 'ConfigMap', name: 'malformed-ca-certificate' }], resolved: 'False/InvalidCACertificateRef' },
        { ref: [{ group: 'invalid.io', kind: 'InvalidKind', name: 'invalid-kind' }], resolved: 'False/InvalidKind' },
      ];
      for (const c of cases) {
        const malformed: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: NS, name: 'malformed-ca-certificate' }, data: {} };
        const objects = [...single(sanEcho, policy({ name: 'p', service: 'svc', hostname: 'abc.example.com', caRefs: c.ref })), malformed];
        expect(policyConditions(objects, 'p')).toEqual({ Accepted: 'False/NoValidCACertificate', ResolvedRefs: c.resolved });
        await enforce(objects);
        const res = await get('/tls');
        expect([res.status, res.error]).toEqual([500, 'invalid_backend']);
        expect(res.text).toContain('BackendTLSPolicy httpbin/p cannot be applied: no valid CA certificate');
      }
    });
  });

  describe('BackendTLSPolicy: targets', () => {
    it('a sectionName policy covers its Service port; a whole-Service policy the other port; neither conflicts', async () => {
      const objects = [
        gateway(GW, [listenPort]),
        route(GW, [{ path: '/', query: 'one', service: 'multi', port: 443 }, { path: '/', query: 'two', service: 'multi', port: 8443 }]),
        ...service('multi', [{ name: 'https-1', port: 443, upstream: sanEcho }, { name: 'https-2', port: 8443, upstream: secondEcho }]),
        ...caObjects(),
        policy({ name: 'with-section-name', service: 'multi', sectionName: 'https-1', hostname: 'other.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }], createdAt: 301 }),
        policy({ name: 'without-section-name', service: 'multi', hostname: 'abc.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }], createdAt: 302 }),
      ];
      expect(policyConditions(objects, 'with-section-name').Accepted).toBe('True/Accepted');
      expect(policyConditions(objects, 'without-section-name').Accepted).toBe('True/Accepted');
      await enforce(objects);
      const one = await get('/tls?port=one');
      expect([one.status, one.json?.sni]).toEqual([200, 'other.example.com']);
      const two = await get('/tls?port=two');
      expect([two.status, two.json?.sni]).toEqual([200, 'abc.example.com']);
    });

    it('conflicts: the oldest policy for the same target wins (then ns/name), the other is Accepted=False Conflicted', async () => {
      const objects = [
        ...single(sanEcho),
        // Same creationTimestamp: conflicted-2 sorts after conflicted-1, so -1 (SNI other.example.com) wins.
        policy({ name: 'conflicted-2', service: 'svc', hostname: 'abc.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }], createdAt: 400 }),
        policy({ name: 'conflicted-1', service: 'svc', hostname: 'other.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }], createdAt: 400 }),
        policy({ name: 'newest', service: 'svc', hostname: 'abc.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }], createdAt: 500 }),
      ];
      expect(policyConditions(objects, 'conflicted-1')).toEqual({ Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs' });
      expect(policyConditions(objects, 'conflicted-2').Accepted).toBe('False/Conflicted');
      expect(policyConditions(objects, 'newest').Accepted).toBe('False/Conflicted');
      await enforce(objects);
      const res = await get('/tls');
      expect([res.status, res.json?.sni]).toEqual([200, 'other.example.com']);
    });
  });

  describe('Gateway spec.tls.backend.clientCertificateRef', () => {
    const tlsSecret = (name: string, cert: IssuedCert): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { namespace: NS, name },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from(cert.certPem).toString('base64'), 'tls.key': Buffer.from(cert.keyPem).toString('base64') },
    });
    const withClientCert = (gw: KubeObject, secretName: string): KubeObject => ({ ...gw, spec: { ...(gw.spec as object), tls: { backend: { clientCertificateRef: { group: '', kind: 'Secret', name: secretName } } } } });
    const btls = policy({ name: 'p', service: 'svc', hostname: 'abc.example.com', caRefs: [{ kind: 'ConfigMap', name: 'ca' }] });

    it('is presented to a backend that requires a client certificate; without it the handshake fails', async () => {
      await enforce(single(mtlsEcho, btls));
      const without = await get('/tls');
      // TLS 1.3 reports a refused client certificate after the handshake: Node sees the reset of a connection it had
      // already used, HAProxy (depending on timing) the alert during its handshake.
      expect(without.status).toBe(502);
      if (engine === 'node' || without.error === 'upstream_connection_reset') {
        expect(without.error).toBe('upstream_connection_reset');
        expect(without.text).toContain('no client certificate was presented');
      } else expect(without.error).toBe('upstream_tls_handshake_failed');
      const objects = [...single(mtlsEcho, btls).map((o) => (o.kind === 'Gateway' ? withClientCert(o, 'gateway-client') : o)), tlsSecret('gateway-client', gatewayClient)];
      await enforce(objects);
      const res = await get('/tls');
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ tls: true, sni: 'abc.example.com', clientCertificateCN: 'gateway-client' });
    });

    it('an UpstreamTLSPolicy with mTLS: true keeps presenting its own certificate', async () => {
      const objects = [
        withClientCert(gateway(GW, [listenPort]), 'gateway-client'),
        route(GW, [{ path: '/', service: 'httpbin', port: 8443 }]),
        ...service('httpbin', [{ name: 'https', port: 8443, upstream: mtlsEcho }]),
        tlsSecret('gateway-client', gatewayClient),
        caSecret('https-cert', ca.certPem, policyClient),
        upstreamTlsPolicy('httpbin', 'https-cert', true),
      ];
      await enforce(objects);
      const res = await get('/tls');
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ clientCertificateCN: 'policy-client' });
    });
  });
});

