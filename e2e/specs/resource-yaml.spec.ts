import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ResourceDetailPage } from '../pages/resource-detail-page';
import { ResourceEditorPage } from '../pages/resource-editor-page';
import { ADMIN } from '../support/accounts';
import { applyObjects, formsListenerPort, getObject } from '../support/resources-api';

const NS = 'e2e-yaml';

/** Inserts `key: value` after the line holding `after`, at that line's indentation. */
function insertAfter(yaml: string, after: string, line: string): string {
  const lines = yaml.split('\n');
  const i = lines.findIndex((l) => l.trim() === after);
  expect(i, `line "${after}" in:\n${yaml}`).toBeGreaterThanOrEqual(0);
  const indent = (lines[i] ?? '').match(/^\s*(- )?/)?.[0].replace('- ', '  ') ?? '';
  lines.splice(i + 1, 0, `${indent}${line}`);
  return lines.join('\n');
}

test('the YAML tab and the form stay in sync both ways, and an edit saved from YAML shows in words', async ({ page, baseURL }) => {
  const port = formsListenerPort(baseURL, 1);
  await applyObjects(page.request, NS, [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'yaml-gw' },
    spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port }] } }]);
  await signInViaApi(page, ADMIN);
  const detail = new ResourceDetailPage(page);
  await detail.goto('gateways', NS, 'yaml-gw');
  await detail.edit().click();
  await expect(page).toHaveURL(`/resources/gateways/${NS}/yaml-gw/edit`);
  const editor = new ResourceEditorPage(page);

  // YAML → form: a hostname typed into the YAML appears in the listener's Hostname field.
  await editor.tab('YAML').click();
  const original = await editor.yamlText();
  expect(original).toContain('kind: Gateway');
  expect(original).toMatch(/resourceVersion: "\d+"/);
  await editor.writeYaml(insertAfter(original, `port: ${port}`, 'hostname: yaml.example.com'));
  await editor.tab('Form').click();
  const listener = editor.item('listener http');
  await expect(editor.field('Hostname', listener)).toHaveValue('yaml.example.com');

  // Form → YAML.
  await editor.field('Hostname', listener).fill('form.example.com');
  await editor.tab('YAML').click();
  await expect(editor.yaml).toHaveValue(/hostname: form\.example\.com/);

  // Text that is not YAML is not applied; text the schema refuses is applied and its problems listed by path.
  const good = await editor.yamlText();
  await editor.yaml.fill(`${good}\nspec: [unclosed`);
  await expect(page.getByText(/^Not applied to the form:/)).toBeVisible();
  await editor.yaml.fill(good.replace(`port: ${port}`, 'port: 0'));
  await expect(page.locator('.yaml-issues')).toContainText('spec.listeners[0].port: Too small: expected number to be >=1');
  await editor.yaml.fill(good);
  await expect(page.locator('.yaml-issues')).toHaveCount(0);

  await editor.save();
  await editor.expectToast('Gateway yaml-gw saved.');
  await expect(page).toHaveURL(`/resources/gateways/${NS}/yaml-gw`);
  await expect(detail.spec).toContainText(`Listener http: HTTP on port ${port} for form.example.com, routes from the same namespace`);
  expect((await getObject(page.request, `namespaces/${NS}/gateways/yaml-gw`)).body).toMatchObject({ spec: { listeners: [{ hostname: 'form.example.com' }] } });
});

test('a form field the schema refuses blocks the save and is named both beside the field and in YAML', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto(`/resources/httproutes/new?namespace=${NS}`);
  const editor = new ResourceEditorPage(page);
  await editor.field('Name').fill('Not_A_Name');
  await editor.field('Gateway', editor.item('parent Gateway 1')).fill('yaml-gw');
  await editor.field('Service', editor.item('backend 1')).fill('svc');
  await editor.save();
  await expect(editor.errorSummary).toContainText('metadata.name');
  await expect(editor.errorSummary).toBeFocused();
  await editor.errorSummary.getByRole('button', { name: /metadata\.name/ }).click();
  await expect(editor.field('Name')).toBeFocused();
  await editor.tab('YAML').click();
  await expect(page.locator('.yaml-issues')).toContainText('metadata.name');
});
