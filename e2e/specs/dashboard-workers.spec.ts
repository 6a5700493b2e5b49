import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN } from '../support/accounts';
import { shoot, useTheme } from '../support/screenshots';

test('the dashboard shows the connected worker, its revision against the store\'s, and the ways to explore', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto('/');
  const workers = page.getByRole('region', { name: 'Workers' });
  await expect(workers.getByText("In sync: enforces the current configuration")).toBeVisible({ timeout: 20_000 });
  await expect(workers.getByText(/^http:\/\/127\.0\.0\.1:\d+$/)).toBeVisible();
  // A worker waiting in its long-poll is connected, said so, not "last seen 43 seconds ago".
  await expect(workers.getByText('Connected (heartbeat every 25 s)')).toBeVisible();
  // The curl example names the console's real origin.
  await expect(page.getByText(/--data-binary @file\.yaml http:\/\/127\.0\.0\.1:\d+\/api\/v1\/apply/)).toBeVisible();
  const explore = page.getByRole('region', { name: 'Explore' });
  await expect(page.getByRole('region', { name: 'Certificates expiring soon' })).toBeVisible();
  await explore.getByRole('link', { name: 'Topology' }).click();
  await expect(new ConsoleShell(page).heading).toHaveText('Topology');
  await page.goto('/');
  await explore.getByRole('link', { name: 'Request simulator' }).click();
  await expect(new ConsoleShell(page).heading).toHaveText('Request simulator');
});

for (const theme of ['light', 'dark'] as const) {
  test(`dashboard with explore cards, ${theme}`, async ({ page }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'Workers' }).getByText("In sync: enforces the current configuration")).toBeVisible({ timeout: 20_000 });
    await new ConsoleShell(page).settled();
    await shoot(page, `dashboard-explore-${theme}`);
  });
}
