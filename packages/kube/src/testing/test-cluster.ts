import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { installCrds } from '../client/install-crds';
import { KubeRest } from '../client/kube-rest';
import { freePort, goBuiltTool } from './go-built-tool';

/**
 * A real Kubernetes API server for tests and `npm run k8s:up`: etcd + kube-apiserver built from the Go module
 * proxy by scripts/k8s/build.sh (cached outside the repository), on loopback ports, with throw-away certificates,
 * RBAC authorization, an admin client certificate (`system:masters`), and the CRDs Gatehouse pushes (Gateway API
 * v1.6.1 standard channel + UpstreamTLSPolicy) installed and Established. No kubelet, no controllers: objects are
 * stored and validated, nothing runs them.
 */
export interface TestCluster {
  /** Self-contained kubeconfig (data embedded); context `test` is the admin certificate. */
  kubeconfig: string;
  kubeconfigPath: string;
  server: string;
  /** Directory with ca.crt/ca.key (to mint client certificates for other identities) and the logs. */
  dir: string;
  /** True when the tests use a cluster named by KUBECONFIG instead of one started here. */
  external: boolean;
  stop(): Promise<void>;
}



/** Where the binaries are, building them if Go is here; undefined (with the reason) when they cannot be had. */
export function apiServerBinaries(): { dir: string } | { reason: string } {
  const built = goBuiltTool('scripts/k8s/build.sh', 'kube-apiserver');
  return 'path' in built ? { dir: built.path } : built;
}

/** What a test suite gets: a cluster, or the printed reason it has none. */
export async function testClusterOrReason(): Promise<TestCluster | { reason: string }> {
  if (process.env.KUBECONFIG?.trim()) return externalCluster(process.env.KUBECONFIG.trim());
  const bins = apiServerBinaries();
  if ('reason' in bins) return bins;
  return startTestCluster({ binDir: bins.dir });
}

function externalCluster(path: string): TestCluster {
  const kubeconfig = readFileSync(path.split(':')[0]!, 'utf8');
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  return { kubeconfig, kubeconfigPath: path, server: kc.getCurrentCluster()?.server ?? '', dir: '', external: true, stop: async () => {} };
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A client certificate for `user` in `groups`, signed by the test cluster's CA (RBAC tests act as other identities). */
export function clientCertificate(dir: string, user: string, groups: string[] = []): { cert: string; key: string } {
  const base = join(dir, `client-${user.replace(/[^a-z0-9-]/gi, '_')}`);
  const subj = [...groups.map((g) => `/O=${g}`), `/CN=${user}`].join('');
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', subj]);
  writeFileSync(`${base}.ext`, 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  openssl(dir, ['x509', '-req', '-in', `${base}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '7', '-out', `${base}.crt`, '-extfile', `${base}.ext`]);
  return { cert: readFileSync(`${base}.crt`, 'utf8'), key: readFileSync(`${base}.key`, 'utf8') };
}

/** A kubeconfig for the given server and credentials, data embedded. */
export function kubeconfigYaml(server: string, caPem: string, user: { cert: string; key: string } | { token: string }, namespace = 'default'): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const userBlock = 'token' in user ? `    token: ${user.token}` : `    client-certificate-data: ${b64(user.cert)}\n    client-key-data: ${b64(user.key)}`;
  return `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: ${server}
    certificate-authority-data: ${b64(caPem)}
users:
- name: test
  user:
${userBlock}
contexts:
- name: test
  context:
    cluster: test
    user: test
    namespace: ${namespace}
current-context: test
`;
}

function makeCertificates(dir: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '7', '-subj', '/CN=gatehouse-test-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver']);
  writeFileSync(join(dir, 'serving.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  openssl(dir, ['x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '7', '-out', 'apiserver.crt', '-extfile', 'serving.ext']);
  openssl(dir, ['genrsa', '-out', 'sa.key', '2048']);
  openssl(dir, ['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
}

async function waitUntil(what: string, fn: () => Promise<boolean>, timeoutMs: number, log?: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      // not yet
    }
    if (Date.now() > end) {
      const tail = log && existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-30).join('\n') : '';
      throw new Error(`${what} not ready after ${timeoutMs} ms${tail ? `\n${tail}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface StartOptions {
  binDir: string;
  /** Keep the processes running after this process exits (`npm run k8s:up`); stop() or `k8s:down` ends them. */
  detached?: boolean;
  dir?: string;
  /** Skip the CRD installation (the tests of the install action start bare). */
  bare?: boolean;
}

/** Starts etcd and kube-apiserver (3–6 s), writes the kubeconfig, installs the CRDs. */
export async function startTestCluster(opts: StartOptions): Promise<TestCluster> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'gatehouse-k8s-'));
  mkdirSync(dir, { recursive: true });
  makeCertificates(dir);
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const start = (bin: string, args: string[], log: string) => {
    const fd = openSync(join(dir, log), 'a');
    const p = spawn(join(opts.binDir, bin), args, { cwd: dir, detached: true, stdio: ['ignore', fd, fd] });
    if (opts.detached) p.unref();
    return p;
  };
  const etcd = start('etcd', [
    '--name=test', `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-cluster=test=http://127.0.0.1:${peerPort}`, '--unsafe-no-fsync=true', '--log-level=warn',
  ], 'etcd.log');
  const stopProcess = async (p: { pid?: number | undefined }, graceMs: number) => {
    if (!p.pid) return;
    try {
      process.kill(-p.pid, 'SIGTERM');
    } catch {
      return;
    }
    const end = Date.now() + graceMs;
    while (Date.now() < end) {
      try {
        process.kill(-p.pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  let api: ReturnType<typeof start> | undefined;
  const stop = async () => {
    if (api) await stopProcess(api, 10_000);
    await stopProcess(etcd, 5_000);
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil('etcd', async () => (await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok, 30_000, join(dir, 'etcd.log'));
    api = start('kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
      `--cert-dir=${join(dir, 'cert-dir')}`, `--tls-cert-file=${join(dir, 'apiserver.crt')}`, `--tls-private-key-file=${join(dir, 'apiserver.key')}`,
      `--client-ca-file=${join(dir, 'ca.crt')}`, '--authorization-mode=RBAC',
      `--service-account-issuer=https://127.0.0.1:${apiPort}`, `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`, `--api-audiences=https://127.0.0.1:${apiPort}`,
      '--service-cluster-ip-range=10.0.0.0/24', '--disable-admission-plugins=ServiceAccount', '--allow-privileged=true',
      '--endpoint-reconciler-type=none', '--profiling=false',
    ], 'apiserver.log');
    const server = `https://127.0.0.1:${apiPort}`;
    const caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');
    const kubeconfig = kubeconfigYaml(server, caPem, clientCertificate(dir, 'admin', ['system:masters']));
    const kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });
    const rest = KubeRest.fromKubeconfig(kubeconfig);
    await waitUntil('kube-apiserver /readyz', async () => (await rest.request('GET', '/readyz')).status === 200, 60_000, join(dir, 'apiserver.log'));
    if (!opts.bare) await installCrds(rest);
    writeFileSync(join(dir, 'pids'), `${etcd.pid} ${api.pid}\n`);
    return { kubeconfig, kubeconfigPath, server, dir, external: false, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The cluster a test suite runs against. No API server is a failure with the reason and what to do, never a quiet
 * skip: only GATEHOUSE_TEST_SKIP_KUBERNETES=1 (said on purpose, like GATEHOUSE_TEST_SKIP_POSTGRES) skips, and says so.
 * Answers undefined only then.
 */
export async function clusterForTests(suite: string): Promise<TestCluster | undefined> {
  const found = await testClusterOrReason();
  if (!('reason' in found)) return found;
  if (process.env.GATEHOUSE_TEST_SKIP_KUBERNETES === '1') {
    console.warn(`\n[${suite}] SKIPPED on request (GATEHOUSE_TEST_SKIP_KUBERNETES=1): ${found.reason}\n`);
    return undefined;
  }
  throw new Error(`[${suite}] no Kubernetes API server: ${found.reason}. Install Go (the suite builds kube-apiserver once), set KUBECONFIG to a cluster, or set GATEHOUSE_TEST_SKIP_KUBERNETES=1 to skip these suites on purpose.`);
}
