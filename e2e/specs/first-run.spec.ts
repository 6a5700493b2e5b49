import { expect, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { SetupPage } from '../pages/setup-page';
import { ADMIN } from '../support/accounts';

// Runs first (project `first-run`): the web server's data directory is fresh, so no account exists yet.
test.describe.configure({ mode: 'serial' });

test('a fresh console sends every page to first-run setup', async ({ page }) => {
  const state = await page.request.get('/api/v1/setup');
  expect(await state.json()).toEqual({ required: true });
  for (const path of ['/', '/gateways', '/login']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/setup$/);
  }
  await expect(new SetupPage(page).heading).toBeVisible();
});

test('setup refuses a wrong setup code and mismatched passwords, then creates the first administrator and signs them in', async ({ page }) => {
  const setup = new SetupPage(page);
  await page.goto('/setup');
  // Whoever reaches a fresh console first cannot claim it without the code from its log.
  await setup.fill(ADMIN, ADMIN.password, 'WRONG-CODE1');
  await setup.submit();
  await expect(setup.alert).toContainText('setup code is not right');
  await expect(page.getByLabel('Setup code')).toHaveAttribute('aria-invalid', 'true');
  expect(await (await page.request.get('/api/v1/setup')).json()).toEqual({ required: true });

  await setup.fill(ADMIN, `${ADMIN.password}-typo`);
  await setup.submit();
  await expect(setup.alert).toHaveText('The two passwords differ');
  await expect(page.getByLabel('User name')).toHaveValue(ADMIN.username);

  await setup.fill(ADMIN);
  await setup.submit();
  const shell = new ConsoleShell(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(shell.heading).toHaveText('Dashboard');
  await expect(shell.accountButton()).toHaveAccessibleName(`Account: ${ADMIN.displayName}`);

  // Exactly once: setup is closed now, in the browser and in the API.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/$/);
  expect(await (await page.request.get('/api/v1/setup')).json()).toEqual({ required: false });
  const again = await page.request.post('/api/v1/setup', { data: { username: 'intruder', password: 'x' } });
  expect(again.status()).toBe(409);
  await page.screenshot({ path: 'test-results/screenshots/first-run-dashboard.png', fullPage: true });
});
