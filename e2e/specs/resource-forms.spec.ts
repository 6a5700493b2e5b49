import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ResourceDetailPage } from '../pages/resource-detail-page';
import { ResourceEditorPage } from '../pages/resource-editor-page';
import { ADMIN } from '../support/accounts';
import { deleteIfPresent, formsListenerPort, getObject } from '../support/resources-api';

const NS = 'e2e-forms';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  for (const p of ['httproutes/forms-route', 'gateways/forms-gw', 'endpointslices/echo-endpoints', 'services/echo', 'upstreamtlspolicies/forms-tls', 'secrets/forms-ca']) await deleteIfPresent(request, `namespaces/${NS}/${p}`);
});

test('a Gateway is created through its form and its page tells its spec and status in words', async ({ page, baseURL }) => {
  const port = formsListenerPort(baseURL, 0);
  await signInViaApi(page, ADMIN);
  await page.goto(`/gateways?namespace=${NS}`);
  await page.getByRole('link', { name: 'New gateway', exact: true }).click();
  await expect(page).toHaveURL(`/resources/gateways/new?namespace=${NS}`);
  const editor = new ResourceEditorPage(page);
  await expect(editor.field('Namespace')).toHaveValue(NS);

  // Client-side check with the domain schema first: no name, a port out of range.
  const listener = editor.item('listener http');
  await editor.field('Port', listener).fill('70000');
  await editor.save();
  await expect(editor.errorSummary).toContainText('There are 2 problems');
  await expect(editor.errorSummary).toContainText('spec.listeners[0].port');
  await expect(editor.field('Port', listener)).toHaveAttribute('aria-invalid', 'true');
  await expect(listener.getByText('Too big: expected number to be <=65535')).toBeVisible();

  await editor.field('Name').fill('forms-gw');
  await editor.field('Port', listener).fill(String(port));
  await editor.save();
  await editor.expectToast('Gateway forms-gw created.');
  await expect(page).toHaveURL(`/resources/gateways/${NS}/forms-gw`);

  const detail = new ResourceDetailPage(page);
  await expect(detail.heading).toHaveText('forms-gw');
  await expect(detail.spec).toContainText(`Listener http: HTTP on port ${port}, any hostname, routes from the same namespace`);
  await expect(detail.statusGroup('Gateway')).toContainText('Accepted');
  await expect(detail.statusGroup(/^Listener http/)).toContainText('0 routes attached');
  await expect(detail.statusGroup(/^Listener http/)).toContainText('Programmed');
});

test('an HTTPRoute is created through its form: parent, hostname, rule and backend; the Gateway then lists it', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto(`/routes?namespace=${NS}`);
  await page.getByRole('link', { name: 'New route', exact: true }).click();
  const editor = new ResourceEditorPage(page);
  await editor.field('Name').fill('forms-route');
  await editor.field('Gateway', editor.item('parent Gateway 1')).fill('forms-gw');
  await editor.field('Hostnames').fill('forms.example.com');
  await editor.field('Hostnames').blur();
  const rule = editor.item('rule 1');
  await editor.field('Path', rule.getByRole('group', { name: 'match 1' })).fill('/api');
  const backend = rule.getByRole('group', { name: 'backend 1' });
  await editor.field('Service', backend).fill('echo');
  await editor.field('Service port', backend).fill('8443');
  // The YAML tab shows what the form describes.
  await editor.tab('YAML').click();
  const yaml = await editor.yamlText();
  expect(yaml).toContain('hostnames:\n    - forms.example.com');
  expect(yaml).toContain('value: /api');
  await editor.tab('Form').click();
  await editor.save();
  await editor.expectToast('HTTPRoute forms-route created.');

  const detail = new ResourceDetailPage(page);
  await expect(detail.spec).toContainText('Rule 1: requests where path starts with /api → Service echo port 8443');
  // Accepted by the Gateway, but the Service does not exist: said in words, with the compiler's reason.
  const parent = detail.statusGroup('On Gateway forms-gw');
  await expect(parent).toContainText('Accepted');
  await expect(parent).toContainText('References not resolved (BackendNotFound)');
  await expect(detail.relationships).toContainText('sends traffic to port 8443 — not found');

  await detail.relationships.getByRole('link', { name: 'forms-gw' }).click();
  await expect(detail.heading).toHaveText('forms-gw');
  await expect(detail.statusGroup(/^Listener http/)).toContainText('1 route attached');
  await expect(detail.relationships.locator('.relation-group').filter({ hasText: 'Listener http' })).toContainText('forms-route');

  const stored = await getObject(page.request, `namespaces/${NS}/httproutes/forms-route`);
  expect(stored.body).toMatchObject({ spec: { hostnames: ['forms.example.com'], rules: [{ backendRefs: [{ name: 'echo', port: 8443 }] }] } });
});

test('a Service is created through its form and gets its endpoints on its own page; the route then resolves', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto(`/services?namespace=${NS}`);
  await page.getByRole('link', { name: 'New service', exact: true }).click();
  const editor = new ResourceEditorPage(page);
  await editor.field('Name').fill('echo');
  const port = editor.item('port 1');
  await editor.field('Port', port).fill('8443');
  await editor.field('Target port', port).fill('443');
  await editor.save();
  await editor.expectToast('Service echo created.');

  const detail = new ResourceDetailPage(page);
  await expect(detail.spec).toContainText('Port 8443/TCP → target port 443');
  await expect(detail.endpoints).toContainText('No endpoints yet.');
  await detail.endpoints.getByRole('button', { name: 'Add endpoints' }).click();
  const slice = new ResourceEditorPage(page);
  const address = slice.item('address 1');
  await slice.field('Address', address).fill('127.0.0.1');
  await expect(slice.field('Port on the addresses', slice.item('port 1'))).toHaveValue('443');
  await slice.save();
  await slice.expectToast('EndpointSlice echo-endpoints created.');
  await expect(detail.endpoints).toContainText('1 IPv4 endpoint: 127.0.0.1');
  await expect(detail.endpoints).toContainText('Dial port 443');

  // The route of the previous test sends traffic to echo:8443: now resolved, and listed on this port.
  const portGroup = detail.relationships.locator('.relation-group').filter({ hasText: 'Port 8443' });
  await expect(portGroup).toContainText('forms-route');
  await expect(portGroup).toContainText('No TLS policy: the gateway speaks plain HTTP to this port.');
  await page.goto(`/resources/httproutes/${NS}/forms-route`);
  await expect(detail.statusGroup('On Gateway forms-gw')).toContainText('References resolved');
});

test('a Secret is written through its form and never read back: the edit keeps stored values and adds a key', async ({ page }) => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIBformsSecretValue\n-----END CERTIFICATE-----\n';
  await signInViaApi(page, ADMIN);
  await page.goto(`/secrets?namespace=${NS}`);
  await page.getByRole('link', { name: 'New secret', exact: true }).click();
  const editor = new ResourceEditorPage(page);
  await editor.field('Name').fill('forms-ca');
  await editor.field('Value of ca.crt', editor.item('key ca.crt')).fill(pem);
  // A dry run only: the server accepts it and nothing is stored.
  await editor.form.getByRole('button', { name: 'Check with the server' }).click();
  await editor.expectToast('The server accepts this Secret (dry run: nothing was saved).');
  expect((await getObject(page.request, `namespaces/${NS}/secrets/forms-ca`)).status).toBe(404);
  await editor.save();
  await editor.expectToast('Secret forms-ca created.');

  const detail = new ResourceDetailPage(page);
  await expect(detail.spec).toContainText(`ca.crt: ${pem.length} bytes`);
  await detail.edit().click();
  const kept = editor.item('key ca.crt');
  await expect(kept).toContainText(`stored value kept (${pem.length} bytes, never shown)`);
  await editor.form.getByRole('button', { name: 'Add key' }).click();
  await editor.field('Key', editor.item('new key 2')).fill('note');
  // The row is named by its key once it has one.
  await editor.field('Value of note', editor.item('key note')).fill('hello');
  await editor.save();
  await editor.expectToast('Secret forms-ca saved.');
  await expect(detail.spec).toContainText('note: 5 bytes');
  await expect(detail.spec).toContainText(`ca.crt: ${pem.length} bytes`);
  expect(await page.content()).not.toContain('MIIBformsSecretValue');
});

test('an UpstreamTLSPolicy made through its form covers the Service port with the CA Secret', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto(`/tls-policies?namespace=${NS}`);
  await page.getByRole('link', { name: 'New upstream TLS policy', exact: true }).click();
  const editor = new ResourceEditorPage(page);
  await editor.field('Name').fill('forms-tls');
  await editor.field('Service').fill('echo');
  const port = editor.item('port 1');
  await editor.field('Service port', port).fill('8443');
  await editor.field('CA Secret', port).fill('forms-ca');
  await editor.save();
  await editor.expectToast('UpstreamTLSPolicy forms-tls created.');
  const detail = new ResourceDetailPage(page);
  await expect(detail.spec).toContainText('Port 8443: verify the upstream with ca.crt of Secret forms-ca; no client certificate');
  await expect(detail.statusGroup('Policy')).toContainText('Accepted');
  await detail.relationships.getByRole('link', { name: 'echo' }).click();
  await expect(detail.relationships.locator('.relation-group').filter({ hasText: 'Port 8443' })).toContainText('upstream TLS, CA from Secret forms-ca — accepted');
});

test.describe('server answers', () => {
  // The refused create is a 409 (already_exists); Chromium logs the failed request, which is the point here.
  test.use({ expectedBrowserErrors: [/status of 409 \(Conflict\).*resources\.create/] });

  test('a name the server already has comes back beside the Name field', async ({ page }) => {
    await signInViaApi(page, ADMIN);
    await page.goto(`/resources/gateways/new?namespace=${NS}`);
    const editor = new ResourceEditorPage(page);
    await editor.field('Name').fill('forms-gw');
    await editor.save();
    await expect(editor.form.locator('.field-error').getByText('already exists', { exact: true })).toBeVisible();
    await expect(editor.field('Name')).toHaveAttribute('aria-invalid', 'true');
    await expect(editor.errorSummary).toContainText('metadata.name: already exists');
    await editor.expectToast(/Gateway not saved/);
  });
});
