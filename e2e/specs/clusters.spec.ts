/**
 * The Clusters section (issue 7 §7) against a real kube-apiserver (scripts/k8s, or the cluster KUBECONFIG names):
 * register by kubeconfig upload, the check in words, plan → push → plan again, history, drift made by another
 * field manager, the drift badge on the object's page, and re-push. Without an API server the spec fails with the
 * reason; GATEHOUSE_TEST_SKIP_KUBERNETES=1 leaves it out, printed (playwright.config.ts).
 */
import type { Page } from '@playwright/test';
import { KubeRest } from '../../packages/kube/src/client/kube-rest';
import { clusterForTests, type TestCluster } from '../../packages/kube/src/testing/test-cluster';
import { expect, signInViaApi, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { ADMIN, E2E_ADMIN_TOKEN } from '../support/accounts';
import { applyObjects, deleteIfPresent } from '../support/resources-api';
import { shoot, useTheme } from '../support/screenshots';

const NS = 'clusters-e2e';
const CLUSTER = 'e2e-kube';
const SECRET_VALUE = 'e2e-cluster-secret-value';
const b64 = (s: string) => Buffer.from(s).toString('base64');
// The bundled worker programs the Gateway (its class is Gatehouse's): a listener port clear of the other specs'.
const listenerPort = (baseURL: string | undefined) => Number(new URL(baseURL ?? 'http://127.0.0.1:3100').port) + 45;

// A kubeconfig whose user runs a command to get credentials: refused (it would run on the console's host).
const WITH_EXEC = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443'}}]
users: [{name: u, user: {exec: {command: /bin/sh, args: [-c, id], apiVersion: client.authentication.k8s.io/v1}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;

let cluster: TestCluster | undefined;

test.describe.configure({ mode: 'serial' });
// The refused kubeconfig answers 400, which Chromium logs.
test.use({ expectedBrowserErrors: [/status of 400 \(Bad Request\) \(http:\/\/[^)]*\/api\/trpc\/clusters\.register/] });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // No API server fails here with the reason; GATEHOUSE_TEST_SKIP_KUBERNETES=1 leaves the spec out (playwright.config.ts).
  cluster = await clusterForTests('clusters.spec');
  if (cluster === undefined) throw new Error('clusters.spec needs a Kubernetes API server');
});

// Other specs count the Gateways and routes of every namespace (the dashboard): leave nothing behind.
test.afterAll(async ({ request }) => {
  if (cluster) {
    const removed = await request.delete(`/api/v1/clusters/${CLUSTER}`, { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } });
    expect([200, 404]).toContain(removed.status());
    for (const p of [`namespaces/${NS}/httproutes/web`, `namespaces/${NS}/gateways/edge`, `namespaces/${NS}/secrets/app-credentials`, 'gatewayclasses/e2e-clusters']) {
      await deleteIfPresent(request, p);
    }
  }
  await cluster?.stop();
});

function objects(port: number): object[] {
  return [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'e2e-clusters' }, spec: { controllerName: 'gatehouse.dev/gateway-controller' } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'edge', namespace: NS },
      spec: { gatewayClassName: 'e2e-clusters', listeners: [{ name: 'http', protocol: 'HTTP', port }] } },
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: NS },
      spec: { parentRefs: [{ name: 'edge' }], hostnames: ['web.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }] } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app-credentials', namespace: NS }, type: 'Opaque', data: { password: b64(SECRET_VALUE) } },
  ];
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name });
const panel = (page: Page) => page.getByRole('tabpanel');

test('register a cluster by kubeconfig, plan, push, plan again, see the history, then notice drift and re-push', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const kube = cluster!;
  const rest = KubeRest.fromKubeconfig(kube.kubeconfig);
  await applyObjects(page.request, NS, objects(listenerPort(baseURL)));
  await signInViaApi(page, ADMIN);
  const shell = new ConsoleShell(page);

  // The sidebar leads here; with no cluster yet the page offers the register form first.
  await page.goto('/');
  await shell.nav.getByRole('link', { name: 'Clusters', exact: true }).click();
  await expect(shell.heading).toHaveText('Clusters');
  await expect(shell.nav.getByRole('link', { name: 'Clusters', exact: true })).toHaveAttribute('aria-current', 'page');
  const form = page.getByRole('form', { name: 'Register a cluster' });
  await expect(page.getByRole('heading', { name: 'Register your first cluster' })).toBeVisible();
  await form.getByLabel('Name').fill(CLUSTER);

  // A kubeconfig with an exec plugin is refused, and the problem is shown on the kubeconfig field.
  const textarea = form.getByLabel('Kubeconfig', { exact: true });
  await textarea.fill(WITH_EXEC);
  await form.getByRole('button', { name: 'Register cluster' }).click();
  await expect(textarea).toHaveAttribute('aria-invalid', 'true');
  await expect(textarea).toHaveAccessibleDescription(/users\[0\]\.user\.exec: credential plugins are not accepted/);
  await shoot(page, 'clusters-register');

  // The real one, uploaded as a file: it lands in the text area and registers.
  await form.getByLabel('Kubeconfig file').setInputFiles({ name: 'kubeconfig', mimeType: 'application/yaml', buffer: Buffer.from(kube.kubeconfig) });
  await expect(textarea).toHaveValue(/current-context: test/);
  await form.getByRole('button', { name: 'Register cluster' }).click();
  await expect(page).toHaveURL(`/clusters/${CLUSTER}`, { timeout: 20_000 });
  await expect(shell.heading).toHaveText(CLUSTER);

  // Check: the message in words, the CRDs, and a permissions table without a denied cell.
  const version = kube.external ? /Reachable, Kubernetes v1\.\d+/ : 'Reachable, Kubernetes v1.35.4.';
  const check = page.getByRole('region', { name: 'The check in words' });
  await expect(check).toContainText(version);
  await expect(check).toContainText('UpstreamTLSPolicy CRD installed.');
  const crds = page.getByRole('region', { name: 'Server and CRDs' });
  if (!kube.external) await expect(crds).toContainText('v1.6.1 (standard)');
  await expect(crds).toContainText('UpstreamTLSPolicy CRD');
  await expect(crds.getByRole('button', { name: 'Install CRDs' })).toHaveCount(0);
  const perms = page.getByRole('table', { name: /Permissions by kind and verb/ });
  await expect(perms.getByRole('row', { name: /^HTTPRoute/ })).toBeVisible();
  if (!kube.external) await expect(perms.getByText('✗ denied')).toHaveCount(0);

  // The list shows it too.
  await page.goto('/clusters');
  const row = page.getByRole('row', { name: new RegExp(`^${CLUSTER}`) });
  await expect(row).toContainText(kube.server);
  await expect(row).toContainText('Never pushed');
  await row.getByRole('link', { name: CLUSTER }).click();
  await expect(shell.heading).toHaveText(CLUSTER);

  // Plan: the namespaces field starts with the picker's namespace; everything is to be created.
  await page.goto(`/clusters/${CLUSTER}?namespace=${NS}`);
  await tab(page, 'Plan & push').click();
  await expect(page).toHaveURL(`/clusters/${CLUSTER}?namespace=${NS}&tab=plan`);
  await expect(panel(page).getByLabel('Namespaces')).toHaveValue(NS);
  await panel(page).getByRole('button', { name: 'Plan', exact: true }).click();
  const plan = page.getByRole('region', { name: `Plan for ${NS}` });
  await expect(plan.getByRole('status')).toHaveText('5 to create.', { timeout: 20_000 });
  const create = plan.getByRole('region', { name: /^Create/ });
  for (const o of [`Namespace ${NS}`, 'GatewayClass e2e-clusters', `Secret ${NS}/app-credentials`, `Gateway ${NS}/edge`, `HTTPRoute ${NS}/web`]) {
    await expect(create.getByRole('button', { name: o, exact: true })).toBeVisible();
  }
  await create.getByRole('button', { name: `HTTPRoute ${NS}/web`, exact: true }).click();
  await expect(create.getByRole('button', { name: `HTTPRoute ${NS}/web`, exact: true })).toHaveAttribute('aria-expanded', 'true');
  const routeDiff = create.locator('.line-diff');
  await expect(routeDiff).toContainText('+ after push');
  await expect(routeDiff.locator('ins')).toContainText(['+ kind: HTTPRoute']);
  await expect(routeDiff).toContainText('- web.example.com');
  // Secret values never reach the page: the diff shows that there is one, not what it is.
  await create.getByRole('button', { name: `Secret ${NS}/app-credentials`, exact: true }).click();
  await expect(create).toContainText('password: "*** (hidden)"');
  await expect(page.getByRole('main')).not.toContainText(b64(SECRET_VALUE));
  await shoot(page, 'cluster-plan-diff');

  // Push, confirmed in a dialog that offers prune and force.
  await plan.getByRole('button', { name: 'Push 5 changes…' }).click();
  const dialog = page.getByRole('dialog', { name: `Push to ${CLUSTER}` });
  await expect(dialog).toContainText('5 objects will be written to the cluster.');
  await dialog.getByLabel('Prune').check();
  await expect(dialog).toContainText('Nothing to prune');
  await dialog.getByLabel('Prune').uncheck();
  await expect(dialog.getByLabel('Force')).not.toBeChecked();
  await shoot(page, 'cluster-push-dialog');
  await dialog.getByRole('button', { name: 'Push', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 20_000 });
  const pushed = page.getByRole('region', { name: 'Push #1 succeeded' });
  await expect(pushed.getByRole('status')).toHaveText('Push #1 succeeded: 5 created.');
  const outcomes = pushed.getByRole('list', { name: 'Outcomes of push #1' });
  await expect(outcomes.getByRole('listitem')).toHaveCount(5);
  await expect(outcomes.getByText('created', { exact: true })).toHaveCount(5);
  expect((await rest.request('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/web`)).status).toBe(200);

  // Plan again: nothing left to do.
  await pushed.getByRole('button', { name: 'Plan again' }).click();
  await expect(plan.getByRole('status')).toHaveText('Everything is in place: 5 unchanged.', { timeout: 20_000 });
  await expect(plan.getByRole('region', { name: /^Unchanged/ })).toContainText(`Namespace ${NS}`);
  await expect(plan.getByText('the namespace exists; Gatehouse never changes or deletes namespaces')).toBeVisible();

  // History: push #1, newest first, opening to each object's outcome.
  await tab(page, 'History').click();
  const history = page.getByRole('table', { name: `Pushes to ${CLUSTER}, newest first` });
  const first = history.getByRole('row', { name: /^Push #1: / });
  await expect(first).toContainText('ada');
  await expect(first).toContainText(NS);
  await expect(first).toContainText('5 created');
  await expect(first).toContainText('succeeded');
  await history.getByRole('button', { name: /^Push #1: show/ }).click();
  await expect(page.getByRole('table', { name: 'Outcomes of push #1' }).getByRole('row')).toHaveCount(6);

  // Status: no worker runs in the test cluster, so nothing there reports what Gatehouse computes — and it says so.
  await tab(page, 'Status').click();
  await panel(page).getByLabel('Namespace', { exact: true }).fill(NS);
  await panel(page).getByRole('button', { name: 'Compare' }).click();
  await expect(panel(page).getByText(/objects disagree/)).toBeVisible({ timeout: 20_000 });
  await expect(panel(page).getByRole('table', { name: /Status in/ })).toContainText('no status from a Gatehouse worker');

  // Import, previewed only: what the cluster's namespace would bring, and the Secret skipped without its values.
  await tab(page, 'Import').click();
  await expect(panel(page).getByLabel('Namespaces')).toHaveValue(NS);
  await expect(panel(page).getByLabel('Include Secret values')).not.toBeChecked();
  await expect(panel(page).getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await panel(page).getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: `Preview: ${NS}` });
  await expect(preview.getByRole('status')).toContainText('skipped', { timeout: 20_000 });
  await expect(preview.getByRole('row', { name: new RegExp(`^Secret ${NS}/app-credentials`) })).toContainText('Secret values were not asked for');
  await expect(preview).toContainText(`HTTPRoute ${NS}/web`);
  await expect(panel(page).getByRole('button', { name: 'Import', exact: true })).toBeEnabled();
  await shoot(page, 'cluster-import');

  // Someone else takes the route's hostnames over with their own server-side apply.
  const theirs = await rest.request('PATCH', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/web`, {
    query: { fieldManager: 'someone-else', force: 'true' },
    contentType: 'application/apply-patch+yaml',
    body: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: NS }, spec: { hostnames: ['evil.example.com'] } },
  });
  expect(theirs.status, theirs.text).toBe(200);

  // Drift: the route, with what changed.
  await tab(page, 'Drift').click();
  const drifted = page.getByRole('article', { name: `Drift of HTTPRoute ${NS}/web` });
  await expect(drifted).toContainText('Changed in the cluster', { timeout: 20_000 });
  await expect(drifted.locator('ins')).toContainText(['+     - evil.example.com']);
  await expect(drifted.locator('del')).toContainText(['−     - web.example.com']);
  await expect(page.getByRole('article')).toHaveCount(1);
  await shoot(page, 'cluster-drift');

  // The route's own page says so, and leads back here.
  await page.goto(`/resources/httproutes/${NS}/web`);
  const badge = page.getByRole('link', { name: `Drifted in cluster ${CLUSTER}` });
  await expect(badge).toHaveAttribute('href', `/clusters/${CLUSTER}?tab=drift`);
  await shoot(page, 'cluster-drift-badge');
  await badge.click();
  await expect(tab(page, 'Drift')).toHaveAttribute('aria-selected', 'true');

  // Re-push (confirmed): Gatehouse's version again, forced; the drift is gone.
  await drifted.getByRole('button', { name: 'Re-push' }).click();
  const confirm = page.getByRole('dialog', { name: `Re-push HTTPRoute ${NS}/web` });
  await expect(confirm).toContainText('with force');
  await confirm.getByRole('button', { name: 'Re-push' }).click();
  await expect(confirm).toBeHidden({ timeout: 20_000 });
  await expect(page.getByText('No drift', { exact: true })).toBeVisible({ timeout: 20_000 });
  const route = await rest.request<{ spec: { hostnames: string[] } }>('GET', `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/web`);
  expect(route.json.spec.hostnames).toEqual(['web.example.com']);
  rest.close();
  await tab(page, 'History').click();
  await expect(page.getByRole('table', { name: `Pushes to ${CLUSTER}, newest first` }).getByRole('row', { name: /^Push #2: / })).toContainText('force');
});

for (const theme of ['light', 'dark'] as const) {
  test(`cluster pages, ${theme} theme`, async ({ page }) => {
    await useTheme(page, theme);
    await signInViaApi(page, ADMIN);
    const shell = new ConsoleShell(page);
    await page.goto('/clusters');
    await expect(page.getByRole('row', { name: new RegExp(`^${CLUSTER}`) })).toContainText('#2 · succeeded');
    await shoot(page, `clusters-${theme}`);
    await page.goto(`/clusters/${CLUSTER}`);
    await expect(shell.heading).toHaveText(CLUSTER);
    await expect(page.getByRole('region', { name: 'The check in words' })).toContainText('Reachable');
    await shoot(page, `cluster-check-${theme}`);
    await page.goto(`/clusters/${CLUSTER}?namespace=${NS}&tab=plan`);
    await panel(page).getByRole('button', { name: 'Plan', exact: true }).click();
    const plan = page.getByRole('region', { name: `Plan for ${NS}` });
    await expect(plan.getByRole('status')).toContainText('5 unchanged', { timeout: 20_000 });
    await shoot(page, `cluster-plan-${theme}`);
    await tab(page, 'History').click();
    await page.getByRole('button', { name: /^Push #1: show/ }).click();
    await shoot(page, `cluster-history-${theme}`);
  });
}
