import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerProbeRequestSchema, type WorkerProbeRequestInput, WorkerProbeResultSchema } from '@gatehouse/domain/probe/worker-probe.schema';
import { type EchoServer, startEchoServer } from '@gatehouse/echo/echo-server';
import { createTestPki, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import { type AdminServer, startAdminServer } from './admin-server';
import { probeUpstream } from './probe-upstream';

/**
 * The probe against real TLS servers (echo) whose certificates the OpenSSL CLI made at test time; OpenSSL also
 * judges the fingerprint of what the probe reports as the leaf.
 */
const TOKEN = 'probe-test-token-0123456789';
let pki: TestPki;
let ca: TestCa;
let otherCa: TestCa;
let seedLike: EchoServer; // CN=foo.example.com, no SAN, as the seed's httpbin
let seedLeafPem: string;
let expired: EchoServer;
let plain: EchoServer;
let silent: Server; // accepts TCP and never answers
let silentPort: number;
let admin: AdminServer;

const probe = (input: WorkerProbeRequestInput) => probeUpstream(WorkerProbeRequestSchema.parse(input));

function opensslFingerprint(pem: string): string {
  const out = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem }).toString();
  return (out.split('=')[1] ?? '').trim();
}

function sha256Colon(derBase64: string): string {
  const hex = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: Buffer.from(derBase64, 'base64') }).toString().trim().split(' ').at(-1) ?? '';
  return hex.toUpperCase().match(/../g)?.join(':') ?? '';
}

beforeAll(async () => {
  pki = createTestPki();
  ca = pki.createCa('flomesh.io');
  otherCa = pki.createCa('someone-else');
  const leaf = pki.issue(ca, { cn: 'foo.example.com' });
  seedLeafPem = leaf.certPem;
  seedLike = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: leaf.certPem, key: leaf.keyPem });
  const old = pki.issue(ca, { cn: 'old.example.com', sans: ['DNS:old.example.com'], expired: true });
  expired = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: old.certPem, key: old.keyPem });
  plain = await startEchoServer({ host: '127.0.0.1', port: 0, tls: false });
  // Reads and discards what it gets (so it notices the client leaving) and never answers.
  silent = createServer((s) => s.resume());
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentPort = (silent.address() as { port: number }).port;
  admin = await startAdminServer('127.0.0.1', 0, { isReady: () => true, describe: () => ({}), probeToken: () => TOKEN });
});

afterAll(async () => {
  await Promise.all([seedLike?.close(), expired?.close(), plain?.close(), admin?.close(), new Promise((r) => silent?.close(r))]);
  pki?.cleanup();
});

describe('probeUpstream (real TLS)', () => {
  it('reads the chain, verifies it with the right CA and checks the name (CN fallback, as Node does)', async () => {
    const r = await probe({ address: '127.0.0.1', port: seedLike.port, caPem: ca.certPem, hostname: 'foo.example.com', plainHttp: true });
    expect(WorkerProbeResultSchema.parse(r)).toEqual(r);
    expect(r.tcp.ok).toBe(true);
    expect(r.tls).toMatchObject({ ok: true, protocol: 'TLSv1.3', alpn: 'http/1.1', error: null });
    expect(r.verified).toBe(true);
    expect(r.verifyError).toBeNull();
    // Leaf as presented, then the CA Node completed the chain with: OpenSSL computes the same fingerprints.
    expect(r.chain).toHaveLength(2);
    expect(sha256Colon(r.chain[0]!)).toBe(opensslFingerprint(seedLeafPem));
    expect(sha256Colon(r.chain[1]!)).toBe(opensslFingerprint(ca.certPem));
    expect(r.hostname).toEqual({ name: 'foo.example.com', ok: true, error: null });
    // What the gateway does without a policy: plain HTTP to a TLS port gets no HTTP answer.
    expect(r.plainHttp?.outcome).toMatch(/^(not_http|empty_reply)$/);
  });

  it('reports the verify error with the wrong CA and a name mismatch, but still shows the chain', async () => {
    const r = await probe({ address: '127.0.0.1', port: seedLike.port, caPem: otherCa.certPem, hostname: 'bar.example.com' });
    expect(r.tls.ok).toBe(true);
    expect(r.verified).toBe(false);
    expect(r.verifyError?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(r.chain.length).toBeGreaterThanOrEqual(1);
    expect(sha256Colon(r.chain[0]!)).toBe(opensslFingerprint(seedLeafPem));
    expect(r.hostname?.ok).toBe(false);
    expect(r.hostname?.error).toContain('bar.example.com');
  });

  it('applies BackendTLSPolicy subjectAltNames instead of the hostname', async () => {
    const r = await probe({ address: '127.0.0.1', port: expired.port, caPem: ca.certPem, subjectAltNames: [{ type: 'Hostname', value: 'old.example.com' }] });
    expect(r.hostname).toMatchObject({ name: 'old.example.com', ok: true });
    expect(r.verified).toBe(false);
    expect(r.verifyError?.code).toBe('CERT_HAS_EXPIRED');
  });

  it('says when the upstream does not speak TLS, and what plain HTTP gets', async () => {
    const r = await probe({ address: '127.0.0.1', port: plain.port, plainHttp: true, hostHeader: 'foo.example.com' });
    expect(r.tcp.ok).toBe(true);
    expect(r.tls.ok).toBe(false);
    expect(r.tls.error?.code).toBeTruthy();
    expect(r.chain).toEqual([]);
    expect(r.verified).toBeNull();
    expect(r.plainHttp).toMatchObject({ outcome: 'response' });
    expect(r.plainHttp?.statusLine).toMatch(/^HTTP\/1\.1 \d{3}/);
  });

  it('reports a refused connection and a silent upstream as failures with codes, within the timeout', async () => {
    const refused = await probe({ address: '127.0.0.1', port: await closedPort() });
    expect(refused.tcp).toMatchObject({ ok: false, error: { code: 'ECONNREFUSED' } });
    const started = Date.now();
    const hung = await probe({ address: '127.0.0.1', port: silentPort, timeoutMs: 300, plainHttp: true });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hung.tcp.ok).toBe(true);
    expect(hung.tls.error?.code).toBe('ETIMEDOUT');
    expect(hung.plainHttp?.outcome).toBe('timeout');
  });
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('POST /probe on the admin port', () => {
  const url = () => `http://127.0.0.1:${admin.port}/probe`;
  const post = (body: unknown, token?: string) =>
    fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

  it('refuses callers without the worker token', async () => {
    const none = await post({ address: '127.0.0.1', port: seedLike.port });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post({ address: '127.0.0.1', port: seedLike.port }, 'wrong-token')).status).toBe(401);
    expect((await fetch(url())).status).toBe(405);
  });

  it('answers 400 with field details for a bad body and 200 with the probe for a good one', async () => {
    const bad = await post({ address: 'x y', port: 0 }, TOKEN);
    expect(bad.status).toBe(400);
    const details = ((await bad.json()) as { details: { path: string }[] }).details.map((d) => d.path);
    expect(details).toEqual(expect.arrayContaining(['address', 'port']));
    const good = await post({ address: '127.0.0.1', port: seedLike.port, caPem: ca.certPem }, TOKEN);
    expect(good.status).toBe(200);
    const body = WorkerProbeResultSchema.parse(await good.json());
    expect(body.verified).toBe(true);
  });

  it('has no probe endpoint when the worker is started without a token source', async () => {
    const bare = await startAdminServer('127.0.0.1', 0, { isReady: () => true, describe: () => ({}) });
    try {
      const r = await fetch(`http://127.0.0.1:${bare.port}/probe`, { method: 'POST', body: '{}' });
      expect(r.status).toBe(405);
    } finally {
      await bare.close();
    }
  });
});
