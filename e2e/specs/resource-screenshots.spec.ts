import type { Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ResourceDetailPage } from '../pages/resource-detail-page';
import { ResourceEditorPage } from '../pages/resource-editor-page';
import { ADMIN } from '../support/accounts';
import { listenerPortFor, seedScenario } from '../support/seed';

/** Detail pages of the seed scenario (and of the broken staging objects), as a person opens them from the lists. */
const DETAILS = [
  { name: 'gateway', path: '/resources/gateways/httpbin/simple-fsm-gateway', heading: 'simple-fsm-gateway' },
  { name: 'route', path: '/resources/httproutes/httpbin/http-route-foo', heading: 'http-route-foo' },
  { name: 'service', path: '/resources/services/httpbin/httpbin', heading: 'httpbin' },
  { name: 'upstream-tls-policy', path: '/resources/upstreamtlspolicies/httpbin/upstream-tls-policy-sample', heading: 'upstream-tls-policy-sample' },
  { name: 'secret', path: '/resources/secrets/httpbin/https-cert', heading: 'https-cert' },
  { name: 'backend-tls-policy-broken', path: '/resources/backendtlspolicies/staging/api-tls', heading: 'api-tls' },
  { name: 'route-orphan', path: '/resources/httproutes/staging/orphan-route', heading: 'orphan-route' },
] as const;

async function expectReadable(page: Page, what: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${what} overflows horizontally`).toBeLessThanOrEqual(client);
  expect(await page.getByRole('main').innerText(), `${what} shows raw JSON`).not.toMatch(/\{"|":\s*[{["\d]/);
}

test.beforeAll(async ({ request, baseURL }) => {
  await seedScenario(request, listenerPortFor(baseURL));
});

for (const theme of ['light', 'dark'] as const) {
  test(`resource pages at 1280 px, ${theme} theme`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('gatehouse-theme', t), theme);
    await signInViaApi(page, ADMIN);
    const shell = new ConsoleShell(page);
    const detail = new ResourceDetailPage(page);
    for (const d of DETAILS) {
      await page.goto(d.path);
      await expect(shell.heading).toHaveText(d.heading);
      await expect(detail.relationships).toBeVisible();
      await shell.settled();
      await expectReadable(page, d.name);
      await page.screenshot({ path: `test-results/screenshots/detail-${d.name}-${theme}.png`, fullPage: true });
    }

    // Words, not JSON: the seed's objects as a person reads them.
    await page.goto(DETAILS[0].path);
    await expect(detail.spec).toContainText('Listener http: HTTP on port');
    await expect(detail.relationships).toContainText('http-route-foo');
    await page.goto(DETAILS[2].path);
    await expect(detail.relationships).toContainText('upstream TLS, CA from Secret https-cert — accepted');
    await expect(detail.endpoints).toContainText('127.0.0.1');

    await page.goto(`${DETAILS[0].path}/edit`);
    const editor = new ResourceEditorPage(page);
    await expect(editor.item('listener http')).toBeVisible();
    await expectReadable(page, 'gateway edit form');
    await page.screenshot({ path: `test-results/screenshots/edit-gateway-form-${theme}.png`, fullPage: true });
    await editor.tab('YAML').click();
    await expect(editor.yaml).toHaveValue(/kind: Gateway/);
    await page.screenshot({ path: `test-results/screenshots/edit-gateway-yaml-${theme}.png`, fullPage: true });

    await page.goto('/resources/httproutes/new?namespace=httpbin');
    await expect(editor.item('rule 1')).toBeVisible();
    await expectReadable(page, 'new route form');
    await page.screenshot({ path: `test-results/screenshots/new-route-form-${theme}.png`, fullPage: true });

    await page.goto(DETAILS[4].path);
    await detail.deleteButton().click();
    await expect(detail.deleteDialog).toContainText('upstream-tls-policy-sample');
    await page.screenshot({ path: `test-results/screenshots/delete-secret-dialog-${theme}.png` });
    await page.keyboard.press('Escape');
  });
}

test('resource pages at tablet width', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await signInViaApi(page, ADMIN);
  const shell = new ConsoleShell(page);
  for (const path of [DETAILS[0].path, DETAILS[2].path, `${DETAILS[1].path}/edit`]) {
    await page.goto(path);
    await expect(shell.heading).toBeVisible();
    await shell.settled();
    await expectReadable(page, `${path} at 820 px`);
  }
  await page.screenshot({ path: 'test-results/screenshots/edit-route-tablet.png', fullPage: true });
  await page.goto(DETAILS[0].path);
  await page.screenshot({ path: 'test-results/screenshots/detail-gateway-tablet.png', fullPage: true });
});
