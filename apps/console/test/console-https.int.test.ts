import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { startConsoleServer } from '../console-server.mjs';
import { createHarness, type Harness, ADMIN_TOKEN } from './support/console-harness';
import { freePort, openssl, scratchDir } from './support/openssl-cli';
import { harnessListener } from './support/serve-harness';

/**
 * The console serving HTTPS itself (GATEHOUSE_TLS_CERTIFICATE): console-server.mjs — the code apps/console/server.mjs
 * listens with — in front of the REST handler, over a test database whose inventory CA issued the certificate.
 * OpenSSL and curl are the outside peers; e2e/console-https.e2e.test.ts runs server.mjs itself with Next.js.
 */

interface CurlAnswer {
  status: number;
  headers: Map<string, string[]>;
  body: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function curl(args: string[]): Promise<CurlAnswer> {
  const r = await run('curl', ['-sS', '-i', '--max-time', '10', ...args]);
  const parts = r.stdout.split('\r\n\r\n');
  // With -L every answer's head is printed: the last one is the final answer's.
  while (parts.length > 1 && parts[1]!.startsWith('HTTP/')) parts.shift();
  const [head = '', ...rest] = parts;
  const lines = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    headers.set(k, [...(headers.get(k) ?? []), line.slice(i + 1).trim()]);
  }
  return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0), headers, body: rest.join('\r\n\r\n'), stderr: r.stderr };
}

/** The serial of the certificate the server presents on a fresh handshake, as OpenSSL reads it. */
async function servedSerial(port: number, dir: string): Promise<string> {
  const hs = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'console.test'], dir, '');
  const x = await openssl(['x509', '-noout', '-serial'], dir, hs.stdout);
  return x.stdout.trim().replace(/^serial=/, '').toLowerCase();
}

describe('the console serves HTTPS with a certificate from its inventory', () => {
  let t: TestDatabase;
  let admin: Harness;
  let h: Harness;
  let server: Server;
  let port: number;
  let redirectPort: number;
  const files = scratchDir();
  const masterKey = randomBytes(32).toString('base64');
  const ids: Record<string, string> = {};
  let base: string;
  const resolveTo = () => ['--resolve', `console.test:${port}:127.0.0.1`, '--cacert', join(files.dir, 'ca.pem')];

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    admin = await createHarness(t.db, { GATEHOUSE_MASTER_KEY: masterKey });
    const root = await admin.call('POST', '/api/v1/certificates/root-ca', { body: { name: 'console root', subject: { commonName: 'Console Test Root' } } });
    expect(root.status, root.text).toBe(201);
    ids.root = root.json.id;
    const leaf = await admin.call('POST', '/api/v1/certificates/issue', { body: { name: 'console', issuerId: ids.root, subject: { commonName: 'console.test' }, sans: 'console.test, localhost, 127.0.0.1' } });
    expect(leaf.status, leaf.text).toBe(201);
    ids.leaf = leaf.json.id;
    files.write('ca.pem', (await t.db.prisma.certificate.findUniqueOrThrow({ where: { id: ids.root } })).certificatePem);

    h = await createHarness(t.db, { GATEHOUSE_MASTER_KEY: masterKey, GATEHOUSE_TLS_CERTIFICATE: 'console', GATEHOUSE_TLS_RELOAD_INTERVAL: '1' });
    redirectPort = await freePort();
    ({ server } = await startConsoleServer({ handle: harnessListener(h), port: 0, host: '127.0.0.1', tls: h.rt.consoleTls ?? null, redirectPort }));
    port = (server.address() as AddressInfo).port;
    base = `https://console.test:${port}`;
  });

  afterAll(async () => {
    h?.rt.consoleTls?.stop();
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await t?.dispose();
    files.remove();
  });

  it('presents a chain OpenSSL verifies against the inventory CA, with the certificate\'s subject and SANs, over TLS 1.2 and 1.3', async () => {
    const hs = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'console.test', '-CAfile', 'ca.pem', '-verify_return_error', '-verify_hostname', 'console.test', '-showcerts'], files.dir, '');
    expect(hs.code, hs.stderr).toBe(0);
    expect(hs.stdout).toMatch(/Verify return code: 0 \(ok\)/);
    expect(hs.stdout).toMatch(/subject=CN\s?=\s?console\.test/);
    const leaf = await openssl(['x509', '-noout', '-ext', 'subjectAltName', '-serial'], files.dir, hs.stdout);
    expect(leaf.stdout).toMatch(/DNS:console\.test, DNS:localhost, IP Address:127\.0\.0\.1/);
    const row = await t.db.prisma.certificate.findUniqueOrThrow({ where: { id: ids.leaf } });
    expect(leaf.stdout.toLowerCase()).toContain(`serial=${row.serialHex.toLowerCase()}`);
    // A name the certificate does not carry fails hostname verification: the check above is not vacuous.
    const wrong = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', 'ca.pem', '-verify_return_error', '-verify_hostname', 'other.test'], files.dir, '');
    expect(wrong.code).not.toBe(0);
    // (TLS 1.0/1.1 are not tested: this Node's OpenSSL refuses them below security level 0 whatever minVersion says, so
    // a test could not tell the server's floor from the library's.)
    const v12 = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-tls1_2', '-CAfile', 'ca.pem', '-verify_return_error'], files.dir, '');
    expect(v12.code, v12.stderr).toBe(0);
    expect(v12.stdout).toMatch(/Protocol\s*:\s*TLSv1\.2/);
    expect(hs.stdout).toMatch(/TLSv1\.3/);
    // HTTP/1.1 is the one protocol offered in ALPN (console-server.mjs says why not h2).
    const alpn = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-alpn', 'h2,http/1.1', '-CAfile', 'ca.pem'], files.dir, '');
    expect(alpn.stdout).toMatch(/ALPN protocol: http\/1\.1/);
  });

  it('answers the API over curl --cacert with HSTS, and signs in with a Secure session cookie', async () => {
    const list = await curl([...resolveTo(), '-H', `Authorization: Bearer ${ADMIN_TOKEN}`, `${base}/api/v1/namespaces`]);
    expect(list.status, list.stderr).toBe(200);
    expect(list.headers.get('strict-transport-security')).toEqual(['max-age=31536000; includeSubDomains']);
    const created = await admin.call('POST', '/api/v1/users', { body: { username: 'tess', password: 'a-long-enough-password-1', role: 'viewer' } });
    expect(created.status, created.text).toBe(201);
    const signIn = await curl([...resolveTo(), '-H', 'content-type: application/json', '--data', JSON.stringify({ username: 'tess', password: 'a-long-enough-password-1' }), `${base}/api/v1/session`]);
    expect(signIn.status, signIn.body).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? []).find((c) => c.startsWith('gh_session='));
    expect(cookie).toBeDefined();
    expect(cookie!.split(';').map((p) => p.trim())).toEqual(expect.arrayContaining(['Secure', 'HttpOnly']));
    expect(signIn.headers.get('strict-transport-security')).toEqual(['max-age=31536000; includeSubDomains']);
  });

  it('redirects the plain-HTTP port to HTTPS with 308, keeping host name, path and query', async () => {
    const get = await curl(['-H', 'Host: console.test', `http://127.0.0.1:${redirectPort}/api/v1/namespaces?limit=5`]);
    expect(get.status).toBe(308);
    expect(get.headers.get('location')).toEqual([`https://console.test:${port}/api/v1/namespaces?limit=5`]);
    // Plain HTTP never carries HSTS (RFC 6797 §7.2).
    expect(get.headers.get('strict-transport-security')).toBeUndefined();
    const post = await curl(['-X', 'POST', '-H', 'Host: console.test:8080', `http://127.0.0.1:${redirectPort}/api/v1/session`]);
    expect(post.status).toBe(308);
    expect(post.headers.get('location')).toEqual([`https://console.test:${port}/api/v1/session`]);
    // Following it, curl lands on the HTTPS API and verifies it.
    const followed = await curl(['-L', ...resolveTo(), '--resolve', `console.test:${redirectPort}:127.0.0.1`, `http://console.test:${redirectPort}/api/v1/setup`]);
    expect(followed.stderr).toBe('');
    expect(followed.status).toBe(200);
    expect(followed.headers.get('strict-transport-security')).toEqual(['max-age=31536000; includeSubDomains']);
  });

  it('refuses to delete the certificate that serves the console (409 naming it), then serves a renewal on the next handshake', async () => {
    const del = await h.call('DELETE', `/api/v1/certificates/${ids.leaf}`);
    expect(del.status).toBe(409);
    expect(del.json.message).toMatch(/certificate console \(.+\) serves the console's HTTPS \(GATEHOUSE_TLS_CERTIFICATE=console\)/);
    expect(await t.db.prisma.certificate.count({ where: { id: ids.leaf } })).toBe(1);

    const before = await servedSerial(port, files.dir);
    const renewed = await curl([...resolveTo(), '-H', `Authorization: Bearer ${ADMIN_TOKEN}`, '-H', 'content-type: application/json', '--data', '{}', `${base}/api/v1/certificates/${ids.leaf}/renew`]);
    expect(renewed.status, renewed.body).toBe(201);
    const next = JSON.parse(renewed.body) as { id: string; serialHex: string };
    const started = performance.now();
    let served = before;
    while (served === before && performance.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      served = await servedSerial(port, files.dir);
    }
    expect(served).toBe(next.serialHex.toLowerCase());
    console.log(`renewal served ${Math.round(performance.now() - started)} ms after the renew answer (reload interval 1 s)`);
    // The same server, never restarted, still verifies with the CA.
    const hs = await openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'console.test', '-CAfile', 'ca.pem', '-verify_return_error', '-verify_hostname', 'console.test'], files.dir, '');
    expect(hs.code, hs.stderr).toBe(0);
    expect(h.rt.consoleTls?.status()).toMatchObject({ certificateId: next.id, name: 'console', source: 'inventory', lastError: null });

    // The superseded certificate no longer serves and may go; the renewal may not.
    expect((await h.call('DELETE', `/api/v1/certificates/${ids.leaf}`)).status).toBe(200);
    const delNext = await h.call('DELETE', `/api/v1/certificates/${next.id}`);
    expect(delNext.status).toBe(409);
    expect(delNext.json.message).toContain(next.id);
  });

  it('never writes the decrypted private key to disk', async () => {
    const key = h.rt.consoleTls!.current().key;
    expect(key).toMatch(/PRIVATE KEY/);
    const body = key.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    const hits: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (readFileSync(p).toString('latin1').replace(/\s+/g, '').includes(body.slice(0, 64))) hits.push(p);
      }
    };
    for (const dir of [h.dataDir, admin.dataDir, files.dir]) walk(dir);
    expect(hits).toEqual([]);
  });
});

describe('a console whose TLS certificate cannot be served does not start, and says which variable to change', () => {
  let t: TestDatabase;
  const masterKey = randomBytes(32).toString('base64');
  const files = scratchDir();

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    const admin = await createHarness(t.db, { GATEHOUSE_MASTER_KEY: masterKey });
    const root = await admin.call('POST', '/api/v1/certificates/root-ca', { body: { name: 'a root', subject: { commonName: 'A Root' } } });
    expect(root.status).toBe(201);
    const client = await admin.call('POST', '/api/v1/certificates/issue', { body: { name: 'a client', issuerId: root.json.id, profile: 'client', subject: { commonName: 'c' }, sans: ['c@example.com'] } });
    expect(client.status, client.text).toBe(201);
  });
  afterAll(async () => {
    await t?.dispose();
    files.remove();
  });

  const start = (env: Record<string, string>) => createHarness(t.db, { GATEHOUSE_MASTER_KEY: masterKey, ...env });

  it('an unknown name or id', async () => {
    await expect(start({ GATEHOUSE_TLS_CERTIFICATE: 'no-such-cert' })).rejects.toThrow(/^GATEHOUSE_TLS_CERTIFICATE: no certificate named or with id "no-such-cert" in the inventory/);
  });

  it('a CA, or a certificate whose usage does not allow a TLS server', async () => {
    await expect(start({ GATEHOUSE_TLS_CERTIFICATE: 'a root' })).rejects.toThrow(/^GATEHOUSE_TLS_CERTIFICATE: certificate a root \(.+\) cannot serve the console: it is a CA certificate/);
    await expect(start({ GATEHOUSE_TLS_CERTIFICATE: 'a client' })).rejects.toThrow(/^GATEHOUSE_TLS_CERTIFICATE: .*does not allow serverAuth/);
  });

  it('a key the master key cannot decrypt', async () => {
    await expect(createHarness(t.db, { GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64'), GATEHOUSE_TLS_CERTIFICATE: 'a client' })).rejects.toThrow(/^GATEHOUSE_TLS_CERTIFICATE: /);
  });

  it('half a file pair, both sources at once, a redirect port without TLS, unreadable or mismatched files', async () => {
    await expect(start({ GATEHOUSE_TLS_CERT_FILE: '/nonexistent/cert.pem' })).rejects.toThrow(/GATEHOUSE_TLS_KEY_FILE: GATEHOUSE_TLS_CERT_FILE and GATEHOUSE_TLS_KEY_FILE are set together/);
    await expect(start({ GATEHOUSE_TLS_CERTIFICATE: 'x', GATEHOUSE_TLS_CERT_FILE: 'a', GATEHOUSE_TLS_KEY_FILE: 'b' })).rejects.toThrow(/GATEHOUSE_TLS_CERTIFICATE: set either/);
    await expect(start({ GATEHOUSE_HTTP_REDIRECT_PORT: '8080' })).rejects.toThrow(/GATEHOUSE_HTTP_REDIRECT_PORT: redirects to HTTPS, so it needs/);
    await expect(start({ GATEHOUSE_TLS_CERT_FILE: join(files.dir, 'none.pem'), GATEHOUSE_TLS_KEY_FILE: join(files.dir, 'none.key') })).rejects.toThrow(/^GATEHOUSE_TLS_CERT_FILE: cannot read .*none\.pem: ENOENT/);
    await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'a.key', '-out', 'a.pem', '-subj', '/CN=a.test', '-days', '1'], files.dir);
    await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'b.key'], files.dir);
    await expect(start({ GATEHOUSE_TLS_CERT_FILE: join(files.dir, 'a.pem'), GATEHOUSE_TLS_KEY_FILE: join(files.dir, 'b.key') })).rejects.toThrow(/^GATEHOUSE_TLS_CERT_FILE: the certificate and key cannot serve TLS/);
  });
});

describe('the console serves HTTPS from a certificate and key file pair, and takes a rotation without a restart', () => {
  let t: TestDatabase;
  let h: Harness;
  let server: Server;
  const files = scratchDir();

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    const mk = (name: string) =>
      openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', `/CN=${name}.test`, '-addext', `subjectAltName=DNS:${name}.test`, '-days', '1'], files.dir);
    expect((await mk('first')).code).toBe(0);
    expect((await mk('second')).code).toBe(0);
    files.write('tls.pem', files.read('first.pem'));
    files.write('tls.key', files.read('first.key'));
    h = await createHarness(t.db, { GATEHOUSE_TLS_CERT_FILE: join(files.dir, 'tls.pem'), GATEHOUSE_TLS_KEY_FILE: join(files.dir, 'tls.key'), GATEHOUSE_TLS_RELOAD_INTERVAL: '1' });
    ({ server } = await startConsoleServer({ handle: harnessListener(h), port: 0, host: '127.0.0.1', tls: h.rt.consoleTls ?? null }));
  });
  afterAll(async () => {
    h?.rt.consoleTls?.stop();
    server?.closeAllConnections();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await t?.dispose();
    files.remove();
  });

  it('serves the files, then the rotated pair on a later handshake', async () => {
    const port = (server.address() as AddressInfo).port;
    const check = (name: string) => openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', `${name}.pem`, '-verify_return_error', '-verify_hostname', `${name}.test`], files.dir, '');
    expect((await check('first')).code).toBe(0);
    expect(h.rt.consoleTls?.status()).toMatchObject({ source: 'files', certificateId: null, subject: 'CN=first.test', sans: ['DNS:first.test'] });
    // A rotation as certbot or cert-manager does it: both files replaced.
    files.write('tls.key', files.read('second.key'));
    files.write('tls.pem', files.read('second.pem'));
    const started = performance.now();
    let ok = false;
    while (!ok && performance.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      ok = (await check('second')).code === 0;
    }
    expect(ok).toBe(true);
    expect(h.rt.consoleTls?.status()).toMatchObject({ subject: 'CN=second.test' });
  });
});
