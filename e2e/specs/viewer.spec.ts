import type { Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell, NAV_LINKS, NAV_TARGETS } from '../pages/console-shell';
import { LoginPage } from '../pages/login-page';
import { SettingsPage } from '../pages/settings-page';
import { ADMIN, VIEWER } from '../support/accounts';
import { listenerPortFor, seedScenario } from '../support/seed';

/** Buttons a person uses to change something (paging, theme and account buttons are not). */
const WRITE_CONTROL = /^(create|delete|disable|enable|revoke|apply(?! filters)|save|edit|remove|renew|confirm)/i;

async function writeControls(page: Page): Promise<string[]> {
  const names = await page.getByRole('main').getByRole('button').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  const selects = await page.getByRole('main').getByRole('combobox').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.id));
  return [...names.filter((n) => WRITE_CONTROL.test(n)), ...selects.filter((s) => /role/i.test(s))];
}

test.describe.configure({ mode: 'serial' });

test('an administrator creates a viewer account in Settings', async ({ page, baseURL }) => {
  await seedScenario(page.request, listenerPortFor(baseURL));
  await signInViaApi(page, ADMIN);
  const settings = new SettingsPage(page);
  await settings.goto();
  await settings.createAccount(VIEWER, 'Viewer');
  await expect(page.getByRole('status').filter({ hasText: `Account ${VIEWER.username} created` })).toBeVisible();
  await expect(settings.roleOf(VIEWER.username)).toHaveValue('viewer');
});

test('a viewer sees every list but no control that changes anything, and a forced change is refused (403)', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(VIEWER.username, VIEWER.password);
  const shell = new ConsoleShell(page);
  await expect(shell.heading).toHaveText('Dashboard');
  await expect(shell.accountButton()).toHaveAccessibleName(`Account: ${VIEWER.displayName}`);

  for (const link of NAV_LINKS) {
    await page.goto(`${NAV_TARGETS[link].path}${link === 'Certificates' || link === 'Settings' ? '' : '?namespace=httpbin'}`);
    await expect(shell.heading).toHaveText(NAV_TARGETS[link].heading);
    await shell.settled();
    expect(await writeControls(page), `write controls on ${link}`).toEqual([]);
  }
  await page.goto('/gateways?namespace=httpbin');
  await expect(page.getByRole('cell', { name: /^simple-fsm-gateway/ })).toBeVisible();
  await page.goto('/settings');
  await expect(page.getByText('Accounts and API tokens are managed by administrators.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Accounts' })).toHaveCount(0);

  // Forced changes, with this session's cookie and its valid CSRF token: the role, not the UI, refuses them.
  const { session } = (await (await page.request.get('/api/v1/session')).json()) as { session: { csrfToken: string } };
  const headers = { 'x-csrf-token': session.csrfToken };
  const trpc = await page.request.post('/api/trpc/resources.create', {
    headers, data: { plural: 'configmaps', namespace: 'httpbin', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'by-viewer' } } },
  });
  expect(trpc.status()).toBe(403);
  expect(JSON.stringify(await trpc.json())).toContain('role viewer may not change resources');
  const rest = await page.request.delete('/api/v1/namespaces/httpbin/services/httpbin', { headers });
  expect(rest.status()).toBe(403);
  const users = await page.request.post('/api/trpc/users.create', { headers, data: { username: 'sneaky', password: 'a-valid-long-password', role: 'admin' } });
  expect(users.status()).toBe(403);
  expect((await page.request.get('/api/v1/namespaces/httpbin/services/httpbin')).status()).toBe(200);
});

test('without the CSRF token even an administrator\'s cookie cannot change anything', async ({ page }) => {
  const { csrfToken } = await signInViaApi(page, ADMIN);
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'csrf-check' }, data: { k: 'v' } };
  const without = await page.request.post('/api/v1/namespaces/httpbin/configmaps', { data: object });
  expect(without.status()).toBe(403);
  expect((await without.json()).details[0].path).toBe('x-csrf-token');
  const withToken = await page.request.post('/api/v1/namespaces/httpbin/configmaps', { data: object, headers: { 'x-csrf-token': csrfToken } });
  expect(withToken.status()).toBe(201);
  expect((await page.request.delete('/api/v1/namespaces/httpbin/configmaps/csrf-check', { headers: { 'x-csrf-token': csrfToken } })).status()).toBe(200);
});
