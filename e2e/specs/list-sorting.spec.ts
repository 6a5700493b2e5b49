import type { APIRequestContext } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ListPage } from '../pages/list-page';
import { ADMIN, E2E_ADMIN_TOKEN } from '../support/accounts';
import { shoot, useTheme } from '../support/screenshots';

const NS = 'list-sorting';
const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
// Created in this order, so "Oldest first" differs from name order.
const MAPS = [
  { name: 'gamma-web', labels: { app: 'web' } },
  { name: 'alpha-web', labels: { app: 'web', tier: 'front' } },
  { name: 'beta-db', labels: { app: 'db' } },
];

/** The spec's own namespace and config maps, through the REST API; a second call finds them there (409). */
async function seed(request: APIRequestContext): Promise<void> {
  const ns = await request.post('/api/v1/namespaces', { headers: auth, data: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
  expect([201, 409]).toContain(ns.status());
  for (const m of MAPS) {
    const r = await request.post(`/api/v1/namespaces/${NS}/configmaps`, {
      headers: auth, data: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: m.name, namespace: NS, labels: m.labels }, data: { k: 'v' } },
    });
    expect([201, 409], await r.text()).toContain(r.status());
    await new Promise((res) => setTimeout(res, 20));
  }
}

test('a list sorts and filters on the server, keeps the state in the URL across a reload', async ({ page }) => {
  await seed(page.request);
  await signInViaApi(page, ADMIN);
  await page.goto(`/secrets?namespace=${NS}`);
  const list = new ListPage(page);
  await list.tab('Config maps').click();
  await expect(page).toHaveURL(new RegExp(`/secrets/config-maps\\?namespace=${NS}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Config maps');
  await expect(list.names()).toHaveText(['alpha-web', 'beta-db', 'gamma-web']);

  await list.sort.selectOption({ label: 'Name (Z–A)' });
  await expect(page).toHaveURL(/[?&]sort=-name(&|$)/);
  await expect(list.names()).toHaveText(['gamma-web', 'beta-db', 'alpha-web']);
  await list.sort.selectOption({ label: 'Oldest first' });
  await expect(list.names()).toHaveText(['gamma-web', 'alpha-web', 'beta-db']);

  await list.nameFilter.fill('WEB');
  await list.nameFilter.press('Enter');
  await expect(page).toHaveURL(/[?&]q=WEB(&|$)/);
  await expect(list.names()).toHaveText(['gamma-web', 'alpha-web']);

  await list.labels.fill('app=web,tier');
  await list.apply.click();
  await expect(list.names()).toHaveText(['alpha-web']);
  const url = page.url();
  expect(new URL(url).searchParams.get('labels')).toBe('app=web,tier');

  await page.reload();
  await expect(list.names()).toHaveText(['alpha-web']);
  await expect(list.sort).toHaveValue('created');
  await expect(list.nameFilter).toHaveValue('WEB');
  await expect(list.labels).toHaveValue('app=web,tier');
  expect(page.url()).toBe(url);

  // A malformed selector is refused inline by the same schema the server uses; the URL does not change.
  await list.labels.fill('app in (web)');
  await list.labels.press('Enter');
  await expect(list.labels).toHaveAttribute('aria-invalid', 'true');
  await expect(list.toolbar.getByText(/set-based requirements/)).toBeVisible();
  expect(page.url()).toBe(url);

  // Nothing matches: the empty state says what to do next.
  await list.labels.fill('app=none');
  await list.apply.click();
  await expect(page.getByText('No config maps match these filters in namespace list-sorting')).toBeVisible();
  await list.clear.click();
  await expect(list.names()).toHaveText(['alpha-web', 'beta-db', 'gamma-web']);
  await expect(page).toHaveURL(new RegExp(`/secrets/config-maps\\?namespace=${NS}$`));
});

test('Gateway classes and Reference grants have lists, reached from Gateways and Routes', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto('/gateways');
  const list = new ListPage(page);
  await list.tab('Gateway classes').click();
  await expect(page).toHaveURL(/\/gateways\/classes$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gateway classes');
  await expect(list.toolbar).toBeVisible();
  await page.goto('/routes');
  await list.tab('Reference grants').click();
  await expect(page).toHaveURL(/\/routes\/reference-grants$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reference grants');
  await expect(list.toolbar).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`screenshot of a sorted, filtered list (${theme})`, async ({ page }) => {
    await useTheme(page, theme);
    await seed(page.request);
    await signInViaApi(page, ADMIN);
    await page.goto(`/secrets/config-maps?namespace=${NS}&sort=-created&labels=app%3Dweb`);
    await expect(new ListPage(page).names()).toHaveText(['alpha-web', 'gamma-web']);
    await shoot(page, `list-sorting-config-maps-${theme}`);
  });
}
