import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { scratchDir } from '../../apps/console/test/support/openssl-cli';
import { freePort, startEcho, type Running } from '../../scripts/scenario/processes';
import { AuditPage } from '../pages/audit-page';
import { CertificatePage } from '../pages/certificate-page';
import { CertificateWizardPage } from '../pages/certificate-wizard-page';
import { ConsoleShell } from '../pages/console-shell';
import { LoginPage } from '../pages/login-page';
import { ProbePage } from '../pages/probe-page';
import { ResourceDetailPage } from '../pages/resource-detail-page';
import { ResourceEditorPage } from '../pages/resource-editor-page';
import { SettingsPage } from '../pages/settings-page';
import { SimulatorPage } from '../pages/simulator-page';
import { ADMIN, type Account } from '../support/accounts';
import { shoot, useTheme } from '../support/screenshots';
import { requestThroughWorker } from '../support/worker-request';

/**
 * Issue 4 §11: the seed scenario (examples/upstream-tls) walked entirely through the console — no YAML, no
 * API calls for the scenario itself. Certificates from the wizard, objects from the typed forms, the failure
 * explained by the simulator and the probe and seen through the real worker (502), the UpstreamTLSPolicy from its
 * form, then a real 200 from the HTTPS upstream; the audit log and a viewer account review it. Its own namespace
 * keeps the other specs' httpbin objects untouched.
 */
const NS = 'seed-ui';
const HOST = 'foo.example.com';
const SEED_VIEWER: Account = { username: 'seed-viewer', password: 'read-only-walkthrough-7', displayName: 'Seed Viewer' };

test.describe.configure({ mode: 'serial' });

const files = scratchDir();
let echo: (Running & { port: number }) | undefined;
let listenerPort = 0;

test.beforeAll(async () => {
  listenerPort = await freePort();
});

test.afterAll(async () => {
  await echo?.stop();
  files.remove();
});

async function downloadTo(page: Page, button: string, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('group', { name: 'Download' }).getByRole('button', { name: button, exact: true }).click()]);
  return files.write(name, readFileSync((await download.path())!));
}

test('1. the wizard makes the flomesh.io CA and the https-cert Secret, then foo.example.com and the server-cert Secret', async ({ page }) => {
  test.setTimeout(90_000);
  await signInViaApi(page, ADMIN);
  const wizard = new CertificateWizardPage(page);
  await wizard.goto();
  await wizard.chooseIntent('Root CA');
  await wizard.fillSubject({ commonName: 'flomesh.io', name: 'seed-ui flomesh.io' });
  await wizard.chooseKey('RSA 2048-bit');
  await wizard.expectStep('Validity');
  await wizard.next();
  await wizard.expectStep('Extensions');
  await wizard.next();
  await expect(wizard.decoded).toContainText('Subject: CN = flomesh.io', { timeout: 15_000 });
  await wizard.create('Create root CA');
  const caForm = new CertificatePage(page).secretForm;
  await expect(caForm.getByRole('radio', { name: /^CA bundle \(ca\.crt\)/ })).toBeChecked();
  await caForm.getByLabel('Namespace').fill(NS);
  await caForm.getByLabel('Secret name').fill('https-cert');
  await caForm.getByRole('button', { name: 'Create Secret' }).click();
  await expect(caForm.getByRole('status')).toContainText(`Secret ${NS}/https-cert now holds ca.crt`);

  await page.getByRole('link', { name: 'Open the certificate page' }).click();
  await page.getByRole('link', { name: 'Issue a certificate from it' }).click();
  await wizard.expectStep('Issuer');
  await expect(wizard.panel.getByRole('radio', { name: /^seed-ui flomesh\.io\b/ })).toBeChecked();
  await wizard.next();
  await wizard.fillSubject({ commonName: HOST, name: 'seed-ui foo.example.com' });
  await wizard.expectStep('Names (SANs)');
  await expect(wizard.chip(HOST)).toContainText('DNS name');
  await wizard.next();
  await wizard.chooseKey('ECDSA P-256');
  await wizard.expectStep('Validity');
  await wizard.next();
  await wizard.expectStep('Extensions');
  await wizard.next();
  await expect(wizard.decoded).toContainText('Issuer: CN = flomesh.io', { timeout: 15_000 });
  await expect(wizard.decoded).toContainText(`DNS:${HOST}`);
  await page.screenshot({ path: 'test-results/screenshots/seed-wizard-review.png', fullPage: true });
  await wizard.create('Issue certificate');
  const serverForm = new CertificatePage(page).secretForm;
  await serverForm.getByLabel('Namespace').fill(NS);
  await expect(serverForm.getByLabel('Secret name')).toHaveValue('server-cert');
  await expect(serverForm.getByLabel('Key for the certificate')).toHaveValue('server-cert.pem');
  await expect(serverForm.getByLabel('Key for the private key')).toHaveValue('server-key.pem');
  await serverForm.getByRole('button', { name: 'Create Secret' }).click();
  await expect(serverForm.getByRole('status')).toContainText(`Secret ${NS}/server-cert now holds server-cert.pem, server-key.pem`);

  // 2. The upstream's certificate and key, exported through the UI's downloads (administrators only, audited).
  const certFile = await downloadTo(page, 'Certificate (PEM)', 'server-cert.pem');
  const keyFile = await downloadTo(page, 'Private key (PEM)', 'server-key.pem');
  expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN (EC )?PRIVATE KEY-----/);
  echo = await startEcho({ certFile, keyFile });
});

test('3. the Service with its endpoint, the Gateway and the HTTPRoute are created through their forms', async ({ page }) => {
  test.setTimeout(90_000);
  expect(echo, 'the HTTPS upstream runs').toBeDefined();
  await signInViaApi(page, ADMIN);
  const editor = new ResourceEditorPage(page);
  const detail = new ResourceDetailPage(page);

  await page.goto(`/services?namespace=${NS}`);
  await page.getByRole('link', { name: 'New service', exact: true }).click();
  await expect(editor.field('Namespace')).toHaveValue(NS);
  await editor.field('Name').fill('httpbin');
  const port = editor.item('port 1');
  await editor.field('Port', port).fill('8443');
  await editor.field('Target port', port).fill('443');
  await editor.save();
  await editor.expectToast('Service httpbin created.');
  await expect(detail.spec).toContainText('Port 8443/TCP → target port 443');
  await detail.endpoints.getByRole('button', { name: 'Add endpoints' }).click();
  await editor.field('Address', editor.item('address 1')).fill('127.0.0.1');
  // The echo upstream stands in for the Pod's port 443 on this machine.
  await editor.field('Port on the addresses', editor.item('port 1')).fill(String(echo!.port));
  await editor.save();
  await editor.expectToast(/^EndpointSlice .+ created\.$/);
  await expect(detail.endpoints).toContainText('1 IPv4 endpoint: 127.0.0.1');
  await expect(detail.endpoints).toContainText(`Dial port ${echo!.port}`);

  await page.goto(`/gateways?namespace=${NS}`);
  await page.getByRole('link', { name: 'New gateway', exact: true }).click();
  await editor.field('Name').fill('simple-fsm-gateway');
  await editor.field('Port', editor.item('listener http')).fill(String(listenerPort));
  await editor.save();
  await editor.expectToast('Gateway simple-fsm-gateway created.');
  await expect(detail.spec).toContainText(`Listener http: HTTP on port ${listenerPort}`);

  await page.goto(`/routes?namespace=${NS}`);
  await page.getByRole('link', { name: 'New route', exact: true }).click();
  await editor.field('Name').fill('http-route-foo');
  await editor.field('Gateway', editor.item('parent Gateway 1')).fill('simple-fsm-gateway');
  await editor.field('Hostnames').fill(HOST);
  await editor.field('Hostnames').blur();
  const rule = editor.item('rule 1');
  await editor.field('Path', rule.getByRole('group', { name: 'match 1' })).fill('/');
  const backend = rule.getByRole('group', { name: 'backend 1' });
  await editor.field('Service', backend).fill('httpbin');
  await editor.field('Service port', backend).fill('8443');
  await editor.save();
  await editor.expectToast('HTTPRoute http-route-foo created.');
  await expect(detail.spec).toContainText('Rule 1: requests where any path → Service httpbin port 8443');
  await expect(detail.statusGroup('On Gateway simple-fsm-gateway')).toContainText('References resolved');
  await page.screenshot({ path: 'test-results/screenshots/seed-route.png', fullPage: true });
});

test('4. before the policy: the simulator and the probe explain the failure, and the worker answers 502 with the reason', async ({ page }) => {
  test.setTimeout(60_000);
  await signInViaApi(page, ADMIN);
  const sim = new SimulatorPage(page);
  await sim.goto({ namespace: NS });
  await sim.simulate({ port: listenerPort, host: HOST, path: '/headers' });
  await expect(sim.verdict).toContainText('Forwarded, but probably failing upstream');
  await expect(sim.result).toContainText('Plain HTTP to the upstream: no TLS policy covers this port.');
  await expect(sim.result).toContainText(`Endpoints: 127.0.0.1:${echo!.port}`);
  await shoot(page, 'seed-simulator-before');

  const probe = new ProbePage(page);
  await probe.goto(NS, 'httpbin', 8443);
  await probe.probe();
  const ep = probe.endpoint(`127.0.0.1:${echo!.port}`);
  await expect(ep.getByRole('status')).toContainText('Requests fail today', { timeout: 15_000 });
  await expect(ep).toContainText('Plain HTTP, as the gateway sends it now');
  await shoot(page, 'seed-probe-before');

  // The real thing: the worker sends plain HTTP to the TLS port and says why it failed (502, a reason in words).
  await expect.poll(async () => (await requestThroughWorker(listenerPort, HOST, '/headers')).status, { timeout: 15_000 }).toBe(502);
  const failed = await requestThroughWorker(listenerPort, HOST, '/headers');
  // The TLS server hangs up on plain HTTP; the worker names the likely cause and the fix.
  expect(failed.headers['x-gatehouse-error']).toBe('upstream_not_http');
  expect(failed.body).toContain('does it expect TLS? attach an UpstreamTLSPolicy or BackendTLSPolicy');
});

test('5–6. the UpstreamTLSPolicy from its form; then the worker answers 200 from the HTTPS upstream', async ({ page }) => {
  test.setTimeout(60_000);
  await signInViaApi(page, ADMIN);
  await page.goto(`/tls-policies?namespace=${NS}`);
  await page.getByRole('link', { name: 'New upstream TLS policy', exact: true }).click();
  const editor = new ResourceEditorPage(page);
  await editor.field('Name').fill('upstream-tls-policy-sample');
  await editor.field('Service').fill('httpbin');
  const port = editor.item('port 1');
  await editor.field('Service port', port).fill('8443');
  await editor.field('CA Secret', port).fill('https-cert');
  await editor.save();
  await editor.expectToast('UpstreamTLSPolicy upstream-tls-policy-sample created.');
  const detail = new ResourceDetailPage(page);
  await expect(detail.spec).toContainText('Port 8443: verify the upstream with ca.crt of Secret https-cert; no client certificate');
  await expect(detail.statusGroup('Policy')).toContainText('Accepted');
  await shoot(page, 'seed-policy');

  // The seed's "curl http://$GATEWAY_IP:8000/headers -H 'Host: foo.example.com'" now reaches httpbin over TLS.
  const started = Date.now();
  await expect.poll(async () => (await requestThroughWorker(listenerPort, HOST, '/headers')).status, { timeout: 5_000, intervals: [100, 200, 250] }).toBe(200);
  const elapsedMs = Date.now() - started;
  const ok = await requestThroughWorker(listenerPort, HOST, '/headers');
  const json = JSON.parse(ok.body) as { headers: Record<string, string> };
  expect(json.headers.Host).toBe(HOST);
  test.info().annotations.push({ type: 'policy-to-200-ms', description: String(elapsedMs) });
  console.log(`[seed-scenario] policy saved → first 200 through the worker after ${elapsedMs} ms`);

  const sim = new SimulatorPage(page);
  await sim.goto({ namespace: NS });
  await sim.simulate({ port: listenerPort, host: HOST, path: '/headers' });
  await expect(sim.verdict).toContainText('Forwarded.');
  await expect(sim.verdict).toContainText(`HTTPS, trusting CA ${NS}/https-cert`);
  await shoot(page, 'seed-simulator-after');
});

test('7. an edit through a form, then the audit log of the namespace shows every step and the diff of the edit', async ({ page }) => {
  test.setTimeout(60_000);
  await signInViaApi(page, ADMIN);
  // The seed's Service has the selector app: httpbin; added here through the form (endpoints stay explicit).
  const detail = new ResourceDetailPage(page);
  await detail.goto('services', NS, 'httpbin');
  await detail.edit().click();
  const editor = new ResourceEditorPage(page);
  await editor.form.getByRole('button', { name: 'Add entry' }).click();
  const entry = editor.item('entry 1');
  await editor.field('Label', entry).fill('app');
  await editor.field('Value', entry).fill('httpbin');
  await editor.save();
  await editor.expectToast('Service httpbin saved.');

  const audit = new AuditPage(page);
  await audit.goto(`namespace=${NS}`);
  await expect(audit.chainStatus).toContainText('Chain intact');
  for (const step of ['Secret seed-ui/https-cert', 'Secret seed-ui/server-cert', 'Service seed-ui/httpbin', 'EndpointSlice seed-ui/', 'Gateway seed-ui/simple-fsm-gateway', 'HTTPRoute seed-ui/http-route-foo', 'UpstreamTLSPolicy seed-ui/upstream-tls-policy-sample']) {
    await expect(audit.rows().filter({ hasText: step }).first(), step).toBeVisible();
  }
  await shoot(page, 'seed-audit');
  await audit.filter({ kind: 'Service', action: 'update' });
  await expect(audit.rows()).toHaveCount(1);
  await audit.openFirstEvent();
  const diff = audit.diffTable();
  await expect(diff.locator('td.code.ins').filter({ hasText: 'app: httpbin' })).toHaveCount(1);
  await expect(diff.locator('td.code.del').filter({ hasText: 'app: httpbin' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/seed-audit-diff.png' });
});

/** Buttons a person uses to change something (paging, theme, filter and account buttons are not). */
const WRITE_CONTROL = /^(create|new|add|delete|disable|enable|revoke|apply(?! filters)|save|edit|remove|renew|confirm|issue|probe)/i;

async function writeControls(page: Page): Promise<string[]> {
  const main = page.getByRole('main');
  const buttons = await main.getByRole('button').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
  const links = await main.getByRole('link').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
  return [...buttons, ...links.filter((l) => /^(new|edit|create|issue)\b/i.test(l))].filter((n) => WRITE_CONTROL.test(n) && !/^probe now$/i.test(n));
}

test('8. a viewer made in Settings sees the scenario in a second browser but has no write controls', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  await signInViaApi(page, ADMIN);
  const settings = new SettingsPage(page);
  await settings.goto();
  await settings.createAccount(SEED_VIEWER, 'Viewer');
  await expect(page.getByRole('status').filter({ hasText: `Account ${SEED_VIEWER.username} created` })).toBeVisible();

  const context = await browser.newContext({ baseURL: baseURL ?? '', viewport: { width: 1280, height: 800 } });
  const viewer = await context.newPage();
  const errors: string[] = [];
  viewer.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  viewer.on('pageerror', (e) => errors.push(e.message));
  try {
    const login = new LoginPage(viewer);
    await login.goto();
    await login.signIn(SEED_VIEWER.username, SEED_VIEWER.password);
    const shell = new ConsoleShell(viewer);
    await expect(shell.accountButton()).toHaveAccessibleName(`Account: ${SEED_VIEWER.displayName}`);
    const lists: [string, string][] = [['/gateways', 'simple-fsm-gateway'], ['/routes', 'http-route-foo'], ['/services', 'httpbin'], ['/tls-policies', 'upstream-tls-policy-sample'], ['/secrets', 'https-cert']];
    for (const [path, name] of lists) {
      await viewer.goto(`${path}?namespace=${NS}`);
      await shell.settled();
      await expect(viewer.getByRole('cell', { name: new RegExp(`^${name}`) }).first(), `${name} on ${path}`).toBeVisible();
      expect(await writeControls(viewer), `write controls on ${path}`).toEqual([]);
    }
    await viewer.goto(`/secrets?namespace=${NS}`);
    await expect(viewer.getByRole('cell', { name: /^server-cert/ }).first()).toBeVisible();
    const detail = new ResourceDetailPage(viewer);
    for (const [plural, name] of [['services', 'httpbin'], ['upstreamtlspolicies', 'upstream-tls-policy-sample'], ['httproutes', 'http-route-foo']] as const) {
      await detail.goto(plural, NS, name);
      await expect(detail.heading).toHaveText(name);
      await expect(detail.edit()).toHaveCount(0);
      await expect(detail.deleteButton()).toHaveCount(0);
      expect(await writeControls(viewer), `write controls on ${plural}/${name}`).toEqual([]);
    }
    await viewer.screenshot({ path: 'test-results/screenshots/seed-viewer-policy.png', fullPage: true });
    expect(errors, 'errors in the viewer browser console').toEqual([]);
  } finally {
    await context.close();
  }
});

for (const theme of ['light', 'dark'] as const) {
  test(`seed screenshots at 1280 px, ${theme}`, async ({ page }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    const detail = new ResourceDetailPage(page);
    await detail.goto('services', NS, 'httpbin');
    await expect(detail.relationships).toContainText('upstream TLS, CA from Secret https-cert — accepted');
    await shoot(page, `seed-service-${theme}`);
    const sim = new SimulatorPage(page);
    await sim.goto({ namespace: NS, port: String(listenerPort), host: HOST, path: '/headers' });
    await expect(sim.verdict).toContainText('Forwarded.');
    await shoot(page, `seed-simulator-${theme}`);
  });
}
