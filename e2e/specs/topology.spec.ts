import { expect, signInViaApi, test } from '../fixtures/console-test';
import { LoadExampleForm } from '../pages/load-example-form';
import { TopologyPage } from '../pages/topology-page';
import { ADMIN, E2E_ADMIN_TOKEN } from '../support/accounts';
import { shoot, useTheme } from '../support/screenshots';

const NS = 'topo-k';
const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const listenerPort = (baseURL: string | undefined) => Number(new URL(baseURL ?? 'http://127.0.0.1:3100').port) + 22;

test.describe.configure({ mode: 'serial' });

test('the topology renders the example from Gateway to certificate, with status colours and click-through', async ({ page, baseURL }) => {
  await signInViaApi(page, ADMIN);
  const topo = new TopologyPage(page);
  await topo.goto(NS);
  await expect(page.getByText(`Nothing to draw in namespace ${NS}`)).toBeVisible();
  await new LoadExampleForm(page).load({ namespace: NS, listenerPort: listenerPort(baseURL) });
  await page.getByRole('link', { name: 'See the topology' }).click();

  await expect(topo.node('Gateway', NS, 'simple-fsm-gateway')).toBeVisible();
  await expect(topo.node('Gateway', NS, 'simple-fsm-gateway')).toHaveAccessibleName(`Gateway ${NS}/simple-fsm-gateway: Accepted and programmed`);
  await expect(topo.graph).toContainText(`http: HTTP ${listenerPort(baseURL)} · 1 route`);
  await expect(topo.node('HTTPRoute', NS, 'http-route-foo')).toBeVisible();
  await expect(topo.node('Service', NS, 'httpbin')).toHaveAccessibleName(`Service ${NS}/httpbin: 1 ready endpoint`);
  await expect(topo.attention).toContainText('Nothing: every object in the graph is healthy.');

  // The seed's policy: the graph grows to the Secret and the certificate Gatehouse manages for it.
  const r = await page.request.post('/api/v1/apply', {
    headers: auth,
    data: [{ apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'upstream-tls-policy-sample', namespace: NS },
      spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: NS }, ports: [{ port: 8443, config: { certificateRef: { namespace: NS, name: 'https-cert' }, mTLS: false } }] } }],
  });
  expect(r.status()).toBe(200);
  await page.reload();
  await expect(topo.node('UpstreamTLSPolicy', NS, 'upstream-tls-policy-sample')).toHaveAccessibleName(/: Accepted$/);
  await expect(topo.node('Secret', NS, 'https-cert')).toHaveAccessibleName(/holds ca\.crt$/);
  const cert = topo.node('Certificate', '', 'flomesh.io');
  await expect(cert).toHaveAccessibleName(`Certificate flomesh.io: valid (managed by Gatehouse as "flomesh.io (${NS} example)")`);
  await expect(cert).toHaveAttribute('href', /^\/certificates\/[0-9a-f-]+$/);

  // Click-through to the Service's page, which offers the probe.
  await topo.node('Service', NS, 'httpbin').click();
  await expect(page).toHaveURL(new RegExp(`/resources/services/${NS}/httpbin$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('httpbin');
  const panel = page.getByRole('region', { name: 'Upstream TLS probe' });
  await expect(panel).toBeVisible();
  // The example's endpoint is a documentation address (RFC 5737): the probe says it cannot connect.
  await panel.getByRole('button', { name: 'Probe now' }).click();
  await expect(panel.getByRole('region', { name: 'Endpoint 192.0.2.10:443' }).getByRole('status')).toContainText('Unreachable', { timeout: 15_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screenshots/service-probe-panel-light.png', fullPage: true });
});

test('a broken reference shows as a missing node and in the attention list; nodes are reachable by keyboard', async ({ page }) => {
  const r = await page.request.post('/api/v1/apply', {
    headers: auth,
    data: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'to-nowhere', namespace: NS },
      spec: { parentRefs: [{ name: 'simple-fsm-gateway' }], hostnames: ['bar.example.com'], rules: [{ backendRefs: [{ name: 'ghost', port: 80 }] }] } }],
  });
  expect(r.status()).toBe(200);
  await signInViaApi(page, ADMIN);
  const topo = new TopologyPage(page);
  await topo.goto(NS);
  await expect(topo.graph.getByRole('img', { name: new RegExp(`^Service ${NS}/ghost: Service ${NS}/ghost does not exist`) })).toBeVisible();
  await expect(topo.attention.getByRole('link', { name: `HTTPRoute ${NS}/to-nowhere` })).toBeVisible();
  await expect(topo.attention).toContainText('does not exist but is referenced');
  await topo.node('Gateway', NS, 'simple-fsm-gateway').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/resources/gateways/${NS}/simple-fsm-gateway$`));
});

for (const theme of ['light', 'dark'] as const) {
  test(`topology screenshot, ${theme}`, async ({ page }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    const topo = new TopologyPage(page);
    await topo.goto(NS);
    await expect(topo.node('HTTPRoute', NS, 'http-route-foo')).toBeVisible();
    await shoot(page, `topology-${theme}`);
  });
}

test('the topology at tablet width keeps inside the window', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await signInViaApi(page, ADMIN);
  const topo = new TopologyPage(page);
  await topo.goto(NS);
  await expect(topo.node('HTTPRoute', NS, 'http-route-foo')).toBeVisible();
  await shoot(page, 'topology-tablet');
});
