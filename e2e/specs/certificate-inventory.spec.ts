import { expect, signInViaApi, test } from '../fixtures/console-test';
import { CertificatesPage } from '../pages/certificates-page';
import { ADMIN } from '../support/accounts';
import { apiCreateRootCa, apiIssue } from '../support/certificate-api';

test('expiry at a glance: amber within 30 days, red within 7; filters live in the URL', async ({ page }) => {
  const ca = await apiCreateRootCa(page.request, 'Inventory Root');
  await apiIssue(page.request, ca.id, 'soon.inventory.example.com', { validityDays: 20 });
  await apiIssue(page.request, ca.id, 'very-soon.inventory.example.com', { validityDays: 5 });
  await signInViaApi(page, ADMIN);
  const inventory = new CertificatesPage(page);
  await inventory.goto(`?issuerId=${ca.id}`);
  await expect(inventory.issuer).toHaveValue(ca.id);
  await expect(inventory.table.getByRole('row')).toHaveCount(3); // header + 2

  const soon = inventory.row('soon.inventory.example.com');
  await expect(soon).toHaveAttribute('data-state', 'expiring30');
  await expect(soon.locator('.badge')).toHaveClass(/pending/);
  await expect(soon).toContainText(/Expires within 30 days · (19|20) days left/);
  const verySoon = inventory.row('very-soon.inventory.example.com');
  await expect(verySoon).toHaveAttribute('data-state', 'expiring7');
  await expect(verySoon.locator('.badge')).toHaveClass(/bad/);
  // The red edge is the theme's "bad" colour, not just a class name.
  const edge = await verySoon.locator('td').first().evaluate((td) => getComputedStyle(td).borderLeftColor);
  const bad = await page.evaluate(() => getComputedStyle(document.querySelector('.badge.bad') as Element).color);
  expect(edge).toBe(bad);

  await inventory.state.selectOption({ label: 'Expires within 7 days' });
  await expect(page).toHaveURL(/state=expiring7/);
  await expect(page).toHaveURL(new RegExp(`issuerId=${ca.id}`));
  await expect(inventory.table.getByRole('row')).toHaveCount(2);
  await expect(inventory.row('very-soon.inventory.example.com')).toBeVisible();

  await inventory.kind.selectOption({ label: 'CAs only' });
  await expect(page.getByText('No certificate matches these filters')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(page).toHaveURL(/\/certificates$/);
  await expect(page.getByLabel('Certificates that need attention')).toContainText('Expires within 7 days');
});
