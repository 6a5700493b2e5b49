/**
 * The product's promise end to end on a real kube-apiserver: objects made in Gatehouse are pushed to the cluster,
 * a `GATEHOUSE_CONFIG_SOURCE=kubernetes` worker enforces them (HTTPS upstream in the test's own network
 * namespace), writes status, and the console shows that status beside its own and says they agree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@gatehouse/db/testing/test-databases';
import { testHostForTests } from '@gatehouse/kube/testing/test-host';
import { clusterForTests } from '@gatehouse/kube/testing/test-cluster';
import { until } from '@gatehouse/kube/testing/until';
import { createHarness, type Harness } from '../apps/console/test/support/console-harness';
import { freePort, REPO_ROOT } from '../scripts/scenario/processes';
import { makeSeedCerts } from '../scripts/scenario/seed-certs';
import { exampleFile, gatewayAndRoute, SERVICE, UPSTREAM_TLS_POLICY } from '../scripts/scenario/seed-manifests';

const cluster = await clusterForTests('cluster-push-worker.e2e');
const host = cluster ? testHostForTests('cluster-push-worker.e2e') : undefined;

const NS = `e2e-${Math.random().toString(36).slice(2, 7)}`;

function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.4', port, path: '/headers', headers: { host: 'foo.example.com' }, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e) => resolve({ status: 0, body: e.message }));
    req.end();
  });
}


describe.skipIf(!cluster || !host)('push from Gatehouse → worker in the cluster enforces it → the console sees its status', () => {
  const t = useTestDatabase('sqlite');
  let h: Harness;
  let echo: ChildProcess;
  let worker: ChildProcess;
  let port: number;
  const log: string[] = [];

  beforeAll(async () => {
    h = await createHarness(t.db, { GATEHOUSE_DRIFT_INTERVAL: '0' });
    const certs = makeSeedCerts(mkdtempSync(join(tmpdir(), 'gatehouse-e2e-certs-')));
    echo = host!.spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'apps/echo/src/main.ts'), '--cert', certs.serverCert, '--key', certs.serverKey, '--port', '443', '--host', host!.address], { cwd: REPO_ROOT });
    await until('echo', () => new Promise<true | undefined>((res) => {
      const s = connect({ host: host!.address, port: 443 }, () => { s.destroy(); res(true); });
      s.on('error', () => res(undefined));
    }), 30_000);
    port = await freePort();
    const yaml = [
      exampleFile('gatewayclass.yaml'), SERVICE, gatewayAndRoute(port),
      `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: httpbin-pod, labels: {kubernetes.io/service-name: httpbin}}\naddressType: IPv4\nports: [{protocol: TCP, port: 443}]\nendpoints: [{addresses: ["${host!.address}"], conditions: {ready: true}}]`,
      JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert' }, data: { 'ca.crt': Buffer.from(readFileSync(certs.caCert)).toString('base64') } }),
      UPSTREAM_TLS_POLICY.replace(/namespace: httpbin/g, `namespace: ${NS}`),
    ].join('\n---\n');
    expect((await h.call('POST', `/api/v1/apply?namespace=${NS}`, { body: yaml, contentType: 'application/yaml' })).status).toBe(200);
    expect((await h.call('POST', '/api/v1/clusters', { body: { name: 'prod', kubeconfig: cluster!.kubeconfig } })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    echo?.kill('SIGKILL');
    host?.remove();
    await cluster?.stop();
  });

  it('pushes, the worker serves 200 from the HTTPS upstream, and both statuses agree', async () => {
    const push = await h.call('POST', '/api/v1/clusters/prod/push', { body: { namespaces: [NS] } });
    expect(push.status, push.text).toBe(200);
    expect(push.json.outcome).toBe('succeeded');
    const admin = await freePort();
    worker = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'apps/worker/src/main.ts')], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GATEHOUSE_CONFIG_SOURCE: 'kubernetes', KUBECONFIG: cluster!.kubeconfigPath, GATEHOUSE_WORKER_ID: 'e2e', GATEHOUSE_WORKER_ADMIN_PORT: String(admin), GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.4', GATEHOUSE_LEASE_NAMESPACE: NS, GATEHOUSE_GATEWAY_ADDRESSES: '127.0.0.4', GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-e2e-w-')) },
    });
    worker.stdout!.on('data', (c: Buffer) => log.push(c.toString()));
    worker.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
    const ok = await until('200 through the worker', async () => { const r = await get(port); return r.status === 200 ? r : undefined; }, 30_000).catch((e: Error) => { throw new Error(`${e.message}\n${log.join('')}`); });
    expect(JSON.parse(ok.body).headers.Host).toBe('foo.example.com');
    const compared = await until('statuses agree', async () => {
      const r = await h.call('GET', `/api/v1/clusters/prod/statuses?namespace=${NS}`, { token: await h.tokenFor('viewer') });
      return r.status === 200 && r.json.items.length > 0 && r.json.items.every((i: { agree: boolean }) => i.agree) ? r.json : undefined;
    }, 15_000).catch(async (e: Error) => {
      const r = await h.call('GET', `/api/v1/clusters/prod/statuses?namespace=${NS}`);
      throw new Error(`${e.message}: ${JSON.stringify(r.json, null, 1)}`);
    });
    expect(compared.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['Gateway', 'GatewayClass', 'HTTPRoute', 'UpstreamTLSPolicy']);
    const gw = compared.items.find((i: { kind: string }) => i.kind === 'Gateway');
    expect(gw.cluster.attachedRoutes).toEqual({ 'listener http': 1 });
  }, 90_000);

  it('says when they disagree: the policy removed in the cluster behind Gatehouse\'s back', async () => {
    const kube = (await import('@gatehouse/kube/client/kube-rest')).KubeRest.fromKubeconfig(cluster!.kubeconfig);
    // Someone else edits the route so that it no longer attaches: the worker's status follows the cluster.
    const r = await kube.request('PATCH', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/http-route-foo`, { query: { fieldManager: 'someone', force: 'true' }, contentType: 'application/apply-patch+yaml', body: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'http-route-foo', namespace: NS }, spec: { parentRefs: [{ name: 'no-such-gateway' }] } } });
    expect(r.status, r.text).toBe(200);
    const compared = await until('a disagreement', async () => {
      const c = await h.call('GET', `/api/v1/clusters/prod/statuses?namespace=${NS}`);
      return c.json.items.some((i: { agree: boolean }) => !i.agree) ? c.json : undefined;
    }, 15_000);
    const gw = compared.items.find((i: { kind: string }) => i.kind === 'Gateway');
    expect(gw.differences).toContain('listener http: 1 attached route(s) in Gatehouse, 0 in the cluster');
    kube.close();
  }, 30_000);
});
