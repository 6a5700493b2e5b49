import { expect, signInViaApi, test } from '../fixtures/console-test';
import { type EchoServer, startEchoServer } from '../../apps/echo/src/echo-server';
import { createTestPki, type TestPki } from '../../apps/echo/src/test-pki';
import { ProbePage } from '../pages/probe-page';
import { ADMIN, E2E_ADMIN_TOKEN } from '../support/accounts';
import { shoot, useTheme } from '../support/screenshots';

const NS = 'probe-k';
const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const b64 = (s: string) => Buffer.from(s).toString('base64');
let pki: TestPki;
let upstream: EchoServer;

test.describe.configure({ mode: 'serial' });

// A real HTTPS upstream like the seed's httpbin (CN=foo.example.com, no SAN), certificates from the OpenSSL CLI.
test.beforeAll(async ({ request }) => {
  pki = createTestPki();
  const ca = pki.createCa('flomesh.io');
  const leaf = pki.issue(ca, { cn: 'foo.example.com' });
  upstream = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: leaf.certPem, key: leaf.keyPem });
  const r = await request.post('/api/v1/apply', {
    headers: auth,
    data: [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: NS }, spec: { ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] } },
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'httpbin-local', namespace: NS, labels: { 'kubernetes.io/service-name': 'httpbin' } },
        addressType: 'IPv4', ports: [{ protocol: 'TCP', port: upstream.port }], endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }] },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert', namespace: NS }, data: { 'ca.crt': b64(ca.certPem) } },
    ],
  });
  expect(r.status(), await r.text()).toBe(200);
});

test.afterAll(async () => {
  await upstream?.close();
  pki?.cleanup();
});

test('the probe shows the chain before the policy, tries the CA, and trusts the upstream after the policy', async ({ page }) => {
  await signInViaApi(page, ADMIN);
  const probe = new ProbePage(page);
  await probe.goto(NS, 'httpbin', 8443);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Upstream TLS probe');

  // Before: the gateway sends plain HTTP to a TLS port.
  await probe.probe();
  const ep = probe.endpoint(`127.0.0.1:${upstream.port}`);
  await expect(ep.getByRole('status')).toContainText('Requests fail today', { timeout: 15_000 });
  await expect(ep).toContainText('Plain HTTP, as the gateway sends it now');
  const chain = ep.getByRole('list', { name: 'Certificate chain, server certificate first' });
  await expect(chain.getByRole('listitem').first()).toContainText('Server certificate foo.example.com');
  await expect(chain).toContainText('none: only the subject common name');
  await expect(page.getByText(/Probe of probe-k\/httpbin:8443: Requests fail today/)).toBeVisible();

  // What-if: the seed's CA Secret, and the name the route uses.
  await probe.probe({ verifyWith: "A Secret's ca.crt (try before the policy)", secret: 'https-cert', hostname: 'foo.example.com' });
  await expect(ep.getByRole('status')).toContainText('This CA fits');
  await expect(ep).toContainText(`The chain verifies with Secret ${NS}/https-cert.`);
  await expect(ep).toContainText('The certificate matches foo.example.com. For information only: an UpstreamTLSPolicy checks no names, as in FSM.');
  await expect(chain.getByRole('listitem').last()).toContainText('Root CA flomesh.io');
  await expect(chain.getByRole('listitem').last()).toContainText('from the trusted CA');

  // After: the seed's UpstreamTLSPolicy.
  const r = await page.request.post('/api/v1/apply', {
    headers: auth,
    data: [{ apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'upstream-tls-policy-sample', namespace: NS },
      spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: NS }, ports: [{ port: 8443, config: { certificateRef: { namespace: NS, name: 'https-cert' }, mTLS: false } }] } }],
  });
  expect(r.status()).toBe(200);
  await probe.probe({ verifyWith: 'The policy in force', hostname: '' });
  await expect(ep.getByRole('status')).toContainText('The gateway trusts this upstream');
  await expect(probe.panel).toContainText(`UpstreamTLSPolicy ${NS}/upstream-tls-policy-sample: HTTPS with CA ${NS}/https-cert, no SNI; verifies the chain only (no name check, as FSM).`);
});

for (const theme of ['light', 'dark'] as const) {
  test(`probe screenshot, ${theme}`, async ({ page }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    const probe = new ProbePage(page);
    await probe.goto(NS, 'httpbin', 8443);
    await probe.probe({ hostname: 'foo.example.com' });
    await expect(probe.endpoint(`127.0.0.1:${upstream.port}`).getByRole('status')).toContainText('The gateway trusts this upstream', { timeout: 15_000 });
    await shoot(page, `probe-${theme}`);
  });
}
