import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ResourceDetailPage } from '../pages/resource-detail-page';
import { ADMIN } from '../support/accounts';
import { applyObjects, getObject } from '../support/resources-api';

const NS = 'e2e-delete';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBdeletetest\n-----END CERTIFICATE-----\n';

test('delete asks first and names what depends on the object; a confirmed delete goes back to the list', async ({ page }) => {
  await applyObjects(page.request, NS, [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'del-svc' }, spec: { ports: [{ port: 8443 }] } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'del-ca' }, stringData: { 'ca.crt': CA } },
    { apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'del-policy' },
      spec: { targetRef: { group: '', kind: 'Service', name: 'del-svc' }, ports: [{ port: 8443, config: { certificateRef: { name: 'del-ca' } } }] } },
  ]);
  await signInViaApi(page, ADMIN);
  const detail = new ResourceDetailPage(page);

  // The CA Secret: its policy depends on it, and the confirmation says so before anything happens.
  await detail.goto('secrets', NS, 'del-ca');
  await expect(detail.spec).toContainText('ca.crt: ');
  await detail.deleteButton().click();
  const dialog = detail.deleteDialog;
  await expect(dialog.getByRole('heading', { name: `Delete Secret ${NS}/del-ca?` })).toBeVisible();
  await expect(dialog).toContainText('1 dependent');
  await expect(dialog.getByRole('listitem')).toContainText([/UpstreamTLSPolicy del-policy verifies the upstream on port 8443 with its ca.crt — accepted$/]);
  // The dialog takes the focus on a harmless control, never on the destructive one.
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await getObject(page.request, `namespaces/${NS}/secrets/del-ca`)).status).toBe(200);

  // The policy: nothing depends on it; confirmed, it is gone and the list is shown with a toast.
  await detail.goto('upstreamtlspolicies', NS, 'del-policy');
  await detail.deleteButton().click();
  await expect(dialog).toContainText('Nothing refers to it.');
  await dialog.getByRole('button', { name: 'Delete UpstreamTLSPolicy' }).click();
  await expect(page.locator('.toaster').getByText('UpstreamTLSPolicy del-policy deleted.')).toBeVisible();
  await expect(page).toHaveURL(`/tls-policies?namespace=${NS}`);
  expect((await getObject(page.request, `namespaces/${NS}/upstreamtlspolicies/del-policy`)).status).toBe(404);

  // With the policy gone the Secret has no dependents left.
  await detail.goto('secrets', NS, 'del-ca');
  await detail.deleteButton().click();
  await expect(dialog).toContainText('Nothing refers to it.');
});
