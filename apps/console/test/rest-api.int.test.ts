import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createHarness, seedHeredocs, ADMIN_TOKEN, type Harness } from './support/console-harness';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBdummyCAcertificateForTests\n-----END CERTIFICATE-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');

function caSecret(name = 'https-cert', value = CA_PEM) {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'httpbin' }, data: { 'ca.crt': b64(value) } };
}

forEachDatabase((t) => {
  let h: Harness;
  const setup = async () => (h ??= await createHarness(t.db));

  describe('authentication', () => {
    it('answers 401 without a valid token on every /api/v1 path but openapi.json', async () => {
      await setup();
      for (const [method, path] of [
        ['GET', '/api/v1/namespaces'],
        ['GET', '/api/v1/namespaces/httpbin/gateways'],
        ['POST', '/api/v1/apply'],
        ['GET', '/api/v1/export'],
        ['GET', '/api/v1/audit-events'],
        ['GET', '/api/v1/audit-events/verify'],
        ['GET', '/api/v1/feed/snapshot'],
        ['GET', '/api/v1/no-such-thing'],
      ] as const) {
        const r = await h.call(method, path, { token: null });
        expect(r.status, `${method} ${path}`).toBe(401);
        expect(r.json.code).toBe('unauthenticated');
        const bad = await h.call(method, path, { token: 'gh_not-a-real-token' });
        expect(bad.status, `${method} ${path} with a bad token`).toBe(401);
      }
      const doc = await h.call('GET', '/api/v1/openapi.json', { token: null });
      expect(doc.status).toBe(200);
      expect(doc.json.openapi).toBe('3.1.0');
      expect(Object.keys(doc.json.paths)).toContain('/api/v1/namespaces/{namespace}/upstreamtlspolicies/{name}');
      expect(Object.keys(doc.json.paths)).toContain('/api/v1/namespaces/{namespace}/listenersets/{name}');
      expect(doc.json.components.schemas.Gateway).toBeDefined();
      expect(Object.keys(doc.json.paths)).toContain('/api/v1/namespaces/{namespace}/tlsroutes/{name}');
      expect(doc.json.components.schemas.TLSRoute).toBeDefined();
    });

    it('enforces roles: viewer reads, cannot write; editor writes, cannot manage tokens or read Secret values', async () => {
      await setup();
      const viewer = await h.tokenFor('viewer');
      const editor = await h.tokenFor('editor');
      expect((await h.call('GET', '/api/v1/namespaces', { token: viewer })).status).toBe(200);
      const w = await h.call('POST', '/api/v1/namespaces', { token: viewer, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'viewer-ns' } } });
      expect(w.status).toBe(403);
      expect(w.json.code).toBe('forbidden');
      expect((await h.call('POST', '/api/v1/namespaces', { token: editor, body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'editor-ns' } } })).status).toBe(201);
      expect((await h.call('POST', '/api/v1/tokens', { token: editor, body: { name: 'x', role: 'admin' } })).status).toBe(403);
      expect((await h.call('GET', '/api/v1/export?includeSecretValues=true', { token: editor })).status).toBe(403);
      const worker = await h.tokenFor('worker');
      expect((await h.call('GET', '/api/v1/namespaces', { token: worker })).status).toBe(403);
    });

    it('made the bootstrap admin token once, and tokens can be created and revoked', async () => {
      await setup();
      const list = await h.call('GET', '/api/v1/tokens');
      expect(list.json.items.filter((x: { name: string }) => x.name === 'bootstrap')).toHaveLength(1);
      expect(JSON.stringify(list.json)).not.toContain(ADMIN_TOKEN);
      const made = await h.call('POST', '/api/v1/tokens', { body: { name: 'ci', role: 'editor' } });
      expect(made.status).toBe(201);
      expect(made.json.token).toMatch(/^gh_/);
      expect((await h.call('GET', '/api/v1/namespaces', { token: made.json.token })).status).toBe(200);
      expect((await h.call('DELETE', `/api/v1/tokens/${made.json.id}`)).status).toBe(200);
      expect((await h.call('GET', '/api/v1/namespaces', { token: made.json.token })).status).toBe(401);
    });
  });

  describe('the seed manifests', () => {
    it('accepts them verbatim through apply (kubectl apply -n httpbin), and again as unchanged', async () => {
      await setup();
      const docs = seedHeredocs();
      // [0] Deployment+Service, [1] Gateway+HTTPRoute, [2] UpstreamTLSPolicy. Deployment is not a Gatehouse kind.
      const refused = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body: docs[0], contentType: 'application/yaml' });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.json.details)).toMatch(/\[0\]/);
      expect(refused.json.message).toMatch(/Deployment|kind/);
      const service = docs[0]!.split(/^---$/m)[1]!;
      const r = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body: [service, docs[1]].join('\n---\n'), contentType: 'application/yaml' });
      expect(r.status, r.text).toBe(200);
      expect(r.json.results.map((x: { kind: string; outcome: string }) => `${x.kind}:${x.outcome}`)).toEqual(['Service:created', 'Gateway:created', 'HTTPRoute:created']);
      const s = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body: [caSecret()], contentType: 'application/json' });
      expect(s.status, s.text).toBe(200);
      const p = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body: docs[2], contentType: 'application/yaml' });
      expect(p.status, p.text).toBe(200);
      expect(p.json.results[0]).toMatchObject({ kind: 'UpstreamTLSPolicy', namespace: 'httpbin', outcome: 'created' });
      const again = await h.call('POST', '/api/v1/apply?namespace=httpbin', { body: docs[1], contentType: 'application/yaml' });
      expect(again.json.results.map((x: { outcome: string }) => x.outcome)).toEqual(['unchanged', 'unchanged']);
      const gw = await h.call('GET', '/api/v1/namespaces/httpbin/gateways/simple-fsm-gateway');
      expect(gw.status).toBe(200);
      expect(gw.json.metadata).toMatchObject({ name: 'simple-fsm-gateway', namespace: 'httpbin', generation: 1 });
      expect(gw.json.metadata.uid).toBeTruthy();
      expect(Number(gw.json.metadata.resourceVersion)).toBeGreaterThan(0);
      // The namespace was created on first use, audited.
      expect((await h.call('GET', '/api/v1/namespaces/httpbin')).status).toBe(200);
    });
  });

  describe('TLSRoute (v1 only, as the v1.6.1 standard CRD serves it)', () => {
    it('applies a TLSRoute, reads it back with defaults, refuses v1alpha2 and an IP hostname naming the field', async () => {
      await setup();
      const route = {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'TLSRoute',
        metadata: { name: 'db', namespace: 'tls' },
        spec: { parentRefs: [{ name: 'gw', sectionName: 'tls' }], hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
      };
      const r = await h.call('POST', '/api/v1/apply', { body: [route], contentType: 'application/json' });
      expect(r.status, r.text).toBe(200);
      expect(r.json.results[0]).toMatchObject({ kind: 'TLSRoute', namespace: 'tls', outcome: 'created' });
      const got = await h.call('GET', '/api/v1/namespaces/tls/tlsroutes/db');
      expect(got.status).toBe(200);
      expect(got.json.spec.rules[0].backendRefs[0]).toEqual({ group: '', kind: 'Service', name: 'db', port: 5432, weight: 1 });
      const old = await h.call('POST', '/api/v1/namespaces/tls/tlsroutes', { body: { ...route, apiVersion: 'gateway.networking.k8s.io/v1alpha2', metadata: { name: 'old' } } });
      expect(old.status).toBe(400);
      const ip = await h.call('POST', '/api/v1/namespaces/tls/tlsroutes', { body: { ...route, metadata: { name: 'ip' }, spec: { ...route.spec, hostnames: ['10.0.0.1'] } } });
      expect(ip.status).toBe(400);
      expect(ip.json.details.map((d: { path: string }) => d.path)).toContain('spec.hostnames[0]');
    });
  });

  describe('validation and all-or-nothing', () => {
    it('refuses an invalid object with 400 naming the field, and writes nothing from a partly invalid apply', async () => {
      await setup();
      const before = await t.db.prisma.resource.count();
      const auditBefore = await t.db.prisma.auditEvent.count();
      const bad = await h.call('POST', '/api/v1/namespaces/valid/gateways', {
        body: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g' }, spec: { gatewayClassName: 'x', listeners: [{ name: 'http', protocol: 'HTTP', port: 70000 }] } },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.details.map((d: { path: string }) => d.path)).toContain('spec.listeners[0].port');
      const mixed = await h.call('POST', '/api/v1/apply', {
        contentType: 'application/yaml',
        body: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fine\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n  namespace: fine\nspec:\n  ports: [{port: 80}]\n',
      });
      expect(mixed.status).toBe(400);
      expect(mixed.json.details.map((d: { path: string }) => d.path)).toContain('[1].metadata.name');
      expect(await t.db.prisma.resource.count()).toBe(before);
      expect(await t.db.prisma.auditEvent.count()).toBe(auditBefore);
    });

    it('answers 400 for broken YAML/JSON, 415 for other content types, 413 for huge bodies, never 500', async () => {
      await setup();
      expect((await h.call('POST', '/api/v1/apply', { body: 'a: [unclosed', contentType: 'application/yaml' })).status).toBe(400);
      expect((await h.call('POST', '/api/v1/apply', { body: '{"apiVersion":', contentType: 'application/json' })).status).toBe(400);
      expect((await h.call('POST', '/api/v1/apply', { body: 'x', contentType: 'image/png' })).status).toBe(415);
      expect((await h.call('POST', '/api/v1/apply', { body: 'x', contentType: 'multipart/form-data; boundary=x' })).status).toBe(415);
      expect((await h.call('POST', '/api/v1/apply', { body: 'x'.repeat(10 * 1024 * 1024), contentType: 'application/yaml' })).status).toBe(413);
      expect((await h.call('POST', '/api/v1/apply', { body: '[]', contentType: 'application/json' })).status).toBe(400);
      expect((await h.call('POST', '/api/v1/namespaces/x/gateways', { body: '"just a string"' })).status).toBe(400);
      expect((await h.call('GET', '/api/v1/namespaces/x/gateways?limit=abc')).status).toBe(400);
      expect((await h.call('GET', '/api/v1/namespaces/x/widgets')).status).toBe(404);
      expect((await h.call('PATCH', '/api/v1/namespaces/x/gateways/y')).status).toBe(405);
    });

    it('answers 409 to a PUT with a stale resourceVersion, and to a create of an existing name', async () => {
      await setup();
      const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'occ', namespace: 'occ' }, spec: { ports: [{ port: 80 }] } };
      const created = await h.call('POST', '/api/v1/namespaces/occ/services', { body: svc });
      expect(created.status).toBe(201);
      expect((await h.call('POST', '/api/v1/namespaces/occ/services', { body: svc })).status).toBe(409);
      const rv = created.json.metadata.resourceVersion;
      const ok = await h.call('PUT', '/api/v1/namespaces/occ/services/occ', { body: { ...svc, metadata: { ...svc.metadata, resourceVersion: rv }, spec: { ports: [{ port: 81 }] } } });
      expect(ok.status).toBe(200);
      expect(ok.json.metadata.generation).toBe(2);
      const stale = await h.call('PUT', '/api/v1/namespaces/occ/services/occ', { body: { ...svc, metadata: { ...svc.metadata, resourceVersion: rv }, spec: { ports: [{ port: 82 }] } } });
      expect(stale.status).toBe(409);
      expect(stale.json.details[0].path).toBe('metadata.resourceVersion');
      const now = await h.call('GET', '/api/v1/namespaces/occ/services/occ');
      expect(now.json.spec.ports[0].port).toBe(81);
    });
  });

  describe('ListenerSets through the generic resource API', () => {
    it('creates one (400 on a listener CEL rule), and reads it with the computed status; its Gateway counts it', async () => {
      await setup();
      const gw = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'shared', namespace: 'lsets' },
        spec: { gatewayClassName: 'gatehouse', allowedListeners: { namespaces: { from: 'Same' } }, listeners: [{ name: 'http', protocol: 'HTTP', port: 18080 }] } };
      expect((await h.call('POST', '/api/v1/namespaces/lsets/gateways', { body: gw })).status).toBe(201);
      const ls = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ListenerSet', metadata: { name: 'team', namespace: 'lsets' },
        spec: { parentRef: { name: 'shared' }, listeners: [{ name: 'team', protocol: 'HTTP', port: 18081 }] } };
      const twice = { ...ls, spec: { ...ls.spec, listeners: [...ls.spec.listeners, { name: 'team', protocol: 'HTTP', port: 18082 }] } };
      const refused = await h.call('POST', '/api/v1/namespaces/lsets/listenersets', { body: twice });
      expect(refused.status).toBe(400);
      expect(refused.json.details[0].path).toBe('spec.listeners[1].name');
      expect((await h.call('POST', '/api/v1/namespaces/lsets/listenersets', { body: ls })).status).toBe(201);
      const read = await h.call('GET', '/api/v1/namespaces/lsets/listenersets/team');
      expect(read.json.spec.parentRef).toEqual({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared' });
      expect(read.json.status.conditions.map((c: { type: string; status: string }) => `${c.type}=${c.status}`)).toEqual(['Accepted=True', 'Programmed=True']);
      expect((await h.call('GET', '/api/v1/namespaces/lsets/gateways/shared')).json.status.attachedListenerSets).toBe(1);
    });
  });

  describe('Secrets', () => {
    it('never serves or audits a Secret value, and keeps values across a read-modify-write', async () => {
      await setup();
      const value = 'super-secret-value-' + Math.random();
      const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'sec' }, stringData: { password: value } };
      const created = await h.call('POST', '/api/v1/namespaces/sec/secrets', { body: secret });
      expect(created.status, created.text).toBe(201);
      expect(created.text).not.toContain(value);
      expect(created.text).not.toContain(b64(value));
      const read = await h.call('GET', '/api/v1/namespaces/sec/secrets/creds');
      expect(read.json.data).toBeUndefined();
      expect(read.json.dataInfo).toEqual({ password: { bytes: value.length } });
      // PUT back what was read, with a label: the value must survive.
      const put = await h.call('PUT', '/api/v1/namespaces/sec/secrets/creds', { body: { ...read.json, metadata: { ...read.json.metadata, labels: { team: 'a' } } } });
      expect(put.status, put.text).toBe(200);
      const exported = await h.call('GET', '/api/v1/export?namespace=sec&includeSecretValues=true');
      expect(exported.text).toContain(b64(value));
      // A value change shows in the audit log as a different keyed hash, never as the value.
      await h.call('PUT', '/api/v1/namespaces/sec/secrets/creds', { body: { ...secret, stringData: { password: value + '2' } } });
      const audit = await h.call('GET', '/api/v1/audit-events?namespace=sec&kind=Secret');
      const text = audit.text;
      expect(text).not.toContain(value);
      expect(text).not.toContain(b64(value));
      expect(text).not.toContain(b64(value + '2'));
      const update = audit.json.items.find((e: { action: string; before: { data?: Record<string, string> } | null }) => e.action === 'update' && e.before?.data);
      expect(update.before.data.password).toMatch(/^hmac-sha256:/);
      expect(update.after.data.password).not.toBe(update.before.data.password);
      const exportEvents = await h.call('GET', '/api/v1/audit-events?action=export');
      expect(exportEvents.json.items.length).toBeGreaterThan(0);
      // At rest: the database holds ciphertext only.
      const row = await t.db.prisma.resource.findFirst({ where: { kind: 'Secret', name: 'creds' } });
      expect(row!.secretData).toMatch(/^gh1\./);
      expect(row!.body + row!.secretData).not.toContain(b64(value + '2'));
    });
  });

  describe('content types', () => {
    it('takes YAML posted without a YAML content type, as `curl --data-binary @file.yaml` sends it', async () => {
      await setup();
      const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: curl-default\ndata:\n  a: b\n';
      const r = await h.call('POST', '/api/v1/apply?namespace=ctype', { body: yaml, contentType: 'application/x-www-form-urlencoded' });
      expect(r.status, r.text).toBe(200);
      expect(r.json.results[0]).toMatchObject({ kind: 'ConfigMap', namespace: 'ctype', outcome: 'created' });
      const json = await h.call('POST', '/api/v1/namespaces/ctype/configmaps', { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } }), contentType: 'text/plain' });
      expect(json.status, json.text).toBe(201);
    });
  });

  describe('TLS Secrets read without values', () => {
    it('write back with a label and keep tls.crt/tls.key; a new redacted TLS Secret without values is refused', async () => {
      await setup();
      const tls = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'tls-rt', namespace: 'sec' }, stringData: { 'tls.crt': 'CERT', 'tls.key': 'KEY' } };
      expect((await h.call('POST', '/api/v1/namespaces/sec/secrets', { body: tls })).status).toBe(201);
      const read = await h.call('GET', '/api/v1/namespaces/sec/secrets/tls-rt');
      const back = await h.call('PUT', '/api/v1/namespaces/sec/secrets/tls-rt', { body: { ...read.json, metadata: { ...read.json.metadata, labels: { x: 'y' } } } });
      expect(back.status, back.text).toBe(200);
      expect(back.json.dataInfo).toEqual({ 'tls.crt': { bytes: 4 }, 'tls.key': { bytes: 3 } });
      const fresh = { ...read.json, metadata: { name: 'tls-new', namespace: 'sec', annotations: read.json.metadata.annotations } };
      const refused = await h.call('POST', '/api/v1/namespaces/sec/secrets', { body: fresh });
      expect(refused.status).toBe(400);
      expect(refused.json.details.map((d: { path: string }) => d.path)).toEqual(['data[tls.crt]', 'data[tls.key]']);
    });
  });

  describe('export and namespaces', () => {
    it('exports YAML that applies back unchanged', async () => {
      await setup();
      const exp = await h.call('GET', '/api/v1/export');
      expect(exp.status).toBe(200);
      expect(exp.headers.get('content-type')).toMatch(/yaml/);
      const back = await h.call('POST', '/api/v1/apply', { body: exp.text, contentType: 'application/yaml' });
      expect(back.status, back.text).toBe(200);
      expect(new Set(back.json.results.map((r: { outcome: string }) => r.outcome))).toEqual(new Set(['unchanged']));
    });

    it('deletes what a namespace holds with it, each deletion audited', async () => {
      await setup();
      await h.call('POST', '/api/v1/apply', {
        contentType: 'application/yaml',
        body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: doomed}\ndata: {k: v}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: doomed}\nspec: {ports: [{port: 80}]}\n',
      });
      const del = await h.call('DELETE', '/api/v1/namespaces/doomed');
      expect(del.status).toBe(200);
      expect(await t.db.prisma.resource.count({ where: { namespace: 'doomed' } })).toBe(0);
      const events = await h.call('GET', '/api/v1/audit-events?action=delete&namespace=doomed');
      expect(events.json.items.map((e: { kind: string }) => e.kind).sort()).toEqual(['ConfigMap', 'Service']);
      expect((await h.call('GET', '/api/v1/namespaces/doomed')).status).toBe(404);
    });
  });

  describe('audit log', () => {
    it('records actor, source and request id; filters and pages; the chain verifies and detects tampering', async () => {
      await setup();
      await h.call('POST', '/api/v1/namespaces/aud/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { a: '1' } }, headers: { 'x-request-id': 'req-123' } });
      const ev = await h.call('GET', '/api/v1/audit-events?namespace=aud&kind=ConfigMap');
      expect(ev.json.items[0]).toMatchObject({ action: 'create', name: 'one', requestId: 'req-123', sourceIp: '203.0.113.7', userAgent: 'vitest', actor: { name: 'bootstrap', role: 'admin', type: 'token' } });
      expect(ev.json.items[0].after.data).toEqual({ a: '1' });
      const page1 = await h.call('GET', '/api/v1/audit-events?limit=2');
      expect(page1.json.items).toHaveLength(2);
      const page2 = await h.call('GET', `/api/v1/audit-events?limit=2&cursor=${page1.json.nextCursor}`);
      expect(page2.json.items[0].id).toBeLessThan(page1.json.items[1].id);
      const future = await h.call('GET', `/api/v1/audit-events?since=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`);
      expect(future.json.items).toHaveLength(0);
      expect((await h.call('GET', '/api/v1/audit-events?since=yesterday')).status).toBe(400);
      const ok = await h.call('GET', '/api/v1/audit-events/verify');
      expect(ok.json.intact).toBe(true);
      expect(ok.json.checked).toBeGreaterThan(3);
      const victim = await t.db.prisma.auditEvent.findFirst({ where: { name: 'one' } });
      await t.db.prisma.auditEvent.update({ where: { id: victim!.id }, data: { actorName: 'someone-else' } });
      const broken = await h.call('GET', '/api/v1/audit-events/verify');
      expect(broken.json).toMatchObject({ intact: false, firstBrokenId: victim!.id });
      await t.db.prisma.auditEvent.update({ where: { id: victim!.id }, data: { actorName: 'bootstrap' } });
      expect((await h.call('GET', '/api/v1/audit-events/verify')).json.intact).toBe(true);
    });
  });

  describe('worker feed', () => {
    it('records a worker\'s status report with its traffic figures and lists them', async () => {
      await setup();
      const worker = await h.tokenFor('worker');
      const traffic = { windowSeconds: 15, requests: 300, requestsPerSecond: 20, errorRate: 0.01, p50Ms: 3.2, p99Ms: 41 };
      const report = { workerId: 'w-traffic', name: 'edge-1', revision: 1, adminAddress: 'http://127.0.0.1:9901', listeners: [], traffic };
      expect((await h.call('POST', '/api/v1/feed/status', { token: worker, body: report })).status).toBe(204);
      const listed = await h.call('GET', '/api/v1/workers');
      expect(listed.json.items.find((w: { id: string }) => w.id === 'w-traffic')).toMatchObject({ name: 'edge-1', traffic });
      const bad = await h.call('POST', '/api/v1/feed/status', { token: worker, body: { ...report, traffic: { ...traffic, errorRate: 2 } } });
      expect(bad.status).toBe(400);
    });

    it('serves the snapshot at once, then long-polls until the next write', async () => {
      await setup();
      const worker = await h.tokenFor('worker');
      const first = await h.call('GET', '/api/v1/feed/snapshot', { token: worker });
      expect(first.status).toBe(200);
      const rev = first.json.revision;
      expect(rev).toBeGreaterThan(0);
      const idle = await h.call('GET', `/api/v1/feed/snapshot?after=${rev}&wait=1`, { token: worker });
      expect(idle.status).toBe(204);
      const waiting = h.call('GET', `/api/v1/feed/snapshot?after=${rev}&wait=20`, { token: worker });
      await new Promise((r) => setTimeout(r, 200));
      const wrote = Date.now();
      await h.call('POST', '/api/v1/namespaces/feed/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'poke' } } });
      const next = await waiting;
      const latency = Date.now() - wrote;
      expect(next.status).toBe(200);
      expect(next.json.revision).toBeGreaterThan(rev);
      expect(latency).toBeLessThan(1000);
      // Only Secrets named by a policy or listener travel to the worker, with their values.
      const secrets = next.json.objects.filter((o: { kind: string }) => o.kind === 'Secret');
      expect(secrets.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual(['https-cert']);
      expect(secrets[0].data['ca.crt']).toBe(b64(CA_PEM));
      expect(next.json.objects.find((o: { metadata: { name: string } }) => o.metadata.name === 'creds')).toBeUndefined();
    });
  });
});
