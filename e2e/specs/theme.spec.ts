import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN } from '../support/accounts';

const background = (page: import('@playwright/test').Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme follows the system until chosen; the choice is kept and wins over the system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await signInViaApi(page, ADMIN);
  await page.goto('/');
  const shell = new ConsoleShell(page);
  await expect(shell.heading).toHaveText('Dashboard');
  await expect(shell.themeToggle).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBeNull();
  const dark = await background(page);

  await shell.themeToggle.click();
  await expect(shell.themeToggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const light = await background(page);
  expect(light).not.toBe(dark);

  await page.reload();
  await expect(shell.heading).toHaveText('Dashboard');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(shell.themeToggle).toHaveAttribute('aria-pressed', 'false');
  expect(await background(page)).toBe(light);

  await shell.themeToggle.click();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/gateways');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toBe(dark);
});

test('the sign-in page has the toggle too', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/login');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});
