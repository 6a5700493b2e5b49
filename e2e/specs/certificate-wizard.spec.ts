import { readFileSync } from 'node:fs';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { openssl, scratchDir } from '../../apps/console/test/support/openssl-cli';
import { CertificatePage } from '../pages/certificate-page';
import { CertificateWizardPage } from '../pages/certificate-wizard-page';
import { CertificatesPage } from '../pages/certificates-page';
import { ADMIN } from '../support/accounts';
import { apiSecretData } from '../support/certificate-api';

/**
 * The seed scenario's certificates (examples/upstream-tls) made with the wizard only: the flomesh.io CA,
 * the https-cert Secret (ca.crt) from it, and the server certificate for foo.example.com with the server-cert
 * Secret (server-cert.pem / server-key.pem). OpenSSL judges the results. A namespace of their own keeps the
 * other browser tests' httpbin objects untouched.
 */
const NS = 'wizard-e2e';
test.describe.configure({ mode: 'serial' });
// Two tests send bad input on purpose; Chromium logs the 400 answers, which are expected here.
test.use({ expectedBrowserErrors: [/status of 400 \(Bad Request\) \(http:\/\/[^)]*\/api\/trpc\/certificateWizard\.(inspectCsr|preview)/] });

const files = scratchDir();
test.afterAll(() => files.remove());

test('the wizard makes the root CA flomesh.io and the https-cert Secret (ca.crt) from it', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const wizard = new CertificateWizardPage(page);
  await wizard.goto();
  await wizard.chooseIntent('Root CA');
  // A CA needs a common name: the API's schema says so, inline, before anything is sent.
  await wizard.next();
  await expect(wizard.panel.getByText('a CA needs a commonName')).toBeVisible();
  await expect(wizard.panel.getByLabel('Common name (CN)')).toHaveAttribute('aria-invalid', 'true');
  await wizard.fillSubject({ commonName: 'flomesh.io' });
  await wizard.chooseKey('RSA 2048-bit');
  await wizard.expectStep('Validity');
  await wizard.next();
  await wizard.expectStep('Extensions');
  await expect(wizard.panel.getByText('Certificate Sign, CRL Sign')).toBeVisible();
  await wizard.next();

  // Review: the server's dry run, decoded like `openssl x509 -text`; nothing is stored yet.
  await wizard.expectStep('Review');
  await expect(wizard.decoded).toContainText('Subject: CN = flomesh.io', { timeout: 15_000 });
  await expect(wizard.decoded).toContainText('CA:TRUE, pathlen:1');
  await expect(wizard.decoded).toContainText('Public-Key: (2048 bit)');
  const before = (await (await page.request.get('/api/v1/certificates?ca=true')).json()) as { items: { name: string }[] };
  expect(before.items.map((c) => c.name)).not.toContain('flomesh.io');
  await page.screenshot({ path: 'test-results/screenshots/certificate-wizard-review-light.png', fullPage: true });

  await wizard.create('Create root CA');
  await expect(page.getByRole('status').filter({ hasText: 'Certificate authority flomesh.io is ready.' })).toBeVisible();

  // Output: the CA bundle in the shape of the seed's https-cert.
  const form = new CertificatePage(page).secretForm;
  await expect(form.getByRole('radio', { name: /^CA bundle \(ca\.crt\)/ })).toBeChecked();
  await expect(form.getByLabel('Secret name')).toHaveValue('https-cert');
  await form.getByLabel('Namespace').fill(NS);
  await form.getByRole('button', { name: 'Create Secret' }).click();
  await expect(form.getByRole('status')).toContainText(`Secret ${NS}/https-cert now holds ca.crt`);

  // The certificate's own download, and the Secret's ca.crt, are the same CA certificate; OpenSSL reads it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Download' }).getByRole('button', { name: 'Certificate (PEM)' }).click()]);
  const caPath = files.write('ca-cert.pem', readFileSync(await download.path()));
  expect(download.suggestedFilename()).toBe('flomesh.io.crt');
  const secrets = await apiSecretData(page.request, NS);
  expect(Object.keys(secrets['https-cert'] ?? {})).toEqual(['ca.crt']);
  expect(secrets['https-cert']?.['ca.crt']).toBe(readFileSync(caPath, 'utf8'));
  const text = await openssl(['x509', '-in', 'ca-cert.pem', '-noout', '-subject', '-ext', 'basicConstraints'], files.dir);
  expect(text.stdout).toMatch(/subject=CN ?= ?flomesh\.io/);
  expect(text.stdout).toMatch(/CA:TRUE, pathlen:1/);
});

test('the wizard issues foo.example.com from that CA; OpenSSL verifies it against the https-cert CA', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const inventory = new CertificatesPage(page);
  await inventory.goto('?ca=true');
  await inventory.row('flomesh.io').getByRole('link', { name: 'flomesh.io' }).click();
  await page.getByRole('link', { name: 'Issue a certificate from it' }).click();

  const wizard = new CertificateWizardPage(page);
  await wizard.expectStep('Issuer');
  await expect(wizard.panel.getByRole('radio', { name: /^flomesh\.io\b/ })).toBeChecked();
  await wizard.next();
  await wizard.fillSubject({ commonName: 'foo.example.com' });

  // SANs: the host name comes over from the common name; kinds are detected as they are typed.
  await wizard.expectStep('Names (SANs)');
  await expect(wizard.chip('foo.example.com')).toContainText('DNS name');
  await wizard.typeSan('10.0.0.1');
  await expect(wizard.chip('10.0.0.1')).toContainText('IP address');
  await wizard.typeSan('bad_name.example.com');
  await expect(wizard.chip('bad_name.example.com')).toContainText('not a valid DNS name');
  await wizard.next();
  await expect(wizard.panel.getByText('Fix or remove the names marked invalid.')).toBeVisible();
  await wizard.panel.getByRole('button', { name: 'Remove bad_name.example.com' }).click();
  await wizard.panel.getByRole('button', { name: 'Remove 10.0.0.1' }).click();
  await wizard.next();

  await wizard.chooseKey('ECDSA P-256');
  await wizard.expectStep('Validity');
  await wizard.next();
  await wizard.expectStep('Extensions');
  await expect(wizard.panel.getByRole('checkbox', { name: 'TLS Web Server Authentication' })).toBeChecked();
  await expect(wizard.panel.getByRole('checkbox', { name: 'Key Encipherment' })).not.toBeChecked(); // EC key (RFC 8813)
  await wizard.next();

  await wizard.expectStep('Review');
  await expect(wizard.decoded).toContainText('DNS:foo.example.com', { timeout: 15_000 });
  await expect(wizard.decoded).toContainText('Issuer: CN = flomesh.io');
  await expect(wizard.decoded).toContainText('TLS Web Server Authentication');
  await wizard.create('Issue certificate');

  const form = new CertificatePage(page).secretForm;
  await expect(form.getByLabel('Secret name')).toHaveValue('server-cert');
  await expect(form.getByLabel('Key for the certificate')).toHaveValue('server-cert.pem');
  await expect(form.getByLabel('Key for the private key')).toHaveValue('server-key.pem');
  await form.getByLabel('Namespace').fill(NS);
  await form.getByRole('button', { name: 'Create Secret' }).click();
  await expect(form.getByRole('status')).toContainText(`Secret ${NS}/server-cert now holds server-cert.pem, server-key.pem`);

  await page.getByRole('link', { name: 'Open the certificate page' }).click();
  const certPage = new CertificatePage(page);
  await expect(certPage.heading).toHaveText('foo.example.com');
  await expect(page.getByRole('region', { name: 'Secrets made from it' })).toContainText(`Secret ${NS}/server-cert`);

  // The outside judge: the server certificate from server-cert verifies against ca.crt from https-cert, for
  // foo.example.com as a TLS server, and server-key.pem is its key.
  const secrets = await apiSecretData(page.request, NS);
  files.write('https-ca.crt', secrets['https-cert']?.['ca.crt'] ?? '');
  files.write('server-cert.pem', secrets['server-cert']?.['server-cert.pem'] ?? '');
  files.write('server-key.pem', secrets['server-cert']?.['server-key.pem'] ?? '');
  const verify = await openssl(['verify', '-CAfile', 'https-ca.crt', '-purpose', 'sslserver', '-verify_hostname', 'foo.example.com', 'server-cert.pem'], files.dir);
  expect(verify.stdout + verify.stderr).toContain('server-cert.pem: OK');
  const wrongHost = await openssl(['verify', '-CAfile', 'https-ca.crt', '-verify_hostname', 'bar.example.com', 'server-cert.pem'], files.dir);
  expect(wrongHost.code).not.toBe(0);
  const certKey = await openssl(['x509', '-in', 'server-cert.pem', '-noout', '-pubkey'], files.dir);
  const keyKey = await openssl(['pkey', '-in', 'server-key.pem', '-pubout'], files.dir);
  expect(keyKey.stdout).toBe(certKey.stdout);
});

test('the wizard signs an OpenSSL-made CSR with flomesh.io, keeping what the request asks for', async ({ page }) => {
  await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'api-key.pem', '-out', 'api.csr', '-subj', '/O=Example/CN=api.example.com', '-addext', 'subjectAltName=DNS:api.example.com'], files.dir);
  await signInViaApi(page, ADMIN);
  const wizard = new CertificateWizardPage(page);
  await wizard.goto();
  await wizard.chooseIntent('Sign a CSR');
  await wizard.chooseIssuer('flomesh.io');
  await wizard.expectStep('Certificate request');
  await wizard.panel.getByLabel('Certificate request (PEM)').fill('not a request');
  await wizard.next();
  await expect(wizard.panel.getByText(/csr is neither PEM .* nor base64/)).toBeVisible();
  await expect(wizard.panel.getByLabel('Certificate request (PEM)')).toHaveAttribute('aria-invalid', 'true');
  await wizard.panel.getByLabel(/Or read it from a file/).setInputFiles(`${files.dir}/api.csr`);
  await wizard.next();
  // Subject and SANs come from the request.
  await wizard.expectStep('Subject');
  await expect(wizard.panel.getByLabel('Common name (CN)')).toHaveValue('api.example.com');
  await expect(wizard.panel.getByLabel('Organization (O)')).toHaveValue('Example');
  await wizard.next();
  await wizard.expectStep('Names (SANs)');
  await expect(wizard.chip('api.example.com')).toContainText('DNS name');
  await wizard.next();
  await wizard.expectStep('Validity');
  await wizard.panel.getByRole('radio', { name: /^A number of days/ }).check();
  await wizard.panel.getByLabel('Valid for (days)').fill('90');
  await wizard.next();
  await wizard.expectStep('Extensions');
  await wizard.next();
  await wizard.expectStep('Review');
  await expect(wizard.decoded).toContainText('Subject: O = Example, CN = api.example.com', { timeout: 15_000 });
  await expect(page.getByText('stays with the requester')).toBeVisible();
  await wizard.create('Sign request');
  await expect(page.getByText('Gatehouse does not hold this certificate’s private key.')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Download' }).getByRole('button', { name: 'Certificate (PEM)' }).click()]);
  files.write('api.pem', readFileSync(await download.path()));
  // The signed certificate carries the requester's key and verifies against the CA.
  const certKey = await openssl(['x509', '-in', 'api.pem', '-noout', '-pubkey'], files.dir);
  const ownKey = await openssl(['pkey', '-in', 'api-key.pem', '-pubout'], files.dir);
  expect(certKey.stdout).toBe(ownKey.stdout);
  const verify = await openssl(['verify', '-CAfile', 'ca-cert.pem', 'api.pem'], files.dir);
  expect(verify.stdout).toContain('api.pem: OK');
});

test('the wizard imports an existing certificate and key after showing what it found', async ({ page }) => {
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'legacy-key.pem', '-out', 'legacy.pem', '-days', '30', '-subj', '/CN=legacy.example.com', '-addext', 'subjectAltName=DNS:legacy.example.com'], files.dir);
  await signInViaApi(page, ADMIN);
  const wizard = new CertificateWizardPage(page);
  await wizard.goto('?intent=import');
  await wizard.expectStep('Certificate and key');
  await wizard.panel.getByLabel('Certificate', { exact: true }).fill(readFileSync(`${files.dir}/legacy.pem`, 'utf8'));
  await wizard.panel.getByLabel('Private key (optional)', { exact: true }).fill(readFileSync(`${files.dir}/api-key.pem`, 'utf8'));
  await wizard.next();
  // The wrong key is found by the dry run, and the way back names the step that fixes it.
  await wizard.expectStep('Review');
  await expect(wizard.panel.getByText(/the private key does not belong to the certificate/)).toBeVisible({ timeout: 15_000 });
  await wizard.panel.getByRole('button', { name: 'Change certificate and key' }).click();
  await wizard.expectStep('Certificate and key');
  await expect(wizard.panel.getByText(/the private key does not belong to the certificate/)).toBeVisible();
  await wizard.panel.getByLabel('Private key (optional)', { exact: true }).fill(readFileSync(`${files.dir}/legacy-key.pem`, 'utf8'));
  await wizard.next();
  await expect(wizard.decoded).toContainText('Subject: CN = legacy.example.com', { timeout: 15_000 });
  await wizard.create('Import certificate');
  await expect(page.getByRole('status').filter({ hasText: 'legacy.example.com is ready.' })).toBeVisible();
});

test('the wizard is driven by keys: Space picks, Enter moves on, chips come with Enter or a comma and go back with Backspace', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const wizard = new CertificateWizardPage(page);
  await wizard.goto('?intent=client');
  await wizard.expectStep('Issuer');
  await wizard.panel.getByRole('radio', { name: /^flomesh\.io\b/ }).focus();
  await page.keyboard.press('Space');
  await wizard.panel.getByRole('button', { name: 'Next' }).focus();
  await page.keyboard.press('Enter');
  await wizard.expectStep('Subject');
  await expect(wizard.stepHeading).toBeFocused();
  await wizard.panel.getByLabel('Common name (CN)').focus();
  await page.keyboard.type('robot');
  await page.keyboard.press('Enter'); // submits the step
  await wizard.expectStep('Names (SANs)');
  await wizard.sanInput.focus();
  await page.keyboard.type('spiffe://cluster.local/ns/httpbin/sa/gateway,');
  await expect(wizard.chip('spiffe://cluster.local/ns/httpbin/sa/gateway')).toContainText('URI');
  await page.keyboard.type('ops@example.com');
  await page.keyboard.press('Enter');
  await expect(wizard.chip('ops@example.com')).toContainText('E-mail');
  await page.keyboard.press('Backspace');
  await expect(wizard.chip('ops@example.com')).toHaveCount(0);
  await expect(wizard.sanInput).toHaveValue('ops@example.com');
});
