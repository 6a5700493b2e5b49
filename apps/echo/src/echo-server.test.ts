import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EchoServer, startEchoServer, titleCase } from './echo-server';
import { createTestPki, type TestCa, type TestPki } from './test-pki';

// curl must run asynchronously: the echo server lives in this process and needs the event loop.
const run = promisify(execFile);
let pki: TestPki;
let ca: TestCa;
let https: EchoServer;
let http: EchoServer;

beforeAll(async () => {
  pki = createTestPki();
  ca = pki.createCa('flomesh.io');
  // The FSM demo certificate: CN=foo.example.com, no subjectAltName.
  const cert = pki.issue(ca, { cn: 'foo.example.com' });
  https = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: cert.certPem, key: cert.keyPem });
  http = await startEchoServer({ host: '127.0.0.1', port: 0, tls: false });
});

afterAll(async () => {
  await https?.close();
  await http?.close();
  pki?.cleanup();
});

describe('echo server', () => {
  it('title-cases header names like httpbin', () => {
    expect(titleCase('user-agent')).toBe('User-Agent');
    expect(titleCase('x-forwarded-for')).toBe('X-Forwarded-For');
  });

  it('serves /headers over TLS to a client that trusts the CA (curl as the outside judge)', async () => {
    const { stdout } = await run('curl', ['-sS', '--max-time', '5', '--cacert', ca.certFile, '--connect-to', `foo.example.com:443:127.0.0.1:${https.port}`, '-H', 'x-test: 1', 'https://foo.example.com/headers']);
    const body = JSON.parse(stdout) as { headers: Record<string, string> };
    expect(body.headers.Host).toBe('foo.example.com');
    expect(body.headers['X-Test']).toBe('1');
  });

  it('rejects a client that does not trust its CA', async () => {
    await expect(run('curl', ['-sS', '--max-time', '5', '--connect-to', `foo.example.com:443:127.0.0.1:${https.port}`, 'https://foo.example.com/get'])).rejects.toThrow(/certificate/);
  });

  it('echoes /anything with method, args, body and json', async () => {
    const res = await request(`http://127.0.0.1:${http.port}/anything/x/y?a=1&a=2&b=3`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    const body = (await res.body.json()) as Record<string, unknown>;
    expect(res.statusCode).toBe(200);
    expect(body.method).toBe('POST');
    expect(body.args).toEqual({ a: ['1', '2'], b: '3' });
    expect(body.json).toEqual({ hello: 'world' });
    expect(body.url).toBe(`http://127.0.0.1:${http.port}/anything/x/y?a=1&a=2&b=3`);
  });

  it('answers /status/{code}, /get, / and 404', async () => {
    const teapot = await request(`http://127.0.0.1:${http.port}/status/418`);
    expect(teapot.statusCode).toBe(418);
    await teapot.body.dump();
    const noContent = await request(`http://127.0.0.1:${http.port}/status/204`);
    expect(noContent.statusCode).toBe(204);
    await noContent.body.dump();
    const get = await request(`http://127.0.0.1:${http.port}/get?x=1`);
    expect(((await get.body.json()) as { args: unknown }).args).toEqual({ x: '1' });
    const root = await request(`http://127.0.0.1:${http.port}/`);
    expect(((await root.body.json()) as { service: string }).service).toBe('gatehouse-echo');
    const missing = await request(`http://127.0.0.1:${http.port}/nope`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
  });

  it('delays /delay/{s}', async () => {
    const t0 = performance.now();
    const res = await request(`http://127.0.0.1:${http.port}/delay/0.3`);
    await res.body.dump();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('issues expired certificates that OpenSSL itself rejects', () => {
    const expired = pki.issue(ca, { cn: 'old.example.com', expired: true });
    const file = `${pki.dir}/expired-check.pem`;
    execFileSync('sh', ['-c', `cat > ${file}`], { input: expired.certPem });
    const verify = (): string => execFileSync('openssl', ['verify', '-CAfile', ca.certFile, file], { encoding: 'utf8', stdio: 'pipe' });
    expect(verify).toThrow(/expired/);
  });
});
