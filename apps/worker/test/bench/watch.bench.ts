/**
 * `npm run bench:watch` (issue 8 §7): loads BENCH_ROUTES (1000) HTTPRoutes and BENCH_SECRETS (200) Secrets into a
 * real kube-apiserver (scripts/k8s, or KUBECONFIG's cluster), starts a `GATEHOUSE_CONFIG_SOURCE=kubernetes` worker
 * as its own process, and prints: time to the first ready configuration, the worker's memory, and — while
 * BENCH_CONNECTIONS (16) keep-alive clients send requests through its listener — the time from one HTTPRoute
 * change in the API server to the new behaviour on the wire (a hostname added to a route: 404 → routed).
 * Goals on the 2-core machine: ready < 10 s, change < 1 s, memory < 300 MB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeRest } from '@gatehouse/kube/client/kube-rest';
import { testClusterOrReason } from '@gatehouse/kube/testing/test-cluster';
import { freePort, REPO_ROOT } from '../../../../scripts/scenario/processes';

const ROUTES = Number(process.env.BENCH_ROUTES ?? 1000);
const SECRETS = Number(process.env.BENCH_SECRETS ?? 200);
const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const run = Math.random().toString(36).slice(2, 6);

const found = await testClusterOrReason();
if ('reason' in found) {
  console.error(`bench:watch needs a Kubernetes API server: ${found.reason}`);
  process.exit(3);
}
const kube = KubeRest.fromKubeconfig(found.kubeconfig);
const ns = (i: number) => `watch-${run}-${i % NAMESPACES}`;
const listenerPort = await freePort();
const adminPort = await freePort();

async function create(path: string, body: object): Promise<void> {
  const r = await kube.request('POST', path, { body });
  if (r.status !== 201) throw new Error(`${path}: ${r.status} ${r.text.slice(0, 200)}`);
}
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

let t = Date.now();
for (let i = 0; i < NAMESPACES; i++) await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns(i) } });
const gw = '/apis/gateway.networking.k8s.io/v1';
await create(`${gw}/gatewayclasses`, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: `watch-${run}` }, spec: { controllerName: 'gatehouse.dev/gateway-controller' } });
await create(`${gw}/namespaces/${ns(0)}/gateways`, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge' }, spec: { gatewayClassName: `watch-${run}`, listeners: [{ name: 'http', port: listenerPort, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }] } });
await pool(Array.from({ length: ROUTES }, (_, i) => i), 8, (i) => create(`${gw}/namespaces/${ns(i)}/httproutes`, {
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: `route-${i}` },
  spec: { parentRefs: [{ name: 'edge', namespace: ns(0) }], hostnames: [`app-${i}.example.com`], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'svc', port: 8080 }] }] },
}));
await pool(Array.from({ length: SECRETS }, (_, i) => i), 8, (i) => create(`/api/v1/namespaces/${ns(i)}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: `secret-${i}` }, data: { 'ca.crt': Buffer.from(`certificate ${i} `.repeat(80)).toString('base64') } }));
console.log(`loaded ${ROUTES} HTTPRoutes, ${SECRETS} Secrets, 1 Gateway in ${NAMESPACES} namespaces in ${((Date.now() - t) / 1000).toFixed(1)} s`);

const worker = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'apps/worker/src/main.ts')], {
  cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, GATEHOUSE_CONFIG_SOURCE: 'kubernetes', KUBECONFIG: found.kubeconfigPath, GATEHOUSE_WORKER_ID: 'bench', GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort), GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1', GATEHOUSE_LEASE_NAMESPACE: ns(0), GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-watch-')), GATEHOUSE_LOG_LEVEL: 'warn' },
});
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${worker.pid}/status`, 'utf8'))![1]) / 1024;
t = Date.now();
for (;;) {
  const ok = await fetch(`http://127.0.0.1:${adminPort}/readyz`).then((r) => r.status === 200, () => false);
  if (ok) break;
  if (Date.now() - t > 60_000) throw new Error('worker not ready within 60 s');
  await new Promise((r) => setTimeout(r, 20));
}
const readyMs = Date.now() - t;
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS + 2 });
const get = (host: string) => new Promise<number>((resolve) => {
  const req = request({ host: '127.0.0.1', port: listenerPort, path: '/', headers: { host }, agent }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode ?? 0));
  });
  req.on('error', () => resolve(0));
  req.end();
});
// Wait until the listener routes (the table is swapped and the port bound).
while ((await get('app-0.example.com')) === 0) await new Promise((r) => setTimeout(r, 20));
console.log(`worker ready in ${(readyMs / 1000).toFixed(2)} s (goal < 10 s); memory ${rssMb().toFixed(0)} MB RSS (goal < 300 MB)`);

let loading = true;
let sent = 0;
const statuses = new Map<number, number>();
const load = Promise.all(Array.from({ length: CONNECTIONS }, async (_, c) => {
  while (loading) {
    const s = await get(`app-${c % ROUTES}.example.com`);
    sent++;
    statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }
}));
await new Promise((r) => setTimeout(r, 1000));
const changes: number[] = [];
for (let k = 0; k < 5; k++) {
  const host = `changed-${k}.example.com`;
  const before = await get(host);
  const i = ROUTES - 1 - k;
  const patched = Date.now();
  const r = await kube.request('PATCH', `${gw}/namespaces/${ns(i)}/httproutes/route-${i}`, { contentType: 'application/merge-patch+json', body: { spec: { hostnames: [`app-${i}.example.com`, host] } } });
  if (r.status !== 200) throw new Error(`patch: ${r.status}`);
  let after = before;
  while (after === before && Date.now() - patched < 10_000) {
    after = await get(host);
    if (after === before) await new Promise((r2) => setTimeout(r2, 5));
  }
  changes.push(Date.now() - patched);
  console.log(`change ${k + 1}: ${host} ${before} → ${after} on the wire ${Date.now() - patched} ms after the PATCH returned`);
}
const loadStart = Date.now();
const sentBefore = sent;
await new Promise((r) => setTimeout(r, 2000));
const rate = ((sent - sentBefore) / ((Date.now() - loadStart) / 1000)).toFixed(0);
loading = false;
await load;
changes.sort((a, b) => a - b);
console.log(`\nchange → on the wire under load (${CONNECTIONS} clients, ~${rate} req/s): median ${changes[2]} ms, max ${changes[4]} ms (goal < 1000 ms)`);
console.log(`memory after the changes: ${rssMb().toFixed(0)} MB RSS; answers during the run: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}`);
worker.kill('SIGTERM');
agent.destroy();
kube.close();
await found.stop();
process.exit(0);
