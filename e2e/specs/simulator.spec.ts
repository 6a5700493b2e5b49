import { expect, signInViaApi, test } from '../fixtures/console-test';
import { LoadExampleForm } from '../pages/load-example-form';
import { SimulatorPage } from '../pages/simulator-page';
import { TopologyPage } from '../pages/topology-page';
import { ADMIN } from '../support/accounts';
import { shoot, useTheme } from '../support/screenshots';

const NS = 'sim-k';
const listenerPort = (baseURL: string | undefined) => Number(new URL(baseURL ?? 'http://127.0.0.1:3100').port) + 21;

test.describe.configure({ mode: 'serial' });

test('the simulator explains foo.example.com/headers on the loaded example, then with the seed\'s policy as a draft', async ({ page, baseURL }) => {
  await signInViaApi(page, ADMIN);
  // A namespace with nothing in it: the topology's empty state offers the example.
  await new TopologyPage(page).goto(NS);
  await new LoadExampleForm(page).load({ namespace: NS, listenerPort: listenerPort(baseURL) });
  await page.getByRole('link', { name: 'Simulate foo.example.com/headers' }).click();

  const sim = new SimulatorPage(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Request simulator');
  await expect(sim.verdict).toContainText('Forwarded, but probably failing upstream');
  await expect(sim.result).toContainText(`Gateway ${NS}/simple-fsm-gateway, listener http (HTTP port ${listenerPort(baseURL)}, any hostname)`);
  await expect(sim.result.getByRole('link', { name: `${NS}/http-route-foo` })).toHaveAttribute('href', `/resources/httproutes/${NS}/http-route-foo`);
  await expect(sim.steps.filter({ hasText: `✓ HTTPRoute ${NS}/http-route-foo rule 0 match 0 [hostname foo.example.com]: PathPrefix /` })).toHaveCount(1);
  await expect(sim.steps.first()).toContainText(`host "foo.example.com" → listener ${NS}/simple-fsm-gateway/http`);
  await expect(sim.result).toContainText('Plain HTTP to the upstream: no TLS policy covers this port.');
  await expect(sim.result).toContainText('Endpoints: 192.0.2.10:443');

  // The seed's next step, tried as a draft: HTTPS with the example's CA, and nothing saved.
  await sim.result.getByRole('button', { name: 'Try it with an UpstreamTLSPolicy draft' }).click();
  await expect(sim.verdict).toContainText('Forwarded.');
  await expect(sim.verdict).toContainText(`HTTPS, trusting CA ${NS}/https-cert`);
  await expect(sim.result).toContainText(`Draft (not saved): added UpstreamTLSPolicy ${NS}/httpbin-upstream-tls.`);
  await expect(sim.result).toContainText('flomesh.io (CA)');
  await expect(sim.result).toContainText('the chain only, no name check (FSM UpstreamTLSPolicy behaviour); no SNI');
  const policies = await page.request.get(`/api/v1/namespaces/${NS}/upstreamtlspolicies`);
  expect(((await policies.json()) as { items: unknown[] }).items).toHaveLength(0);
});

test.describe('input problems', () => {
  // The server answers a bad draft with 400 and its field details; Chromium logs every failed request.
  test.use({ expectedBrowserErrors: [/status of 400 \(Bad Request\) \(http:\/\/127\.0\.0\.1:\d+\/api\/trpc\/simulator\.run/] });

test('bad input is shown at the field, a bad draft names its document, and a header match is explained', async ({ page, baseURL }) => {
  await signInViaApi(page, ADMIN);
  const sim = new SimulatorPage(page);
  await sim.goto({ namespace: NS });
  await sim.simulate({ port: listenerPort(baseURL), host: 'http://foo.example.com/', path: 'headers' });
  await expect(sim.form.getByText('a host name such as foo.example.com (no scheme, no path)')).toBeVisible();
  await expect(sim.form.getByText('a path starts with /')).toBeVisible();
  await expect(sim.form.getByLabel('Host')).toHaveAttribute('aria-invalid', 'true');

  await sim.form.getByText('Try a draft').click();
  await sim.form.getByLabel('Draft manifests (YAML or JSON)').fill('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 0}]}\n');
  await sim.simulate({ host: 'foo.example.com', path: '/headers' });
  await expect(sim.form.locator('.sim-draft-errors')).toContainText('document 1 spec.ports.0.port');

  await sim.form.getByLabel('Draft manifests (YAML or JSON)').fill('');
  await sim.simulate({ host: 'foo.example.com', path: '/status/200', method: 'POST', headers: [['X-Env', 'canary']] });
  await expect(sim.result).toContainText('POST http://foo.example.com/status/200');
  await expect(sim.result).toContainText('with 1 header(s)');
  await expect(sim.verdict).toContainText('Forwarded');
});
});

for (const theme of ['light', 'dark'] as const) {
  test(`simulator screenshot, ${theme}`, async ({ page, baseURL }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    const sim = new SimulatorPage(page);
    await sim.goto({ namespace: NS, port: String(listenerPort(baseURL)), host: 'foo.example.com', path: '/headers' });
    await expect(sim.verdict).toBeVisible();
    await shoot(page, `simulator-${theme}`);
  });
}
