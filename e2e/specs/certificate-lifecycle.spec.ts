import { expect, signInViaApi, test } from '../fixtures/console-test';
import { openssl, scratchDir } from '../../apps/console/test/support/openssl-cli';
import { CertificatePage } from '../pages/certificate-page';
import { ADMIN } from '../support/accounts';
import { apiBind, apiCreateRootCa, apiCrlPem, apiIssue, apiSecretData } from '../support/certificate-api';

const NS = 'lifecycle-e2e';
test.describe.configure({ mode: 'serial' });
const files = scratchDir();
test.afterAll(() => files.remove());

let caId = '';
let leafId = '';

test('renew: a new certificate (new serial, new key) takes over the page, the inventory and the bound Secret', async ({ page }) => {
  caId = (await apiCreateRootCa(page.request, 'Lifecycle Root')).id;
  const leaf = await apiIssue(page.request, caId, 'renew-me.example.com');
  await apiBind(page.request, leaf.id, { namespace: NS, name: 'renew-me-tls', shape: 'tls' });
  await signInViaApi(page, ADMIN);
  const cert = new CertificatePage(page);
  await cert.goto(leaf.id);
  await expect(cert.heading).toHaveText('renew-me.example.com');

  await cert.renewButton.click();
  await expect(cert.dialog).toBeVisible();
  await expect(cert.dialog.getByRole('checkbox', { name: /Generate a new key/ })).toBeChecked();
  await cert.dialog.getByRole('button', { name: 'Renew certificate' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/certificates/${leaf.id}$`));
  await expect(page.getByRole('status').filter({ hasText: 'renew-me.example.com renewed: new serial' })).toBeVisible();
  leafId = cert.idFromUrl();
  await expect(page.getByRole('link', { name: 'the previous certificate' })).toHaveAttribute('href', `/certificates/${leaf.id}`);
  await expect(page.getByRole('region', { name: 'Secrets made from it' })).toContainText(`Secret ${NS}/renew-me-tls`);

  // The bound Secret holds the renewed certificate (OpenSSL reads its serial), not the old one.
  const tls = (await apiSecretData(page.request, NS))['renew-me-tls'] ?? {};
  files.write('renewed.pem', tls['tls.crt'] ?? '');
  const serial = await openssl(['x509', '-in', 'renewed.pem', '-noout', '-serial'], files.dir);
  expect(serial.stdout.trim().toLowerCase()).not.toContain(leaf.serialHex.toLowerCase());
  const shown = (await page.getByText(/^[0-9a-f]{20,}$/).first().textContent()) ?? '';
  expect(serial.stdout.trim().toLowerCase()).toBe(`serial=${shown}`);

  await cert.goto(leaf.id);
  await expect(page.getByText('Replaced by a renewal.')).toBeVisible();
  await expect(cert.renewButton).toHaveCount(0);
});

test('auto-renew is a switch; revoke asks for a reason and the CRL lists the serial with it', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const cert = new CertificatePage(page);
  await cert.goto(leafId);
  await expect(cert.autoRenew).toHaveAttribute('aria-checked', 'false');
  await cert.autoRenew.click();
  await expect(cert.autoRenew).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByText(/^renews on /)).toBeVisible();

  await cert.revokeButton.click();
  await cert.dialog.getByLabel('Reason').selectOption({ label: 'Key compromised' });
  await expect(cert.dialog.getByText('The private key was (or may have been) disclosed.')).toBeVisible();
  await cert.dialog.getByRole('button', { name: 'Revoke certificate' }).click();
  await expect(page.getByRole('main').getByText(/^Revoked .* — Key compromised\./)).toBeVisible();
  await expect(cert.revokeButton).toHaveCount(0);
  await expect(cert.renewButton).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/certificate-revoked-light.png', fullPage: true });

  files.write('ca.crl', await apiCrlPem(page.request, caId));
  const crl = await openssl(['crl', '-in', 'ca.crl', '-noout', '-text'], files.dir);
  const serial = ((await page.getByText(/^[0-9a-f]{20,}$/).first().textContent()) ?? '').toUpperCase();
  expect(crl.stdout.replace(/\s/g, '')).toContain(`SerialNumber:${serial}`);
  expect(crl.stdout).toContain('Key Compromise');
});
