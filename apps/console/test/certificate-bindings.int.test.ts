import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createHarness, seedHeredocs, type Harness } from './support/console-harness';
import { openssl, scratchDir } from './support/openssl-cli';

const fromB64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

forEachDatabase((t) => {
  let h: Harness;
  const files = scratchDir();
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await createHarness(t.db);
  });
  afterAll(() => files.remove());

  /** Secret values as an admin export shows them (the only way values leave the API). */
  const secretData = async (namespace: string, name: string): Promise<Record<string, string>> => {
    const exp = await h.call('GET', `/api/v1/export?namespace=${namespace}&includeSecretValues=true`);
    const docs = parseAllDocuments(exp.text).map((d) => d.toJS() as { kind: string; metadata: { name: string }; data?: Record<string, string> });
    const secret = docs.find((d) => d.kind === 'Secret' && d.metadata.name === name);
    expect(secret, `Secret ${namespace}/${name}`).toBeDefined();
    return Object.fromEntries(Object.entries(secret?.data ?? {}).map(([k, v]) => [k, fromB64(v)]));
  };
  const policyStatus = async () => (await h.call('GET', '/api/v1/namespaces/httpbin/upstreamtlspolicies/upstream-tls-policy-sample')).json.status?.conditions?.[0];

  describe('the seed scenario without hand-made PEM files', () => {
    it('a Secret bound to the CA makes the UpstreamTLSPolicy Accepted', async () => {
      const ca = await h.call('POST', '/api/v1/certificates/root-ca', { body: { subject: { commonName: 'flomesh.io' } } });
      expect(ca.status, ca.text).toBe(201);
      ids.ca = ca.json.id;
      const server = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: ids.ca, subject: { commonName: 'foo.example.com' }, sans: ['foo.example.com'] } });
      expect(server.status, server.text).toBe(201);
      ids.server = server.json.id;

      const docs = seedHeredocs();
      const service = docs[0]!.split(/^---$/m)[1]!;
      for (const body of [service, docs[1]!, docs[2]!]) {
        const r = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body, contentType: 'application/yaml' });
        expect(r.status, r.text).toBe(200);
      }
      // The policy names Secret https-cert, which does not exist yet.
      expect(await policyStatus()).toMatchObject({ type: 'Accepted', status: 'False', reason: 'Invalid' });

      const bound = await h.call('POST', `/api/v1/certificates/${ids.ca}/bindings`, { body: { namespace: 'httpbin', name: 'https-cert', shape: 'ca-bundle' } });
      expect(bound.status, bound.text).toBe(201);
      expect(bound.json.binding).toMatchObject({ kind: 'Secret', namespace: 'httpbin', name: 'https-cert', shape: 'ca-bundle', keys: { ca: 'ca.crt' } });
      expect(Object.keys(bound.json.object.dataInfo)).toEqual(['ca.crt']);
      expect(bound.json.object.metadata.annotations['gatehouse.dev/certificate']).toBe(ids.ca);
      expect(await policyStatus()).toMatchObject({ type: 'Accepted', status: 'True', reason: 'Accepted' });

      // The upstream's own Secret, with the seed's file names, from the server certificate.
      const upstream = await h.call('POST', `/api/v1/certificates/${ids.server}/bindings`, {
        body: { namespace: 'httpbin', name: 'server-cert', shape: 'custom', keys: { certificate: 'server-cert.pem', privateKey: 'server-key.pem' } },
      });
      expect(upstream.status, upstream.text).toBe(201);
      const caData = await secretData('httpbin', 'https-cert');
      const serverData = await secretData('httpbin', 'server-cert');
      expect(Object.keys(serverData).sort()).toEqual(['server-cert.pem', 'server-key.pem']);
      files.write('ca.crt', caData['ca.crt']!);
      files.write('server-cert.pem', serverData['server-cert.pem']!);
      files.write('server-key.pem', serverData['server-key.pem']!);
      expect((await openssl(['verify', '-CAfile', 'ca.crt', 'server-cert.pem'], files.dir)).stdout).toMatch(/server-cert.pem: OK/);
      const certKey = await openssl(['x509', '-in', 'server-cert.pem', '-noout', '-pubkey'], files.dir);
      const keyPub = await openssl(['pkey', '-in', 'server-key.pem', '-pubout'], files.dir);
      expect(keyPub.stdout).toBe(certKey.stdout);

      // The worker gets the bound CA Secret (the policy references it) with its value.
      const feed = await h.call('GET', '/api/v1/feed/snapshot', { token: await h.tokenFor('worker') });
      const fed = feed.json.objects.find((o: { kind: string; metadata: { name: string } }) => o.kind === 'Secret' && o.metadata.name === 'https-cert');
      expect(fromB64(fed.data['ca.crt'])).toBe(caData['ca.crt']);

      const usage = await h.call('GET', `/api/v1/certificates/${ids.ca}/usage`);
      expect(usage.json.upstreamTlsPolicies).toEqual([
        { policy: { kind: 'UpstreamTLSPolicy', namespace: 'httpbin', name: 'upstream-tls-policy-sample' }, via: { kind: 'Secret', namespace: 'httpbin', name: 'https-cert' }, accepted: 'True (Accepted)' },
      ]);
      expect(usage.json.bindings[0]).toMatchObject({ name: 'https-cert', exists: true });
      expect(usage.json.issued).toBe(1);

      const audit = await h.call('GET', '/api/v1/audit-events?namespace=httpbin&kind=Secret');
      const created = audit.json.items.find((e: { name: string; action: string }) => e.name === 'https-cert' && e.action === 'create');
      expect(created.message).toMatch(/rendered from certificate flomesh.io/);
      expect(created.after.data['ca.crt']).toMatch(/^hmac-sha256:/);
      const bindEvents = await h.call('GET', `/api/v1/audit-events?action=certificate.bind&name=${ids.ca}`);
      expect(bindEvents.json.items[0].message).toMatch(/Secret httpbin\/https-cert/);
    });
  });

  describe('shapes and refusals', () => {
    it('writes kubernetes.io/tls Secrets and CA-bundle ConfigMaps that listeners and BackendTLSPolicies use', async () => {
      const tls = await h.call('POST', `/api/v1/certificates/${ids.server}/bindings`, { body: { namespace: 'gw', name: 'foo-tls', shape: 'tls', includeCa: true } });
      expect(tls.status, tls.text).toBe(201);
      expect(tls.json.object.type).toBe('kubernetes.io/tls');
      const data = await secretData('gw', 'foo-tls');
      expect(Object.keys(data).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
      expect(data['tls.crt']!.match(/BEGIN CERTIFICATE/g)).toHaveLength(1); // the root is not served
      const cm = await h.call('POST', `/api/v1/certificates/${ids.ca}/bindings`, { body: { kind: 'ConfigMap', namespace: 'gw', name: 'upstream-ca', shape: 'ca-bundle' } });
      expect(cm.status, cm.text).toBe(201);
      expect(cm.json.object.data['ca.crt']).toMatch(/^-----BEGIN CERTIFICATE-----/);

      const manifests = [
        'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: gatehouse}\nspec: {controllerName: gatehouse.dev/gateway-controller}',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: edge, namespace: gw}\nspec:\n  gatewayClassName: gatehouse\n  listeners:\n  - {name: https, protocol: HTTPS, port: 8443, hostname: foo.example.com, tls: {mode: Terminate, certificateRefs: [{name: foo-tls}]}}\n  - {name: http, protocol: HTTP, port: 8080}',
        'apiVersion: v1\nkind: Service\nmetadata: {name: backend, namespace: gw}\nspec: {ports: [{port: 443}]}',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: to-backend, namespace: gw}\nspec:\n  parentRefs: [{name: edge, sectionName: http}]\n  rules: [{backendRefs: [{name: backend, port: 443}]}]',
        'apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: backend-tls, namespace: gw}\nspec:\n  targetRefs: [{group: "", kind: Service, name: backend}]\n  validation: {hostname: foo.example.com, caCertificateRefs: [{group: "", kind: ConfigMap, name: upstream-ca}]}',
      ].join('\n---\n');
      const applied = await h.call('POST', '/api/v1/apply', { body: manifests, contentType: 'application/yaml' });
      expect(applied.status, applied.text).toBe(200);
      const serverUsage = await h.call('GET', `/api/v1/certificates/${ids.server}/usage`);
      expect(serverUsage.json.listeners).toEqual([{ gateway: { kind: 'Gateway', namespace: 'gw', name: 'edge' }, listener: 'https', via: { kind: 'Secret', namespace: 'gw', name: 'foo-tls' } }]);
      const caUsage = await h.call('GET', `/api/v1/certificates/${ids.ca}/usage`);
      expect(caUsage.json.backendTlsPolicies).toEqual([
        { policy: { kind: 'BackendTLSPolicy', namespace: 'gw', name: 'backend-tls' }, via: { kind: 'ConfigMap', namespace: 'gw', name: 'upstream-ca' }, accepted: 'True (Accepted)' },
      ]);
      const gw = await h.call('GET', '/api/v1/namespaces/gw/gateways/edge');
      const listener = gw.json.status.listeners.find((l: { name: string }) => l.name === 'https');
      expect(listener.conditions.find((c: { type: string }) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'True' });
    });

    it('keeps other keys of an existing Secret, and refuses what cannot work with a clear 4xx', async () => {
      await h.call('POST', '/api/v1/namespaces/keep/secrets', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mixed', labels: { team: 'a' } }, stringData: { other: 'kept' } } });
      const r = await h.call('POST', `/api/v1/certificates/${ids.ca}/bindings`, { body: { namespace: 'keep', name: 'mixed', shape: 'custom', keys: { ca: 'trust.pem' } } });
      expect(r.status, r.text).toBe(201);
      expect(Object.keys(r.json.object.dataInfo).sort()).toEqual(['other', 'trust.pem']);
      expect(r.json.object.metadata.labels).toEqual({ team: 'a' });

      const opaqueToTls = await h.call('POST', `/api/v1/certificates/${ids.server}/bindings`, { body: { namespace: 'keep', name: 'mixed', shape: 'tls' } });
      expect(opaqueToTls.status).toBe(409); // already bound to the CA
      await h.call('POST', '/api/v1/namespaces/keep/secrets', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'opaque' }, stringData: { a: 'b' } } });
      const typeClash = await h.call('POST', `/api/v1/certificates/${ids.server}/bindings`, { body: { namespace: 'keep', name: 'opaque', shape: 'tls' } });
      expect(typeClash.status).toBe(409);
      expect(typeClash.json.message).toMatch(/type Opaque.*kubernetes.io\/tls/);
      const cmTls = await h.call('POST', `/api/v1/certificates/${ids.server}/bindings`, { body: { kind: 'ConfigMap', namespace: 'keep', name: 'x', shape: 'tls' } });
      expect(cmTls.status).toBe(400);
      expect(cmTls.json.details[0].path).toBe('shape');
      const badName = await h.call('POST', `/api/v1/certificates/${ids.server}/bindings`, { body: { namespace: 'Keep', name: 'x', shape: 'tls' } });
      expect(badName.json.details[0].path).toBe('namespace');
      const rootLeafBundle = await h.call('POST', `/api/v1/certificates/${ids.ca}/bindings`, { body: { namespace: 'keep', name: 'dup-keys', shape: 'custom', keys: { certificate: 'a.pem', ca: 'a.pem' } } });
      expect(rootLeafBundle.status).toBe(400);
      const viewer = await h.tokenFor('viewer');
      expect((await h.call('POST', `/api/v1/certificates/${ids.ca}/bindings`, { token: viewer, body: { namespace: 'keep', name: 'v', shape: 'ca-bundle' } })).status).toBe(403);
      expect(await t.db.prisma.resource.count({ where: { namespace: 'keep', name: { in: ['x', 'v', 'dup-keys'] } } })).toBe(0);
    });
  });

  describe('renewal', () => {
    it('a bound Secret follows a renewal of its certificate: new value, audited, published to the worker', async () => {
      const worker = await h.tokenFor('worker');
      const first = await h.call('GET', '/api/v1/feed/snapshot', { token: worker });
      const waiting = h.call('GET', `/api/v1/feed/snapshot?after=${first.json.revision}&wait=20`, { token: worker });
      const before = await secretData('gw', 'foo-tls');
      const renewed = await h.call('POST', `/api/v1/certificates/${ids.server}/renew`);
      expect(renewed.status, renewed.text).toBe(201);
      expect(renewed.json).toMatchObject({ renewedFromId: ids.server, commonName: 'foo.example.com', sans: { dns: ['foo.example.com'] }, issuerId: ids.ca });
      const old = (await h.call('GET', `/api/v1/certificates/${ids.server}`)).json;
      expect(old.supersededById).toBe(renewed.json.id);
      expect(renewed.json.serialHex).not.toBe(old.serialHex);

      const next = await waiting;
      expect(next.status).toBe(200);
      const fed = next.json.objects.find((o: { kind: string; metadata: { name: string } }) => o.kind === 'Secret' && o.metadata.name === 'foo-tls');
      expect(fromB64(fed.data['tls.crt'])).toBe(renewed.json.pem);
      const after = await secretData('gw', 'foo-tls');
      expect(after['tls.key']).not.toBe(before['tls.key']); // a new key by default
      expect((await secretData('httpbin', 'server-cert'))['server-cert.pem']).toBe(renewed.json.pem);
      files.write('renewed.pem', after['tls.crt']!);
      files.write('renewed.key', after['tls.key']!);
      expect((await openssl(['verify', '-CAfile', 'ca.crt', 'renewed.pem'], files.dir)).stdout).toMatch(/OK/);
      expect((await openssl(['x509', '-in', 'renewed.pem', '-noout', '-pubkey'], files.dir)).stdout).toBe((await openssl(['pkey', '-in', 'renewed.key', '-pubout'], files.dir)).stdout);

      const bindings = await h.call('GET', `/api/v1/certificates/${renewed.json.id}/bindings`);
      expect(bindings.json.items.map((b: { name: string }) => b.name).sort()).toEqual(['foo-tls', 'server-cert']);
      expect((await h.call('GET', `/api/v1/certificates/${ids.server}/bindings`)).json.items).toEqual([]);
      const events = await h.call('GET', '/api/v1/audit-events?namespace=gw&kind=Secret&name=foo-tls&action=update');
      expect(events.json.items[0].message).toMatch(/renewed/);
      expect(events.json.items[0].before.data['tls.crt']).not.toBe(events.json.items[0].after.data['tls.crt']);
      expect((await h.call('GET', `/api/v1/audit-events?action=certificate.renew&name=${renewed.json.id}`)).json.items).toHaveLength(1);
      ids.server = renewed.json.id;
    });

    it('a renewed CA keeps its predecessor in bound CA bundles, so leaves issued before still verify', async () => {
      const renewed = await h.call('POST', `/api/v1/certificates/${ids.ca}/renew`);
      expect(renewed.status, renewed.text).toBe(201);
      const bundle = (await secretData('httpbin', 'https-cert'))['ca.crt']!;
      expect(bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
      files.write('bundle.pem', bundle);
      expect((await openssl(['verify', '-CAfile', 'bundle.pem', 'renewed.pem'], files.dir)).stdout).toMatch(/OK/);
      const fresh = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: renewed.json.id, sans: ['new.example.com'] } });
      files.write('fresh.pem', fresh.json.pem);
      expect((await openssl(['verify', '-CAfile', 'bundle.pem', 'fresh.pem'], files.dir)).stdout).toMatch(/OK/);
      expect(await policyStatus()).toMatchObject({ status: 'True' });
      // Renewing the leaf now issues from the newest CA of the lineage.
      const leaf = await h.call('POST', `/api/v1/certificates/${ids.server}/renew`, { body: { newKey: false } });
      expect(leaf.status, leaf.text).toBe(201);
      expect(leaf.json.issuerId).toBe(renewed.json.id);
      expect(leaf.json.chain[0]).toBe(renewed.json.pem);
    });
  });
});
