/**
 * Issue 8 against a real kube-apiserver: `GATEHOUSE_CONFIG_SOURCE=kubernetes` workers (real processes, as
 * `npm run worker` runs them) take the Upstream TLS scenario from the API server, serve it, write status back as the
 * elected leader, hand over when the leader dies, and keep serving when the API server is gone. The HTTPS upstream
 * runs in a network namespace the test makes (Kubernetes refuses loopback endpoints). Without Go the suite is
 * skipped; without root the traffic half is; both say so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeRest } from '@gatehouse/kube/client/kube-rest';
import { testHostForTests } from '@gatehouse/kube/testing/test-host';
import { clusterForTests } from '@gatehouse/kube/testing/test-cluster';
import { until } from '@gatehouse/kube/testing/until';
import { freePort, REPO_ROOT } from '../../../scripts/scenario/processes';
import { makeSeedCerts } from '../../../scripts/scenario/seed-certs';

const cluster = await clusterForTests('kubernetes-source.int.test');
const host = cluster ? testHostForTests('kubernetes-source.int.test') : undefined;

// `node --import tsx`, not the tsx CLI: the CLI runs the program in a child process, which a SIGKILL of the CLI
// would leave running (the replica must really die for the Lease to pass on).
const TSX_IMPORT = ['--import', 'tsx'];
const run = Math.random().toString(36).slice(2, 7);
const NS = `wk-${run}`;
const CLASS = `gatehouse-${run}`;
const CONTROLLER = 'gatehouse.dev/gateway-controller';

interface Worker {
  proc: ChildProcess;
  id: string;
  bind: string;
  admin: number;
  log: string[];
}

function httpGet(hostAddr: string, port: number, path: string, hostHeader: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: hostAddr, port, path, headers: { host: hostHeader }, timeout: 3000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e) => resolve({ status: 0, body: e.message }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}


describe.skipIf(!cluster)('worker with GATEHOUSE_CONFIG_SOURCE=kubernetes against a real kube-apiserver', () => {
  let kube: KubeRest;
  let listenerPort: number;
  let echo: ChildProcess | undefined;
  const workers: Worker[] = [];
  let caPem = '';

  const apply = async (obj: Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } }, path: string) => {
    const res = await kube.request('PATCH', `${path}/${obj.metadata.name}`, { query: { fieldManager: 'kubectl', force: 'true' }, contentType: 'application/apply-patch+yaml', body: obj });
    expect(res.status, res.text).toBeLessThan(300);
  };
  const gw = (p: string) => `/apis/gateway.networking.k8s.io/v1${p}`;

  async function startWorker(id: string, bind: string): Promise<Worker> {
    const admin = await freePort();
    const log: string[] = [];
    const proc = spawn(process.execPath, [...TSX_IMPORT, join(REPO_ROOT, 'apps/worker/src/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env, GATEHOUSE_CONFIG_SOURCE: 'kubernetes', KUBECONFIG: cluster!.kubeconfigPath, GATEHOUSE_WORKER_ID: id, GATEHOUSE_WORKER_NAME: id,
        GATEHOUSE_WORKER_ADMIN_PORT: String(admin), GATEHOUSE_WORKER_BIND_ADDRESS: bind, GATEHOUSE_LEASE_NAMESPACE: NS, GATEHOUSE_LEASE_DURATION_SECONDS: '4',
        GATEHOUSE_GATEWAY_ADDRESSES: bind, GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-wk-')), GATEHOUSE_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout!.on('data', (c: Buffer) => log.push(c.toString()));
    proc.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
    const w = { proc, id, bind, admin, log };
    workers.push(w);
    await until(`worker ${id} ready`, async () => ((await fetch(`http://127.0.0.1:${admin}/readyz`)).status === 200 ? true : undefined), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${log.join('')}`);
    });
    return w;
  }
  const config = async (w: Worker) => (await (await fetch(`http://127.0.0.1:${w.admin}/config`)).json()) as { source: { lease: { leading: boolean; holder: string | null } } };

  beforeAll(async () => {
    kube = KubeRest.fromKubeconfig(cluster!.kubeconfig);
    listenerPort = await freePort();
    expect((await kube.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } })).status).toBe(201);
    const certs = makeSeedCerts(mkdtempSync(join(tmpdir(), 'gatehouse-wk-certs-')));
    caPem = readFileSync(certs.caCert, 'utf8');
    if (host) {
      echo = host.spawn(process.execPath, [...TSX_IMPORT, join(REPO_ROOT, 'apps/echo/src/main.ts'), '--cert', certs.serverCert, '--key', certs.serverKey, '--port', '443', '--host', host.address], { cwd: REPO_ROOT });
      await until('echo upstream in the test host', () => new Promise<true | undefined>((res) => {
        const s = connect({ host: host.address, port: 443 }, () => { s.destroy(); res(true); });
        s.on('error', () => res(undefined));
      }), 30_000);
    }
    await apply({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: CLASS }, spec: { controllerName: CONTROLLER } }, gw('/gatewayclasses'));
    await apply({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'simple-fsm-gateway', namespace: NS }, spec: { gatewayClassName: CLASS, listeners: [{ protocol: 'HTTP', port: listenerPort, name: 'http', allowedRoutes: { namespaces: { from: 'Same' } } }] } }, gw(`/namespaces/${NS}/gateways`));
    await apply({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'http-route-foo', namespace: NS }, spec: { parentRefs: [{ name: 'simple-fsm-gateway', port: listenerPort }], hostnames: ['foo.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'httpbin', port: 8443 }] }] } }, gw(`/namespaces/${NS}/httproutes`));
    // A TLSRoute on the HTTP listener: watched from the v1 CRD, refused by the listener, and told so in its status.
    await apply({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute', metadata: { name: 'tls-on-http', namespace: NS }, spec: { parentRefs: [{ name: 'simple-fsm-gateway' }], hostnames: ['tls.example.com'], rules: [{ backendRefs: [{ name: 'httpbin', port: 8443 }] }] } }, gw(`/namespaces/${NS}/tlsroutes`));
    await apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: NS }, spec: { ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] } }, `/api/v1/namespaces/${NS}/services`);
    await apply({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'httpbin-1', namespace: NS, labels: { 'kubernetes.io/service-name': 'httpbin' } }, addressType: 'IPv4', ports: [{ protocol: 'TCP', port: 443 }], endpoints: [{ addresses: [host?.address ?? '10.213.255.254'], conditions: { ready: true } }] }, `/apis/discovery.k8s.io/v1/namespaces/${NS}/endpointslices`);
    // Another controller's entry in the route's status: the worker must leave it alone.
    const other = await kube.request('PATCH', gw(`/namespaces/${NS}/httproutes/http-route-foo/status`), { contentType: 'application/merge-patch+json', body: { status: { parents: [{ parentRef: { name: 'elsewhere' }, controllerName: 'example.com/other', conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'theirs', lastTransitionTime: '2026-01-01T00:00:00Z' }] }] } } });
    expect(other.status, other.text).toBe(200);
    await startWorker('worker-a', '127.0.0.2');
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.proc.kill('SIGKILL');
    echo?.kill('SIGKILL');
    host?.remove();
    kube?.close();
    await cluster?.stop();
  });

  it.skipIf(!host)('answers 502 with the reason before the UpstreamTLSPolicy exists, 200 from the HTTPS upstream soon after it is created', async () => {
    const before = await until('listener serving', async () => { const r = await httpGet('127.0.0.2', listenerPort, '/headers', 'foo.example.com'); return r.status ? r : undefined; }, 10_000);
    expect(before.status).toBe(502);
    expect(before.body.toLowerCase()).toMatch(/tls|upstreamtlspolicy/);
    await apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert', namespace: NS }, data: { 'ca.crt': Buffer.from(caPem).toString('base64') } } as never, `/api/v1/namespaces/${NS}/secrets`);
    const created = Date.now();
    await apply({ apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'upstream-tls-policy-sample', namespace: NS }, spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: NS }, ports: [{ port: 8443, config: { certificateRef: { namespace: NS, name: 'https-cert' }, mTLS: false } }] } }, `/apis/gateway.flomesh.io/v1alpha1/namespaces/${NS}/upstreamtlspolicies`);
    const after = await until('200 through the gateway', async () => { const r = await httpGet('127.0.0.2', listenerPort, '/headers', 'foo.example.com'); return r.status === 200 ? r : undefined; }, 5_000);
    console.log(`[kubernetes-source] policy created → 200 through the worker in ${Date.now() - created} ms`);
    expect(JSON.parse(after.body).headers.Host).toBe('foo.example.com');
  });

  it('writes status as the leader: GatewayClass Accepted with supportedFeatures, Gateway Programmed with addresses and attachedRoutes 1, route parents beside another controller\'s', async () => {
    const cls = await until('GatewayClass status', async () => {
      const r = await kube.request<any>('GET', gw(`/gatewayclasses/${CLASS}`)); // eslint-disable-line @typescript-eslint/no-explicit-any
      return r.json.status?.supportedFeatures ? r.json : undefined;
    }, 10_000);
    expect(cls.status.conditions.find((c: { type: string }) => c.type === 'Accepted').status).toBe('True');
    expect(cls.status.supportedFeatures.map((f: { name: string }) => f.name)).toContain('HTTPRoute');
    const gateway = await until('Gateway status', async () => {
      const r = await kube.request<any>('GET', gw(`/namespaces/${NS}/gateways/simple-fsm-gateway`)); // eslint-disable-line @typescript-eslint/no-explicit-any
      return r.json.status?.listeners?.[0]?.attachedRoutes === 1 ? r.json : undefined;
    }, 10_000);
    const cond = (list: { type: string; status: string; observedGeneration?: number }[], type: string) => list.find((c) => c.type === type);
    expect(cond(gateway.status.conditions, 'Accepted')?.status).toBe('True');
    expect(cond(gateway.status.conditions, 'Programmed')?.status).toBe('True');
    expect(cond(gateway.status.conditions, 'Programmed')?.observedGeneration).toBe(gateway.metadata.generation);
    expect(gateway.status.addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.2' }]);
    expect(gateway.metadata.managedFields.map((m: { manager: string }) => m.manager)).toContain('gatehouse-worker');
    const route = await until('HTTPRoute status', async () => {
      const r = await kube.request<any>('GET', gw(`/namespaces/${NS}/httproutes/http-route-foo`)); // eslint-disable-line @typescript-eslint/no-explicit-any
      return r.json.status?.parents?.some((p: { controllerName: string }) => p.controllerName === CONTROLLER) ? r.json : undefined;
    }, 10_000);
    const ours = route.status.parents.find((p: { controllerName: string }) => p.controllerName === CONTROLLER);
    expect(cond(ours.conditions, 'Accepted')?.status).toBe('True');
    expect(route.status.parents.find((p: { controllerName: string }) => p.controllerName === 'example.com/other').conditions[0].message).toBe('theirs');
    const tlsRoute = await until('TLSRoute status', async () => {
      const r = await kube.request<any>('GET', gw(`/namespaces/${NS}/tlsroutes/tls-on-http`)); // eslint-disable-line @typescript-eslint/no-explicit-any
      return r.json.status?.parents?.length ? r.json : undefined;
    }, 10_000);
    expect(tlsRoute.status.parents[0].controllerName).toBe(CONTROLLER);
    expect(cond(tlsRoute.status.parents[0].conditions, 'Accepted')).toMatchObject({ status: 'False', reason: 'NotAllowedByListeners' });
    if (host) {
      // The policy created by the traffic test: FSM's conditions plus one ancestor per Gateway (GEP-713).
      const policy = await until('UpstreamTLSPolicy status', async () => {
        const r = await kube.request<any>('GET', `/apis/gateway.flomesh.io/v1alpha1/namespaces/${NS}/upstreamtlspolicies/upstream-tls-policy-sample`); // eslint-disable-line @typescript-eslint/no-explicit-any
        return r.json.status?.ancestors?.length ? r.json : undefined;
      }, 10_000);
      expect(cond(policy.status.conditions, 'Accepted')?.status).toBe('True');
      expect(policy.status.ancestors[0]).toMatchObject({ ancestorRef: { kind: 'Gateway', name: 'simple-fsm-gateway', namespace: NS }, controllerName: CONTROLLER });
    }
    // No write storm: a steady state writes nothing more.
    const rv = (await kube.request<any>('GET', gw(`/namespaces/${NS}/gateways/simple-fsm-gateway`))).json.metadata.resourceVersion; // eslint-disable-line @typescript-eslint/no-explicit-any
    await new Promise((r) => setTimeout(r, 1500));
    expect((await kube.request<any>('GET', gw(`/namespaces/${NS}/gateways/simple-fsm-gateway`))).json.metadata.resourceVersion).toBe(rv); // eslint-disable-line @typescript-eslint/no-explicit-any
  });

  it('two replicas: one Lease holder, both serve; the holder killed → the other takes over status', async () => {
    const b = await startWorker('worker-b', '127.0.0.3');
    const a = workers[0]!;
    expect((await config(a)).source.lease.leading).toBe(true);
    await until('b sees a as holder', async () => ((await config(b)).source.lease.holder === 'worker-a' ? true : undefined), 10_000);
    expect((await config(b)).source.lease.leading).toBe(false);
    const lease = await kube.request<any>('GET', `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/gatehouse-worker-status`); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(lease.json.spec.holderIdentity).toBe('worker-a');
    if (host) {
      expect((await httpGet('127.0.0.2', listenerPort, '/headers', 'foo.example.com')).status).toBe(200);
      expect((await until('b serves', async () => { const r = await httpGet('127.0.0.3', listenerPort, '/headers', 'foo.example.com'); return r.status === 200 ? r : undefined; }, 5_000)).status).toBe(200);
    }
    a.proc.kill('SIGKILL');
    const killed = Date.now();
    await until('b leads', async () => ((await config(b)).source.lease.leading ? true : undefined), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${b.log.join('')}`);
    });
    console.log(`[kubernetes-source] leader killed → successor leads in ${Date.now() - killed} ms (lease 4 s)`);
    // The new leader writes status: a route change shows up in its status with the new generation.
    await apply({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'http-route-foo', namespace: NS }, spec: { parentRefs: [{ name: 'simple-fsm-gateway', port: listenerPort }], hostnames: ['foo.example.com', 'bar.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'httpbin', port: 8443 }] }] } }, gw(`/namespaces/${NS}/httproutes`));
    await until('status for the new generation', async () => {
      const r = await kube.request<any>('GET', gw(`/namespaces/${NS}/httproutes/http-route-foo`)); // eslint-disable-line @typescript-eslint/no-explicit-any
      const ours = r.json.status?.parents?.find((p: { controllerName: string }) => p.controllerName === CONTROLLER);
      return ours?.conditions?.[0]?.observedGeneration === r.json.metadata.generation ? true : undefined;
    }, 10_000);
  }, 60_000);

  it.skipIf(!host)('keeps serving the last good configuration when the API server is gone', async () => {
    const b = workers[1]!;
    await cluster!.stop();
    await new Promise((r) => setTimeout(r, 500));
    const r = await httpGet(b.bind, listenerPort, '/headers', 'bar.example.com');
    expect(r.status).toBe(200);
    expect(b.proc.exitCode).toBeNull();
  });
});
