/**
 * Issue 7 against a real kube-apiserver (scripts/k8s, or the cluster KUBECONFIG names): register, check, plan,
 * push, plan again, drift, conflicts, force, prune, import, and the kubeconfig kept secret throughout.
 * Without Go (and without KUBECONFIG) the suite is skipped with a printed notice.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgresSkipped, TEST_DATABASE_PROVIDERS, useTestDatabase } from '@gatehouse/db/testing/test-databases';
import { KubeRest } from '@gatehouse/kube/client/kube-rest';
import { clientCertificate, clusterForTests, kubeconfigYaml } from '@gatehouse/kube/testing/test-cluster';
import { exampleFile, SERVICE, UPSTREAM_TLS_POLICY } from '../../../scripts/scenario/seed-manifests';
import { createHarness, type Harness } from './support/console-harness';

const cluster = await clusterForTests('clusters.int.test');

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBtestCAforClusterPushes\n-----END CERTIFICATE-----\n';
const b64 = (s: string) => Buffer.from(s).toString('base64');
// Unique per run, so a suite run against a real cluster (KUBECONFIG) never meets an earlier run's objects.
const run = Math.random().toString(36).slice(2, 7);

function seedObjects(ns: string, gatewayClass: string): string {
  return [
    exampleFile('gatewayclass.yaml').replace('name: fsm-gateway-cls', `name: ${gatewayClass}`),
    SERVICE,
    `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: httpbin-pods
  labels: {kubernetes.io/service-name: httpbin}
addressType: IPv4
ports: [{protocol: TCP, port: 443}]
endpoints: [{addresses: ["10.213.0.2"], conditions: {ready: true}}]`,
    JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert' }, data: { 'ca.crt': b64(CA_PEM) } }),
    exampleFile('gateway-and-route.yaml').replace('gatewayClassName: fsm-gateway-cls', `gatewayClassName: ${gatewayClass}`),
    UPSTREAM_TLS_POLICY.replace(/namespace: httpbin/g, `namespace: ${ns}`),
  ].join('\n---\n');
}

afterAll(async () => {
  await cluster?.stop();
});

// Once per database provider: two Gatehouse installations (each its own instance id) pushing to one cluster, in
// namespaces and a GatewayClass of their own.
for (const provider of TEST_DATABASE_PROVIDERS) {
const block = !cluster || (provider === 'postgresql' && isPostgresSkipped()) ? describe.skip : describe;
block(`clusters against a real kube-apiserver (${provider})`, () => {
  const t = useTestDatabase(provider);
  const p = provider === 'sqlite' ? 's' : 'p';
  const NS = `httpbin-${p}${run}`;
  const OTHER = `loop-${p}${run}`;
  const IMPORTED = `imported-${p}${run}`;
  const CLASS = `fsm-gateway-cls-${p}${run}`;
  let h: Harness;
  let kube: KubeRest;
  const itemOf = (items: { kind: string; name: string; namespace?: string }[], kind: string, name: string, ns: string | undefined = NS) =>
    items.find((i) => i.kind === kind && i.name === name && (i.namespace ?? undefined) === ns) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    h = await createHarness(t.db, { GATEHOUSE_DRIFT_INTERVAL: '0' });
    kube = KubeRest.fromKubeconfig(cluster!.kubeconfig);
  });
  afterAll(async () => {
    kube?.close();
  });

  it('refuses kubeconfigs it must not use, naming the field and never quoting the file', async () => {
    const withExec = cluster!.kubeconfig.replace(/ {4}client-certificate-data: .*\n {4}client-key-data: .*\n/, '    exec: {command: /bin/sh, args: ["-c", "id"], apiVersion: client.authentication.k8s.io/v1}\n');
    const r = await h.call('POST', '/api/v1/clusters', { body: { name: 'bad', kubeconfig: withExec } });
    expect(r.status).toBe(400);
    expect(r.json.details.map((d: { path: string }) => d.path)).toContain('kubeconfig.users[0].user.exec');
    const secretish = 'c2VjcmV0LXRva2VuLXZhbHVlLTEyMzQ1Njc4OTA=';
    const broken = await h.call('POST', '/api/v1/clusters', { body: { name: 'bad', kubeconfig: `users:\n- name: x\n  user: {token: ${secretish}\n  bad: [` } });
    expect(broken.status).toBe(400);
    expect(broken.text).not.toContain(secretish);
    const ctx = await h.call('POST', '/api/v1/clusters', { body: { name: 'bad', kubeconfig: cluster!.kubeconfig, context: 'nope' } });
    expect(ctx.status).toBe(400);
    expect(ctx.json.details[0].path).toBe('context');
    expect((await h.call('POST', '/api/v1/clusters', { body: { name: 'Bad Name', kubeconfig: cluster!.kubeconfig } })).json.details[0].path).toBe('name');
  });

  it('registers a cluster (admins only) and checks it in words: version, CRDs, permissions', async () => {
    const viewer = await h.tokenFor('viewer');
    expect((await h.call('POST', '/api/v1/clusters', { token: viewer, body: { name: 'test', kubeconfig: cluster!.kubeconfig } })).status).toBe(403);
    const editor = await h.tokenFor('editor');
    expect((await h.call('POST', '/api/v1/clusters', { token: editor, body: { name: 'test', kubeconfig: cluster!.kubeconfig } })).status).toBe(403);
    const r = await h.call('POST', '/api/v1/clusters', { body: { name: 'test', kubeconfig: cluster!.kubeconfig } });
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({ name: 'test', server: cluster!.server, source: 'kubeconfig', status: { reachable: true, upstreamTlsPolicyCrd: true, gatewayApi: { installed: true } } });
    if (!cluster!.external) {
      expect(r.json.status.serverVersion).toBe('v1.35.4');
      expect(r.json.status.gatewayApi).toMatchObject({ bundleVersion: 'v1.6.1', channel: 'standard' });
      expect(r.json.status.permissions.every((p: { allowed: boolean }) => p.allowed)).toBe(true);
    }
    expect(r.json.status.permissions).toContainEqual({ kind: 'HTTPRoute', verb: 'patch', allowed: true });
    expect(r.json.status.message).toMatch(/Reachable, Kubernetes v1\.\d+/);
    expect((await h.call('POST', '/api/v1/clusters', { body: { name: 'test', kubeconfig: cluster!.kubeconfig } })).status).toBe(409);
    const list = await h.call('GET', '/api/v1/clusters', { token: viewer });
    expect(list.status).toBe(200);
    expect(list.json.items.map((c: { name: string }) => c.name)).toEqual(['test']);
  });

  it('keeps the kubeconfig secret: encrypted at rest, in no answer and no audit event', async () => {
    const row = await t.db.prisma.cluster.findUniqueOrThrow({ where: { name: 'test' } });
    expect(row.kubeconfig).toMatch(/^gh1\./);
    const keyData = /client-key-data: (\S+)/.exec(cluster!.kubeconfig)?.[1] ?? /token: (\S+)/.exec(cluster!.kubeconfig)![1]!;
    expect(row.kubeconfig).not.toContain(keyData.slice(0, 40));
    for (const path of ['/api/v1/clusters', '/api/v1/clusters/test', '/api/v1/audit-events?limit=500', '/api/v1/audit-events/export?format=jsonl']) {
      const r = await h.call('GET', path);
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toContain(keyData.slice(0, 40));
      expect(r.text, path).not.toContain('client-key-data');
    }
  });

  it('a cluster identity without rights is reported per kind and verb', async () => {
    if (cluster!.external) return; // needs the test CA to mint an identity
    const nobody = clientCertificate(cluster!.dir, 'nobody');
    const caPem = Buffer.from(/certificate-authority-data: (\S+)/.exec(cluster!.kubeconfig)![1]!, 'base64').toString();
    const r = await h.call('POST', '/api/v1/clusters', { body: { name: 'nobody', kubeconfig: kubeconfigYaml(cluster!.server, caPem, nobody) } });
    expect(r.status, r.text).toBe(201);
    expect(r.json.status.reachable).toBe(true);
    expect(r.json.status.permissions.some((p: { allowed: boolean }) => p.allowed)).toBe(false);
    expect(r.json.status.message).toContain('This identity may not:');
    expect(r.json.status.message).toContain('HTTPRoutes');
    expect((await h.call('DELETE', '/api/v1/clusters/nobody')).status).toBe(200);
  });

  it('plans the seed scenario as create (Secret values masked), pushes it, and reads it back with managedFields naming gatehouse', async () => {
    const applied = await h.call('POST', `/api/v1/apply?namespace=${NS}`, { body: seedObjects(NS, CLASS), contentType: 'application/yaml' });
    expect(applied.status, applied.text).toBe(200);
    expect((await h.call('POST', '/api/v1/clusters/test/plan', { token: await h.tokenFor('viewer'), body: { namespaces: [NS] } })).status).toBe(403);
    const plan = await h.call('POST', '/api/v1/clusters/test/plan', { token: await h.tokenFor('editor'), body: { namespaces: [NS] } });
    expect(plan.status, plan.text).toBe(200);
    const kinds = plan.json.items.map((i: { kind: string; action: string }) => `${i.kind}:${i.action}`);
    expect(kinds).toEqual(['Namespace:create', 'GatewayClass:create', 'Secret:create', 'Service:create', 'EndpointSlice:create', 'Gateway:create', 'HTTPRoute:create', 'UpstreamTLSPolicy:create']);
    for (const i of plan.json.items) expect(i.problems, `${i.kind}/${i.name}`).toEqual([]);
    const secret = itemOf(plan.json.items, 'Secret', 'https-cert');
    expect(secret.diff).toContain('ca.crt: "*** (hidden)"');
    expect(secret.diff).not.toContain(b64(CA_PEM));
    expect(itemOf(plan.json.items, 'HTTPRoute', 'http-route-foo').diff).toContain('foo.example.com');
    // Nothing was written by the plan.
    expect((await kube.request('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/http-route-foo`)).status).toBe(404);

    const viewerPush = await h.call('POST', '/api/v1/clusters/test/push', { token: await h.tokenFor('viewer'), body: { namespaces: [NS] } });
    expect(viewerPush.status).toBe(403);
    const push = await h.call('POST', '/api/v1/clusters/test/push', { token: await h.tokenFor('editor'), body: { namespaces: [NS], prune: true } });
    expect(push.status, push.text).toBe(200);
    expect(push.json.push).toBe(1);
    expect(push.json.outcome).toBe('succeeded');
    expect(push.json.items.map((i: { outcome: string }) => i.outcome)).toEqual(Array(8).fill('created'));

    const route = await kube.request<any>('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/http-route-foo`); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(route.status).toBe(200);
    expect(route.json.metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`)).toContain('gatehouse/Apply');
    expect(route.json.metadata.labels['app.kubernetes.io/managed-by']).toBe('gatehouse');
    expect(route.json.spec.hostnames).toEqual(['foo.example.com']);
    const svc = await kube.request<any>('GET', `/api/v1/namespaces/${NS}/services/httpbin`); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(svc.json.spec.selector, 'a Service only Gatehouse has is pushed selector-less').toBeUndefined();
    const sec = await kube.request<any>('GET', `/api/v1/namespaces/${NS}/secrets/https-cert`); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Buffer.from(sec.json.data['ca.crt'], 'base64').toString()).toBe(CA_PEM);
    const policy = await kube.request<any>('GET', `/apis/gateway.flomesh.io/v1alpha1/namespaces/${NS}/upstreamtlspolicies/upstream-tls-policy-sample`); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(policy.json.spec.ports[0].config.certificateRef.name).toBe('https-cert');

    const pushes = await h.call('GET', '/api/v1/clusters/test/pushes', { token: await h.tokenFor('viewer') });
    expect(pushes.json.items[0]).toMatchObject({ push: 1, outcome: 'succeeded', prune: true, counts: { created: 8 } });
    const audit = await h.call('GET', '/api/v1/audit-events?action=cluster.push&limit=5');
    expect(audit.json.items).toHaveLength(1);
    expect(audit.json.items[0].message).toContain(`Secret values sent: ${NS}/https-cert`);
    expect(JSON.stringify(audit.json.items[0])).not.toContain(b64(CA_PEM));
  });

  it('plans again as all unchanged, and a second push changes nothing', async () => {
    const plan = await h.call('POST', '/api/v1/clusters/test/plan', { body: { namespaces: [NS] } });
    expect(plan.json.items.map((i: { action: string }) => i.action)).toEqual(Array(8).fill('unchanged'));
    expect(plan.json.items.every((i: { diff: string }) => i.diff === '')).toBe(true);
    const before = await kube.request<any>('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/http-route-foo`); // eslint-disable-line @typescript-eslint/no-explicit-any
    const push = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [NS] } });
    expect(push.json.items.map((i: { outcome: string }) => i.outcome)).toEqual(Array(8).fill('unchanged'));
    const after = await kube.request<any>('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/http-route-foo`); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(after.json.metadata.resourceVersion).toBe(before.json.metadata.resourceVersion);
  });

  it('an edit in Gatehouse plans as update with the field diff', async () => {
    const r = await h.call('GET', `/api/v1/namespaces/${NS}/httproutes/http-route-foo`);
    const route = r.json;
    route.spec.hostnames = ['foo.example.com', 'bar.example.com'];
    expect((await h.call('PUT', `/api/v1/namespaces/${NS}/httproutes/http-route-foo`, { body: route })).status).toBe(200);
    const plan = await h.call('POST', '/api/v1/clusters/test/plan', { body: { namespaces: [NS] } });
    const item = itemOf(plan.json.items, 'HTTPRoute', 'http-route-foo');
    expect(item.action).toBe('update');
    expect(item.diff).toMatch(/^\+\s+- bar\.example\.com$/m);
    expect(plan.json.items.filter((i: { action: string }) => i.action !== 'unchanged')).toHaveLength(1);
    const push = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [NS] } });
    expect(itemOf(push.json.items, 'HTTPRoute', 'http-route-foo').outcome).toBe('configured');
  });

  it('notices drift made by another field manager, shows its diff, and a conflict fails only that object unless forced', async () => {
    // Someone takes the hostnames over with their own server-side apply.
    const theirs = await kube.request('PATCH', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/http-route-foo`, {
      query: { fieldManager: 'someone-else', force: 'true' },
      contentType: 'application/apply-patch+yaml',
      body: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'http-route-foo', namespace: NS }, spec: { hostnames: ['evil.example.com'] } },
    });
    expect(theirs.status, theirs.text).toBe(200);
    await kube.request('DELETE', `/api/v1/namespaces/${NS}/secrets/https-cert`);
    const drift = await h.call('GET', '/api/v1/clusters/test/drift', { token: await h.tokenFor('viewer') });
    expect(drift.status, drift.text).toBe(200);
    const changed = itemOf(drift.json.items, 'HTTPRoute', 'http-route-foo');
    expect(changed.state).toBe('changed');
    expect(changed.diff).toMatch(/^\+\s+- evil\.example\.com$/m);
    expect(changed.diff).toMatch(/^-\s+- foo\.example\.com$/m);
    expect(itemOf(drift.json.items, 'Secret', 'https-cert').state).toBe('deleted');
    expect(drift.json.items).toHaveLength(2);
    const objectDrift = await t.db.prisma.clusterObject.findFirstOrThrow({ where: { kind: 'HTTPRoute', namespace: NS } });
    expect(objectDrift.driftState).toBe('changed');
    expect((await h.call('GET', '/api/v1/clusters')).json.items[0].drift).toBe(2);

    const push = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [NS] } });
    expect(push.json.outcome).toBe('partial');
    const route = itemOf(push.json.items, 'HTTPRoute', 'http-route-foo');
    expect(route.outcome).toBe('failed');
    expect(route.message).toMatch(/conflict with another field manager.*someone-else/);
    expect(itemOf(push.json.items, 'Secret', 'https-cert').outcome).toBe('created');

    const forced = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [NS], force: true, objects: [{ kind: 'HTTPRoute', namespace: NS, name: 'http-route-foo' }] } });
    expect(forced.json.items).toHaveLength(1);
    expect(forced.json.items[0].outcome).toBe('configured');
    const live = await kube.request<any>('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/http-route-foo`); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(live.json.spec.hostnames).toEqual(['foo.example.com', 'bar.example.com']);
    expect((await h.call('GET', '/api/v1/clusters/test/drift')).json.items).toEqual([]);
  });

  it('prunes only what this Gatehouse pushed: an object of the same kind and namespace made by someone else stays', async () => {
    const foreign = await kube.request('POST', `/apis/gateway.flomesh.io/v1alpha1/namespaces/${NS}/upstreamtlspolicies`, {
      body: { apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'someone-elses' }, spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { name: 'https-cert' } } }] } },
    });
    expect(foreign.status, foreign.text).toBe(201);
    expect((await h.call('DELETE', `/api/v1/namespaces/${NS}/upstreamtlspolicies/upstream-tls-policy-sample`)).status).toBe(200);
    const plan = await h.call('POST', '/api/v1/clusters/test/plan', { body: { namespaces: [NS] } });
    expect(itemOf(plan.json.items, 'UpstreamTLSPolicy', 'upstream-tls-policy-sample').action).toBe('delete');
    expect(itemOf(plan.json.items, 'UpstreamTLSPolicy', 'someone-elses')).toBeUndefined();
    const noPrune = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [NS] } });
    expect(itemOf(noPrune.json.items, 'UpstreamTLSPolicy', 'upstream-tls-policy-sample').outcome).toBe('skipped');
    const push = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [NS], prune: true } });
    expect(itemOf(push.json.items, 'UpstreamTLSPolicy', 'upstream-tls-policy-sample').outcome).toBe('deleted');
    const base = `/apis/gateway.flomesh.io/v1alpha1/namespaces/${NS}/upstreamtlspolicies`;
    expect((await kube.request('GET', `${base}/upstream-tls-policy-sample`)).status).toBe(404);
    expect((await kube.request('GET', `${base}/someone-elses`)).status).toBe(200);
  });

  it('refuses loopback endpoints in the plan with the reason, and the push fails only that object', async () => {
    const objs = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'local', namespace: OTHER }, spec: { ports: [{ port: 8443, protocol: 'TCP' }] } },
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'local-1', namespace: OTHER, labels: { 'kubernetes.io/service-name': 'local' } }, addressType: 'IPv4', ports: [{ port: 8443, protocol: 'TCP' }], endpoints: [{ addresses: ['127.0.0.1'] }] },
    ];
    expect((await h.call('POST', '/api/v1/apply', { body: objs })).status).toBe(200);
    const plan = await h.call('POST', '/api/v1/clusters/test/plan', { body: { namespaces: [OTHER] } });
    expect(plan.status, plan.text).toBe(200);
    const slice = itemOf(plan.json.items, 'EndpointSlice', 'local-1', OTHER);
    expect(slice.problems[0]).toMatch(/127\.0\.0\.1 is a loopback address, which Kubernetes refuses/);
    const push = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [OTHER] } });
    expect(itemOf(push.json.items, 'EndpointSlice', 'local-1', OTHER).outcome).toBe('failed');
    expect(itemOf(push.json.items, 'Service', 'local', OTHER).outcome).toBe('created');
  });

  it('imports a cluster namespace (preview first; Secrets only with values asked by an admin), which then plans as unchanged', async () => {
    const nsRes = await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: IMPORTED } } });
    expect(nsRes.status).toBe(201);
    const make = async (path: string, body: object) => expect((await kube.request('POST', path, { body })).status).toBe(201);
    await make(`/api/v1/namespaces/${IMPORTED}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } });
    await make(`/api/v1/namespaces/${IMPORTED}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'ca' }, data: { 'ca.crt': b64(CA_PEM) } });
    await make(`/apis/gateway.networking.k8s.io/v1/namespaces/${IMPORTED}/gateways`, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw' }, spec: { gatewayClassName: CLASS, listeners: [{ name: 'http', port: 8080, protocol: 'HTTP' }] } });
    await make(`/apis/gateway.networking.k8s.io/v1/namespaces/${IMPORTED}/httproutes`, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', labels: { team: 'a' } }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] } });

    const editor = await h.tokenFor('editor');
    expect((await h.call('POST', '/api/v1/clusters/test/import', { token: editor, body: { namespaces: [IMPORTED], includeSecretValues: true } })).status).toBe(403);
    const preview = await h.call('POST', '/api/v1/clusters/test/import', { token: editor, body: { namespaces: [IMPORTED], dryRun: true } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.json.dryRun).toBe(true);
    expect(preview.json.results.map((r: { kind: string; outcome: string }) => `${r.kind}:${r.outcome}`).sort()).toEqual(['Gateway:created', 'GatewayClass:unchanged', 'HTTPRoute:created', 'Service:created']);
    expect(preview.json.skipped).toContainEqual(expect.objectContaining({ kind: 'Secret', name: 'ca' }));
    expect((await h.call('GET', `/api/v1/namespaces/${IMPORTED}/httproutes/web`)).status).toBe(404);

    const imported = await h.call('POST', '/api/v1/clusters/test/import', { body: { namespaces: [IMPORTED], includeSecretValues: true } });
    expect(imported.status, imported.text).toBe(200);
    expect(imported.json.results.map((r: { kind: string }) => r.kind)).toContain('Secret');
    const route = await h.call('GET', `/api/v1/namespaces/${IMPORTED}/httproutes/web`);
    expect(route.json.metadata.labels).toEqual({ team: 'a' });
    const secret = await h.call('GET', `/api/v1/namespaces/${IMPORTED}/secrets/ca?values=true`);
    expect(secret.status).toBe(200);

    const plan = await h.call('POST', '/api/v1/clusters/test/plan', { body: { namespaces: [IMPORTED] } });
    expect(plan.status, plan.text).toBe(200);
    for (const i of plan.json.items) expect(`${i.kind}/${i.name}: ${i.action} ${i.diff}`).toBe(`${i.kind}/${i.name}: unchanged `);
    expect(itemOf(plan.json.items, 'Service', 'web', IMPORTED).note).toMatch(/not Gatehouse's: it is referenced/);
  });

  it('a Secret bound to a certificate is pushed with the current certificate and follows a renewal on the next push', async () => {
    const ca = await h.call('POST', '/api/v1/certificates/root-ca', { body: { subject: { commonName: `Push CA ${p}` } } });
    expect(ca.status, ca.text).toBe(201);
    const bound = await h.call('POST', `/api/v1/certificates/${ca.json.id}/bindings`, { body: { namespace: NS, name: 'bound-ca', shape: 'ca-bundle' } });
    expect(bound.status, bound.text).toBe(201);
    const first = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [NS], objects: [{ kind: 'Secret', namespace: NS, name: 'bound-ca' }] } });
    expect(first.json.items[0].outcome).toBe('created');
    const renewed = await h.call('POST', `/api/v1/certificates/${ca.json.id}/renew`, { body: {} });
    expect(renewed.status, renewed.text).toBe(201);
    const plan = await h.call('POST', '/api/v1/clusters/test/plan', { body: { namespaces: [NS] } });
    const item = itemOf(plan.json.items, 'Secret', 'bound-ca');
    expect(item.action).toBe('update');
    expect(item.diff).toContain('*** (hidden, changed)');
    const push = await h.call('POST', '/api/v1/clusters/test/push', { body: { namespaces: [NS], objects: [{ kind: 'Secret', namespace: NS, name: 'bound-ca' }] } });
    expect(push.json.items[0].outcome).toBe('configured');
    const live = await kube.request<any>('GET', `/api/v1/namespaces/${NS}/secrets/bound-ca`); // eslint-disable-line @typescript-eslint/no-explicit-any
    const pem = Buffer.from(live.json.data['ca.crt'], 'base64').toString();
    expect(pem).toContain(renewed.json.pem.trim().split('\n')[1]);
  });

  it('registers the cluster the console runs in through its service account (inCluster)', async () => {
    if (cluster!.external) return; // needs a token for a service account of the test cluster
    expect((await h.call('POST', '/api/v1/clusters', { body: { name: 'here', inCluster: true } })).status).toBe(422); // not in a pod
    const sa = await kube.request('POST', '/api/v1/namespaces/default/serviceaccounts', { body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `console-${p}` } } });
    expect(sa.status, sa.text).toBe(201);
    const tr = await kube.request<any>('POST', `/api/v1/namespaces/default/serviceaccounts/console-${p}/token`, { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [cluster!.server] } } }); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(tr.status, tr.text).toBe(201);
    // The pod's view: a service account directory and the kubernetes Service's address in the environment.
    const root = mkdtempSync(join(tmpdir(), 'gatehouse-sa-'));
    const dir = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'token'), tr.json.status.token);
    writeFileSync(join(dir, 'ca.crt'), Buffer.from(/certificate-authority-data: (\S+)/.exec(cluster!.kubeconfig)![1]!, 'base64'));
    writeFileSync(join(dir, 'namespace'), 'default');
    const url = new URL(cluster!.server);
    Object.assign(process.env, { KUBERNETES_SERVICE_HOST: url.hostname, KUBERNETES_SERVICE_PORT: url.port, GATEHOUSE_SERVICEACCOUNT_ROOT: root });
    try {
      const r = await h.call('POST', '/api/v1/clusters', { body: { name: 'here', inCluster: true } });
      expect(r.status, r.text).toBe(201);
      expect(r.json).toMatchObject({ name: 'here', source: 'in-cluster', server: cluster!.server, status: { reachable: true } });
      // A fresh service account may do nothing yet: the check says so per kind and verb.
      expect(r.json.status.message).toContain('This identity may not:');
      expect((await t.db.prisma.cluster.findUniqueOrThrow({ where: { name: 'here' } })).kubeconfig).toBeNull();
    } finally {
      for (const k of ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'GATEHOUSE_SERVICEACCOUNT_ROOT']) delete process.env[k];
    }
    expect((await h.call('DELETE', '/api/v1/clusters/here')).status).toBe(200);
  });

  it('a viewer sees clusters, push records and drift; an unknown cluster is a 404', async () => {
    const viewer = await h.tokenFor('viewer');
    for (const path of ['/api/v1/clusters', '/api/v1/clusters/test', '/api/v1/clusters/test/pushes', '/api/v1/clusters/test/drift']) {
      expect((await h.call('GET', path, { token: viewer })).status, path).toBe(200);
    }
    expect((await h.call('DELETE', '/api/v1/clusters/test', { token: await h.tokenFor('editor') })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/clusters/nope')).status).toBe(404);
    expect((await h.call('POST', '/api/v1/clusters/test/plan', { body: { namespaces: [] } })).json.details[0].path).toBe('namespaces');
  });
});
}
