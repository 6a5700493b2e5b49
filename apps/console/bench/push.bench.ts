/**
 * `npm run bench:push` (issue 7 §8): plans and pushes 1,000 HTTPRoutes, 100 Gateways and 200 Secrets across 20
 * namespaces to a real kube-apiserver (scripts/k8s, or the cluster KUBECONFIG names), then plans and pushes again
 * with nothing changed. Prints the time of each step and the API requests it made (reads, writes — dry runs
 * count as writes: they are PATCH requests). Goals on the 2-core machine: plan + push under 30 s; the second,
 * unchanged push under 10 s with zero writes.
 * BENCH_ROUTES (1000), BENCH_GATEWAYS (100), BENCH_SECRETS (200), BENCH_NAMESPACES (20).
 */
import { createTestDatabase } from '@gatehouse/db/testing/test-databases';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { testClusterOrReason } from '@gatehouse/kube/testing/test-cluster';
import { systemContext } from '../src/server/auth/principal';
import { readConsoleEnv } from '../src/server/env';
import { createRuntime } from '../src/server/runtime';
import { applyObjects } from '../src/server/services/apply.service';
import { clientFor, findCluster } from '../src/server/services/clusters/cluster-access';
import { registerCluster } from '../src/server/services/clusters/cluster.service';
import { planCluster, pushCluster } from '../src/server/services/clusters/sync.service';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROUTES = Number(process.env.BENCH_ROUTES ?? 1000);
const GATEWAYS = Number(process.env.BENCH_GATEWAYS ?? 100);
const SECRETS = Number(process.env.BENCH_SECRETS ?? 200);
const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 20);
const run = Math.random().toString(36).slice(2, 6);

function objects(): KubeObject[] {
  const out: KubeObject[] = [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: `bench-${run}` }, spec: { controllerName: 'gatehouse.dev/gateway-controller' } }];
  const ns = (i: number) => `bench-${run}-${i % NAMESPACES}`;
  for (let i = 0; i < GATEWAYS; i++) {
    out.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: `gw-${i}`, namespace: ns(i) }, spec: { gatewayClassName: `bench-${run}`, listeners: [{ name: 'http', port: 8000 + (i % 50), protocol: 'HTTP' }] } });
  }
  for (let i = 0; i < ROUTES; i++) {
    out.push({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: `route-${i}`, namespace: ns(i) },
      spec: {
        // A Gateway of the route's own namespace (Gateway j lives in namespace j % NAMESPACES).
        parentRefs: [{ name: `gw-${(Math.floor(i / NAMESPACES) % Math.max(1, Math.floor(GATEWAYS / NAMESPACES))) * NAMESPACES + (i % NAMESPACES)}` }],
        hostnames: [`app-${i}.example.com`],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/api/${i}` } }], backendRefs: [{ name: `svc-${i % 50}`, port: 8080 }] }],
      },
    });
  }
  for (let i = 0; i < SECRETS; i++) {
    out.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `secret-${i}`, namespace: ns(i) }, type: 'Opaque', data: { 'ca.crt': Buffer.from(`certificate ${i} `.repeat(40)).toString('base64') } });
  }
  return out;
}

const found = await testClusterOrReason();
if ('reason' in found) {
  console.error(`bench:push needs a Kubernetes API server: ${found.reason}`);
  process.exit(3);
}
const db = await createTestDatabase('sqlite');
try {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-push-'));
  const rt = await createRuntime({ env: readConsoleEnv({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_DRIFT_INTERVAL: '0', GATEHOUSE_CERT_RENEW_INTERVAL: '0' }), db: db.db, log: { info() {}, warn() {}, error() {} } });
  const ctx = systemContext('bench');
  const objs = objects();
  let t = Date.now();
  await applyObjects(rt, ctx, objs);
  console.log(`stored ${objs.length} objects in Gatehouse in ${Date.now() - t} ms`);
  await registerCluster(rt, ctx, { name: 'bench', kubeconfig: found.kubeconfig });
  const rest = clientFor(rt.key, await findCluster(rt.db, 'bench'));
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `bench-${run}-${i}`);
  const step = async <T>(label: string, fn: () => Promise<T>, summary: (v: T) => string) => {
    const before = { ...rest.counts };
    t = Date.now();
    const v = await fn();
    const ms = Date.now() - t;
    console.log(`${label.padEnd(28)} ${(ms / 1000).toFixed(2).padStart(6)} s   reads ${String(rest.counts.reads - before.reads).padStart(5)}   writes ${String(rest.counts.writes - before.writes).padStart(5)}   ${summary(v)}`);
    return ms;
  };
  const count = (items: { action?: string; outcome?: string }[], key: 'action' | 'outcome') => {
    const c: Record<string, number> = {};
    for (const i of items) c[i[key]!] = (c[i[key]!] ?? 0) + 1;
    return Object.entries(c).map(([k, n]) => `${n} ${k}`).join(', ');
  };
  console.log(`\n${ROUTES} HTTPRoutes, ${GATEWAYS} Gateways, ${SECRETS} Secrets in ${NAMESPACES} namespaces → ${found.external ? found.server : `test kube-apiserver ${found.server}`}`);
  const plan1 = await step('plan (first)', () => planCluster(rt, ctx, 'bench', { namespaces }), (p) => count(p.items, 'action'));
  const push1 = await step('push (first)', () => pushCluster(rt, ctx, 'bench', { namespaces }), (p) => count(p.items, 'outcome'));
  const plan2 = await step('plan (nothing changed)', () => planCluster(rt, ctx, 'bench', { namespaces }), (p) => count(p.items, 'action'));
  const before = rest.counts.writes;
  const push2 = await step('push (nothing changed)', () => pushCluster(rt, ctx, 'bench', { namespaces }), (p) => count(p.items, 'outcome'));
  const writes2 = rest.counts.writes - before;
  console.log(`\nplan + push: ${((plan1 + push1) / 1000).toFixed(1)} s (goal < 30 s; push alone plans again first: ${(push1 / 1000).toFixed(1)} s)`);
  console.log(`unchanged push: ${(push2 / 1000).toFixed(1)} s with ${writes2} writes (goal < 10 s, 0 writes); unchanged plan ${(plan2 / 1000).toFixed(1)} s`);
  rest.close();
} finally {
  await db.dispose();
  await found.stop();
}
process.exit(0);
