/**
 * Issue 8 §5, deployment: deploy/kustomize is plain YAML (resources only), so this suite reads exactly what
 * `kubectl apply -k deploy/kustomize` applies and server-side dry-runs every object against a real kube-apiserver
 * (scripts/k8s, or the cluster KUBECONFIG names). Without one the dry-run suite is skipped with a printed notice;
 * the structural checks (RBAC rules, security contexts, probes, no Secret values, docker-compose.yml, Dockerfile)
 * run regardless.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { objectPath, resourceFor } from '@gatehouse/kube/client/discovery';
import { KubeRest, statusMessage } from '@gatehouse/kube/client/kube-rest';
import { clusterForTests } from '@gatehouse/kube/testing/test-cluster';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BASE = join(REPO, 'deploy/kustomize');
const NAMESPACE = 'gatehouse-system';
const UID = 10001;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;
interface Manifest {
  /** Repository-relative file and document index, for messages. */
  where: string;
  obj: Obj;
}

/** Parses every YAML document of a file; a document with errors fails the test that reads it. */
function readDocuments(file: string): Manifest[] {
  const out: Manifest[] = [];
  parseAllDocuments(readFileSync(file, 'utf8')).forEach((doc, i) => {
    const where = `${relative(REPO, file)}#${i}`;
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const obj = doc.toJS() as Obj | null;
    if (obj !== null) out.push({ where, obj });
  });
  return out;
}

/**
 * The files a kustomization lists, recursively (a directory entry is a sub-kustomization). Only `resources` is
 * allowed: anything that needs the kustomize binary to render (patches, generators, transformers, remote bases)
 * would make what is read here differ from what is applied.
 */
function kustomizationFiles(dir: string): string[] {
  const file = join(dir, 'kustomization.yaml');
  const k = parseYaml(readFileSync(file, 'utf8')) as Obj;
  const extra = Object.keys(k).filter((key) => !['apiVersion', 'kind', 'resources'].includes(key));
  if (extra.length > 0) throw new Error(`${relative(REPO, file)}: only resources are allowed, found ${extra.join(', ')}`);
  if (k.kind !== 'Kustomization') throw new Error(`${relative(REPO, file)}: kind is ${String(k.kind)}`);
  const files: string[] = [];
  for (const entry of (k.resources ?? []) as string[]) {
    const path = resolve(dir, entry);
    if (entry.includes('://') || !path.startsWith(`${BASE}/`)) throw new Error(`${relative(REPO, file)}: ${entry} is outside deploy/kustomize`);
    if (!existsSync(path)) throw new Error(`${relative(REPO, file)}: ${entry} does not exist`);
    files.push(...(statSync(path).isDirectory() ? kustomizationFiles(path) : [path]));
  }
  return files;
}

const id = (o: Obj) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`;
const files = kustomizationFiles(BASE);
const manifests = files.flatMap(readDocuments);
const objects = manifests.map((m) => m.obj);
const only = (kind: string, name: string): Obj => {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  expect(found.map(id), `exactly one ${kind} ${name}`).toHaveLength(1);
  return found[0]!;
};
const containersOf = (d: Obj): Obj[] => [...(d.spec.template.spec.initContainers ?? []), ...d.spec.template.spec.containers];
const envOf = (c: Obj, name: string): Obj | undefined => (c.env as Obj[] | undefined)?.find((e) => e.name === name);

/** RBAC rules as sorted `group|resource|verb` triples, so equal permissions compare equal however they are grouped. */
function normalizedRules(rules: Obj[]): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.resourceNames || r.nonResourceURLs) out.add(`unexpected: ${JSON.stringify(r)}`);
    for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) for (const v of r.verbs ?? []) out.add(`${g}|${res}|${v}`);
  }
  return [...out].sort();
}
const triples = (group: string, resources: string[], verbs: string[]) => resources.flatMap((r) => verbs.map((v) => `${group}|${r}|${v}`));
const READ = ['get', 'list', 'watch'];
const WRITE_STATUS = ['update', 'patch'];
const WORKER_CLUSTER_RULES = [
  ...triples('gateway.networking.k8s.io', ['gatewayclasses', 'gateways', 'httproutes', 'tlsroutes', 'referencegrants', 'listenersets', 'backendtlspolicies'], READ),
  ...triples('gateway.flomesh.io', ['upstreamtlspolicies'], READ),
  ...triples('', ['services', 'secrets', 'configmaps'], READ),
  ...triples('discovery.k8s.io', ['endpointslices'], READ),
  ...triples('gateway.networking.k8s.io', ['gatewayclasses/status', 'gateways/status', 'httproutes/status', 'tlsroutes/status', 'listenersets/status', 'backendtlspolicies/status'], WRITE_STATUS),
  ...triples('gateway.flomesh.io', ['upstreamtlspolicies/status'], WRITE_STATUS),
].sort();

describe('deploy/kustomize: what `kubectl apply -k` applies', () => {
  it('lists plain resource files only, each a valid object with its own namespace', () => {
    expect(files.map((f) => relative(BASE, f))).toEqual(expect.arrayContaining(['namespace.yaml', 'worker/rbac.yaml', 'worker/deployment.yaml', 'console/deployment.yaml']));
    expect(files.map((f) => relative(BASE, f))).not.toContain('console/secrets.example.yaml');
    for (const { where, obj } of manifests) {
      expect(typeof obj.apiVersion, `${where}: apiVersion`).toBe('string');
      expect(typeof obj.kind, `${where}: kind`).toBe('string');
      expect(typeof obj.metadata?.name, `${where}: metadata.name`).toBe('string');
    }
    expect(new Set(objects.map(id)).size, 'no object twice').toBe(objects.length);
    const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
    for (const o of objects) expect(o.metadata.namespace, `${id(o)}: namespace`).toBe(clusterScoped.has(o.kind) ? undefined : NAMESPACE);
    expect(only('Namespace', NAMESPACE)).toBeTruthy();
  });

  it('matches what kustomize itself renders (when kubectl is here)', () => {
    const r = spawnSync('kubectl', ['kustomize', BASE], { encoding: 'utf8' });
    if (r.error) {
      console.warn('\n[deploy-manifests] NOTICE: kubectl is not on PATH, so `kubectl kustomize deploy/kustomize` was not compared\n');
      return;
    }
    expect(r.status, r.stderr).toBe(0);
    const rendered = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj).filter(Boolean);
    const byId = (list: Obj[]) => Object.fromEntries(list.map((o) => [id(o), o]));
    expect(byId(rendered)).toEqual(byId(objects));
  });

  it('gives the worker exactly the cluster-wide rights it needs, and a leader-election Role in its namespace', () => {
    expect(objects.filter((o) => o.kind === 'ClusterRole').map(id)).toEqual(['ClusterRole gatehouse-worker']);
    expect(normalizedRules(only('ClusterRole', 'gatehouse-worker').rules)).toEqual(WORKER_CLUSTER_RULES);
    const subject = [{ kind: 'ServiceAccount', name: 'gatehouse-worker', namespace: NAMESPACE }];
    const crb = only('ClusterRoleBinding', 'gatehouse-worker');
    expect(crb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'gatehouse-worker' });
    expect(crb.subjects).toEqual(subject);
    expect(objects.filter((o) => o.kind === 'ClusterRoleBinding').map(id)).toEqual(['ClusterRoleBinding gatehouse-worker']);

    const role = only('Role', 'gatehouse-worker-leader-election');
    expect(role.metadata.namespace).toBe(NAMESPACE);
    expect(normalizedRules(role.rules)).toEqual(triples('coordination.k8s.io', ['leases'], ['get', 'create', 'update']).sort());
    const rb = only('RoleBinding', 'gatehouse-worker-leader-election');
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'gatehouse-worker-leader-election' });
    expect(rb.subjects).toEqual(subject);
    expect(only('ServiceAccount', 'gatehouse-worker')).toBeTruthy();
    // The console's cluster access comes from registered kubeconfigs: no RBAC, no token mounted.
    const consoleSa = only('ServiceAccount', 'gatehouse-console');
    expect(consoleSa.automountServiceAccountToken).toBe(false);
    const bound = objects.filter((o) => o.kind.endsWith('Binding')).flatMap((b) => (b.subjects as Obj[]).map((s) => s.name));
    expect(bound).not.toContain('gatehouse-console');
  });

  it('runs every container as uid 10001, non-root, read-only root filesystem, no escalation, no capabilities', () => {
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map(id).sort()).toEqual([`Deployment ${NAMESPACE}/gatehouse-console`, `Deployment ${NAMESPACE}/gatehouse-worker`]);
    for (const d of deployments) {
      const pod = d.spec.template.spec;
      expect(pod.securityContext?.runAsNonRoot, `${id(d)}: pod runAsNonRoot`).toBe(true);
      expect(pod.securityContext?.runAsUser, `${id(d)}: pod runAsUser`).toBe(UID);
      for (const c of containersOf(d)) {
        const what = `${id(d)} container ${c.name}`;
        const sc = { ...pod.securityContext, ...c.securityContext };
        expect(sc.runAsNonRoot, `${what}: runAsNonRoot`).toBe(true);
        expect(sc.runAsUser, `${what}: runAsUser`).toBe(UID);
        expect(c.securityContext?.readOnlyRootFilesystem, `${what}: readOnlyRootFilesystem`).toBe(true);
        expect(c.securityContext?.allowPrivilegeEscalation, `${what}: allowPrivilegeEscalation`).toBe(false);
        expect(c.securityContext?.privileged ?? false, `${what}: privileged`).toBe(false);
        expect(c.securityContext?.capabilities?.drop, `${what}: capabilities.drop`).toEqual(['ALL']);
        expect(c.securityContext?.capabilities?.add ?? [], `${what}: capabilities.add`).toEqual([]);
        // No NET_BIND_SERVICE, so nothing below 1024.
        for (const p of c.ports ?? []) expect(p.containerPort, `${what}: port ${p.name}`).toBeGreaterThanOrEqual(1024);
        expect(c.resources?.requests?.cpu && c.resources?.requests?.memory, `${what}: requests`).toBeTruthy();
        expect(c.resources?.limits?.cpu && c.resources?.limits?.memory, `${what}: limits`).toBeTruthy();
        expect(c.image, `${what}: one image for console and worker`).toBe('ghcr.io/gatehouse-dev/gatehouse:0.1.0');
        expect(c.readinessProbe?.httpGet, `${what}: readiness probe`).toBeTruthy();
        expect(c.livenessProbe?.httpGet, `${what}: liveness probe`).toBeTruthy();
      }
      expect(d.spec.replicas, `${id(d)}: replicas`).toBe(2);
      const spread = (pod.topologySpreadConstraints ?? []).some((t: Obj) => t.topologyKey === 'kubernetes.io/hostname')
        || pod.affinity?.podAntiAffinity !== undefined;
      expect(spread, `${id(d)}: spread across nodes`).toBe(true);
      const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget' && JSON.stringify(o.spec.selector.matchLabels) === JSON.stringify(d.spec.selector.matchLabels));
      expect(pdb?.spec.minAvailable, `${id(d)}: PodDisruptionBudget`).toBe(1);
    }
  });

  it('configures the worker for Kubernetes: config source, HAProxy engine, identity, lease namespace, admin port probes, gateway Service', () => {
    const d = only('Deployment', 'gatehouse-worker');
    expect(d.spec.template.spec.serviceAccountName).toBe('gatehouse-worker');
    const c = d.spec.template.spec.containers.find((x: Obj) => x.name === 'worker');
    expect(c.command).toEqual(['node', 'node_modules/tsx/dist/cli.mjs', 'apps/worker/src/main.ts']);
    expect(envOf(c, 'GATEHOUSE_CONFIG_SOURCE')?.value).toBe('kubernetes');
    // Issue 13: the cluster runs the HAProxy engine by default (the image installs it); `node` is one value away.
    expect(envOf(c, 'GATEHOUSE_WORKER_ENGINE')?.value).toBe('haproxy');
    expect(envOf(c, 'GATEHOUSE_WORKER_ID')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(envOf(c, 'POD_NAMESPACE')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    expect(envOf(c, 'GATEHOUSE_LEASE_NAMESPACE')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    expect(envOf(c, 'GATEHOUSE_WORKER_ADMIN_BIND')?.value).toBe('0.0.0.0');
    const admin = (c.ports as Obj[]).find((p) => p.containerPort === 9901);
    const isAdmin = (port: unknown) => port === 9901 || port === admin?.name;
    expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    expect(isAdmin(c.readinessProbe.httpGet.port), 'readiness on the admin port').toBe(true);
    expect(c.livenessProbe.httpGet.path).toBe('/healthz');
    expect(isAdmin(c.livenessProbe.httpGet.port), 'liveness on the admin port').toBe(true);

    const svc = only('Service', 'gatehouse-gateway');
    expect(svc.spec.type).toBe('LoadBalancer');
    expect(svc.spec.selector).toEqual(d.spec.selector.matchLabels);
    expect((svc.spec.ports as Obj[]).map((p) => p.port)).toContain(8000);
    expect((svc.spec.ports as Obj[]).map((p) => p.port), 'the admin port is not exposed').not.toContain(9901);
  });

  it('configures the console from Secrets it does not ship, with probes on /api/healthz and a Service 80 → 3000', () => {
    const d = only('Deployment', 'gatehouse-console');
    const c = d.spec.template.spec.containers.find((x: Obj) => x.name === 'console');
    const ref = (name: string) => envOf(c, name)?.valueFrom?.secretKeyRef;
    expect(ref('DATABASE_URL')).toEqual({ name: 'gatehouse-database', key: 'url' });
    expect(ref('GATEHOUSE_MASTER_KEY')).toEqual({ name: 'gatehouse-master-key', key: 'key' });
    expect(ref('GATEHOUSE_WORKER_TOKEN')).toEqual({ name: 'gatehouse-worker-token', key: 'token' });
    expect(envOf(c, 'GATEHOUSE_DATA_DIR')?.value).toBe('/data');
    const dataVolume = (c.volumeMounts as Obj[]).find((m) => m.mountPath === '/data')?.name;
    expect((d.spec.template.spec.volumes as Obj[]).find((v) => v.name === dataVolume)?.emptyDir).toEqual({});
    for (const probe of [c.readinessProbe, c.livenessProbe]) {
      expect(probe.httpGet.path).toBe('/api/healthz');
      expect([3000, 'http']).toContain(probe.httpGet.port);
    }
    const svc = only('Service', 'gatehouse-console');
    expect(svc.spec.selector).toEqual(d.spec.selector.matchLabels);
    expect(svc.spec.ports).toEqual([expect.objectContaining({ port: 80 })]);
    expect([3000, 'http']).toContain(svc.spec.ports[0].targetPort);

    // No Secret values in what is applied; the example (not listed) names every Secret the console needs.
    const withData = objects.filter((o) => o.kind === 'Secret' && (o.data !== undefined || o.stringData !== undefined));
    expect(withData.map(id), 'Secrets with values in the kustomization').toEqual([]);
    const examples = readDocuments(join(BASE, 'console/secrets.example.yaml')).map((m) => m.obj);
    for (const e of c.env as Obj[]) {
      const r = e.valueFrom?.secretKeyRef;
      if (!r) continue;
      const example = examples.find((s) => s.kind === 'Secret' && s.metadata.name === r.name);
      expect(example?.metadata.namespace, `secrets.example.yaml: ${r.name}`).toBe(NAMESPACE);
      expect(example?.stringData?.[r.key], `secrets.example.yaml: ${r.name}.${r.key} is a placeholder`).toContain('CHANGE-ME');
      expect(example?.data, `secrets.example.yaml: ${r.name} has no data`).toBeUndefined();
    }
  });
});

describe('Dockerfile and docker-compose.yml', () => {
  it('builds an image that runs as the non-root user the manifests expect, with the CRDs directory set', () => {
    const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/useradd [^\n]*--uid 10001/);
    expect(dockerfile).toMatch(/^USER 10001(:10001)?$/m);
    expect(dockerfile).toMatch(/chown [^\n]*\/data/);
    expect(dockerfile).toMatch(/GATEHOUSE_CRDS_DIR=\/app\/deploy\/crds/);
    expect(existsSync(join(REPO, 'deploy/crds'))).toBe(true);
  });

  it('has postgres, console, worker and the echo upstream; `docker compose config` accepts it when Docker Compose is here', () => {
    const compose = parseYaml(readFileSync(join(REPO, 'docker-compose.yml'), 'utf8')) as Obj;
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'console', 'worker', 'echo']));
    const env = (service: string): Record<string, unknown> => {
      const e = compose.services[service].environment ?? {};
      return Array.isArray(e) ? Object.fromEntries(e.map((kv: string) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)])) : e;
    };
    expect(String(env('console').DATABASE_URL)).toMatch(/^postgresql:\/\/.*@postgres:5432\//);
    expect(env('worker').GATEHOUSE_CONSOLE_URL).toBe('http://console:3000');
    expect(compose.services.echo.command.join(' ')).toContain('apps/echo/src/main.ts --port 8443 --host 0.0.0.0');

    const dummy = { GATEHOUSE_BOOTSTRAP_TOKEN: 'gh_dummy-bootstrap-token-0000', GATEHOUSE_WORKER_TOKEN: 'dummy-worker-token-0000', GATEHOUSE_MASTER_KEY: 'ZHVtbXktbWFzdGVyLWtleS0wMDAwMDAwMDAwMDAwMDA=' };
    const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
    if (version.error) {
      console.warn('\n[deploy-manifests] NOTICE: `docker compose config` was not run: Docker is not installed (no `docker` on PATH)\n');
      return;
    }
    if (version.status !== 0) {
      console.warn(`\n[deploy-manifests] NOTICE: \`docker compose config\` was not run: \`docker\` is on PATH but has no Compose plugin (${(version.stderr || version.stdout).trim()})\n`);
      return;
    }
    const r = spawnSync('docker', ['compose', '-f', join(REPO, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8', cwd: REPO, env: { ...process.env, ...dummy } });
    expect(r.status, r.stderr).toBe(0);
  });
});

const cluster = await clusterForTests('deploy-manifests.int.test');

describe.skipIf(!cluster)('deploy/kustomize against a real kube-apiserver (server-side apply, dryRun=All)', () => {
  let kube: KubeRest;
  let createdNamespace = false;

  beforeAll(async () => {
    kube = KubeRest.fromKubeconfig(cluster!.kubeconfig);
    // A dry run cannot go into a missing namespace: the Namespace (with its Pod Security labels) is made for real.
    const ns = only('Namespace', NAMESPACE);
    const r = await kube.request('POST', '/api/v1/namespaces', { body: ns });
    expect([201, 409], `create ${NAMESPACE}: ${statusMessage(r)}`).toContain(r.status);
    createdNamespace = r.status === 201;
  });
  afterAll(async () => {
    // On a cluster of one's own (KUBECONFIG) leave nothing behind; the throw-away one is stopped whole.
    if (cluster?.external && createdNamespace) await kube.request('DELETE', `/api/v1/namespaces/${NAMESPACE}`);
    kube?.close();
    await cluster?.stop();
  });

  it.each(manifests.map((m) => [`${id(m.obj)} (${m.where})`, m] as const))('accepts %s', async (_name, { obj }) => {
    const res = await resourceFor(kube, obj.apiVersion, obj.kind);
    expect(res, `the API server serves ${obj.apiVersion} ${obj.kind}`).toBeDefined();
    const path = objectPath(res!, obj.metadata.namespace, obj.metadata.name);
    const r = await kube.request('PATCH', path, {
      query: { fieldManager: 'gatehouse-test', dryRun: 'All' },
      body: obj,
      contentType: 'application/apply-patch+yaml',
    });
    expect([200, 201], `${id(obj)}: ${r.status} ${statusMessage(r)}`).toContain(r.status);
    const back = r.json as Obj;
    expect(back.kind).toBe(obj.kind);
    expect(back.metadata.name).toBe(obj.metadata.name);
  });

  it('admits the Deployments\' pods under the namespace\'s "restricted" Pod Security Standard, and would refuse a pod that is not', async () => {
    const labels = only('Namespace', NAMESPACE).metadata.labels;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const dryRunPod = (name: string, spec: Obj) => kube.request('POST', `/api/v1/namespaces/${NAMESPACE}/pods`, {
      query: { dryRun: 'All', fieldManager: 'gatehouse-test' },
      body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec },
    });
    for (const d of objects.filter((o) => o.kind === 'Deployment')) {
      const r = await dryRunPod(`${d.metadata.name}-probe`, d.spec.template.spec);
      expect(r.status, `${id(d)} pod: ${statusMessage(r)}`).toBe(201);
    }
    // The control: the same check refuses a pod without the security context.
    const bare = await dryRunPod('bare-probe', { containers: [{ name: 'c', image: 'ghcr.io/gatehouse-dev/gatehouse:0.1.0' }] });
    expect(bare.status).toBe(403);
    expect(statusMessage(bare)).toMatch(/violates PodSecurity "restricted/);
  });

  it('accepts the example Secrets too (they are not applied by the kustomization)', async () => {
    for (const { obj } of readDocuments(join(BASE, 'console/secrets.example.yaml'))) {
      const r = await kube.request('PATCH', `/api/v1/namespaces/${NAMESPACE}/secrets/${obj.metadata.name}`, {
        query: { fieldManager: 'gatehouse-test', dryRun: 'All' },
        body: obj,
        contentType: 'application/apply-patch+yaml',
      });
      expect([200, 201], `${id(obj)}: ${r.status} ${statusMessage(r)}`).toContain(r.status);
    }
  });
});
