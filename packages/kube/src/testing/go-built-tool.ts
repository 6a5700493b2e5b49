import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real peers the integration suites run that are built from the Go module proxy and cached outside the
 * repository (kube-apiserver + etcd: scripts/k8s/build.sh; the test OpenID provider: scripts/oidc/build.sh). Each script
 * prints the built path last and exits 3 when Go is not installed.
 */
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Runs `script` (repository-relative): the path it printed last, or why the tool cannot be had here. */
export function goBuiltTool(script: string, what: string): { path: string } | { reason: string } {
  try {
    const out = execFileSync('bash', [join(REPO, script)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return { path: out.trim().split('\n').pop()! };
  } catch (e) {
    const status = (e as { status?: number }).status;
    return { reason: status === 3 ? `Go is not installed, so ${what} cannot be built here` : `building ${what} failed: ${(e as Error).message}` };
  }
}

/** A loopback port free at the moment of asking, for a peer started next. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}
