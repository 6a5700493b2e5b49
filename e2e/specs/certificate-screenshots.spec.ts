import type { Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { CertificateWizardPage } from '../pages/certificate-wizard-page';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN } from '../support/accounts';
import { apiBind, apiCreateRootCa, apiIssue } from '../support/certificate-api';

/** Nothing may be wider than the window. */
async function expectNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `${what} overflows horizontally`).toBeLessThanOrEqual(client);
}

async function expectNoRawJson(page: Page, what: string): Promise<void> {
  expect(await page.getByRole('main').innerText(), `${what} shows raw JSON`).not.toMatch(/\{"|":\s*[{["\d]/);
}

/** Every input, select and textarea has a label (issue 4: "labels on every input"). */
async function expectAllLabelled(page: Page, what: string): Promise<void> {
  const unlabeled = await page.getByRole('main').locator('input:not([type=hidden]), select, textarea').evaluateAll((els) =>
    els.filter((e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')).map((e) => e.outerHTML.slice(0, 80)));
  expect(unlabeled, what).toEqual([]);
}

let leafId = '';
test.beforeAll(async ({ request }) => {
  const ca = await apiCreateRootCa(request, 'Screenshot Root');
  const leaf = await apiIssue(request, ca.id, 'shots.example.com', { validityDays: 25 });
  await apiBind(request, leaf.id, { namespace: 'shots', name: 'shots-tls', shape: 'tls', includeCa: true });
  leafId = leaf.id;
});

for (const theme of ['light', 'dark'] as const) {
  test(`certificate pages at 1280 px, ${theme} theme`, async ({ page }) => {
    await page.addInitScript((t) => localStorage.setItem('gatehouse-theme', t), theme);
    await signInViaApi(page, ADMIN);
    const shell = new ConsoleShell(page);
    await page.goto('/certificates');
    await expect(shell.heading).toHaveText('Certificates');
    await shell.settled();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expectNoHorizontalOverflow(page, 'inventory');
    await expectNoRawJson(page, 'inventory');
    await page.screenshot({ path: `test-results/screenshots/certificates-inventory-${theme}.png`, fullPage: true });

    await page.goto(`/certificates/${leafId}`);
    await expect(shell.heading).toHaveText('shots.example.com');
    await shell.settled();
    await expectNoHorizontalOverflow(page, 'certificate page');
    await expectNoRawJson(page, 'certificate page');
    await expectAllLabelled(page, 'certificate page');
    await page.screenshot({ path: `test-results/screenshots/certificate-page-${theme}.png`, fullPage: true });

    const wizard = new CertificateWizardPage(page);
    await wizard.goto();
    await wizard.chooseIntent('Server certificate');
    await wizard.chooseIssuer('Screenshot Root');
    await wizard.fillSubject({ commonName: 'shop.example.com' });
    await wizard.typeSan('*.example.com');
    await wizard.typeSan('10.0.0.7');
    await wizard.typeSan('bad_name');
    await expectNoHorizontalOverflow(page, 'wizard SANs');
    await expectAllLabelled(page, 'wizard SANs');
    await page.screenshot({ path: `test-results/screenshots/certificate-wizard-sans-${theme}.png`, fullPage: true });
    await wizard.panel.getByRole('button', { name: 'Remove bad_name' }).click();
    await wizard.next();
    await wizard.chooseKey('ECDSA P-256');
    await wizard.next();
    await wizard.next();
    await expect(wizard.decoded).toBeVisible({ timeout: 15_000 });
    // The review explains what the wildcard covers.
    await expect(wizard.panel.getByText(/covers exactly one label/)).toBeVisible();
    await expectNoHorizontalOverflow(page, 'wizard review');
    await expectNoRawJson(page, 'wizard review');
    await page.screenshot({ path: `test-results/screenshots/certificate-wizard-review-${theme}.png`, fullPage: true });
  });
}

test('the wizard and the certificate page at tablet width', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await signInViaApi(page, ADMIN);
  const wizard = new CertificateWizardPage(page);
  await wizard.goto();
  await wizard.chooseIntent('Root CA');
  await expect(wizard.steps).toBeVisible();
  await expectNoHorizontalOverflow(page, 'wizard at tablet width');
  await page.screenshot({ path: 'test-results/screenshots/certificate-wizard-tablet.png', fullPage: true });
  await page.goto(`/certificates/${leafId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('shots.example.com');
  await expectNoHorizontalOverflow(page, 'certificate page at tablet width');
  await page.screenshot({ path: 'test-results/screenshots/certificate-page-tablet.png', fullPage: true });
});
