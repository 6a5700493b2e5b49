import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN } from '../support/accounts';
import { listenerPortFor, seedScenario } from '../support/seed';

test('the dashboard shows counts, workers and their revision, recent changes and where the API is', async ({ page, baseURL }) => {
  await seedScenario(page.request, listenerPortFor(baseURL));
  await signInViaApi(page, ADMIN);
  await page.goto('/');
  const shell = new ConsoleShell(page);
  await expect(shell.heading).toHaveText('Dashboard');
  await expect(page.getByText('Database: sqlite')).toBeVisible();
  await expect(page.getByRole('link', { name: '/api/v1/openapi.json' })).toHaveAttribute('href', '/api/v1/openapi.json');
  await expect(page.locator('.stat').filter({ hasText: 'Gateways' }).locator('.stat-value')).toHaveText('2');
  await expect(page.locator('.stat').filter({ hasText: 'Gateways' })).toContainText('2 of 2 programmed');
  await expect(page.locator('.stat').filter({ hasText: 'Routes' })).toContainText('2 of 3 accepted');
  // The bundled worker reports the revision it enforces; it catches up with the seed within a poll.
  const workers = page.getByRole('region', { name: 'Workers' });
  await expect(workers.getByText("In sync: enforces the current configuration")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Recent changes' }).getByText('bootstrap', { exact: true }).first()).toBeVisible();

  await shell.namespace.selectOption('httpbin');
  await expect(page).toHaveURL(/\?namespace=httpbin$/);
  await expect(page.locator('.stat').filter({ hasText: 'Routes' })).toContainText('1 of 1 accepted');
  await expect(shell.navLink('Gateways')).toHaveAttribute('href', '/gateways?namespace=httpbin');
});
