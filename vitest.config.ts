import { defineConfig } from 'vitest/config';
import { openIdProviderAvailable } from './apps/console/test/support/test-openid-provider';

// The single sign-on suites need the test OpenID provider (scripts/oidc/build.sh: Go builds it once, cached outside
// the repository). Without Go and without a cached build, or with GATEHOUSE_TEST_SKIP_OIDC=1, they are left out —
// said out loud, never silently.
const OIDC_SUITES = ['apps/console/test/oidc-sso.int.test.ts'];
const skipOidc = process.env.GATEHOUSE_TEST_SKIP_OIDC === '1' ? 'on request (GATEHOUSE_TEST_SKIP_OIDC=1)' : openIdProviderAvailable() ? undefined : 'Go is not installed and no test OpenID provider is cached (scripts/oidc/build.sh)';
if (skipOidc) console.warn(`\n[${OIDC_SUITES.join(', ')}] LEFT OUT ${skipOidc}: single sign-on is not tested in this run\n`);

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'e2e/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**', '**/.next-*/**', ...(skipOidc ? OIDC_SUITES : [])],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // One throw-away PostgreSQL server per run for @gatehouse/db/testing/test-databases (set
    // GATEHOUSE_TEST_POSTGRES_URL to use your own, GATEHOUSE_TEST_SKIP_POSTGRES=1 to skip those tests).
    globalSetup: ['packages/db/src/testing/vitest-global-setup.ts'],
  },
});
