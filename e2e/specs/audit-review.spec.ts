import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { AuditPage } from '../pages/audit-page';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN, E2E_ADMIN_TOKEN } from '../support/accounts';
import { listenerPortFor, seedScenario } from '../support/seed';

const NS = 'audit-review';
const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const b64 = (s: string) => Buffer.from(s).toString('base64');

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request, baseURL }) => {
  await seedScenario(request, listenerPortFor(baseURL));
  // A ConfigMap changed once and a Secret whose one value changes while the other stays: the diffs to review.
  const put = async (path: string, data: object, create: boolean) => {
    const r = create ? await request.post(path.replace(/\/[^/]+$/, ''), { headers: auth, data }) : await request.put(path, { headers: auth, data });
    expect(r.status(), await r.text()).toBe(create ? 201 : 200);
  };
  const exists = (await request.get(`/api/v1/namespaces/${NS}/configmaps/settings`, { headers: auth })).status() === 200;
  if (exists) return;
  const cm = (level: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: NS }, data: { level, region: 'eu-west' } });
  await put(`/api/v1/namespaces/${NS}/configmaps/settings`, cm('info'), true);
  await put(`/api/v1/namespaces/${NS}/configmaps/settings`, cm('debug'), false);
  const secret = (password: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-creds', namespace: NS }, type: 'Opaque', data: { username: b64('app'), password: b64(password) } });
  await put(`/api/v1/namespaces/${NS}/secrets/db-creds`, secret('first-password'), true);
  await put(`/api/v1/namespaces/${NS}/secrets/db-creds`, secret('second-password'), false);
});

async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.addInitScript((t) => localStorage.setItem('gatehouse-theme', t), theme);
}

test('filters kept in the URL narrow the log; the drawer shows the change side by side as YAML', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const audit = new AuditPage(page);
  await audit.goto(`namespace=${NS}`);
  await expect(audit.chainStatus).toContainText('Chain intact');
  await audit.filter({ kind: 'ConfigMap', action: 'update' });
  await expect(page).toHaveURL(/[?&]kind=ConfigMap(&|$)/);
  await expect(page).toHaveURL(/[?&]action=update(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]namespace=${NS}(&|$)`));
  await expect(audit.rows()).toHaveCount(1);
  await audit.openFirstEvent();
  await expect(audit.drawer).toBeVisible();
  await expect(audit.drawer.getByRole('heading', { level: 2 })).toHaveText(/^Event #\d+$/);
  const diff = audit.diffTable();
  await expect(diff.getByRole('columnheader', { name: 'Before' })).toBeVisible();
  await expect(diff.getByRole('columnheader', { name: 'After' })).toBeVisible();
  // The changed line on both sides of one row, the unchanged one on both sides unmarked.
  const changed = diff.locator('tr.changed').filter({ hasText: 'level' });
  await expect(changed.locator('td.code').first()).toHaveText('− level: info');
  await expect(changed.locator('td.code').nth(1)).toHaveText('+ level: debug');
  await expect(diff.locator('tr.same').filter({ hasText: 'region' }).locator('td.code').first()).toHaveText(/^\s+region: eu-west$/);
  expect(await audit.drawer.innerText(), 'raw JSON in the drawer').not.toMatch(/\{"|":\s*[{["\d]/);
  // The URL reopens the same view (a shared link), the drawer closes with Escape.
  await page.keyboard.press('Escape');
  await expect(audit.drawer).toBeHidden();
  await page.reload();
  await expect(audit.rows()).toHaveCount(1);
  await expect(audit.filters.getByLabel('Kind')).toHaveValue('ConfigMap');
});

test('a Secret change says which values changed and never shows a value or its hash', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const audit = new AuditPage(page);
  await audit.goto(`namespace=${NS}&kind=Secret&action=update`);
  await expect(audit.rows()).toHaveCount(1);
  await audit.openFirstEvent();
  const diff = audit.diffTable();
  await expect(diff.locator('tr.changed').filter({ hasText: 'password' }).locator('td.code').first()).toHaveText('−   password: (previous value)');
  await expect(diff.locator('tr.same').filter({ hasText: 'username' }).locator('td.code').nth(1)).toHaveText(/username: \(value unchanged\)$/);
  await expect(diff.locator('tr.changed').filter({ hasText: 'password' }).locator('td.code').nth(1)).toHaveText('+   password: (new value)');
  const text = await audit.drawer.innerText();
  expect(text).not.toContain('hmac-sha256');
  expect(text).not.toContain(b64('second-password'));
});

test('the filtered set downloads as CSV and JSON Lines, and the download is itself in the log', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const audit = new AuditPage(page);
  await audit.goto(`namespace=${NS}&kind=ConfigMap`);
  await expect(audit.rows()).toHaveCount(2);
  const [csv] = await Promise.all([page.waitForEvent('download'), audit.exportLink('CSV').click()]);
  expect(csv.suggestedFilename()).toMatch(/^audit-events-.+\.csv$/);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  const lines = csvText.split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('id,time,actorType,actorId,actorName,role,sourceIp,userAgent,requestId,action,group,kind,namespace,name,message,before,after,prevHash,hash');
  expect(lines).toHaveLength(3);
  await expect(page.getByRole('status').filter({ hasText: 'CSV download started' })).toBeVisible();
  const [jsonl] = await Promise.all([page.waitForEvent('download'), audit.exportLink('JSON Lines').click()]);
  const events = readFileSync((await jsonl.path())!, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string; namespace: string; action: string });
  expect(events.map((e) => `${e.action} ${e.kind} ${e.namespace}`)).toEqual([`update ConfigMap ${NS}`, `create ConfigMap ${NS}`]);

  await audit.goto('action=export&kind=AuditEvent');
  await expect(audit.rows().first()).toContainText(ADMIN.username);
  await expect(audit.rows().first()).toContainText('exported the audit log as JSON Lines');
});

test('a resource list links each row to its history', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto('/gateways?namespace=httpbin');
  await page.getByRole('link', { name: 'History of Gateway httpbin/simple-fsm-gateway' }).click();
  await expect(page).toHaveURL(/\/audit\?kind=Gateway&namespace=httpbin&name=simple-fsm-gateway$/);
  const audit = new AuditPage(page);
  await expect(audit.rows().first()).toContainText('Gateway httpbin/simple-fsm-gateway');
  await expect(audit.filters.getByLabel('Object name')).toHaveValue('simple-fsm-gateway');
});

for (const theme of ['light', 'dark'] as const) {
  test(`audit log and event drawer at 1280 px, ${theme} theme`, async ({ page }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    const audit = new AuditPage(page);
    await audit.goto(`namespace=${NS}`);
    await new ConsoleShell(page).settled();
    await expect(audit.chainStatus).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/audit-review-${theme}.png`, fullPage: true });
    await audit.goto(`namespace=${NS}&kind=ConfigMap&action=update`);
    await audit.openFirstEvent();
    await expect(audit.diffTable()).toBeVisible();
    await page.screenshot({ path: `test-results/screenshots/audit-drawer-${theme}.png` });
  });
}
