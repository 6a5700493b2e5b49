import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// Debian's Chromium where it is installed (these machines cannot download Playwright's browsers); elsewhere
// Playwright's own build (`npx playwright install chromium`).
const debianChromium = '/usr/bin/chromium';
const port = Number(process.env.GATEHOUSE_E2E_PORT ?? 3100);
const dataDir = join(tmpdir(), `gatehouse-playwright-${process.pid}`);
export const E2E_ADMIN_TOKEN = 'gh_playwright-admin-token-0123456789';

export default defineConfig({
  testDir: 'e2e/specs',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: existsSync(debianChromium)
      ? {
          executablePath: debianChromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        }
      : {},
  },
  webServer: {
    command: 'node scripts/start.mjs',
    url: `http://127.0.0.1:${port}/api/healthz`,
    timeout: 240_000,
    reuseExistingServer: false,
    env: {
      PORT: String(port),
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_BOOTSTRAP_TOKEN: E2E_ADMIN_TOKEN,
      GATEHOUSE_WORKER_ADMIN_PORT: String(port + 1),
      GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1',
      GATEHOUSE_LOG_LEVEL: 'warn',
    },
  },
});
