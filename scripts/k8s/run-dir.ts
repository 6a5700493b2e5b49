import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where `k8s:up` keeps the running cluster's files: outside the repository, beside the cached binaries. */
export function runDir(): string {
  const cache = process.env.GATEHOUSE_K8S_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gatehouse', 'k8s');
  return join(cache, 'run');
}
