import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ResourceEditorPage } from '../pages/resource-editor-page';
import { ADMIN } from '../support/accounts';
import { applyObjects, deleteIfPresent, formsListenerPort, getObject } from '../support/resources-api';
import { useTheme } from '../support/screenshots';

/**
 * Issue 9 §2: filters, header matches, timeouts, listener certificates and client certificate validation are edited
 * in the forms (no more "edit this in the YAML tab" for the common cases), validated beside the field, and what is
 * saved is exactly what the form says — nothing it does not show is lost.
 */
const NS = 'e2e-route-filters';
const GW = 'gateway.networking.k8s.io/v1';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ request }) => {
  for (const p of ['httproutes/filters-route', 'httproutes/every-filter', 'gateways/filters-gw', 'configmaps/filters-ca', 'secrets/filters-tls']) await deleteIfPresent(request, `namespaces/${NS}/${p}`);
});

/** No serious or critical WCAG 2.1 A/AA violation on the page as it is now (the project's bar, accessibility.spec.ts). */
async function expectNoSeriousAxeViolation(page: Page): Promise<void> {
  // Reference verdicts fade while the server re-checks an edited form; judge them once they are settled.
  await expect(page.locator('.reference-verdict.pending')).toHaveCount(0);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious).toEqual([]);
}

async function addFilter(rule: Locator, title: string): Promise<void> {
  await rule.getByLabel('New filter type', { exact: true }).selectOption({ label: title });
  await rule.getByRole('button', { name: 'Add filter', exact: true }).click();
}

test('an HTTPRoute with a header match, a header modifier, a redirect and a timeout is made through the form', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  await page.goto(`/resources/httproutes/new?namespace=${NS}`);
  const editor = new ResourceEditorPage(page);
  await editor.field('Name').fill('filters-route');
  await editor.field('Gateway', editor.item('parent Gateway 1')).fill('filters-gw');
  const rule = editor.item('rule 1');
  const match = rule.getByRole('group', { name: 'match 1', exact: true });
  await editor.field('Path match', match).selectOption('Exact');
  await editor.field('Path', match).fill('/old');
  await editor.field('Method', match).selectOption('GET');
  await match.getByRole('button', { name: 'Add header condition', exact: true }).click();
  const header = match.getByRole('group', { name: 'header condition 1', exact: true });
  await editor.field('Header name', header).fill('X-Tenant');
  await editor.field('Value', header).fill('blue');

  await addFilter(rule, 'Request header modifier');
  const modifier = rule.getByRole('group', { name: 'filter 1: Request header modifier', exact: true });
  const set = modifier.getByRole('group', { name: 'header to set 1', exact: true });
  await editor.field('Header name', set).fill('X-Env');
  await editor.field('Header value', set).fill('prod');
  await editor.field('Headers to remove', modifier).fill('X-Debug, X-Internal');
  await editor.field('Headers to remove', modifier).blur();
  // Types that may appear once are no longer offered.
  await expect(rule.getByLabel('New filter type', { exact: true }).getByRole('option', { name: 'Request header modifier' })).toHaveCount(0);

  await addFilter(rule, 'Redirect');
  const redirect = rule.getByRole('group', { name: 'filter 2: Redirect', exact: true });
  await editor.field('Scheme', redirect).selectOption('https');
  await editor.field('Hostname', redirect).fill('new.example.com');
  await editor.field('Status code', redirect).selectOption('301');
  await editor.field('Redirect path', redirect).selectOption('ReplaceFullPath');
  await editor.field('New path', redirect).fill('/new');
  await editor.field('Request timeout', rule).fill('10s');
  await editor.field('Backend request timeout', rule).fill('20s');
  await editor.field('Service', rule.getByRole('group', { name: 'backend 1', exact: true })).fill('echo');
  await expectNoSeriousAxeViolation(page);

  // The domain schema, in the browser, beside the fields: a redirect answers by itself (no backends), and a backend
  // request may not outlast the request.
  await editor.save();
  await expect(redirect).toContainText('RequestRedirect filter must not be used together with backendRefs');
  await expect(editor.field('Backend request timeout', rule)).toHaveAttribute('aria-invalid', 'true');
  await expect(rule).toContainText('backendRequest timeout cannot be longer than request timeout');
  await expect(editor.errorSummary).toContainText('There are 2 problems');

  await rule.getByRole('button', { name: 'Remove backend 1', exact: true }).click();
  await editor.field('Backend request timeout', rule).fill('');
  await editor.tab('YAML').click();
  expect(await editor.yamlText()).toContain('type: RequestRedirect');
  await editor.tab('Form').click();
  await editor.save();
  await editor.expectToast('HTTPRoute filters-route created.');

  const stored = await getObject(page.request, `namespaces/${NS}/httproutes/filters-route`);
  expect(stored.status).toBe(200);
  expect((stored.body.spec as { rules: unknown[] }).rules).toEqual([
    {
      matches: [{ path: { type: 'Exact', value: '/old' }, method: 'GET', headers: [{ type: 'Exact', name: 'X-Tenant', value: 'blue' }] }],
      filters: [
        { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Env', value: 'prod' }], remove: ['X-Debug', 'X-Internal'] } },
        { type: 'RequestRedirect', requestRedirect: { scheme: 'https', hostname: 'new.example.com', path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 301 } },
      ],
      timeouts: { request: '10s' },
    },
  ]);
});

test('editing one value of a route that uses every filter changes that value and nothing else', async ({ page }) => {
  await applyObjects(page.request, NS, [{
    apiVersion: GW, kind: 'HTTPRoute', metadata: { name: 'every-filter', namespace: NS },
    spec: {
      parentRefs: [{ name: 'filters-gw' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'User-Agent', type: 'RegularExpression', value: '^curl/.*' }], queryParams: [{ name: 'debug', value: '1' }] }],
          filters: [
            { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Env', value: 'prod' }], add: [{ name: 'X-Via', value: 'gatehouse' }], remove: ['X-Debug'] } },
            { type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['Server'] } },
            { type: 'URLRewrite', urlRewrite: { hostname: 'internal.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } } },
            { type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 8080 }, fraction: { numerator: 1, denominator: 10 } } },
            { type: 'CORS', cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type'], exposeHeaders: ['X-Request-Id'], allowCredentials: true, maxAge: 600 } },
          ],
          backendRefs: [{ name: 'httpbin', port: 8443, filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'X-Backend', value: 'a' }] } }] }],
          timeouts: { request: '10s', backendRequest: '2s' },
          retry: { attempts: 2, codes: [503] },
        },
        { matches: [{ path: { type: 'PathPrefix', value: '/mirror' } }], filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'shadow', port: 8080 }, percent: 25 } }], backendRefs: [{ name: 'httpbin', port: 8443 }] },
      ],
    },
  }]);
  const before = await getObject(page.request, `namespaces/${NS}/httproutes/every-filter`);
  await signInViaApi(page, ADMIN);
  await page.goto(`/resources/httproutes/${NS}/every-filter/edit`);
  const editor = new ResourceEditorPage(page);
  const rule = editor.item('rule 1');
  await expect(rule.getByRole('group', { name: 'filter 5: CORS', exact: true })).toBeVisible();
  await expect(rule.getByRole('group', { name: 'filter 4: Request mirror', exact: true })).toContainText('This mirror uses a fraction; edit it in the YAML tab.');
  await expect(rule.getByRole('group', { name: 'backend 1', exact: true })).toContainText('This backend has 1 filter of its own; edit them in the YAML tab.');
  const set = rule.getByRole('group', { name: 'filter 1: Request header modifier', exact: true }).getByRole('group', { name: 'header to set 1', exact: true });
  await expect(editor.field('Header value', set)).toHaveValue('prod');
  await editor.field('Header value', set).fill('staging');
  await expectNoSeriousAxeViolation(page);
  await editor.save();
  await editor.expectToast('HTTPRoute every-filter saved.');

  const after = await getObject(page.request, `namespaces/${NS}/httproutes/every-filter`);
  const expected = structuredClone(before.body.spec) as { rules: { filters: { requestHeaderModifier?: { set: { value: string }[] } }[] }[] };
  expected.rules[0]!.filters[0]!.requestHeaderModifier!.set[0]!.value = 'staging';
  expect(after.body.spec).toEqual(expected);

  // Every filter's inputs in the dark theme too.
  await useTheme(page, 'dark');
  await page.goto(`/resources/httproutes/${NS}/every-filter/edit`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(rule.getByRole('group', { name: 'filter 5: CORS', exact: true })).toBeVisible();
  await expectNoSeriousAxeViolation(page);
});

test('a Gateway listener becomes HTTPS with a certificate Secret, and clients are asked for a certificate', async ({ page, baseURL }) => {
  const port = formsListenerPort(baseURL, 7);
  await applyObjects(page.request, NS, [
    { apiVersion: GW, kind: 'Gateway', metadata: { name: 'filters-gw', namespace: NS }, spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'web', protocol: 'HTTP', port, allowedRoutes: { namespaces: { from: 'Same' } } }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'filters-ca', namespace: NS }, data: { 'ca.crt': 'not checked here' } },
  ]);
  await signInViaApi(page, ADMIN);
  await page.goto(`/resources/gateways/${NS}/filters-gw/edit`);
  const editor = new ResourceEditorPage(page);
  const listener = editor.item('listener web');
  await editor.field('Protocol', listener).selectOption('HTTPS');
  await expect(editor.field('TLS mode', listener)).toHaveValue('Terminate');
  const certificate = listener.getByRole('group', { name: 'certificate 1', exact: true });
  await editor.field('Certificate Secret', certificate).fill('filters-tls');

  await editor.form.getByLabel('Ask clients for a certificate and verify it', { exact: true }).check();
  const ca = editor.item('CA reference 1');
  await expect(editor.field('Kind', ca)).toHaveValue('ConfigMap');
  await editor.field('Serve').selectOption('AllowInsecureFallback');
  await expectNoSeriousAxeViolation(page);
  // An empty CA reference is refused beside its field before anything is sent.
  await editor.save();
  await expect(editor.field('CA ConfigMap', ca)).toHaveAttribute('aria-invalid', 'true');
  const caName = editor.field('CA ConfigMap', ca);
  await caName.click();
  await page.getByRole('option', { name: /^filters-ca\b/ }).click();
  await expect(caName).toHaveValue('filters-ca');
  await editor.save();
  await editor.expectToast('Gateway filters-gw saved.');

  const stored = await getObject(page.request, `namespaces/${NS}/gateways/filters-gw`);
  const spec = stored.body.spec as { listeners: unknown[]; tls: unknown };
  expect(spec.listeners).toEqual([
    { name: 'web', protocol: 'HTTPS', port, allowedRoutes: { namespaces: { from: 'Same' } }, tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'filters-tls' }] } },
  ]);
  expect(spec.tls).toEqual({ frontend: { default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'filters-ca' }], mode: 'AllowInsecureFallback' } } } });

  // Turning validation off again removes it, and only it.
  await page.goto(`/resources/gateways/${NS}/filters-gw/edit`);
  await editor.form.getByLabel('Ask clients for a certificate and verify it', { exact: true }).uncheck();
  await editor.save();
  await editor.expectToast('Gateway filters-gw saved.');
  const again = await getObject(page.request, `namespaces/${NS}/gateways/filters-gw`);
  expect((again.body.spec as { tls?: unknown }).tls).toBeUndefined();
  expect((again.body.spec as { listeners: unknown[] }).listeners).toEqual(spec.listeners);
});
