import type { Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN } from '../support/accounts';
import { listenerPortFor, seedScenario } from '../support/seed';

const PAGES = [
  { name: 'dashboard', path: '/', heading: 'Dashboard' },
  { name: 'gateways', path: '/gateways', heading: 'Gateways' },
  { name: 'routes', path: '/routes', heading: 'Routes' },
  { name: 'services', path: '/services', heading: 'Services' },
  { name: 'tls-policies', path: '/tls-policies', heading: 'TLS Policies' },
  { name: 'tls-policies-backend', path: '/tls-policies?kind=backend', heading: 'TLS Policies' },
  { name: 'certificates', path: '/certificates', heading: 'Certificates' },
  { name: 'secrets', path: '/secrets', heading: 'Secrets' },
  { name: 'audit-log', path: '/audit', heading: 'Audit Log' },
  { name: 'settings', path: '/settings', heading: 'Settings' },
] as const;

async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.addInitScript((t) => localStorage.setItem('gatehouse-theme', t), theme);
}

/** Nothing may be wider than the window (a horizontal scrollbar on the page means something overflows). */
async function expectNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${what} overflows horizontally`).toBeLessThanOrEqual(client);
}

test.beforeAll(async ({ request, baseURL }) => {
  await seedScenario(request, listenerPortFor(baseURL));
});

for (const theme of ['light', 'dark'] as const) {
  test(`main pages at 1280 px, ${theme} theme`, async ({ page }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    const shell = new ConsoleShell(page);
    for (const p of PAGES) {
      await page.goto(p.path);
      await expect(shell.heading).toHaveText(p.heading);
      await shell.settled();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expectNoHorizontalOverflow(page, p.name);
      // No raw JSON where a person reads: no `{"` or `":` in the visible text of the page.
      expect(await page.getByRole('main').innerText(), `${p.name} shows raw JSON`).not.toMatch(/\{"|":\s*[{["\d]/);
      await page.screenshot({ path: `test-results/screenshots/${p.name}-${theme}.png`, fullPage: true });
    }
    await page.context().clearCookies();
    await page.goto('/login');
    await page.screenshot({ path: `test-results/screenshots/login-${theme}.png`, fullPage: true });
  });
}

test('the shell at tablet width keeps the sidebar as a rail of named icons', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await signInViaApi(page, ADMIN);
  const shell = new ConsoleShell(page);
  for (const p of [PAGES[0], PAGES[1], PAGES[8]]) {
    await page.goto(p.path);
    await expect(shell.heading).toHaveText(p.heading);
    await shell.settled();
    await expectNoHorizontalOverflow(page, `${p.name} at 820 px`);
    await page.screenshot({ path: `test-results/screenshots/${p.name}-tablet.png`, fullPage: true });
  }
  await expect(shell.navLink('TLS Policies')).toBeVisible();
  const box = await page.locator('.sidebar').boundingBox();
  expect(box!.width).toBeLessThan(100);
});
