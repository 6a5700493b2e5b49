import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type EchoServer, startEchoServer } from '@gatehouse/echo/echo-server';
import { createTestPki } from '@gatehouse/echo/test-pki';
import { type EnforcedEvent, startWorker, type WorkerHandle } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { type RecordingUpstream, startRecordingUpstream } from './helpers/recording-upstream';
import { caSecret, freePort, gateway, serviceWithEndpoints, upstreamTlsPolicy } from './helpers/scenario';
import { waitForEvent, waitUntil } from './helpers/wait-for';

/**
 * /metrics and the access log through real sockets: requests of several outcomes (200, 3xx redirect, 404, 502 from a
 * refused upstream, 504 from a request timeout, mirrored, to a TLS upstream verified and one not trusted) go through a worker fed by a fake console; the Prometheus
 * exposition is scraped from the admin port and parsed, and the access log lines are read from the pino destination.
 */
const TOKEN = 'metrics-token';
const HOST = 'metrics.example.com';
const T0 = '2025-01-01T00:00:00Z';

let fakeConsole: FakeConsole;
let worker: WorkerHandle;
let silent: WorkerHandle;
let port: number;
let deadPort: number;
let v1: RecordingUpstream;
let mirror: RecordingUpstream;
let tlsEcho: EchoServer;
let caPem: string;
let otherCaPem: string;
const lines: string[] = [];
const silentLines: string[] = [];

function collector(into: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l !== '') into.push(l);
      cb();
    },
  });
}

const prefix = (value: string) => [{ path: { type: 'PathPrefix', value } }];
const backend = (name: string) => ({ name, port: 8443 });

function objects(ports: number[]): KubeObject[] {
  return [
    gateway('gw', ports),
    ...serviceWithEndpoints('v1', [v1.port]),
    ...serviceWithEndpoints('mirror', [mirror.port]),
    ...serviceWithEndpoints('dead', [deadPort]),
    ...serviceWithEndpoints('tls-good', [tlsEcho.port]),
    ...serviceWithEndpoints('tls-bad', [tlsEcho.port]),
    caSecret('good-ca', caPem),
    caSecret('other-ca', otherCaPem),
    upstreamTlsPolicy('tls-good', 'good-ca'),
    upstreamTlsPolicy('tls-bad', 'other-ca'),
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { namespace: 'httpbin', name: 'metrics', generation: 1, creationTimestamp: T0 },
      spec: {
        parentRefs: [{ name: 'gw' }],
        hostnames: [HOST],
        rules: [
          { matches: prefix('/ok'), backendRefs: [backend('v1')] },
          { matches: prefix('/redirect'), filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/ok' }, statusCode: 302 } }] },
          { matches: prefix('/dead'), backendRefs: [backend('dead')] },
          { matches: prefix('/slow'), timeouts: { request: '100ms' }, backendRefs: [backend('v1')] },
          { matches: prefix('/mirrored'), filters: [{ type: 'RequestMirror', requestMirror: { backendRef: backend('mirror') } }], backendRefs: [backend('v1')] },
          { matches: prefix('/anything/tls-good'), backendRefs: [backend('tls-good')] },
          { matches: prefix('/anything/tls-bad'), backendRefs: [backend('tls-bad')] },
        ],
      },
    },
  ];
}

/** Sends a GET and checks its status (the body is in the failure message). */
async function expectStatus(status: number, path: string, opts: { host?: string; headers?: Record<string, string>; address?: string } = {}): Promise<void> {
  const res = await request(`http://${opts.address ?? '127.0.0.1'}:${port}${path}`, { headers: { host: opts.host ?? HOST, ...opts.headers } });
  const text = await res.body.text();
  expect(res.statusCode, `${path}: ${text}`).toBe(status);
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format (0.0.4), as a scraper reads it. */
function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    out.push({ name: m[1]!, labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return out;
}

async function scrape(h: WorkerHandle = worker): Promise<{ contentType: string; samples: Sample[]; text: string }> {
  const res = await request(`http://127.0.0.1:${h.adminPort}/metrics`);
  const text = await res.body.text();
  expect(res.statusCode).toBe(200);
  return { contentType: String(res.headers['content-type']), samples: parseExposition(text), text };
}

/** The sum of the samples of `name` whose labels include `labels`; undefined when none match. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hits.length === 0 ? undefined : hits.reduce((a, s) => a + s.value, 0);
}

const RULE = (rule: number) => ({ gateway: 'httpbin/gw', route: 'httpbin/metrics', rule: String(rule) });

beforeAll(async () => {
  [v1, mirror] = await Promise.all([startRecordingUpstream('v1'), startRecordingUpstream('mirror')]);
  const pki = createTestPki();
  const ca = pki.createCa('metrics-ca');
  const cert = pki.issue(ca, { cn: 'foo.example.com' });
  caPem = ca.certPem;
  otherCaPem = pki.createCa('someone-else').certPem;
  tlsEcho = await startEchoServer({ host: '127.0.0.1', port: 0, tls: true, cert: cert.certPem, key: cert.keyPem, name: 'tls' });
  v1.behave = (r) => (r.target.startsWith('/slow') ? { delayMs: 400 } : {});
  fakeConsole = await startFakeConsole(TOKEN);
  port = await freePort();
  do deadPort = await freePort();
  while (deadPort === port);
  worker = await startWorker(
    feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-metrics', { accessLog: { mode: 'json', sample: 1 } }),
    pino({ level: 'silent' }),
    { accessLogDestination: collector(lines), statusReportIntervalMs: 200 },
  );
  silent = await startWorker(
    feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-metrics-unsampled', { bindAddress: '127.0.0.2', accessLog: { mode: 'json', sample: 0 } }),
    pino({ level: 'silent' }),
    { accessLogDestination: collector(silentLines) },
  );
  // One snapshot for both workers, on the same port of two loopback addresses.
  const both = [waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === 1), waitForEvent<EnforcedEvent>(silent.events, 'enforced', (e) => e.revision === 1)];
  fakeConsole.publish(1, objects([port]));
  await Promise.all(both);
});

afterAll(async () => {
  await worker?.stop();
  await silent?.stop();
  await Promise.all([v1, mirror].map((u) => u?.close()));
  await tlsEcho?.close();
  await fakeConsole?.close();
});

describe('GET /metrics', () => {
  let samples: Sample[];
  let scraped: Awaited<ReturnType<typeof scrape>>;
  let client: Socket;

  beforeAll(async () => {
    expect(worker.listeners.states()).toContainEqual(expect.objectContaining({ port, state: 'serving' }));
    for (let i = 0; i < 3; i++) await expectStatus(200, `/ok/${i}?token=secret-query`, { headers: { authorization: 'Bearer header-secret' } });
    await expectStatus(302, '/redirect');
    await expectStatus(502, '/dead');
    await expectStatus(502, '/dead');
    await expectStatus(404, '/nothing-here', { host: 'unknown.example.com' });
    await expectStatus(504, '/slow');
    await expectStatus(200, '/mirrored');
    await expectStatus(200, '/anything/tls-good');
    await expectStatus(502, '/anything/tls-bad');
    await waitUntil(() => mirror.received.length === 1, 5_000, 'the mirrored copy');
    // An idle client connection, counted as open on its listener port.
    client = connect(port, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    // The mirror's answer is counted when undici has read it, just after the mirror saw the request.
    await waitUntil(async () => value((await scrape()).samples, 'gatehouse_mirror_requests_total', { outcome: 'completed' }) === 1, 5_000, 'the mirror counted');
    scraped = await scrape();
    samples = scraped.samples;
  });

  afterAll(() => client?.destroy());

  it('answers the Prometheus text format 0.0.4', () => {
    expect(scraped.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scraped.text).toContain('# TYPE gatehouse_http_requests_total counter');
    expect(scraped.text).toContain('# TYPE gatehouse_http_request_duration_seconds histogram');
  });

  it('counts requests by gateway, route, rule, backend and status class', () => {
    const requests = (labels: Record<string, string>) => value(samples, 'gatehouse_http_requests_total', labels);
    expect(requests({ ...RULE(0), backend: 'httpbin/v1:8443', status_class: '2xx' })).toBe(3);
    expect(requests({ ...RULE(1), backend: 'none', status_class: '3xx' })).toBe(1);
    expect(requests({ ...RULE(2), backend: 'httpbin/dead:8443', status_class: '5xx' })).toBe(2);
    expect(requests({ ...RULE(3), backend: 'httpbin/v1:8443', status_class: '5xx' })).toBe(1);
    expect(requests({ ...RULE(4), backend: 'httpbin/v1:8443', status_class: '2xx' })).toBe(1);
    // No route: the listener's Gateway, route/rule/backend "none".
    expect(requests({ gateway: 'httpbin/gw', route: 'none', rule: 'none', backend: 'none', status_class: '4xx' })).toBe(1);
    expect(requests({ ...RULE(5), backend: 'httpbin/tls-good:8443', status_class: '2xx' })).toBe(1);
    expect(requests({ ...RULE(6), backend: 'httpbin/tls-bad:8443', status_class: '5xx' })).toBe(1);
    expect(requests({})).toBe(11);
    // Rules that served nothing have no samples (series exist, classes at zero are left out).
    expect(requests({ ...RULE(0), status_class: '5xx' })).toBeUndefined();
  });

  it('has latency histograms to response headers and to completion, with cumulative buckets', () => {
    for (const name of ['gatehouse_http_request_duration_seconds', 'gatehouse_http_response_headers_seconds']) {
      const labels = { ...RULE(0), backend: 'httpbin/v1:8443' };
      expect(value(samples, `${name}_count`, labels)).toBe(3);
      expect(value(samples, `${name}_bucket`, { ...labels, le: '+Inf' })).toBe(3);
      const buckets = samples.filter((s) => s.name === `${name}_bucket` && s.labels.rule === '0');
      expect(buckets.length).toBeGreaterThan(10);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
      expect(value(samples, `${name}_sum`, labels)).toBeGreaterThan(0);
    }
    // The timed-out request took its 100 ms: nothing of it in the buckets up to 50 ms.
    const slow = { ...RULE(3), backend: 'httpbin/v1:8443' };
    expect(value(samples, 'gatehouse_http_request_duration_seconds_bucket', { ...slow, le: '0.05' })).toBe(0);
    expect(value(samples, 'gatehouse_http_request_duration_seconds_bucket', { ...slow, le: '+Inf' })).toBe(1);
  });

  it('counts upstream connections, failures by reason, timeouts, mirrors and gateway errors', () => {
    expect(value(samples, 'gatehouse_upstream_connections_opened_total', { tls: 'false' })).toBeGreaterThanOrEqual(2);
    expect(value(samples, 'gatehouse_upstream_connections_opened_total', { tls: 'true' })).toBe(1);
    expect(value(samples, 'gatehouse_upstream_tls_handshakes_total')).toBe(1);
    expect(value(samples, 'gatehouse_upstream_connect_failures_total', { tls: 'false', reason: 'upstream_connection_refused' })).toBe(2);
    expect(value(samples, 'gatehouse_upstream_connect_failures_total', { tls: 'true', reason: 'upstream_tls_untrusted' })).toBe(1);
    expect(value(samples, 'gatehouse_upstream_connect_failures_total')).toBe(3);
    expect(value(samples, 'gatehouse_timeouts_total', { kind: 'request' })).toBe(1);
    expect(value(samples, 'gatehouse_timeouts_total', { kind: 'backend_request' })).toBe(0);
    expect(value(samples, 'gatehouse_retries_total')).toBe(0);
    expect(value(samples, 'gatehouse_mirror_requests_total', { outcome: 'failed' })).toBe(0);
    expect(value(samples, 'gatehouse_proxy_errors_total', { code: 'no_route' })).toBe(1);
    expect(value(samples, 'gatehouse_proxy_errors_total', { code: 'upstream_connection_refused' })).toBe(2);
    expect(value(samples, 'gatehouse_proxy_errors_total', { code: 'upstream_tls_untrusted' })).toBe(1);
  });

  it('reports the configuration revision, reloads and open client connections by port', () => {
    expect(value(samples, 'gatehouse_config_revision')).toBe(1);
    expect(value(samples, 'gatehouse_config_reloads_total', { result: 'success' })).toBe(1);
    expect(value(samples, 'gatehouse_config_reloads_total', { result: 'failure' })).toBe(0);
    expect(value(samples, 'gatehouse_config_last_reload_duration_seconds')).toBeGreaterThan(0);
    expect(value(samples, 'gatehouse_open_connections', { port: String(port) })).toBeGreaterThanOrEqual(1);
  });

  it('includes the default process metrics', () => {
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts a refused snapshot as a failed reload and keeps the revision', async () => {
    const rejected = waitForEvent(silent.events, 'rejected', () => true);
    fakeConsole.publishRaw(2, '{"revision": 2, "objects": "not a list"}');
    await rejected;
    const s = (await scrape(silent)).samples;
    expect(value(s, 'gatehouse_config_reloads_total', { result: 'failure' })).toBe(1);
    expect(value(s, 'gatehouse_config_revision')).toBe(1);
  });
});

describe('status reports', () => {
  it('carry the traffic figures since the previous report: requests/s, 5xx rate, p50/p99', async () => {
    const mine = () => fakeConsole.reports.filter((r) => r.workerId === 'worker-metrics' && typeof r.traffic === 'object');
    const requests = () => mine().reduce((n, r) => n + (r.traffic as { requests: number }).requests, 0);
    // Each report counts the requests since the one before: together, all 11 requests of the scenario.
    await waitUntil(() => requests() === 11, 5_000, 'reports covering every request');
    const busy = mine().find((r) => (r.traffic as { requests: number }).requests > 0)!.traffic as Record<string, number | null>;
    expect(busy.requestsPerSecond).toBeGreaterThan(0);
    // 502, 502, 504 and 502: four 5xx answers over all reports.
    const errors = mine().reduce((n, r) => {
      const t = r.traffic as { requests: number; errorRate: number | null };
      return n + Math.round((t.errorRate ?? 0) * t.requests);
    }, 0);
    expect(errors).toBe(4);
    expect(busy.p50Ms).toBeGreaterThan(0);
    expect(busy.p99Ms).toBeGreaterThanOrEqual(busy.p50Ms!);
    expect(Object.keys(busy).sort()).toEqual(['errorRate', 'p50Ms', 'p99Ms', 'requests', 'requestsPerSecond', 'windowSeconds']);
  });
});

describe('access log', () => {
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

  it('writes one JSON line per request with the route, backend, upstream and outcome', async () => {
    await waitUntil(() => lines.length >= 11, 5_000, 'access log lines');
    const entries = parsed();
    const ok = entries.find((e) => e.path === '/ok/0');
    expect(ok).toMatchObject({
      type: 'access', method: 'GET', host: HOST, status: 200, gateway: 'httpbin/gw', route: 'httpbin/metrics#0',
      backend: 'httpbin/v1:8443', upstream: `127.0.0.1:${v1.port}`, error: null, client: '127.0.0.1',
    });
    expect(ok!.bytes).toBeGreaterThan(0);
    expect(typeof ok!.durationMs).toBe('number');
    expect(typeof ok!.time).toBe('string');
    expect(entries.find((e) => e.path === '/dead')).toMatchObject({ status: 502, error: 'upstream_connection_refused', upstream: `127.0.0.1:${deadPort}`, backend: 'httpbin/dead:8443' });
    expect(entries.find((e) => e.path === '/nothing-here')).toMatchObject({ status: 404, error: 'no_route', route: null, backend: null, upstream: null, gateway: 'httpbin/gw' });
    expect(entries.find((e) => e.path === '/redirect')).toMatchObject({ status: 302, route: 'httpbin/metrics#1', error: null });
    expect(entries.find((e) => e.path === '/slow')).toMatchObject({ status: 504, error: 'request_timeout' });
    expect(entries.find((e) => e.path === '/anything/tls-bad')).toMatchObject({ status: 502, error: 'upstream_tls_untrusted', upstream: `127.0.0.1:${tlsEcho.port}` });
  });

  it('never logs the query string or header values other than Host', () => {
    const all = lines.join('\n');
    expect(all).not.toContain('secret-query');
    expect(all).not.toContain('header-secret');
    expect(all).not.toContain('?');
  });

  it('logs nothing at sampling 0', async () => {
    await expectStatus(200, '/ok/unsampled', { address: '127.0.0.2' });
    await expectStatus(404, '/nothing', { address: '127.0.0.2', host: 'unknown.example.com' });
    const s = (await scrape(silent)).samples;
    // The requests were served and counted, yet not logged.
    expect(value(s, 'gatehouse_http_requests_total', { ...RULE(0), status_class: '2xx' })).toBe(1);
    expect(silentLines).toEqual([]);
  });
});

describe('a new configuration', () => {
  it('keeps the counts of the routes it still has and drops the series of those it no longer has', async () => {
    const before = (await scrape()).samples;
    const okBefore = value(before, 'gatehouse_http_requests_total', { ...RULE(0), status_class: '2xx' });
    expect(value(before, 'gatehouse_http_requests_total', { ...RULE(2) })).toBe(2);
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === 3);
    const reduced = objects([port]).map((o) => {
      if (o.kind !== 'HTTPRoute') return o;
      const spec = o.spec as { rules: unknown[] };
      return { ...o, metadata: { ...o.metadata, generation: 2 }, spec: { ...spec, rules: spec.rules.slice(0, 1) } };
    });
    fakeConsole.publish(3, reduced);
    await enforced;
    const after = (await scrape()).samples;
    expect(value(after, 'gatehouse_http_requests_total', { ...RULE(0), status_class: '2xx' })).toBe(okBefore);
    expect(value(after, 'gatehouse_http_requests_total', { ...RULE(2) })).toBeUndefined();
    expect(value(after, 'gatehouse_http_request_duration_seconds_count', { ...RULE(2) })).toBeUndefined();
    expect(value(after, 'gatehouse_config_revision')).toBe(3);
    expect(value(after, 'gatehouse_config_reloads_total', { result: 'success' })).toBe(2);
    await expectStatus(404, '/dead');
    const last = (await scrape()).samples;
    expect(value(last, 'gatehouse_http_requests_total', { gateway: 'httpbin/gw', route: 'none', status_class: '4xx' })).toBe(2);
  });
});
