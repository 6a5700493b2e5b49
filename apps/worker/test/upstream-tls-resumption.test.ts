import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { createTestPki, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import { type EnforcedEvent, startWorker, type WorkerHandle } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { caSecret, freePort, gateway, httpRoute, serviceWithEndpoints, upstreamTlsPolicy } from './helpers/scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * TLS session resumption to upstreams, against a real node:https upstream that closes its connection after every
 * answer (so every proxied request needs a new upstream connection) and reports, per connection, whether the
 * handshake resumed a session (`isSessionReused()`, the server's own view). A policy whose CA changes must not
 * resume a session made under the old CA: a resumed handshake skips certificate verification.
 */
const TOKEN = 'resumption-token';
let pki: TestPki;
let ca: TestCa;
let otherCa: TestCa;
let fakeConsole: FakeConsole;
let worker: WorkerHandle;
let upstream: Server;
let upstreamPort: number;
let port: number;
let revision = 0;
/** One entry per TLS connection the upstream accepted: true = resumed. */
const handshakes: boolean[] = [];

/** `/` → Service httpbin, verified with `caPem`; with `secondCaPem`, `/b` → Service httpbin-b: the same endpoint under its own policy. */
async function enforce(caPem: string, secondCaPem?: string): Promise<void> {
  const rev = ++revision;
  const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
  const objects: KubeObject[] = [
    gateway('gw', [port]),
    ...serviceWithEndpoints('httpbin', [upstreamPort]),
    caSecret('upstream-ca', caPem),
    upstreamTlsPolicy('httpbin', 'upstream-ca'),
  ];
  if (secondCaPem === undefined) objects.push(httpRoute('r', 'gw', [{ backends: [{ service: 'httpbin' }] }]));
  else {
    objects.push(
      httpRoute('r', 'gw', [{ path: '/b', backends: [{ service: 'httpbin-b' }] }, { path: '/', backends: [{ service: 'httpbin' }] }]),
      ...serviceWithEndpoints('httpbin-b', [upstreamPort]),
      caSecret('upstream-ca-b', secondCaPem),
      upstreamTlsPolicy('httpbin-b', 'upstream-ca-b'),
    );
  }
  fakeConsole.publish(rev, objects);
  await enforced;
}

async function get(path = '/'): Promise<{ status: number; error: string | undefined }> {
  const res = await request(`http://127.0.0.1:${port}${path}`, { headers: { host: 'foo.example.com' } });
  await res.body.dump();
  const error = res.headers['x-gatehouse-error'];
  return { status: res.statusCode, error: typeof error === 'string' ? error : undefined };
}

async function handshakeMetric(session: 'full' | 'resumed'): Promise<number> {
  const text = await (await request(`http://127.0.0.1:${worker.adminPort}/metrics`)).body.text();
  const line = text.split('\n').find((l) => l.startsWith(`gatehouse_upstream_tls_handshakes_total{session="${session}"}`));
  return line === undefined ? NaN : Number(line.split(' ').pop());
}

beforeAll(async () => {
  pki = createTestPki();
  ca = pki.createCa('resumption-ca');
  otherCa = pki.createCa('other-ca');
  const cert = pki.issue(ca, { cn: 'foo.example.com', sans: ['DNS:foo.example.com'] });
  upstream = createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
    res.end('ok\n');
  });
  upstream.on('secureConnection', (s: TLSSocket) => handshakes.push(s.isSessionReused()));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamPort = (upstream.address() as AddressInfo).port;
  fakeConsole = await startFakeConsole(TOKEN);
  port = await freePort();
  worker = await startWorker(feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-resumption'), pino({ level: 'silent' }));
});

afterAll(async () => {
  await worker?.stop();
  upstream?.closeAllConnections();
  await new Promise<void>((resolve) => (upstream === undefined ? resolve() : upstream.close(() => resolve())));
  await fakeConsole?.close();
  pki?.cleanup();
});

describe('upstream TLS session resumption', () => {
  it('resumes the session of the previous connection to the same endpoint with the same settings, and counts it', async () => {
    await enforce(ca.certPem);
    expect(await get()).toEqual({ status: 200, error: undefined });
    expect(await get()).toEqual({ status: 200, error: undefined });
    expect(await get()).toEqual({ status: 200, error: undefined });
    expect(handshakes).toEqual([false, true, true]);
    expect(await handshakeMetric('full')).toBe(1);
    expect(await handshakeMetric('resumed')).toBe(2);
  });

  it('does not offer a session made under other TLS settings: a changed CA bundle starts with a full handshake', async () => {
    handshakes.length = 0;
    // Both CAs: the upstream is still trusted, but through a policy with other settings.
    await enforce(`${ca.certPem}\n${otherCa.certPem}`);
    expect(await get()).toEqual({ status: 200, error: undefined });
    expect(await get()).toEqual({ status: 200, error: undefined });
    expect(handshakes).toEqual([false, true]);
    expect(await handshakeMetric('full')).toBe(2);
    expect(await handshakeMetric('resumed')).toBe(3);
  });

  it('keeps the sessions of one endpoint apart when two policies with different CAs reach it at the same time', async () => {
    await enforce(ca.certPem, `${otherCa.certPem}\n${ca.certPem}`);
    handshakes.length = 0;
    expect(await get('/')).toEqual({ status: 200, error: undefined });
    expect(await get('/')).toEqual({ status: 200, error: undefined });
    // Same address and port, other settings: its own full handshake first, then its own session. (The first request
    // is a full handshake too: the previous table's settings for `/` were the two-CA bundle, whose sessions went.)
    expect(await get('/b')).toEqual({ status: 200, error: undefined });
    expect(await get('/b')).toEqual({ status: 200, error: undefined });
    expect(handshakes).toEqual([false, true, false, true]);
  });

  it('refuses an upstream the new CA does not trust, even though a session from the old settings would resume', async () => {
    handshakes.length = 0;
    await enforce(otherCa.certPem);
    expect(await get()).toEqual({ status: 502, error: 'upstream_tls_untrusted' });
    // The upstream saw a full handshake (which the worker then refused), never a resumed one.
    expect(handshakes).not.toContain(true);
    expect(await handshakeMetric('resumed')).toBe(5);
    const text = await (await request(`http://127.0.0.1:${worker.adminPort}/metrics`)).body.text();
    expect(text).toMatch(/gatehouse_upstream_connect_failures_total\{tls="true",reason="upstream_tls_untrusted"\} 1/);
  });
});
