/**
 * The console serving HTTPS itself, with real processes: `npm start` (scripts/start.mjs → apps/console/server.mjs with
 * Next.js, and the bundled worker) over a data directory whose inventory holds a server certificate issued by its own
 * CA, named by GATEHOUSE_TLS_CERTIFICATE. curl and OpenSSL are the clients; the worker follows the feed over HTTPS.
 * apps/console/test/console-https.int.test.ts covers the same server code in detail without Next.js.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@gatehouse/db/open-database';
import { createHarness } from '../apps/console/test/support/console-harness';
import { freePort, REPO_ROOT, runProcess, waitFor, type Running } from '../scripts/scenario/processes';

function run(cmd: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { timeout: 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    // A command may exit before reading its input (s_client refused, curl done): EPIPE then says nothing the exit
    // status does not.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

interface Answer {
  status: number;
  head: string;
  body: string;
  stderr: string;
}

describe('npm start serves the console over HTTPS with a certificate from its inventory', () => {
  const work = mkdtempSync(join(tmpdir(), 'gatehouse-https-e2e-'));
  const dataDir = join(work, 'data');
  const caFile = join(work, 'ca.pem');
  const masterKey = randomBytes(32).toString('base64');
  const token = 'gh_' + randomBytes(24).toString('base64url');
  let gh: Running;
  let port: number;
  let redirectPort: number;
  let adminPort: number;
  let leafId: string;

  const curl = async (args: string[]): Promise<Answer> => {
    const r = await run('curl', ['-sS', '-i', '--max-time', '20', '--cacert', caFile, ...args]);
    const i = r.stdout.indexOf('\r\n\r\n');
    const head = i < 0 ? r.stdout : r.stdout.slice(0, i);
    return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1] ?? 0), head, body: i < 0 ? '' : r.stdout.slice(i + 4), stderr: r.stderr };
  };
  const header = (a: Answer, name: string) => [...a.head.matchAll(new RegExp(`^${name}: (.*)$`, 'gim'))].map((m) => m[1]!.trim());
  const url = (path: string) => `https://localhost:${port}${path}`;

  beforeAll(async () => {
    // The inventory, made before the console starts: a root CA and a server certificate for localhost.
    const db = await openDatabase({ dataDir });
    try {
      const h = await createHarness(db, { GATEHOUSE_MASTER_KEY: masterKey, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_BOOTSTRAP_TOKEN: token, GATEHOUSE_CERT_RENEW_INTERVAL: '0', GATEHOUSE_NOTIFY_INTERVAL: '0', GATEHOUSE_DRIFT_INTERVAL: '0' });
      const root = await h.call('POST', '/api/v1/certificates/root-ca', { token, body: { name: 'e2e root', subject: { commonName: 'Gatehouse E2E Root' } } });
      expect(root.status, root.text).toBe(201);
      const leaf = await h.call('POST', '/api/v1/certificates/issue', { token, body: { name: 'console', issuerId: root.json.id, subject: { commonName: 'localhost' }, sans: 'localhost, 127.0.0.1' } });
      expect(leaf.status, leaf.text).toBe(201);
      leafId = leaf.json.id;
      writeFileSync(caFile, (await db.prisma.certificate.findUniqueOrThrow({ where: { id: root.json.id } })).certificatePem);
    } finally {
      await db.close();
    }
    port = await freePort();
    redirectPort = await freePort();
    adminPort = await freePort();
    gh = runProcess('gatehouse', [join(REPO_ROOT, 'scripts/start.mjs')], {
      env: {
        PORT: String(port),
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_MASTER_KEY: masterKey,
        GATEHOUSE_BOOTSTRAP_TOKEN: token,
        GATEHOUSE_TLS_CERTIFICATE: 'console',
        GATEHOUSE_TLS_RELOAD_INTERVAL: '1',
        GATEHOUSE_HTTP_REDIRECT_PORT: String(redirectPort),
        GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort),
        GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1',
        GATEHOUSE_LOG_LEVEL: 'warn',
        // The bundled worker verifies the console like any client (README).
        NODE_EXTRA_CA_CERTS: caFile,
      },
    });
    await waitFor('console over https', async () => ((await curl([url('/api/healthz')])).status === 200 ? true : undefined), 300_000, gh);
  }, 320_000);

  afterAll(async () => {
    await gh?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('serves a page and the API with HSTS, verified against the inventory CA', async () => {
    // No account exists yet: first-run setup is the page every other one leads to.
    const login = await curl([url('/setup')]);
    expect(login.status, login.stderr).toBe(200);
    expect(login.body).toMatch(/<html/i);
    expect(header(login, 'strict-transport-security')).toEqual(['max-age=31536000; includeSubDomains']);
    expect(header(login, 'content-security-policy')[0]).toMatch(/frame-ancestors 'none'/);
    const api = await curl(['-H', `Authorization: Bearer ${token}`, url('/api/v1/namespaces')]);
    expect(api.status, api.body).toBe(200);
    expect(header(api, 'strict-transport-security')).toEqual(['max-age=31536000; includeSubDomains']);
    const hs = await run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-CAfile', caFile, '-verify_return_error', '-verify_hostname', 'localhost']);
    expect(hs.code, hs.stderr).toBe(0);
    expect(hs.stdout).toMatch(/Verify return code: 0 \(ok\)/);
  });

  it('signs in with a Secure cookie, and Settings shows the certificate that serves the console and its expiry', async () => {
    const user = await curl(['-H', `Authorization: Bearer ${token}`, '-H', 'content-type: application/json', '--data', JSON.stringify({ username: 'ada', password: 'a-long-enough-password-1', role: 'admin' }), url('/api/v1/users')]);
    expect(user.status, user.body).toBe(201);
    const signIn = await curl(['-H', 'content-type: application/json', '--data', JSON.stringify({ username: 'ada', password: 'a-long-enough-password-1' }), url('/api/v1/session')]);
    expect(signIn.status, signIn.body).toBe(200);
    const cookie = header(signIn, 'set-cookie').find((c) => c.startsWith('gh_session='));
    expect(cookie?.split(';').map((p) => p.trim())).toEqual(expect.arrayContaining(['Secure', 'HttpOnly']));
    const settings = await curl(['-H', `Cookie: ${cookie!.split(';')[0]}`, url('/settings')]);
    expect(settings.status, settings.head).toBe(200);
    expect(settings.body).toContain('Console HTTPS');
    expect(settings.body).toContain(`/certificates/${leafId}`);
    expect(settings.body).toContain('GATEHOUSE_TLS_CERTIFICATE=console');
    const cert = await curl(['-H', `Authorization: Bearer ${token}`, url(`/api/v1/certificates/${leafId}`)]);
    expect(settings.body).toContain(JSON.parse(cert.body).notAfter);
  });

  it('the bundled worker follows the feed over HTTPS', async () => {
    await waitFor('worker ready', async () => ((await fetch(`http://127.0.0.1:${adminPort}/readyz`)).ok ? true : undefined), 30_000, gh);
  });

  it('redirects the plain-HTTP port with 308 to https', async () => {
    const r = await curl([`http://localhost:${redirectPort}/settings?x=1`]);
    expect(r.status).toBe(308);
    expect(header(r, 'location')).toEqual([`https://localhost:${port}/settings?x=1`]);
  });

  it('refuses to delete the serving certificate, and serves its renewal on the next handshake without a restart', async () => {
    const del = await curl(['-X', 'DELETE', '-H', `Authorization: Bearer ${token}`, url(`/api/v1/certificates/${leafId}`)]);
    expect(del.status).toBe(409);
    expect(JSON.parse(del.body).message).toMatch(/serves the console's HTTPS \(GATEHOUSE_TLS_CERTIFICATE=console\)/);
    const renewed = await curl(['-H', `Authorization: Bearer ${token}`, '-H', 'content-type: application/json', '--data', '{}', url(`/api/v1/certificates/${leafId}/renew`)]);
    expect(renewed.status, renewed.body).toBe(201);
    const serial = (JSON.parse(renewed.body) as { serialHex: string }).serialHex.toLowerCase();
    const served = async () => {
      const hs = await run('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost']);
      return (await run('openssl', ['x509', '-noout', '-serial'], hs.stdout)).stdout.trim().replace(/^serial=/, '').toLowerCase();
    };
    await waitFor('renewed certificate served', async () => ((await served()) === serial ? true : undefined), 10_000, gh);
    expect((await curl([url('/api/healthz')])).status).toBe(200);
  });
});

describe('server.mjs with an unknown GATEHOUSE_TLS_CERTIFICATE', () => {
  it('does not start, and says which variable to change', async () => {
    const work = mkdtempSync(join(tmpdir(), 'gatehouse-https-bad-'));
    const proc = runProcess('console', [join(REPO_ROOT, 'apps/console/server.mjs')], {
      cwd: join(REPO_ROOT, 'apps/console'),
      env: { PORT: String(await freePort()), GATEHOUSE_DATA_DIR: work, GATEHOUSE_TLS_CERTIFICATE: 'no-such-certificate', GATEHOUSE_LOG_LEVEL: 'warn' },
    });
    const code = await new Promise<number | null>((r) => proc.child.once('exit', (c) => r(c)));
    rmSync(work, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(proc.output()).toContain('[console] cannot start: GATEHOUSE_TLS_CERTIFICATE: no certificate named or with id "no-such-certificate" in the inventory');
  }, 120_000);
});
