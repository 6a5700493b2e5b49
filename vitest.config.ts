import { defineConfig } from 'vitest/config';

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
