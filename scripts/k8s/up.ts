/**
 * `npm run k8s:up`: a real Kubernetes API server on this machine (etcd + kube-apiserver built from source once,
 * cached outside the repository), with the Gateway API v1.6.1 standard CRDs and the UpstreamTLSPolicy CRD
 * installed. Writes a kubeconfig and prints where; `npm run k8s:down` stops it. No kubelet, no controllers.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { apiServerBinaries, startTestCluster } from '@gatehouse/kube/testing/test-cluster';
import { runDir } from './run-dir';

const dir = runDir();
if (existsSync(join(dir, 'pids'))) {
  console.error(`a test cluster already runs from ${dir} (pids ${readFileSync(join(dir, 'pids'), 'utf8').trim()}); npm run k8s:down first`);
  process.exit(1);
}
rmSync(dir, { recursive: true, force: true });
const bins = apiServerBinaries();
if ('reason' in bins) {
  console.error(`k8s:up: ${bins.reason}`);
  process.exit(3);
}
const t0 = Date.now();
const cluster = await startTestCluster({ binDir: bins.dir, dir, detached: true });
console.log(`kube-apiserver ${cluster.server} ready with CRDs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`kubeconfig: ${cluster.kubeconfigPath}`);
console.log(`  export KUBECONFIG=${cluster.kubeconfigPath}`);
process.exit(0);
