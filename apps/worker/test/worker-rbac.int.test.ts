/**
 * Issue 8 §4, least privilege, against a real kube-apiserver with RBAC on: the worker runs as the
 * `gatehouse-worker` service account with exactly the ClusterRole and Role of deploy/kustomize/worker/rbac.yaml
 * (a real service-account token from the TokenRequest API), becomes ready and writes status; the same identity is
 * refused what the role does not grant; and with one permission taken away the worker says which, loudly, stays
 * unready, and recovers once it is given back.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectPath, resourceFor } from '@gatehouse/kube/client/discovery';
import { KubeRest } from '@gatehouse/kube/client/kube-rest';
import { clusterForTests, kubeconfigYaml } from '@gatehouse/kube/testing/test-cluster';
import { freePort, REPO_ROOT } from '../../../scripts/scenario/processes';
import { readWorkerConfig } from '../src/config/worker-config';
import { startWorker, type WorkerHandle } from '../src/run-worker';

const cluster = await clusterForTests('worker-rbac.int.test');
// Against a cluster of the operator's own (KUBECONFIG) this suite would rewrite a real gatehouse-worker ClusterRole:
// it runs only on the API server the suite starts, and says so otherwise.
if (cluster?.external) console.warn('\n[worker-rbac.int.test] SKIPPED against an external cluster (KUBECONFIG): it would change its gatehouse-worker ClusterRole\n');

const NS = 'gatehouse-system';
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>;

describe.skipIf(!cluster || cluster.external)('the worker with exactly the role deploy/kustomize gives it', () => {
  let admin: KubeRest;
  let token = '';
  let kubeconfigPath = '';
  const workers: WorkerHandle[] = [];
  const run = Math.random().toString(36).slice(2, 7);
  const worker = async (id: string): Promise<{ w: WorkerHandle; port: number }> => {
    const port = await freePort();
    const config = readWorkerConfig({
      GATEHOUSE_CONFIG_SOURCE: 'kubernetes', KUBECONFIG: kubeconfigPath, GATEHOUSE_WORKER_ID: id, GATEHOUSE_WORKER_ADMIN_PORT: String(port),
      GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1', GATEHOUSE_LEASE_NAMESPACE: NS, GATEHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-rbac-')),
    });
    const w = await startWorker(config, pino({ level: 'silent' }));
    workers.push(w);
    return { w, port };
  };
  const apply = async (obj: Obj) => {
    const res = await resourceFor(admin, obj.apiVersion, obj.kind);
    const r = await admin.request('PATCH', objectPath(res!, obj.metadata.namespace, obj.metadata.name), { query: { fieldManager: 'test', force: 'true' }, contentType: 'application/apply-patch+yaml', body: obj });
    expect(r.status, r.text).toBeLessThan(300);
  };
  const canI = async (rest: KubeRest, verb: string, group: string, resource: string, subresource?: string) => {
    const r = await rest.request<{ status: { allowed: boolean } }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, group, resource, ...(subresource ? { subresource } : {}), namespace: 'default' } } },
    });
    return r.json.status.allowed;
  };

  beforeAll(async () => {
    admin = KubeRest.fromKubeconfig(cluster!.kubeconfig);
    const files = ['namespace.yaml', 'worker/serviceaccount.yaml', 'worker/rbac.yaml'].map((f) => readFileSync(join(REPO_ROOT, 'deploy/kustomize', f), 'utf8'));
    for (const f of files) for (const d of parseAllDocuments(f)) await apply(d.toJS() as Obj);
    const tr = await admin.request<{ status: { token: string } }>('POST', `/api/v1/namespaces/${NS}/serviceaccounts/gatehouse-worker/token`, {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: [cluster!.server], expirationSeconds: 3600 } },
    });
    expect(tr.status, tr.text).toBe(201);
    token = tr.json.status.token;
    const caPem = Buffer.from(/certificate-authority-data: (\S+)/.exec(cluster!.kubeconfig)![1]!, 'base64').toString();
    kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'gatehouse-rbac-kc-')), 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfigYaml(cluster!.server, caPem, { token }), { mode: 0o600 });
    await apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `app-${run}` } });
    await apply({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: `rbac-${run}` }, spec: { controllerName: 'gatehouse.dev/gateway-controller' } });
    await apply({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: `app-${run}` }, spec: { gatewayClassName: `rbac-${run}`, listeners: [{ name: 'http', port: await freePort(), protocol: 'HTTP' }] } });
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) await w.stop();
    admin?.close();
    await cluster?.stop();
  });

  it('is enough: the worker becomes ready and writes status as system:serviceaccount:gatehouse-system:gatehouse-worker', async () => {
    const { port } = await worker('rbac-a');
    const end = Date.now() + 15_000;
    let status: { conditions?: { type: string; status: string }[] } | undefined;
    while (Date.now() < end) {
      const ready = (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
      status = (await admin.request<{ status?: typeof status }>('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/app-${run}/gateways/gw`)).json.status;
      if (ready && status?.conditions?.some((c) => c.type === 'Programmed' && c.status === 'True')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status?.conditions?.find((c) => c.type === 'Programmed')?.status).toBe('True');
    const lease = await admin.request<{ spec: { holderIdentity: string } }>('GET', `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases/gatehouse-worker-status`);
    expect(lease.json.spec.holderIdentity).toBe('rbac-a');
  });

  it('is no more: the same identity may not change specs, create or delete anything, or read pods', async () => {
    const sa = KubeRest.fromKubeconfig(readFileSync(kubeconfigPath, 'utf8'));
    const who = await sa.request<{ status: { userInfo: { username: string } } }>('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(who.json.status.userInfo.username).toBe(`system:serviceaccount:${NS}:gatehouse-worker`);
    expect(await canI(sa, 'watch', 'gateway.networking.k8s.io', 'httproutes')).toBe(true);
    expect(await canI(sa, 'patch', 'gateway.networking.k8s.io', 'gateways', 'status')).toBe(true);
    for (const [verb, group, resource] of [
      ['update', 'gateway.networking.k8s.io', 'gateways'], ['patch', 'gateway.networking.k8s.io', 'httproutes'], ['create', '', 'secrets'],
      ['delete', 'gateway.networking.k8s.io', 'gateways'], ['list', '', 'pods'], ['create', 'coordination.k8s.io', 'leases'], ['patch', '', 'services'],
    ] as const) {
      expect(await canI(sa, verb, group, resource), `${verb} ${group}/${resource}`).toBe(false);
    }
    sa.close();
  });

  it('fails clearly when a permission is missing, and recovers when it is given back', async () => {
    const roleUrl = '/apis/rbac.authorization.k8s.io/v1/clusterroles/gatehouse-worker';
    const role = (await admin.request<{ rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }>('GET', roleUrl)).json;
    const without = { ...role, rules: role.rules.filter((r) => !r.resources.includes('endpointslices')) };
    expect((await admin.request('PUT', roleUrl, { body: without })).status).toBe(200);
    const { port } = await worker('rbac-b');
    let config: { source: { kinds: Record<string, { lastError: string | null; synced: boolean }> } } | undefined;
    const end = Date.now() + 10_000;
    while (Date.now() < end) {
      config = (await (await fetch(`http://127.0.0.1:${port}/config`)).json()) as typeof config;
      if (config?.source.kinds.EndpointSlice?.lastError) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(config!.source.kinds.EndpointSlice!.lastError).toMatch(/403|forbidden/i);
    expect(config!.source.kinds.EndpointSlice!.lastError).toMatch(/endpointslices/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    expect((await admin.request('PUT', roleUrl, { body: { ...role, metadata: { ...(role as unknown as { metadata: object }).metadata, resourceVersion: undefined } } })).status).toBe(200);
    const back = Date.now() + 20_000;
    let ready = false;
    while (Date.now() < back && !ready) {
      ready = (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200;
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready).toBe(true);
  }, 45_000);
});
