import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN, E2E_ADMIN_TOKEN } from '../support/accounts';
import { applyObjects } from '../support/resources-api';
import { useTheme } from '../support/screenshots';
import { listenerPortFor, seedScenario } from '../support/seed';

/**
 * Issue 12 §8, "proven accessible": axe-core finds no serious or critical WCAG 2.1 A/AA violation on any page of
 * the console, in either theme. Moderate and minor findings (and axe's best-practice rules) are printed and kept
 * as annotations, not failures.
 */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NS = 'e2e-a11y';
const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

const summarize = (v: Violation) =>
  `${v.id} [${v.impact ?? 'unknown'}] ${v.help} — ${v.nodes.length} element(s): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`;

/** Why axe could not decide on a node (its check's messageKey, e.g. colour contrast over a "bgGradient"). */
const reasonsOf = (v: { nodes: { any: { id: string; data?: unknown }[]; all: { id: string; data?: unknown }[] }[] }) =>
  new Set(v.nodes.flatMap((n) => [...n.any, ...n.all].map((c) => (c.data as { messageKey?: string } | null)?.messageKey ?? c.id)));

/**
 * Runs axe on the page as it is now; fails on serious/critical WCAG violations, prints everything else. Text axe
 * cannot measure because it lies over a background image or gradient fails too: unmeasured is not proven.
 */
async function expectAccessible(page: Page, testInfo: TestInfo, what: string): Promise<void> {
  // One run for both rule sets; a rule counts as WCAG when it carries one of the WCAG tags.
  const all = await new AxeBuilder({ page }).withTags([...WCAG_TAGS, 'best-practice']).analyze();
  const isWcag = (v: { tags: string[] }) => v.tags.some((t) => WCAG_TAGS.includes(t));
  const wcag = { violations: all.violations.filter(isWcag), incomplete: all.incomplete.filter(isWcag) };
  const serious = wcag.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lesser = all.violations.filter((v) => !serious.includes(v));
  for (const v of lesser) {
    testInfo.annotations.push({ type: 'a11y-minor', description: `${what}: ${summarize(v)}` });
    console.log(`[a11y] ${what}: ${summarize(v)}`);
  }
  for (const v of wcag.incomplete) console.log(`[a11y] needs review ${what}: ${v.id} (${[...reasonsOf(v)].join(', ')}) — ${v.nodes.length} element(s)`);
  const unmeasured = wcag.incomplete.filter((v) => v.id === 'color-contrast' && [...reasonsOf(v)].some((r) => r === 'bgGradient' || r === 'bgImage'));
  for (const v of serious) console.log(`[a11y] SERIOUS ${what}: ${summarize(v)}`);
  expect(serious.map(summarize), `serious or critical axe violations on ${what}`).toEqual([]);
  expect(unmeasured.map(summarize), `text whose contrast axe cannot measure (over a background image) on ${what}`).toEqual([]);
}

/** The page has its heading and no list says "Loading…" (axe on a half-drawn page would judge a skeleton). */
async function loaded(page: Page, heading?: string | RegExp): Promise<void> {
  const shell = new ConsoleShell(page);
  if (heading) await expect(shell.heading).toHaveText(heading);
  else await expect(shell.heading).toBeVisible();
  await shell.settled();
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await shell.settled();
}

let certificateId = '';

test.beforeAll(async ({ request, baseURL }) => {
  await seedScenario(request, listenerPortFor(baseURL));
  // The kinds the seed has none of: a GatewayClass, a ReferenceGrant, a ConfigMap.
  await applyObjects(request, NS, [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'e2e-a11y' }, spec: { controllerName: 'gatehouse.dev/gateway-controller' } },
    { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'from-routes', namespace: NS },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'staging' }], to: [{ group: '', kind: 'Service' }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: NS }, data: { level: 'info', region: 'eu-west' } },
  ]);
  // The detectors now rather than within the minute: the seed's certificate expires in 20 days, so the bell shows an
  // unread count and the notifications page has one to show.
  expect((await request.post('/api/v1/notifications/check', { headers: auth })).status()).toBe(200);
  const certs = await request.get('/api/v1/certificates?limit=1', { headers: auth });
  expect(certs.status()).toBe(200);
  certificateId = ((await certs.json()) as { items: { id: string }[] }).items[0]!.id;
});

/** Every page of the console, with what to wait for. `path` may depend on the seed (the certificate's id). */
const PAGES: { name: string; path: () => string; heading?: string | RegExp }[] = [
  { name: 'dashboard', path: () => '/', heading: 'Dashboard' },
  { name: 'gateways', path: () => '/gateways', heading: 'Gateways' },
  { name: 'gateway classes', path: () => '/gateways/classes' },
  { name: 'routes', path: () => '/routes', heading: 'Routes' },
  { name: 'reference grants', path: () => '/routes/reference-grants' },
  { name: 'services', path: () => '/services', heading: 'Services' },
  { name: 'TLS policies (upstream)', path: () => '/tls-policies', heading: 'TLS Policies' },
  { name: 'TLS policies (backend)', path: () => '/tls-policies?kind=backend', heading: 'TLS Policies' },
  { name: 'certificates', path: () => '/certificates', heading: 'Certificates' },
  { name: 'a certificate', path: () => `/certificates/${certificateId}` },
  { name: 'certificate wizard', path: () => '/certificates/new' },
  { name: 'secrets', path: () => '/secrets', heading: 'Secrets' },
  { name: 'config maps', path: () => '/secrets/config-maps' },
  { name: 'gateway', path: () => '/resources/gateways/httpbin/simple-fsm-gateway' },
  { name: 'gateway edit', path: () => '/resources/gateways/httpbin/simple-fsm-gateway/edit' },
  { name: 'new gateway', path: () => `/resources/gateways/new?namespace=${NS}` },
  { name: 'gateway class', path: () => '/resources/gatewayclasses/e2e-a11y' },
  { name: 'gateway class edit', path: () => '/resources/gatewayclasses/e2e-a11y/edit' },
  { name: 'route', path: () => '/resources/httproutes/httpbin/http-route-foo' },
  { name: 'route edit', path: () => '/resources/httproutes/httpbin/http-route-foo/edit' },
  { name: 'route with problems', path: () => '/resources/httproutes/staging/orphan-route' },
  { name: 'reference grant', path: () => `/resources/referencegrants/${NS}/from-routes` },
  { name: 'reference grant edit', path: () => `/resources/referencegrants/${NS}/from-routes/edit` },
  { name: 'service', path: () => '/resources/services/httpbin/httpbin' },
  { name: 'service edit', path: () => '/resources/services/httpbin/httpbin/edit' },
  { name: 'endpoint slice', path: () => '/resources/endpointslices/httpbin/httpbin-local' },
  { name: 'endpoint slice edit', path: () => '/resources/endpointslices/httpbin/httpbin-local/edit' },
  { name: 'upstream TLS policy', path: () => '/resources/upstreamtlspolicies/httpbin/upstream-tls-policy-sample' },
  { name: 'upstream TLS policy edit', path: () => '/resources/upstreamtlspolicies/httpbin/upstream-tls-policy-sample/edit' },
  { name: 'backend TLS policy', path: () => '/resources/backendtlspolicies/staging/api-tls' },
  { name: 'backend TLS policy edit', path: () => '/resources/backendtlspolicies/staging/api-tls/edit' },
  { name: 'secret', path: () => '/resources/secrets/httpbin/https-cert' },
  { name: 'secret edit', path: () => '/resources/secrets/httpbin/https-cert/edit' },
  { name: 'config map', path: () => `/resources/configmaps/${NS}/settings` },
  { name: 'config map edit', path: () => `/resources/configmaps/${NS}/settings/edit` },
  { name: 'clusters', path: () => '/clusters' },
  { name: 'notifications', path: () => '/notifications' },
  { name: 'account', path: () => '/account' },
  { name: 'settings', path: () => '/settings', heading: 'Settings' },
  { name: 'audit log', path: () => '/audit', heading: 'Audit Log' },
  { name: 'topology', path: () => '/topology?namespace=httpbin' },
  { name: 'simulator', path: () => '/simulator?namespace=httpbin' },
  { name: 'probe', path: () => '/probe?namespace=httpbin&service=httpbin&port=8443' },
];

// Nobody chose a theme and the system is dark: the colours come from the prefers-color-scheme block, not from
// [data-theme] (a rule written for [data-theme='dark'] only left the unread count white on light red, 2.5:1, there).
test('the dark theme the system asks for has no serious axe violation', async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await signInViaApi(page, ADMIN);
  for (const path of ['/', '/certificates', '/notifications', `/resources/gateways/httpbin/simple-fsm-gateway`]) {
    await page.goto(path);
    await loaded(page);
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBeNull();
    await expectAccessible(page, testInfo, `${path} (system dark)`);
  }
});

/** Switches the theme of a loaded page the way the toggle does (attribute + stored choice). */
async function switchTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.evaluate((t) => {
    document.documentElement.setAttribute('data-theme', t);
    localStorage.setItem('gatehouse-theme', t);
  }, theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

// Each page is loaded once and judged in both themes (one load per page keeps the suite inside its time budget).
for (const p of PAGES) {
  test(`${p.name} has no serious axe violation in either theme`, async ({ page }, testInfo) => {
    await useTheme(page, 'light');
    await signInViaApi(page, ADMIN);
    await page.goto(p.path());
    await loaded(page, p.heading);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expectAccessible(page, testInfo, `${p.name} (light)`);
    await switchTheme(page, 'dark');
    await expectAccessible(page, testInfo, `${p.name} (dark)`);
  });
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {

    test('open menus, dialogs and drawers have no serious axe violation', async ({ page }, testInfo) => {
      await useTheme(page, theme);
      await signInViaApi(page, ADMIN);
      const shell = new ConsoleShell(page);

      await page.goto('/');
      await loaded(page, 'Dashboard');
      await shell.accountButton().click();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
      await expectAccessible(page, testInfo, `account menu (${theme})`);
      await page.keyboard.press('Escape');

      await page.goto(`/resources/configmaps/${NS}/settings`);
      await loaded(page, 'settings');
      await page.getByRole('main').getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectAccessible(page, testInfo, `delete dialog (${theme})`);
      await page.keyboard.press('Escape');

      await page.goto('/audit');
      await loaded(page, 'Audit Log');
      await page.getByRole('table', { name: /Audit events/ }).locator('tbody tr').first().getByRole('button', { name: /^Details of event #\d+$/ }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await expectAccessible(page, testInfo, `audit event drawer (${theme})`);
      await page.keyboard.press('Escape');

      // A form with its error summary and invalid fields showing.
      await page.goto(`/resources/gateways/new?namespace=${NS}`);
      await loaded(page);
      await page.getByRole('form', { name: /^New / }).getByRole('button', { name: /^Create \w+$/ }).click();
      await expect(page.locator('.error-summary')).toBeVisible();
      await expectAccessible(page, testInfo, `form with errors (${theme})`);
    });

    test('sign-in page has no serious axe violation', async ({ page }, testInfo) => {
      await useTheme(page, theme);
      await page.goto('/login');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expectAccessible(page, testInfo, `sign-in (${theme})`);
      // With an error showing.
      await page.getByLabel('User name').fill('nobody');
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('main').getByRole('alert')).toBeVisible();
      await expectAccessible(page, testInfo, `sign-in with an error (${theme})`);
    });
  });
}
