import { expect, test } from '@playwright/test';

test('the console home page renders its status without browser errors', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Gatehouse' })).toBeVisible();
  await expect(page.getByText('Database: sqlite')).toBeVisible();
  await expect(page.getByRole('link', { name: '/api/v1/openapi.json' })).toHaveAttribute('href', '/api/v1/openapi.json');
  await page.screenshot({ path: 'test-results/screenshots/home.png', fullPage: true });
  expect(errors).toEqual([]);
});
