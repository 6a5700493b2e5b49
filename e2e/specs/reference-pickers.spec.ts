import type { Locator, Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ResourceDetailPage } from '../pages/resource-detail-page';
import { ResourceEditorPage } from '../pages/resource-editor-page';
import { ADMIN } from '../support/accounts';
import { apiCreateRootCa } from '../support/certificate-api';
import { deleteIfPresent, formsListenerPort, getObject } from '../support/resources-api';

/**
 * Issue 12 §2, forms that know what they name: the Upstream TLS example (examples/upstream-tls) built through the
 * typed forms with the reference pickers — every reference chosen from the existing objects the picker offers, by
 * mouse and by keyboard. The policy's CA Secret does not exist: the form says so before saving, creates it in place
 * from a CA of the inventory, and the warning goes away. Its own namespace keeps the other specs' objects apart.
 */
const NS = 'e2e-refs';
/** The inventory CA the missing Secret is made from (its name is its common name). */
const CA_NAME = 'refs.flomesh.io';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  for (const p of ['backendtlspolicies/backend-tls', 'configmaps/backend-ca', 'upstreamtlspolicies/upstream-tls-policy-sample', 'httproutes/http-route-foo', 'gateways/simple-fsm-gateway', 'services/httpbin', 'secrets/https-cert']) {
    await deleteIfPresent(request, `namespaces/${NS}/${p}`);
  }
  await apiCreateRootCa(request, CA_NAME);
});

/** The option of an open picker list, by the object's name. */
function option(page: Page, name: string): Locator {
  return page.getByRole('listbox').getByRole('option', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) });
}

/** Opens a picker with the mouse and clicks one of the existing objects it offers. */
async function pickWithMouse(page: Page, picker: Locator, name: string): Promise<void> {
  await picker.click();
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await option(page, name).click();
  await expect(picker).toHaveValue(name);
  await expect(picker).toHaveAttribute('aria-expanded', 'false');
}

/** The verdict under a picker (its aria-describedby). */
function verdictOf(picker: Locator): Locator {
  return picker.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " picker ")][1]').locator('.reference-verdict');
}

test('the Upstream TLS example through the pickers: the missing CA Secret is flagged, created from an inventory CA, then the policy is saved', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const listenerPort = formsListenerPort(baseURL, 2);
  await signInViaApi(page, ADMIN);
  const editor = new ResourceEditorPage(page);
  const detail = new ResourceDetailPage(page);

  // The Service and the Gateway name nothing: plain forms.
  await page.goto(`/resources/services/new?namespace=${NS}`);
  await editor.field('Name').fill('httpbin');
  await editor.field('Port', editor.item('port 1')).fill('8443');
  await editor.field('Target port', editor.item('port 1')).fill('443');
  await editor.save();
  await editor.expectToast('Service httpbin created.');

  await page.goto(`/resources/gateways/new?namespace=${NS}`);
  await editor.field('Name').fill('simple-fsm-gateway');
  await editor.field('Port', editor.item('listener http')).fill(String(listenerPort));
  await editor.save();
  await editor.expectToast('Gateway simple-fsm-gateway created.');

  // The HTTPRoute: parent Gateway and listener, backend Service and port, each picked from what exists.
  await page.goto(`/resources/httproutes/new?namespace=${NS}`);
  await editor.field('Name').fill('http-route-foo');
  // Two namespace fields used to be labelled "Namespace": each now says whose namespace it is.
  await expect(editor.form.getByLabel('Namespace', { exact: true })).toHaveCount(1);
  const parent = editor.item('parent Gateway 1');
  await expect(editor.field('Gateway namespace', parent)).toBeVisible();
  const gateway = editor.field('Gateway', parent);
  await expect(gateway).toHaveRole('combobox');
  await pickWithMouse(page, gateway, 'simple-fsm-gateway');
  await expect(verdictOf(gateway)).toContainText(`Gateway simple-fsm-gateway: listener http (HTTP ${listenerPort})`);

  // The listener by keyboard: ArrowDown opens the list, the hint says whom it admits, Enter picks.
  const listener = editor.field('Listener name', parent);
  await listener.focus();
  await listener.press('ArrowDown');
  await expect(option(page, 'http')).toContainText('routes from its own namespace');
  await expect(option(page, 'http')).toHaveAttribute('aria-selected', 'true');
  await listener.press('Enter');
  await expect(listener).toHaveValue('http');
  await expect(verdictOf(listener)).toContainText(`Listener http (HTTP ${listenerPort}) takes this route.`);

  await editor.field('Hostnames').fill('foo.example.com');
  await editor.field('Hostnames').blur();
  const backend = editor.item('rule 1').getByRole('group', { name: 'backend 1' });
  await expect(editor.field('Service namespace', backend)).toBeVisible();
  // Typing filters the Services; arrow keys and Enter pick one.
  const service = editor.field('Service', backend);
  await service.fill('http');
  await expect(option(page, 'httpbin')).toContainText('port 8443');
  await page.screenshot({ path: 'test-results/screenshots/reference-picker-open.png', fullPage: true });
  await service.press('ArrowDown');
  await service.press('Enter');
  await expect(service).toHaveValue('httpbin');
  // The blank form's port 80 is not a port of httpbin: said before saving.
  const port = editor.field('Service port', backend);
  await expect(verdictOf(port)).toContainText('Service httpbin has no port 80 (it has 8443)');
  await pickWithMouse(page, port, '8443');
  await expect(verdictOf(port)).toContainText('Service httpbin port 8443 → target port 443 (TCP).');
  await expect(page.locator('.reference-summary')).toHaveCount(0);
  await editor.save();
  await editor.expectToast('HTTPRoute http-route-foo created.');
  await expect(detail.statusGroup(/^On Gateway simple-fsm-gateway/)).toContainText('References resolved');

  // The UpstreamTLSPolicy: target Service and port from the pickers; the CA Secret does not exist yet.
  await page.goto(`/resources/upstreamtlspolicies/new?namespace=${NS}`);
  await editor.field('Name').fill('upstream-tls-policy-sample');
  await pickWithMouse(page, editor.field('Service'), 'httpbin');
  const policyPort = editor.item('port 1');
  const servicePort = editor.field('Service port', policyPort);
  await expect(verdictOf(servicePort)).toContainText('Service httpbin has no port 443');
  await servicePort.focus();
  await servicePort.press('ArrowDown');
  await servicePort.press('Enter');
  await expect(servicePort).toHaveValue('8443');
  const caSecret = editor.field('CA Secret', policyPort);
  await caSecret.fill('https-cert');
  const warning = verdictOf(caSecret);
  await expect(warning).toContainText(`Not found: Secret https-cert does not exist in ${NS} (yet): until it does, the policy is not accepted and the gateway speaks plain HTTP to port 8443.`);
  await expect(warning).toHaveAttribute('data-status', 'missing');
  await expect(page.locator('.reference-summary')).toContainText('1 reference needs attention');
  await expect(page.locator('.reference-summary')).toContainText('you can still save');
  await page.screenshot({ path: 'test-results/screenshots/reference-missing-ca.png', fullPage: true });

  // Created in place from a CA of the inventory (a ca-bundle binding), then checked again.
  await warning.getByRole('button', { name: 'Create it from a certificate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create Secret https-cert from a certificate' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: new RegExp(`^${CA_NAME.replace(/\./g, '\\.')}\\b`) }).first().check();
  await dialog.getByRole('button', { name: 'Create Secret https-cert' }).click();
  await editor.expectToast(`Secret ${NS}/https-cert created with ca.crt from ${CA_NAME}.`);
  await expect(dialog).toBeHidden();
  await expect(warning).toHaveAttribute('data-status', 'ok');
  await expect(warning).toContainText('Secret https-cert has ca.crt (1 certificate).');
  await expect(page.locator('.reference-summary')).toHaveCount(0);
  // The picker now offers it, with what it holds.
  await caSecret.click();
  await expect(option(page, 'https-cert')).toContainText('has ca.crt');
  await caSecret.press('Escape');
  await expect(caSecret).toHaveAttribute('aria-expanded', 'false');

  await editor.save();
  await editor.expectToast('UpstreamTLSPolicy upstream-tls-policy-sample created.');
  await expect(detail.spec).toContainText('Port 8443: verify the upstream with ca.crt of Secret https-cert; no client certificate');
  await expect(detail.statusGroup('Policy')).toContainText('Accepted');

  const stored = await getObject(page.request, `namespaces/${NS}/upstreamtlspolicies/upstream-tls-policy-sample`);
  expect(stored.body).toMatchObject({ spec: { targetRef: { name: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { name: 'https-cert' } } }] } });
  const route = await getObject(page.request, `namespaces/${NS}/httproutes/http-route-foo`);
  expect(route.body).toMatchObject({ spec: { parentRefs: [{ name: 'simple-fsm-gateway', sectionName: 'http' }], rules: [{ backendRefs: [{ name: 'httpbin', port: 8443 }] }] } });
});

test('the other forms: a BackendTLSPolicy\'s CA ConfigMap made in place, a listener certificate of the wrong type, a ReferenceGrant\'s verdicts', async ({ page }) => {
  test.setTimeout(90_000);
  await signInViaApi(page, ADMIN);
  const editor = new ResourceEditorPage(page);

  // BackendTLSPolicy: the target from the picker; its port-name picker knows httpbin has no named ports.
  await page.goto(`/resources/backendtlspolicies/new?namespace=${NS}`);
  await editor.field('Name').fill('backend-tls');
  const target = editor.item('target 1');
  await pickWithMouse(page, editor.field('Service', target), 'httpbin');
  const portName = editor.field('Port name', target);
  await portName.click();
  await expect(page.getByRole('listbox')).toContainText('This Service has no named ports.');
  await portName.fill('tls');
  await expect(verdictOf(portName)).toContainText('Cannot be used: Service httpbin has no port named "tls" (named ports: none)');
  await portName.fill('');
  await expect(verdictOf(portName)).toHaveCount(0);
  await editor.field('Hostname').fill('httpbin.internal');
  const caRef = editor.item('CA reference 1');
  const configMap = editor.field('CA ConfigMap', caRef);
  await configMap.fill('backend-ca');
  const warning = verdictOf(configMap);
  await expect(warning).toContainText(`Not found: ConfigMap backend-ca does not exist in ${NS} (yet): the policy is not accepted until it does.`);
  await warning.getByRole('button', { name: 'Create it from a certificate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create ConfigMap backend-ca from a certificate' });
  await dialog.getByRole('radio', { name: new RegExp(`^${CA_NAME.replace(/\./g, '\\.')}\\b`) }).first().check();
  await dialog.getByRole('button', { name: 'Create ConfigMap backend-ca' }).click();
  await editor.expectToast(`ConfigMap ${NS}/backend-ca created with ca.crt from ${CA_NAME}.`);
  await expect(warning).toHaveAttribute('data-status', 'ok');
  await expect(warning).toContainText('ConfigMap backend-ca has ca.crt (1 certificate).');
  await editor.save();
  await editor.expectToast('BackendTLSPolicy backend-tls created.');

  // A Gateway's HTTPS listener: the picker says which Secrets are TLS Secrets; choosing another is flagged.
  await page.goto(`/resources/gateways/new?namespace=${NS}`);
  await editor.field('Name').fill('tls-gw');
  const listener = editor.item('listener http');
  await editor.field('Protocol', listener).selectOption('HTTPS');
  const certificate = editor.field('Certificate Secret', listener);
  await certificate.click();
  await expect(option(page, 'https-cert')).toContainText('type Opaque: not a TLS Secret');
  await option(page, 'https-cert').click();
  await expect(verdictOf(certificate)).toContainText('Cannot be used: Secret https-cert is of type Opaque; this needs a kubernetes.io/tls Secret (tls.crt and tls.key).');

  // A ReferenceGrant: from its own namespace does nothing; a target it names exists.
  await page.goto(`/resources/referencegrants/new?namespace=${NS}`);
  await editor.field('Name').fill('let-in');
  const from = editor.field('From namespace', editor.item('source 1'));
  await from.fill(NS.slice(0, 5));
  await option(page, NS).click();
  await expect(verdictOf(from)).toContainText(`Cannot be used: This grant lives in ${NS}: references from its own namespace need no grant.`);
  const targetName = editor.field('Service name', editor.item('target 1'));
  await expect(page.locator('.field-verdict')).toContainText(`Every Service in ${NS} (1 today: httpbin).`);
  await pickWithMouse(page, targetName, 'httpbin');
  await expect(verdictOf(targetName)).toContainText(`Service httpbin exists in ${NS}.`);
});
