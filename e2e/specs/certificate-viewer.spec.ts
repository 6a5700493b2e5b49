import { expect, signInViaApi, test } from '../fixtures/console-test';
import { readFileSync } from 'node:fs';
import { openssl, scratchDir } from '../../apps/console/test/support/openssl-cli';
import { CertificatePage } from '../pages/certificate-page';
import { ADMIN, type Account } from '../support/accounts';
import { apiCreateRootCa, apiCreateUser, apiIssue } from '../support/certificate-api';

const CERT_VIEWER: Account = { username: 'cert-viewer', password: 'e2e-read-only-password-1', displayName: 'Cora Viewer' };
test.describe.configure({ mode: 'serial' });
const files = scratchDir();
test.afterAll(() => files.remove());
let leafId = '';

test('an administrator may export the private key: PKCS#12 that OpenSSL opens with the password', async ({ page }) => {
  const ca = await apiCreateRootCa(page.request, 'Viewer Test Root');
  leafId = (await apiIssue(page.request, ca.id, 'keys.example.com')).id;
  await signInViaApi(page, ADMIN);
  const cert = new CertificatePage(page);
  await cert.goto(leafId);
  await page.getByLabel('PKCS#12 password').fill('p12-secret');
  const [download] = await Promise.all([page.waitForEvent('download'), cert.download('PKCS#12 (.p12)').click()]);
  expect(download.suggestedFilename()).toBe('keys.example.com.p12');
  files.write('keys.p12', readFileSync(await download.path()));
  const opened = await openssl(['pkcs12', '-in', 'keys.p12', '-passin', 'pass:p12-secret', '-nodes', '-nokeys', '-clcerts'], files.dir);
  expect(opened.stdout).toMatch(/subject=CN ?= ?keys\.example\.com/);
  const wrong = await openssl(['pkcs12', '-in', 'keys.p12', '-passin', 'pass:wrong', '-nodes', '-noout'], files.dir);
  expect(wrong.code).not.toBe(0);
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded keys.example.com.p12 (recorded in the audit log)' })).toBeVisible();
});

test('a viewer sees the certificate and its public downloads but no key export, no wizard, no renew or revoke', async ({ page }) => {
  await apiCreateUser(page.request, CERT_VIEWER, 'viewer');
  const { csrfToken } = await signInViaApi(page, CERT_VIEWER);
  const cert = new CertificatePage(page);
  await cert.goto(leafId);
  await expect(cert.heading).toHaveText('keys.example.com');
  await expect(cert.download('Certificate (PEM)')).toBeVisible();
  await expect(page.getByText('Exporting it is for administrators.')).toBeVisible();
  for (const label of ['Private key (PEM)', 'PKCS#12 (.p12)', 'Key, certificate and chain (PEM)']) await expect(page.getByRole('button', { name: label })).toHaveCount(0);
  await expect(page.getByLabel('PKCS#12 password')).toHaveCount(0);
  await expect(cert.renewButton).toHaveCount(0);
  await expect(cert.revokeButton).toHaveCount(0);
  await expect(cert.secretForm).toHaveCount(0);
  await expect(page.getByRole('switch')).toHaveCount(0);

  await page.goto('/certificates');
  await expect(page.getByRole('link', { name: 'New certificate' })).toHaveCount(0);
  await page.goto('/certificates/new');
  await expect(page.getByText('Creating certificates is for editors and administrators')).toBeVisible();

  // The public part downloads; the key is refused by the server whatever the page shows.
  await cert.goto(leafId);
  const [download] = await Promise.all([page.waitForEvent('download'), cert.download('Certificate (PEM)').click()]);
  expect(download.suggestedFilename()).toBe('keys.example.com.crt');
  const forced = await page.request.post('/api/trpc/certificates.export', { headers: { 'x-csrf-token': csrfToken }, data: { id: leafId, options: { what: 'privateKey' } } });
  expect(forced.status()).toBe(403);
  expect(await forced.text()).toContain('role viewer may not export private keys');
  const preview = await page.request.post('/api/trpc/certificateWizard.preview', { headers: { 'x-csrf-token': csrfToken }, data: { intent: 'root-ca', input: { subject: { commonName: 'x' } } } });
  expect(preview.status()).toBe(403);
});
