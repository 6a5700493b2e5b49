import { execFile } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type EchoServer, startEchoServer } from '@gatehouse/echo/echo-server';
import { createTestPki, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import type { WorkerConfig } from '../src/config/worker-config';
import { type EngineWorkerHandle, type EnforcedEvent, startEngineWorker } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { testEngines } from './helpers/engines';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { backendTlsPolicy, caConfigMap, caSecret, freePort, gateway, httpRoute, serviceWithEndpoints, upstreamTlsPolicy } from './helpers/scenario';
import { waitForEvent, waitUntil } from './helpers/wait-for';

/**
 * The worker end to end with real parts: a fake console over HTTP speaking the feed protocol, the worker's
 * own listeners, real TLS upstreams (echo) with certificates made by the OpenSSL CLI at test time, and curl
 * as an outside client. Run against each engine (helpers/engines.ts); where HAProxy cannot tell what the Node engine
 * tells, the expectation says so.
 */
const TOKEN = 'test-token';
const run = promisify(execFile);

describe.each(testEngines())('%s engine', (engine) => {
  let pki: TestPki;
  let ca: TestCa;
  let otherCa: TestCa;
  let fsmEcho: EchoServer; // CN=foo.example.com, no SAN (the seed's certificate)
  let expiredEcho: EchoServer;
  let sanEcho: EchoServer; // SAN DNS:abc.example.com
  let mtlsEcho: EchoServer; // requires a client certificate from `ca`
  let clientCert: { certPem: string; keyPem: string };
  let plainA: EchoServer;
  let plainB: EchoServer;
  let fakeConsole: FakeConsole;
  let worker: EngineWorkerHandle;
  const haproxy = engine === 'haproxy';
  let listenPort: number;
  let revision = 0;
  const swapTimes: number[] = [];

  function config(overrides: Partial<WorkerConfig> = {}): WorkerConfig {
    return feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-test-1', { engine, ...overrides });
  }

  /** Publishes a snapshot and waits until the worker enforces it; records the feed-answer → enforced time. */
  async function enforce(objects: KubeObject[]): Promise<number> {
    const rev = ++revision;
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
    fakeConsole.publish(rev, objects);
    const e = await enforced;
    const sent = fakeConsole.sentAt(rev);
    if (sent !== undefined) swapTimes.push(e.enforcedAt - sent);
    return rev;
  }

  async function get(path: string, opts: { host?: string; port?: number; method?: string; body?: string } = {}) {
    const res = await request(`http://127.0.0.1:${opts.port ?? listenPort}${path}`, {
      method: (opts.method ?? 'GET') as 'GET',
      headers: { host: opts.host ?? 'foo.example.com' },
      ...(opts.body === undefined ? {} : { body: opts.body }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  }

  async function admin(path: string): Promise<{ status: number; json: Record<string, unknown> | null }> {
    const res = await request(`http://127.0.0.1:${worker.adminPort}${path}`);
    const text = await res.body.text();
    return { status: res.statusCode, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : null };
  }

  const seedBase = (): KubeObject[] => [gateway('simple-fsm-gateway', [listenPort]), httpRoute('http-route-foo', 'simple-fsm-gateway', [{ backends: [{ service: 'httpbin' }] }])];

  beforeAll(async () => {
    pki = createTestPki();
    ca = pki.createCa('flomesh.io');
    otherCa = pki.createCa('someone-else');
    const seedCert = pki.issue(ca, { cn: 'foo.example.com' });
    const expired = pki.issue(ca, { cn: 'foo.example.com', expired: true });
    const san = pki.issue(ca, { cn: 'abc', sans: ['DNS:abc.example.com'] });
    fsmEcho = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: seedCert.certPem, key: seedCert.keyPem, name: 'fsm' });
    expiredEcho = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: expired.certPem, key: expired.keyPem, name: 'expired' });
    sanEcho = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: san.certPem, key: san.keyPem, name: 'san' });
    clientCert = pki.issue(ca, { cn: 'gatehouse-gateway', usage: 'client' });
    mtlsEcho = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: seedCert.certPem, key: seedCert.keyPem, clientCa: ca.certPem, name: 'mtls' });
    plainA = await startEchoServer({ host: '127.0.0.1', port: 0, tls: false, name: 'a' });
    plainB = await startEchoServer({ host: '127.0.0.1', port: 0, tls: false, name: 'b' });
    fakeConsole = await startFakeConsole(TOKEN);
    listenPort = await freePort();
    worker = await startEngineWorker(config(), pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all([fsmEcho, expiredEcho, sanEcho, mtlsEcho, plainA, plainB].map((e) => e?.close()));
    await fakeConsole?.close();
    pki?.cleanup();
    if (swapTimes.length > 0) {
      const sorted = [...swapTimes].sort((a, b) => a - b);
      const q = (p: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(2);
      console.log(`[worker ${engine}] feed answer → enforced over ${sorted.length} swaps: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
    }
  });

  describe('worker: readiness and the feed protocol', () => {
    it('is alive but not ready before the first snapshot', async () => {
      expect((await admin('/healthz')).status).toBe(200);
      expect((await admin('/readyz')).status).toBe(503);
    });

    it('long-polls with the bearer token and its identity headers, then becomes ready', async () => {
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [plainA.port])]);
      expect((await admin('/readyz')).status).toBe(200);
      const polls = fakeConsole.requests.filter((r) => r.path.startsWith('GET /api/v1/feed/snapshot'));
      expect(polls[0]?.path).toBe('GET /api/v1/feed/snapshot?after=-1&wait=2');
      expect(polls[0]).toMatchObject({ authorization: `Bearer ${TOKEN}`, workerId: 'worker-test-1', workerName: 'test-host' });
      await waitUntil(() => fakeConsole.reports.some((r) => r.revision === revision), 3_000, 'a status report');
      const report = fakeConsole.reports.find((r) => r.revision === revision);
      expect(report).toMatchObject({ workerId: 'worker-test-1', name: 'test-host', listeners: [{ gateway: 'httpbin/simple-fsm-gateway', listener: 'http-0', port: listenPort, state: 'serving' }] });
      expect(String(report?.adminAddress)).toBe(`http://127.0.0.1:${worker.adminPort}`);
    });
  });

  describe('worker: the FSM Upstream TLS scenario', () => {
    it('without a policy answers 502 with a reason, not an empty reply (curl as the client)', async () => {
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [fsmEcho.port])]);
      const { stdout } = await run('curl', ['-sS', '--max-time', '10', '-D', '-', `http://foo.example.com/headers`, '--connect-to', `foo.example.com:80:127.0.0.1:${listenPort}`]);
      expect(stdout).toMatch(/^HTTP\/1\.1 502/);
      expect(stdout.toLowerCase()).toContain('x-gatehouse-error: upstream_not_http');
      expect(stdout).toContain('upstream closed the connection or answered with something other than HTTP (does it expect TLS? attach an UpstreamTLSPolicy or BackendTLSPolicy)');
    });

    it('with an UpstreamTLSPolicy and the right CA answers 200; the upstream sees Host foo.example.com and no SNI', async () => {
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [fsmEcho.port]), caSecret('https-cert', ca.certPem), upstreamTlsPolicy('httpbin', 'https-cert')]);
      // curl sends the Connection header as written (undici's client would refuse a custom one).
      const { stdout } = await run('curl', ['-sS', '--max-time', '10', '-H', 'Connection: keep-alive, x-hop', '-H', 'x-hop: secret', '-H', 'X-Forwarded-For: 203.0.113.9', '-H', 'X-End-To-End: kept',
        'http://foo.example.com/headers', '--connect-to', `foo.example.com:80:127.0.0.1:${listenPort}`]);
      const headers = (JSON.parse(stdout) as { headers: Record<string, string> }).headers;
      expect(headers.Host).toBe('foo.example.com');
      // 127.0.0.1 is not a trusted proxy (GATEHOUSE_WORKER_TRUSTED_PROXIES is empty): what it claimed is replaced.
      expect(headers['X-Forwarded-For']).toBe('127.0.0.1');
      expect(headers['X-Forwarded-Proto']).toBe('http');
      expect(headers['X-End-To-End']).toBe('kept');
      // Hop-by-hop: named in the client's Connection header, so not forwarded.
      expect(headers['X-Hop']).toBeUndefined();
      const tls = JSON.parse((await get('/tls')).text) as { tls: boolean; sni: string | null };
      expect(tls).toMatchObject({ tls: true, sni: null });
    });

    it('with the wrong CA answers 502 naming the CA Secret', async () => {
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [fsmEcho.port]), caSecret('https-cert', otherCa.certPem), upstreamTlsPolicy('httpbin', 'https-cert')]);
      const res = await get('/headers');
      expect(res.status).toBe(502);
      expect(res.headers['x-gatehouse-error']).toBe('upstream_tls_untrusted');
      // HAProxy gives OpenSSL's error, not the verify result (see render/error-answers.ts).
      expect(res.text).toBe(haproxy
        ? 'upstream certificate is not trusted by the CA in httpbin/https-cert (or it has expired or is not yet valid: HAProxy does not tell which): error:0A000086:SSL routines::certificate verify failed\n'
        : 'upstream certificate is not trusted by the CA in httpbin/https-cert: unable to verify the first certificate\n');
    });

    it('with an expired upstream certificate answers 502', async () => {
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [expiredEcho.port]), caSecret('https-cert', ca.certPem), upstreamTlsPolicy('httpbin', 'https-cert')]);
      const res = await get('/headers');
      expect(res.status).toBe(502);
      // HAProxy cannot tell an expired certificate from an untrusted one; its reason says both.
      expect(res.headers['x-gatehouse-error']).toBe(haproxy ? 'upstream_tls_untrusted' : 'upstream_tls_expired');
      expect(res.text).toContain(haproxy ? 'or it has expired' : 'upstream certificate has expired');
    });

    it('with mTLS: true presents tls.crt/tls.key to an upstream that requires a client certificate', async () => {
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [mtlsEcho.port]), caSecret('https-cert', ca.certPem), upstreamTlsPolicy('httpbin', 'https-cert')]);
      const without = await get('/tls');
      expect(without.status).toBe(502);
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [mtlsEcho.port]), caSecret('https-cert', ca.certPem, clientCert), upstreamTlsPolicy('httpbin', 'https-cert', true)]);
      const res = await get('/tls');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ tls: true, clientCertificateCN: 'gatehouse-gateway' });
    });

    it('answers 502 when the upstream refuses the connection', async () => {
      const closedPort = await freePort();
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [closedPort]), caSecret('https-cert', ca.certPem), upstreamTlsPolicy('httpbin', 'https-cert')]);
      const res = await get('/get');
      expect([res.status, res.headers['x-gatehouse-error']]).toEqual([502, 'upstream_connection_refused']);
      expect(res.text).toBe(`upstream 127.0.0.1:${closedPort} refused the connection\n`);
    });

    it('with a policy but a plain-HTTP upstream answers 502 explaining the handshake failed', async () => {
      await enforce([...seedBase(), ...serviceWithEndpoints('httpbin', [plainA.port]), caSecret('https-cert', ca.certPem), upstreamTlsPolicy('httpbin', 'https-cert')]);
      const res = await get('/get');
      expect(res.status).toBe(502);
      expect(res.headers['x-gatehouse-error']).toBe('upstream_tls_handshake_failed');
    });
  });

  describe('worker: BackendTLSPolicy', () => {
    const objects = (hostname: string): KubeObject[] => [...seedBase(), ...serviceWithEndpoints('httpbin', [sanEcho.port]), caConfigMap('tls-checks-ca', ca.certPem), backendTlsPolicy('httpbin', 'tls-checks-ca', hostname)];

    it('with a hostname the certificate does not carry answers 502', async () => {
      await enforce(objects('wrong.example.com'));
      const res = await get('/headers');
      expect(res.status).toBe(502);
      expect(res.headers['x-gatehouse-error']).toBe('upstream_tls_hostname_mismatch');
      expect(res.text).toContain('wrong.example.com');
    });

    it('with the right hostname answers 200 and sends it as SNI', async () => {
      await enforce(objects('abc.example.com'));
      const res = await get('/tls');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ tls: true, sni: 'abc.example.com' });
    });
  });

  describe('worker: routing outcomes', () => {
    it('answers 404 when nothing matches, 503 without endpoints, 500 for an invalid backend', async () => {
      await enforce([
        gateway('simple-fsm-gateway', [listenPort]),
        httpRoute('r', 'simple-fsm-gateway', [
          { path: '/empty', backends: [{ service: 'no-endpoints' }] },
          { path: '/ghost', backends: [{ service: 'does-not-exist' }] },
        ]),
        ...serviceWithEndpoints('no-endpoints', [], { withSlice: false }),
      ]);
      const notFound = await get('/elsewhere');
      expect([notFound.status, notFound.headers['x-gatehouse-error']]).toEqual([404, 'no_route']);
      expect(notFound.text).toContain('no route matches GET foo.example.com/elsewhere');
      const otherHost = await get('/empty', { host: 'bar.example.com' });
      expect(otherHost.status).toBe(404);
      const noEndpoints = await get('/empty');
      expect([noEndpoints.status, noEndpoints.headers['x-gatehouse-error']]).toEqual([503, 'no_ready_endpoints']);
      const invalid = await get('/ghost');
      expect([invalid.status, invalid.headers['x-gatehouse-error']]).toEqual([500, 'invalid_backend']);
    });

    it('splits traffic by weight and streams request bodies both ways', async () => {
      await enforce([
        gateway('simple-fsm-gateway', [listenPort]),
        httpRoute('r', 'simple-fsm-gateway', [{ backends: [{ service: 'a', weight: 3 }, { service: 'b', weight: 1 }] }]),
        ...serviceWithEndpoints('a', [plainA.port]),
        ...serviceWithEndpoints('b', [plainB.port]),
      ]);
      const counts: Record<string, number> = {};
      for (let i = 0; i < 40; i++) {
        const r = await get('/get');
        const name = String(r.headers['x-echo-name']);
        counts[name] = (counts[name] ?? 0) + 1;
      }
      expect(counts).toEqual({ a: 30, b: 10 });
      const big = 'x'.repeat(3 * 1024 * 1024);
      const echoed = await get('/anything/upload', { method: 'POST', body: big });
      expect(echoed.status).toBe(200);
      expect((JSON.parse(echoed.text) as { data: string }).data.length).toBe(big.length);
    });

    it('finds the route by the Host as normalizeRequestHost reads it (case, port, trailing dot) among several hostnames', async () => {
      await enforce([
        gateway('simple-fsm-gateway', [listenPort]),
        httpRoute('ac', 'simple-fsm-gateway', [{ backends: [{ service: 'a' }] }], ['a.example.com', 'c.example.com']),
        httpRoute('b', 'simple-fsm-gateway', [{ backends: [{ service: 'b' }] }], ['b.example.com']),
        // A longer prefix on b.example.com: that host's first entry has a term, the others take every request.
        httpRoute('b-prefix', 'simple-fsm-gateway', [{ path: '/p', backends: [{ service: 'a' }] }], ['b.example.com']),
        ...serviceWithEndpoints('a', [plainA.port]),
        ...serviceWithEndpoints('b', [plainB.port]),
      ]);
      const served = async (host: string, path = '/get'): Promise<string> => {
        const r = await get(path, { host });
        // The echo servers name themselves on every answer (also their own 404s); the gateway's answers do not.
        return r.headers['x-echo-name'] === undefined ? String(r.status) : String(r.headers['x-echo-name']);
      };
      expect(await served('a.example.com')).toBe('a');
      expect(await served('C.Example.COM')).toBe('a');
      expect(await served('c.example.com:8080')).toBe('a');
      expect(await served('a.example.com.')).toBe('a');
      expect(await served('B.example.com.:80')).toBe('b');
      expect(await served('b.example.com', '/p/x')).toBe('a');
      expect(await served('b.example.com', '/p')).toBe('a');
      expect(await served('b.example.com', '/px')).toBe('b');
      expect(await served('d.example.com')).toBe('404');
      expect(await served('a.example.com.d')).toBe('404');
    });
  });

  describe('worker: snapshot lifecycle', () => {
    it('swaps tables atomically: the next request after enforcement sees the new route', async () => {
      for (let i = 0; i < 20; i++) {
        const target = i % 2 === 0 ? 'a' : 'b';
        await enforce([gateway('simple-fsm-gateway', [listenPort]), httpRoute('r', 'simple-fsm-gateway', [{ backends: [{ service: target }] }]), ...serviceWithEndpoints('a', [plainA.port]), ...serviceWithEndpoints('b', [plainB.port])]);
        expect((await get('/get')).headers['x-echo-name']).toBe(target);
      }
    });

    it('keeps the last good table when a snapshot is bad, and reports the error', async () => {
      const good = await enforce([gateway('simple-fsm-gateway', [listenPort]), httpRoute('r', 'simple-fsm-gateway', [{ backends: [{ service: 'a' }] }]), ...serviceWithEndpoints('a', [plainA.port])]);
      const notJson = waitForEvent<{ error: string }>(worker.events, 'rejected', () => true);
      fakeConsole.publishRaw(++revision, '{"revision": oops');
      expect((await notJson).error).toContain('snapshot is not JSON');
      const badRevision = ++revision;
      const badObject = waitForEvent<{ revision: number; error: string }>(worker.events, 'rejected', (e) => e.revision === badRevision);
      fakeConsole.publish(badRevision, [gateway('simple-fsm-gateway', [70000])]);
      const rejected = await badObject;
      expect(rejected.error).toContain('objects[0]');
      expect(rejected.error).toContain('spec.listeners[0].port');
      expect((await get('/get')).status).toBe(200);
      const cfg = (await admin('/config')).json ?? {};
      expect(cfg.revision).toBe(good);
      expect(JSON.stringify(cfg.lastError)).toContain('spec.listeners[0].port');
      expect(JSON.stringify(cfg)).not.toContain('BEGIN');
      await waitUntil(() => fakeConsole.reports.some((r) => typeof r.error === 'string' && r.revision === good), 3_000, 'an error report');
    });

    it('takes a lower revision as the truth (a restored store), and skips the revision it already enforces', async () => {
      const enforced = worker.revision ?? 0;
      const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 300));
      fakeConsole.publishRaw(++revision + 1000, JSON.stringify({ revision: enforced, objects: [] }));
      await settle();
      expect(worker.revision).toBe(enforced);
      expect((await get('/get')).status).toBe(200);
      fakeConsole.publishRaw(++revision + 1000, JSON.stringify({ revision: enforced - 1, objects: [] }));
      await waitUntil(() => worker.revision === enforced - 1, 3_000, 'the restored revision enforced');
      // The restored store holds no Gateway: the listener is closed.
      const attempt = (): Promise<unknown> => get('/get').then((r) => [r.status, r.headers['x-gatehouse-error']], (e: Error) => e.message);
      let outcome = await attempt();
      // HAProxy: each keep-alive connection opened before the change may get one answer saying so (its old process
      // hands requests to the newest configuration, which has no such listener), then it is closed.
      for (let i = 0; haproxy && i < 10 && typeof outcome !== 'string'; i++) {
        expect(outcome).toEqual([503, 'listener_removed']);
        outcome = await attempt();
      }
      expect(outcome).toMatch(/ECONNREFUSED/);
      revision += 1000;
    });

    it('reports a port that is in use while the other listener keeps serving', async () => {
      const busyPort = await freePort();
      const blocker: Server = createServer();
      await new Promise<void>((resolve) => blocker.listen(busyPort, '127.0.0.1', resolve));
      try {
        await enforce([
          gateway('simple-fsm-gateway', [listenPort]),
          gateway('second', [busyPort]),
          httpRoute('r', 'simple-fsm-gateway', [{ backends: [{ service: 'a' }] }]),
          ...serviceWithEndpoints('a', [plainA.port]),
        ]);
        expect((await get('/get')).status).toBe(200);
        const cfg = (await admin('/config')).json ?? {};
        const listeners = cfg.listeners as Array<{ gateway: string; port: number; state: string; error?: string }>;
        expect(listeners.find((l) => l.port === busyPort)).toMatchObject({ gateway: 'httpbin/second', state: 'error', error: expect.stringContaining('EADDRINUSE') });
        expect(listeners.find((l) => l.port === listenPort)).toMatchObject({ state: 'serving' });
        await waitUntil(() => fakeConsole.reports.some((r) => JSON.stringify(r.listeners).includes('EADDRINUSE')), 3_000, 'a report with EADDRINUSE');
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    });

    it('closes ports that leave the table', async () => {
      const extra = await freePort();
      await enforce([gateway('simple-fsm-gateway', [listenPort, extra]), httpRoute('r', 'simple-fsm-gateway', [{ backends: [{ service: 'a' }] }]), ...serviceWithEndpoints('a', [plainA.port])]);
      expect((await get('/get', { port: extra })).status).toBe(200);
      await enforce([gateway('simple-fsm-gateway', [listenPort]), httpRoute('r', 'simple-fsm-gateway', [{ backends: [{ service: 'a' }] }]), ...serviceWithEndpoints('a', [plainA.port])]);
      // A new connection is refused (a pooled keep-alive one would only see "other side closed").
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(extra, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      });
      expect(refused).toBe('ECONNREFUSED');
    });
  });

  describe('worker: authentication', () => {
    it('backs off on 401 and says so in /config', async () => {
      const other = await startEngineWorker(config({ readToken: () => 'wrong-token', workerId: 'worker-bad-token' }), pino({ level: 'silent' }));
      try {
        await waitUntil(async () => {
          const res = await request(`http://127.0.0.1:${other.adminPort}/config`);
          const cfg = (await res.body.json()) as { source: { state: string; lastError: string } };
          return cfg.source.state === 'unauthorized' && cfg.source.lastError.includes('401');
        }, 3_000, 'unauthorized state');
        expect((await request(`http://127.0.0.1:${other.adminPort}/readyz`)).statusCode).toBe(503);
      } finally {
        await other.stop();
      }
    });
  });
});

