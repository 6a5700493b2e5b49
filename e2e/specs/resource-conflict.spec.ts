import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ResourceDetailPage } from '../pages/resource-detail-page';
import { ResourceEditorPage } from '../pages/resource-editor-page';
import { ADMIN } from '../support/accounts';
import { applyObjects, changeObject, getObject, type Obj } from '../support/resources-api';

const NS = 'e2e-conflict';
const PATH = `namespaces/${NS}/services/conflict-svc`;
type ServiceSpec = { selector?: Record<string, string>; ports: { name?: string; port: number; targetPort?: number | string }[] };
const specOf = (o: Obj) => o.spec as ServiceSpec;

test.describe.configure({ mode: 'serial' });
// The stale save is answered 409 (conflict); Chromium logs that failed request.
test.use({ expectedBrowserErrors: [/status of 409 \(Conflict\).*resources\.replace/] });

test.beforeAll(async ({ request }) => {
  await applyObjects(request, NS, [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'conflict-svc' }, spec: { ports: [{ name: 'https', port: 8443, targetPort: 443 }] } }]);
});

test('a save over someone else\'s newer change shows the difference; Overwrite saves mine over theirs', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const detail = new ResourceDetailPage(page);
  await detail.goto('services', NS, 'conflict-svc');
  await detail.edit().click();
  const editor = new ResourceEditorPage(page);
  await editor.field('Target port', editor.item('port 1')).fill('9443');

  // Meanwhile another client (the API, with its own read) adds a selector.
  await changeObject(page.request, PATH, (o) => ({ ...o, spec: { ...specOf(o), selector: { app: 'theirs' } } }));

  await editor.save();
  await expect(editor.conflict).toBeVisible();
  await editor.expectToast(/was changed by someone else/);
  const removed = editor.conflict.locator('.diff-line.removed');
  const added = editor.conflict.locator('.diff-line.added');
  await expect(removed.filter({ hasText: 'app: theirs' })).toHaveCount(1);
  await expect(removed.filter({ hasText: 'targetPort: 443' })).toHaveCount(1);
  await expect(added.filter({ hasText: 'targetPort: 9443' })).toHaveCount(1);

  await editor.conflict.getByRole('button', { name: 'Overwrite' }).click();
  await editor.expectToast('Service conflict-svc saved.');
  await expect(page).toHaveURL(`/resources/services/${NS}/conflict-svc`);
  const stored = specOf((await getObject(page.request, PATH)).body);
  expect(stored.ports[0]?.targetPort).toBe(9443);
  expect(stored.selector).toBeUndefined();
});

test('Reload takes the stored object instead and keeps editing from it', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto(`/resources/services/${NS}/conflict-svc/edit`);
  const editor = new ResourceEditorPage(page);
  const port = editor.item('port 1');
  await editor.field('Target port', port).fill('7443');
  await changeObject(page.request, PATH, (o) => ({ ...o, spec: { ...specOf(o), ports: [{ name: 'https', port: 8443, targetPort: 6443 }] } }));
  await editor.save();
  await expect(editor.conflict).toBeVisible();
  await editor.conflict.getByRole('button', { name: 'Reload' }).click();
  await expect(editor.conflict).toHaveCount(0);
  await editor.expectToast('Reloaded Service conflict-svc as it is stored now.');
  await expect(editor.field('Target port', port)).toHaveValue('6443');
  // A save now carries the reloaded version and goes through.
  await editor.field('Port name', port).fill('tls');
  await editor.save();
  await editor.expectToast('Service conflict-svc saved.');
  expect(specOf((await getObject(page.request, PATH)).body).ports[0]).toMatchObject({ name: 'tls', targetPort: 6443 });
});
