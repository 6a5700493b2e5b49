/**
 * Notifications (issue 12 §6) in the browser: the header's unread badge, the Notifications page (a certificate
 * about to expire, marked read, then everything marked read), and a signed webhook channel added in Settings and
 * tested against a real HTTP receiver run by this spec on 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext } from '@playwright/test';
import { verifyWebhookSignature } from '../../apps/console/src/server/services/notifications/senders/signature';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN, E2E_ADMIN_TOKEN } from '../support/accounts';
import { shoot } from '../support/screenshots';

const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const CA_NAME = 'e2e-notify-ca';
const LATER_CA = 'e2e-notify-later-ca';
const CHANNEL = 'e2e ops hook';

let receiver: Server;
let receiverUrl = '';
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let caId = '';
let laterId = '';

test.describe.configure({ mode: 'serial' });

/**
 * Runs the detectors now (the console's timer would within a minute, and may have just done so: either way the
 * notification is there once) and checks that the certificate's notification exists.
 */
async function checkNow(request: APIRequestContext, title: string): Promise<void> {
  const check = await request.post('/api/v1/notifications/check', { headers: auth });
  expect(check.status(), await check.text()).toBe(200);
  const list = await request.get('/api/v1/notifications?type=certificate.expiring&limit=200', { headers: auth });
  expect(((await list.json()) as { items: { title: string }[] }).items.map((n) => n.title)).toContain(title);
}

test.beforeAll(async ({ request }) => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gatehouse`;

  // A CA that expires in five days: the 7-day threshold is crossed. The check runs now instead of in a minute.
  const ca = await request.post('/api/v1/certificates/root-ca', { headers: auth, data: { name: CA_NAME, subject: { commonName: 'E2E Notify CA' }, validityDays: 5 } });
  expect(ca.status(), await ca.text()).toBe(201);
  caId = ((await ca.json()) as { id: string }).id;
  await checkNow(request, `CA certificate "${CA_NAME}" expires in 5 days`);
  // And one with 20 days left (the 30-day threshold), so that there is more than one to mark read.
  const later = await request.post('/api/v1/certificates/root-ca', { headers: auth, data: { name: LATER_CA, subject: { commonName: 'E2E Later CA' }, validityDays: 20 } });
  expect(later.status(), await later.text()).toBe(201);
  laterId = ((await later.json()) as { id: string }).id;
  await checkNow(request, `CA certificate "${LATER_CA}" expires in 20 days`);
});

// Other specs count certificates (dashboard, inventory): leave nothing behind but the notifications themselves.
test.afterAll(async ({ request }) => {
  for (const id of [caId, laterId].filter(Boolean)) expect([200, 404]).toContain((await request.delete(`/api/v1/certificates/${id}`, { headers: auth })).status());
  const channels = await request.get('/api/v1/notification-channels', { headers: auth });
  for (const c of ((await channels.json()) as { items: { id: string; name: string }[] }).items) {
    if (c.name === CHANNEL) await request.delete(`/api/v1/notification-channels/${c.id}`, { headers: auth });
  }
  await new Promise<void>((r) => receiver.close(() => r()));
});

test('the badge leads to the notifications; one is marked read, then all', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const shell = new ConsoleShell(page);
  await page.goto('/');
  const bell = page.getByRole('banner').getByRole('link', { name: /^Notifications: \d+ unread$/ });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page).toHaveURL('/notifications');
  await expect(shell.heading).toHaveText('Notifications');

  const title = `CA certificate "${CA_NAME}" expires in 5 days`;
  const item = page.getByRole('article', { name: title });
  await expect(item).toBeVisible();
  // Newest first: the later CA's notification (made second) is above.
  const laterTitle = `CA certificate "${LATER_CA}" expires in 20 days`;
  await expect(page.getByRole('article', { name: laterTitle })).toContainText('Info');
  const titles = await page.getByRole('list', { name: 'Notifications, newest first' }).getByRole('heading', { level: 2 }).allInnerTexts();
  expect(titles.indexOf(laterTitle)).toBeGreaterThanOrEqual(0);
  expect(titles.indexOf(laterTitle)).toBeLessThan(titles.indexOf(title));
  await expect(item).toContainText('Warning');
  await expect(item).toContainText('Unread');
  await expect(item).toContainText('It is valid until');
  await expect(item.getByRole('link', { name: `Certificate ${CA_NAME}` })).toHaveAttribute('href', `/certificates/${caId}`);
  await shoot(page, 'notifications');

  await item.getByRole('button', { name: `Mark read: ${title}` }).click();
  await expect(item).toContainText(`Read by ${ADMIN.username}`);
  await expect(item).not.toContainText('Unread');
  await expect(item.getByRole('button', { name: /^Mark read/ })).toHaveCount(0);

  // Unread only: it is gone from that view.
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Unread' }).click();
  await expect(page.getByRole('article', { name: `CA certificate "${LATER_CA}" expires in 20 days` })).toBeVisible();
  await expect(page.getByRole('article', { name: title })).toHaveCount(0);
  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'All' }).click();
  await expect(page.getByRole('article', { name: title })).toBeVisible();

  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Notifications: none unread' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mark all read' })).toBeDisabled();
  await expect(page.getByRole('list', { name: 'Notifications, newest first' }).getByText('Unread', { exact: true })).toHaveCount(0);

  // The subject link opens the certificate's page.
  await page.getByRole('article', { name: title }).getByRole('link', { name: `Certificate ${CA_NAME}` }).click();
  await expect(page).toHaveURL(`/certificates/${caId}`);
});

test('an administrator adds a signed webhook channel in Settings and tests it against a real receiver', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto('/settings');
  const section = page.getByRole('region', { name: 'Notification channels' });
  await expect(section).toBeVisible();
  await section.getByRole('button', { name: 'Add channel…' }).click();
  const form = section.getByRole('form', { name: 'Add a channel' });

  // The API's own schema checks the form before it is sent.
  await form.getByLabel('Channel name').fill(CHANNEL);
  await form.getByLabel('Webhook URL').fill('ftp://nowhere');
  await form.getByRole('button', { name: 'Add channel' }).click();
  await expect(form.getByLabel('Webhook URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Signing secret')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Webhook URL').fill(receiverUrl);
  await form.getByRole('button', { name: 'Generate' }).click();
  const secret = await form.getByLabel('Signing secret').inputValue();
  expect(secret).toMatch(/^whsec_[\w-]{40,}$/);
  await form.getByLabel('Cluster drift (an object changed or deleted in the cluster)').uncheck();
  await form.getByRole('button', { name: 'Add channel' }).click();
  await expect(section.getByRole('status').filter({ hasText: `Channel ${CHANNEL} saved.` })).toBeVisible();

  const row = section.getByRole('row', { name: new RegExp(`^${CHANNEL}`) });
  await expect(row).toContainText(`POST ${receiverUrl}, signed`);
  await expect(row).toContainText('5 of 6 events');
  await expect(row).toContainText('never');
  // The secret is never shown again.
  await expect(page.getByRole('main')).not.toContainText(secret);

  await row.getByRole('button', { name: `Send a test to ${CHANNEL}` }).click();
  await expect(section.getByRole('status').filter({ hasText: `Test delivered to ${CHANNEL}.` })).toBeVisible({ timeout: 15_000 });
  // The channel also receives real notifications; the test is the one whose event header says so.
  const tests = received.filter((r) => r.headers['x-gatehouse-event'] === 'test');
  expect(tests).toHaveLength(1);
  const hit = tests[0]!;
  expect(verifyWebhookSignature({ secret, rawBody: hit.body, timestamp: hit.headers['x-gatehouse-timestamp'] as string, signature: hit.headers['x-gatehouse-signature'] as string, now: new Date() })).toEqual({ ok: true });
  expect(JSON.parse(hit.body).notification).toMatchObject({ type: 'test', title: 'Test notification from Gatehouse', subject: { kind: 'NotificationChannel', name: CHANNEL } });

  // The delivery is recorded with its attempt.
  const deliveries = section.getByRole('table', { name: `Recent deliveries to ${CHANNEL}` });
  await expect(deliveries).toContainText('Test notification from Gatehouse');
  await expect(deliveries).toContainText('Delivered on the first attempt.');
  await expect(row).toContainText('Delivered');
  await shoot(page, 'settings-notification-channels');
});

test('an e-mail channel runs in the built console: a test to a closed SMTP port answers why it failed', async ({ request }) => {
  const made = await request.post('/api/v1/notification-channels', {
    headers: auth, data: { name: 'e2e closed smtp', kind: 'email', host: '127.0.0.1', port: 9, tls: 'none', from: 'gatehouse@example.com', to: ['ops@example.com'] },
  });
  expect(made.status(), await made.text()).toBe(201);
  const { id } = (await made.json()) as { id: string };
  const r = await request.post(`/api/v1/notification-channels/${id}/test`, { headers: auth });
  expect(r.status(), await r.text()).toBe(200);
  const result = (await r.json()) as { ok: boolean; delivery: { status: string; lastError: string } };
  expect(result.ok).toBe(false);
  expect(result.delivery.status).toBe('failed');
  expect(result.delivery.lastError).toMatch(/ECONNREFUSED/);
  expect((await request.delete(`/api/v1/notification-channels/${id}`, { headers: auth })).status()).toBe(200);
});
