import { execFileSync } from 'node:child_process';
import { defineConfig } from 'vitest/config';

// The worker's data-plane suites run against the Node engine and HAProxy (apps/worker/test/helpers/engines.ts). Without
// a runnable HAProxy their haproxy half is left out: said here once per run, and again by each suite that leaves it out.
if (process.env.GATEHOUSE_TEST_SKIP_HAPROXY === '1') {
  console.warn('\n⚠️  GATEHOUSE_TEST_SKIP_HAPROXY=1: the haproxy half of the worker data-plane suites is left out\n');
} else {
  const bin = process.env.GATEHOUSE_HAPROXY_BIN ?? 'haproxy';
  try {
    execFileSync(bin, ['-v'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    console.warn(`\n⚠️  HAProxy ("${bin}", GATEHOUSE_HAPROXY_BIN) cannot be run: the haproxy half of the worker data-plane suites is left out (install haproxy ≥ 2.6)\n`);
  }
}

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'e2e/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**', '**/.next-*/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One throw-away PostgreSQL server per run for @gatehouse/db/testing/test-databases (set
    // GATEHOUSE_TEST_POSTGRES_URL to use your own, GATEHOUSE_TEST_SKIP_POSTGRES=1 to skip those tests).
    globalSetup: ['packages/db/src/testing/vitest-global-setup.ts'],
  },
});
