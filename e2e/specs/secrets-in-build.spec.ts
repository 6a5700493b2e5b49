import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { parseAllDocuments } from 'yaml';
import { filesUnder, findNeedles, needlesOf, pemSecrets, type Secret } from '../../apps/console/test/support/secret-search';
import { expect, test } from '../fixtures/console-test';
import { ConsoleShell } from '../pages/console-shell';
import { LoginPage } from '../pages/login-page';
import { ADMIN, E2E_ADMIN_TOKEN, EDITOR, VIEWER } from '../support/accounts';
import { DIST_DIR } from '../support/own-console';

/**
 * Secrets at rest, the Next.js part (issue 11 §4): after every other browser test ran against the built console
 * (project `after-console` in playwright.config.ts: the seed scenario walked through the UI, certificates made by the
 * wizard, Secrets, accounts, tokens), this spec adds fresh secrets of its own and shows their pages in the browser,
 * then gathers every secret the run used — every private key in the inventory, every Secret value, the accounts'
 * passwords, the tokens, the browser's session — and searches every file of the console's build and cache folder
 * (apps/console/.next, or GATEHOUSE_NEXT_DIST_DIR) for each of them in clear, hex and base64: zero hits. The build id
 * is searched as a control (it is in the build's manifests, so the search must find it), and a missing folder fails.
 * The databases and logs are searched by apps/console/test/secrets-at-rest.int.test.ts, with the same search.
 */

const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
const NS = 'build-scan';

/** Every secret the run's console holds: private keys (admin export) and Secret values (export with values). */
async function secretsInTheConsole(request: APIRequestContext): Promise<Secret[]> {
  const out: Secret[] = [];
  const certs = await request.get('/api/v1/certificates?limit=5000&includeSuperseded=true', { headers: auth });
  expect(certs.status(), await certs.text()).toBe(200);
  for (const c of ((await certs.json()) as { items: { id: string; name: string; hasPrivateKey: boolean }[] }).items.filter((i) => i.hasPrivateKey)) {
    const key = await request.get(`/api/v1/certificates/${c.id}/export?what=privateKey`, { headers: auth });
    expect(key.status(), await key.text()).toBe(200);
    out.push(...pemSecrets(`private key of certificate ${c.name}`, await key.text()));
  }
  const exported = await request.get('/api/v1/export?includeSecretValues=true', { headers: auth });
  expect(exported.status()).toBe(200);
  for (const doc of parseAllDocuments(await exported.text())) {
    const o = doc.toJS() as { kind?: string; metadata?: { namespace?: string; name?: string }; data?: Record<string, string> } | null;
    if (o?.kind !== 'Secret') continue;
    for (const [key, b64] of Object.entries(o.data ?? {})) {
      const value = Buffer.from(b64, 'base64');
      const text = value.toString('utf8');
      const what = `Secret ${o.metadata?.namespace}/${o.metadata?.name} ${key}`;
      // Certificates (and CA bundles) are public; a PEM key's secret is its body; short values (flags, test words a
      // spec typed) are not secrets anyone could find by their bytes alone.
      if (text.includes('-----BEGIN') && !text.includes('PRIVATE KEY-----')) continue;
      if (text.includes('PRIVATE KEY-----')) out.push(...pemSecrets(what, text));
      else if (value.length >= 16) out.push({ what, value });
    }
  }
  return out;
}

test('no secret of the run is in the Next.js build or cache folder; the build id (a control) is', async ({ page }) => {
  test.setTimeout(180_000);
  expect(existsSync(DIST_DIR), `${DIST_DIR}: the console build the browser tests ran against`).toBe(true);
  expect(statSync(DIST_DIR).isDirectory()).toBe(true);

  // Fresh secrets, made now and shown in the browser (each page is rendered by the build's server code).
  const secretValue = `scan-${randomBytes(24).toString('base64url')}`;
  const put = await page.request.post(`/api/v1/namespaces/${NS}/secrets`, { headers: auth, data: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'fresh' }, stringData: { token: secretValue } } });
  expect(put.status(), await put.text()).toBe(201);
  const ca = await page.request.post('/api/v1/certificates/root-ca', { headers: auth, data: { name: `build scan ${randomBytes(3).toString('hex')}`, subject: { commonName: 'Build Scan Root' } } });
  expect(ca.status(), await ca.text()).toBe(201);
  const caId = ((await ca.json()) as { id: string }).id;
  const password = `Scan-${randomBytes(15).toString('base64url')}`;
  const username = `scan-${randomBytes(3).toString('hex')}`;
  const user = await page.request.post('/api/v1/users', { headers: auth, data: { username, displayName: 'Build Scan', password, role: 'admin' } });
  expect(user.status(), await user.text()).toBe(201);
  const token = await page.request.post('/api/v1/tokens', { headers: auth, data: { name: `build-scan-${randomBytes(3).toString('hex')}`, role: 'viewer' } });
  expect(token.status()).toBe(201);
  const apiToken = ((await token.json()) as { token: string }).token;
  // Gathered now, while this context's connection is fresh: after the page visits below it would have idled past the
  // server's keep-alive timeout (Node's 5 s), and a request sent as the server closes it meets a reset.
  const held = await secretsInTheConsole(page.request);
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(username, password);
  const shell = new ConsoleShell(page);
  await expect(shell.accountButton()).toHaveAccessibleName('Account: Build Scan');
  for (const path of [`/resources/secrets/${NS}/fresh`, `/certificates/${caId}`, '/secrets', '/settings', '/account']) {
    await page.goto(path);
    await expect(shell.heading, path).toBeVisible();
  }
  const session = (await page.context().cookies()).find((c) => c.name === 'gh_session');
  expect(session).toBeDefined();

  const secrets: Secret[] = [
    { what: 'fresh Secret value', value: Buffer.from(secretValue) },
    { what: 'fresh account password', value: Buffer.from(password) },
    { what: 'fresh API token', value: Buffer.from(apiToken) },
    { what: 'browser session cookie', value: Buffer.from(decodeURIComponent(session!.value)) },
    { what: 'bootstrap admin token', value: Buffer.from(E2E_ADMIN_TOKEN) },
    ...[ADMIN, EDITOR, VIEWER].map((a) => ({ what: `${a.username}'s password`, value: Buffer.from(a.password) })),
    ...held,
  ];
  // The fresh Secret and CA are among what the console reports, so the gathering itself is seen to work.
  expect(secrets.some((s) => s.what === `Secret ${NS}/fresh token` && s.value.toString() === secretValue)).toBe(true);
  expect(secrets.filter((s) => s.what.startsWith('private key of certificate build scan')).length).toBe(2);

  const buildId = readFileSync(join(DIST_DIR, 'BUILD_ID'), 'utf8').trim();
  expect(buildId.length).toBeGreaterThanOrEqual(8);
  const control = { what: 'control: the build id', bytes: Buffer.from(buildId) };
  const needles = [control, ...secrets.flatMap(needlesOf)];

  const started = performance.now();
  const files = filesUnder(DIST_DIR);
  let bytes = 0;
  const hits: string[] = [];
  let controlFound = 0;
  for (const file of files) {
    const content = readFileSync(file);
    bytes += content.length;
    for (const i of findNeedles(content, needles)) {
      if (i === 0) controlFound++;
      else hits.push(`${needles[i]!.what} in ${file}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`[secrets-in-build] ${secrets.length} secrets (${needles.length - 1} needles) searched in ${files.length} files, ${(bytes / 1e6).toFixed(0)} MB of ${DIST_DIR}, in ${seconds.toFixed(1)} s; control found in ${controlFound} files`);
  expect(files.length).toBeGreaterThan(100);
  expect(controlFound, 'the build id is found: the search reads the folder').toBeGreaterThan(0);
  expect(hits).toEqual([]);
});
