import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { openIdProviderAvailable } from './apps/console/test/support/test-openid-provider';

// The single sign-on suites need the test OpenID provider (scripts/oidc/build.sh: Go builds it once, cached outside
// the repository). Without Go and without a cached build, or with GATEHOUSE_TEST_SKIP_OIDC=1, they are left out —
// said out loud, never silently.
const OIDC_SUITES = ['apps/console/test/oidc-sso.int.test.ts'];
const skipOidc = process.env.GATEHOUSE_TEST_SKIP_OIDC === '1' ? 'on request (GATEHOUSE_TEST_SKIP_OIDC=1)' : openIdProviderAvailable() ? undefined : 'Go is not installed and no test OpenID provider is cached (scripts/oidc/build.sh)';
if (skipOidc) console.warn(`\n[${OIDC_SUITES.join(', ')}] LEFT OUT ${skipOidc}: single sign-on is not tested in this run\n`);

// The worker's data-plane suites run against the Node engine and HAProxy (apps/worker/test/helpers/engines.ts).
// GATEHOUSE_TEST_SKIP_HAPROXY=1 leaves the haproxy half and the engine's own suite out on purpose, said here; without
// it a machine that cannot run HAProxy fails those tests with the reason (and is warned here first).
const HAPROXY_SUITES = ['apps/worker/test/haproxy-engine.test.ts'];
const skipHaproxy = process.env.GATEHOUSE_TEST_SKIP_HAPROXY === '1';
if (skipHaproxy) {
  console.warn(`\n[${HAPROXY_SUITES.join(', ')} and the haproxy half of the worker data-plane suites] LEFT OUT on request (GATEHOUSE_TEST_SKIP_HAPROXY=1): the HAProxy engine is not tested in this run\n`);
} else {
  const bin = process.env.GATEHOUSE_HAPROXY_BIN ?? 'haproxy';
  try {
    execFileSync(bin, ['-v'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    console.warn(`\n⚠️  HAProxy ("${bin}", GATEHOUSE_HAPROXY_BIN) cannot be run: the HAProxy engine's tests will fail (install haproxy ≥ 2.6, or set GATEHOUSE_TEST_SKIP_HAPROXY=1 to leave them out)\n`);
  }
}

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'e2e/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**', '**/.next-*/**', ...(skipOidc ? OIDC_SUITES : []), ...(skipHaproxy ? HAPROXY_SUITES : [])],
    // Two test files at a time even on two cores (vitest's default is cores - 1 = one): most suites wait on real
    // servers, sockets and child processes (PostgreSQL, kube-apiserver, HAProxy, TLS peers) rather than compute, so a
    // second file fills the waits. Measured on the 2-core machine: `npm test`'s vitest part from ~7.5 to ~5 min.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One throw-away PostgreSQL server per run for @gatehouse/db/testing/test-databases (set
    // GATEHOUSE_TEST_POSTGRES_URL to use your own, GATEHOUSE_TEST_SKIP_POSTGRES=1 to skip those tests).
    globalSetup: ['packages/db/src/testing/vitest-global-setup.ts'],
  },
});
