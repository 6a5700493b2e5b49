import { Readable } from 'node:stream';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { WorkerConfig } from '../src/config/worker-config';
import { type EngineWorkerHandle, type EnforcedEvent, startEngineWorker } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { testEngines } from './helpers/engines';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { rawExchange } from './helpers/raw-http';
import { type RecordingUpstream, startRecordingUpstream } from './helpers/recording-upstream';
import { freePort, gateway, serviceWithEndpoints } from './helpers/scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * HTTPRoute filters, timeouts and retries through the worker on real sockets, with the expectations of the Gateway API
 * v1.6 conformance tests restated (HTTPRouteRequestHeaderModifier, ResponseHeaderModifier, RewritePath/Host,
 * Redirect{Path,Port,Scheme,HostAndStatus,PortAndScheme}, BackendRequestHeaderModifier, RequestMirror (multiple,
 * percentage), CORS, Timeout{Request,BackendRequest}, Retry). Upstreams record what they received.
 */
const TOKEN = 'filters-token';
describe.each(testEngines())('%s engine', (engine) => {
  let fakeConsole: FakeConsole;
  let worker: EngineWorkerHandle;
  const haproxy = engine === 'haproxy';
  let port: number;
  let revision = 0;
  let v1: RecordingUpstream;
  let v2: RecordingUpstream;
  let mirrorA: RecordingUpstream;
  let mirrorB: RecordingUpstream;

  const T0 = '2025-01-01T00:00:00Z';
  type Rule = Record<string, unknown>;

  function route(name: string, rules: Rule[], hostnames = ['filters.example.com']): KubeObject {
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { namespace: 'httpbin', name, generation: 1, creationTimestamp: T0 },
      spec: { parentRefs: [{ name: 'gw' }], hostnames, rules },
    };
  }

  const backend = (service: string, extra: Record<string, unknown> = {}) => ({ name: service, port: 8443, ...extra });
  const prefix = (value: string) => [{ path: { type: 'PathPrefix', value } }];

  async function enforce(objects: KubeObject[]): Promise<void> {
    const rev = ++revision;
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
    fakeConsole.publish(rev, [gateway('gw', [port]), ...serviceWithEndpoints('v1', [v1.port]), ...serviceWithEndpoints('v2', [v2.port]),
      ...serviceWithEndpoints('mirror-a', [mirrorA.port]), ...serviceWithEndpoints('mirror-b', [mirrorB.port]), ...objects]);
    await enforced;
  }

  /**
   * HAProxy cannot do `construct` (RequestMirror, timeouts.request, retry.backoff): a rule using it is answered
   * 500 `unsupported_by_engine` by the compiler for the haproxy engine (the route gets a condition naming it) — or,
   * where the table was compiled without knowing the engine, the renderer refuses the whole snapshot and the last
   * good configuration keeps serving. Never silently something else.
   */
  async function expectUnsupportedOnHaproxy(rules: Rule[], path: string, construct: RegExp): Promise<void> {
    const rev = ++revision;
    const outcome = new Promise<{ kind: 'enforced' } | { kind: 'rejected'; error: string }>((resolve) => {
      void waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev, 15_000).then(() => resolve({ kind: 'enforced' }), () => undefined);
      void waitForEvent<{ revision: number; error: string }>(worker.events, 'rejected', (e) => e.revision === rev, 15_000).then((e) => resolve({ kind: 'rejected', error: e.error }), () => undefined);
    });
    fakeConsole.publish(rev, [gateway('gw', [port]), ...serviceWithEndpoints('v1', [v1.port]), ...serviceWithEndpoints('mirror-a', [mirrorA.port]), route('unsupported', rules)]);
    const o = await outcome;
    if (o.kind === 'rejected') {
      expect(o.error).toMatch(construct);
      return;
    }
    const r = await send(path);
    // Compiled for haproxy, a rule using the construct answers 500 naming it; a route whose every rule uses one is
    // not accepted at all (Accepted=False, UnsupportedValue: gateway-api v1.6.1), so its requests find no route.
    if (r.status === 404) expect(r.headers['x-gatehouse-error']).toBe('no_route');
    else {
      expect([r.status, r.headers['x-gatehouse-error']]).toEqual([500, 'unsupported_by_engine']);
      expect(r.text).toMatch(construct);
    }
    expect(v1.received).toHaveLength(0);
  }

  async function send(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {}) {
    const started = performance.now();
    const res = await request(`http://127.0.0.1:${port}${path}`, {
      method: (opts.method ?? 'GET') as 'GET',
      headers: { host: opts.host ?? 'filters.example.com', ...opts.headers },
      ...(opts.body === undefined ? {} : { body: opts.body }),
    });
    const text = await res.body.text();
    const json = text.startsWith('{') ? (JSON.parse(text) as { upstream: string; target: string; headers: Record<string, string>; body: string }) : null;
    return { status: res.statusCode, headers: res.headers, text, json, ms: performance.now() - started };
  }

  function config(): WorkerConfig {
    return feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-filters', { workerName: 'filters', engine });
  }

  async function until(check: () => boolean, ms = 2000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  beforeAll(async () => {
    [v1, v2, mirrorA, mirrorB] = await Promise.all(['v1', 'v2', 'mirror-a', 'mirror-b'].map((n) => startRecordingUpstream(n))) as [RecordingUpstream, RecordingUpstream, RecordingUpstream, RecordingUpstream];
    fakeConsole = await startFakeConsole(TOKEN);
    port = await freePort();
    worker = await startEngineWorker(config(), pino({ level: 'silent' }));
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all([v1, v2, mirrorA, mirrorB].map((u) => u?.close()));
    await fakeConsole?.close();
  });

  beforeEach(() => {
    for (const u of [v1, v2, mirrorA, mirrorB]) {
      u.received.length = 0;
      u.behave = () => ({});
    }
  });

  describe('header modifiers', () => {
    it('RequestHeaderModifier sets, adds (appending with a comma) and removes, names case-insensitive', async () => {
      await enforce([route('headers', [{
        matches: prefix('/'),
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: {
          set: [{ name: 'X-Header-Set', value: 'set-overwrites-values' }],
          add: [{ name: 'X-Header-Add', value: 'header-val-1' }, { name: 'X-Header-Add-Append', value: 'header-val-2' }],
          remove: ['X-Header-Remove'],
        } }],
        backendRefs: [backend('v1')],
      }])]);
      const r = await send('/anything', { headers: { 'x-header-set': 'set-val', 'X-Header-Add-Append': 'append-val-1', 'X-HEADER-REMOVE': 'remove-val', 'x-untouched': 'u' } });
      expect(r.status).toBe(200);
      const h = r.json?.headers ?? {};
      expect(h['x-header-set']).toBe('set-overwrites-values');
      expect(h['x-header-add']).toBe('header-val-1');
      expect(h['x-header-add-append']).toBe('append-val-1,header-val-2');
      expect(h['x-header-remove']).toBeUndefined();
      expect(h['x-untouched']).toBe('u');
    });

    it('ResponseHeaderModifier edits what the client gets back', async () => {
      v1.behave = () => ({ headers: { 'x-header-remove': 'gone', 'x-header-set': 'original', 'x-header-add-append': 'up' } });
      await enforce([route('resp', [{
        matches: prefix('/'),
        filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: {
          set: [{ name: 'X-Header-Set', value: 'set-overwrites-values' }],
          add: [{ name: 'X-Header-Add', value: 'header-val-1' }, { name: 'X-Header-Add-Append', value: 'header-val-2' }],
          remove: ['X-Header-Remove'],
        } }],
        backendRefs: [backend('v1')],
      }])]);
      const r = await send('/x');
      expect(r.headers['x-header-set']).toBe('set-overwrites-values');
      expect(r.headers['x-header-add']).toBe('header-val-1');
      expect(r.headers['x-header-add-append']).toBe('up,header-val-2');
      expect(r.headers['x-header-remove']).toBeUndefined();
    });

    it('backendRef filters apply to the backend that was picked (weights 1:1 → each backend its own header)', async () => {
      await enforce([route('per-backend', [{
        matches: prefix('/'),
        backendRefs: [
          backend('v1', { weight: 1, filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'backend', value: 'v1' }] } }] }),
          backend('v2', { weight: 1, filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'backend', value: 'v2' }] } }] }),
        ],
      }])]);
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) {
        const r = await send('/w');
        expect(r.json?.headers.backend).toBe(r.json?.upstream);
        seen.add(r.json?.upstream ?? '');
      }
      expect(seen).toEqual(new Set(['v1', 'v2']));
    });
  });

  describe('URLRewrite', () => {
    beforeAll(async () => {
      await enforce([route('rewrite', [
        { matches: prefix('/prefix/one'), filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/one' } } }], backendRefs: [backend('v1')] },
        { matches: prefix('/strip-prefix'), filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }], backendRefs: [backend('v1')] },
        { matches: prefix('/full/one'), filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/one' } } }], backendRefs: [backend('v1')] },
        { matches: prefix('/host'), filters: [{ type: 'URLRewrite', urlRewrite: { hostname: 'one.example.org' } }], backendRefs: [backend('v1')] },
        { matches: prefix('/backend'), backendRefs: [backend('v1', { filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/rewritten-prefix' } } }] })] },
      ])]);
    });

    it.each([
      ['/prefix/one/two', '/one/two'],
      ['/prefix/one/', '/one/'],
      ['/prefix/one', '/one'],
      ['/strip-prefix/three', '/three'],
      ['/strip-prefix', '/'],
      ['/strip-prefix/', '/'],
      ['/full/one/two', '/one'],
      ['/full/one/two?q=1', '/one?q=1'],
      ['/prefix/one/two?a=b&c=d', '/one/two?a=b&c=d'],
      ['/backend/original', '/rewritten-prefix/original'],
    ])('%s reaches the upstream as %s', async (sent, expected) => {
      const r = await send(sent);
      expect(r.status).toBe(200);
      expect(r.json?.target).toBe(expected);
    });

    it('hostname rewrite replaces the Host header and keeps the path', async () => {
      const r = await send('/host/rewrite');
      expect(r.json?.headers.host).toBe('one.example.org');
      expect(r.json?.target).toBe('/host/rewrite');
    });
  });

  describe('RequestRedirect', () => {
    beforeAll(async () => {
      const redirect = (path: string, requestRedirect: Record<string, unknown>) => ({ matches: prefix(path), filters: [{ type: 'RequestRedirect', requestRedirect }] });
      await enforce([route('redirects', [
        redirect('/scheme-nil-and-port-nil', {}),
        redirect('/scheme-nil-and-port-80', { port: 80 }),
        redirect('/scheme-nil-and-port-8080', { port: 8080 }),
        redirect('/scheme-https-and-port-nil', { scheme: 'https' }),
        redirect('/scheme-https-and-port-443', { scheme: 'https', port: 443 }),
        redirect('/scheme-https-and-port-8443', { scheme: 'https', port: 8443 }),
        redirect('/hostname-redirect', { hostname: 'example.org' }),
        redirect('/host-and-status', { hostname: 'example.org', statusCode: 301 }),
        redirect('/original-prefix', { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/replacement-prefix' } }),
        redirect('/full', { path: { type: 'ReplaceFullPath', replaceFullPath: '/full-path-replacement' } }),
        redirect('/status-303', { statusCode: 303 }),
        redirect('/status-307', { statusCode: 307 }),
        redirect('/status-308', { statusCode: 308, scheme: 'https' }),
        { matches: prefix('/backend-redirect'), backendRefs: [backend('v1', { filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/redirected-prefix' } } }] })] },
      ])]);
    });

    it.each([
      // Without a scheme the port defaults to the listener's; with one, to the scheme's well-known port; 80/443 are left out.
      ['/scheme-nil-and-port-nil', 302, (p: number) => `http://filters.example.com:${p}/scheme-nil-and-port-nil`],
      ['/scheme-nil-and-port-80', 302, () => 'http://filters.example.com/scheme-nil-and-port-80'],
      ['/scheme-nil-and-port-8080', 302, () => 'http://filters.example.com:8080/scheme-nil-and-port-8080'],
      ['/scheme-https-and-port-nil', 302, () => 'https://filters.example.com/scheme-https-and-port-nil'],
      ['/scheme-https-and-port-443', 302, () => 'https://filters.example.com/scheme-https-and-port-443'],
      ['/scheme-https-and-port-8443', 302, () => 'https://filters.example.com:8443/scheme-https-and-port-8443'],
      ['/hostname-redirect?x=1', 302, (p: number) => `http://example.org:${p}/hostname-redirect?x=1`],
      ['/host-and-status', 301, (p: number) => `http://example.org:${p}/host-and-status`],
      ['/original-prefix/lemon', 302, (p: number) => `http://filters.example.com:${p}/replacement-prefix/lemon`],
      ['/full/path/original', 302, (p: number) => `http://filters.example.com:${p}/full-path-replacement`],
      ['/status-303', 303, (p: number) => `http://filters.example.com:${p}/status-303`],
      ['/status-307', 307, (p: number) => `http://filters.example.com:${p}/status-307`],
      ['/status-308', 308, () => 'https://filters.example.com/status-308'],
      ['/backend-redirect/original', 302, (p: number) => `http://filters.example.com:${p}/redirected-prefix/original`],
    ])('%s → %i', async (path, status, location) => {
      const r = await send(path, { host: 'filters.example.com:1234' });
      expect(r.status).toBe(status);
      expect(r.headers.location).toBe(location(port));
      expect(v1.received).toHaveLength(0);
    });
  });

  describe('RequestMirror', () => {
    it('copies each request to every mirror, discards their answers and never waits for them', async () => {
      mirrorB.behave = () => ({ status: 500, delayMs: 1500 });
      await enforce([route('mirrors', [{
        matches: prefix('/'),
        filters: [
          { type: 'RequestMirror', requestMirror: { backendRef: backend('mirror-a') } },
          { type: 'RequestMirror', requestMirror: { backendRef: backend('mirror-b') } },
          { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-edited', value: 'yes' }] } },
        ],
        backendRefs: [backend('v1')],
      }])]);
      const r = await send('/mirror/me?k=v', { method: 'POST', body: 'payload' });
      expect(r.status).toBe(200);
      expect(r.json?.upstream).toBe('v1');
      expect(r.ms).toBeLessThan(1000);
      await until(() => mirrorA.received.length === 1 && mirrorB.received.length === 1);
      for (const m of [mirrorA, mirrorB]) {
        expect(m.received[0]).toMatchObject({ method: 'POST', target: '/mirror/me?k=v', body: 'payload' });
        expect(m.received[0]?.headers['x-edited']).toBe('yes');
      }
    });

    it('mirrors the configured share of requests (percent and fraction)', async () => {
      await enforce([route('share', [{
        matches: prefix('/'),
        filters: [
          { type: 'RequestMirror', requestMirror: { backendRef: backend('mirror-a'), percent: 0 } },
          { type: 'RequestMirror', requestMirror: { backendRef: backend('mirror-b'), fraction: { numerator: 1, denominator: 2 } } },
        ],
        backendRefs: [backend('v1')],
      }])]);
      for (let i = 0; i < 200; i++) expect((await send(`/p/${i}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      expect(mirrorA.received).toHaveLength(0);
      // Binomial(200, 0.5): outside 60..140 has a probability below 1e-8.
      expect(mirrorB.received.length).toBeGreaterThan(60);
      expect(mirrorB.received.length).toBeLessThan(140);
    });

    it('a mirror that refuses connections does not fail the real request', async () => {
      const dead = await startRecordingUpstream('dead');
      const deadPort = dead.port;
      await dead.close();
      const rev = ++revision;
      const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
      fakeConsole.publish(rev, [gateway('gw', [port]), ...serviceWithEndpoints('v1', [v1.port]), ...serviceWithEndpoints('gone', [deadPort]),
        route('dead-mirror', [{ matches: prefix('/'), filters: [{ type: 'RequestMirror', requestMirror: { backendRef: backend('gone') } }], backendRefs: [backend('v1')] }])]);
      await enforced;
      const r = await send('/still-works');
      expect(r.status).toBe(200);
      expect(r.json?.upstream).toBe('v1');
    });

    it('copies bodies whole (Content-Length and chunked, beyond one buffer), every method, and only the headers sent', async () => {
      await enforce([route('bodies', [{
        matches: prefix('/'),
        filters: [{ type: 'RequestMirror', requestMirror: { backendRef: backend('mirror-a') } }],
        backendRefs: [backend('v1')],
      }])]);
      // 200 kB: more than HAProxy's 16 kB buffer, so the copy is assembled from many chunks.
      const big = Array.from({ length: 20_000 }, (_, i) => `line ${i} `).join('').slice(0, 200_000);
      const r = await send('/upload?x=1', { method: 'PUT', body: big });
      expect([r.status, r.json?.body.length]).toEqual([200, big.length]);
      const chunked = await request(`http://127.0.0.1:${port}/chunked`, { method: 'POST', headers: { host: 'filters.example.com' }, body: Readable.from([Buffer.from(big.slice(0, 70_000)), Buffer.from(big.slice(70_000))]) });
      expect(chunked.statusCode).toBe(200);
      await chunked.body.text();
      for (const method of ['PATCH', 'OPTIONS', 'HEAD', 'DELETE']) expect((await send(`/m/${method}`, { method })).status).toBe(200);
      await until(() => mirrorA.received.length === 6);
      const byTarget = new Map(mirrorA.received.map((m) => [m.target, m]));
      expect(byTarget.get('/upload?x=1')).toMatchObject({ method: 'PUT', body: big });
      expect(byTarget.get('/chunked')).toMatchObject({ method: 'POST', body: big });
      for (const method of ['PATCH', 'OPTIONS', 'HEAD', 'DELETE']) expect(byTarget.get(`/m/${method}`)?.method).toBe(method);
      // undici sends neither Accept nor User-Agent here: the copy has none either (HAProxy's HTTP client would add them).
      const head = byTarget.get('/m/HEAD')!;
      expect(head.headers['user-agent']).toBe(v1.received.find((m) => m.target === '/m/HEAD')?.headers['user-agent']);
      expect(head.headers.accept).toBe(v1.received.find((m) => m.target === '/m/HEAD')?.headers.accept);
      expect(head.headers.host).toBe('filters.example.com');
      expect(Object.keys(head.headers).filter((h) => h.startsWith('x-gatehouse'))).toEqual([]);
    });

    it('a mirror answering slowly never delays the client, also for a body', async () => {
      mirrorA.behave = () => ({ delayMs: 1500 });
      await enforce([route('slow-mirror', [{
        matches: prefix('/'),
        filters: [{ type: 'RequestMirror', requestMirror: { backendRef: backend('mirror-a') } }],
        backendRefs: [backend('v1')],
      }])]);
      for (let i = 0; i < 5; i++) {
        const r = await send(`/slow/${i}`, { method: 'POST', body: 'x'.repeat(50_000) });
        expect(r.status).toBe(200);
        expect(r.ms).toBeLessThan(1000);
      }
      await until(() => mirrorA.received.length === 5, 5000);
    });

    it('a backendRef\'s own mirror copies the request after the rule\'s and the backendRef\'s edits', async () => {
      await enforce([route('per-backend', [{
        matches: prefix('/old'),
        filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' } } }],
        backendRefs: [backend('v1', { filters: [
          { type: 'RequestHeaderModifier', requestHeaderModifier: { add: [{ name: 'x-backend', value: 'v1' }] } },
          { type: 'RequestMirror', requestMirror: { backendRef: backend('mirror-b') } },
        ] })],
      }])]);
      expect((await send('/old/x?q=1')).status).toBe(200);
      await until(() => mirrorB.received.length === 1);
      expect(mirrorB.received[0]).toMatchObject({ method: 'GET', target: '/new/x?q=1' });
      expect(mirrorB.received[0]?.headers['x-backend']).toBe('v1');
    });

    it('copies a request whose Service has no ready endpoints (the client gets the 503)', async () => {
      const rev = ++revision;
      const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
      fakeConsole.publish(rev, [gateway('gw', [port]), ...serviceWithEndpoints('mirror-a', [mirrorA.port]), ...serviceWithEndpoints('empty', []),
        route('no-endpoints', [{ matches: prefix('/'), filters: [{ type: 'RequestMirror', requestMirror: { backendRef: backend('mirror-a') } }], backendRefs: [backend('empty')] }])]);
      await enforced;
      const r = await send('/nobody-home', { method: 'POST', body: 'hello' });
      expect([r.status, r.headers['x-gatehouse-error']]).toEqual([503, 'no_ready_endpoints']);
      await until(() => mirrorA.received.length === 1);
      expect(mirrorA.received[0]).toMatchObject({ method: 'POST', target: '/nobody-home', body: 'hello' });
    });
  });

  describe('CORS', () => {
    beforeAll(async () => {
      await enforce([route('cors', [
        { matches: prefix('/cors-1'), filters: [{ type: 'CORS', cors: {
          allowOrigins: ['https://www.foo.com', 'https://*.bar.com'], allowMethods: ['GET', 'OPTIONS'], allowHeaders: ['x-header-1', 'x-header-2'],
          exposeHeaders: ['x-header-3', 'x-header-4'], allowCredentials: true, maxAge: 3600 } }], backendRefs: [backend('v1')] },
        { matches: prefix('/cors-2'), filters: [{ type: 'CORS', cors: { allowOrigins: ['https://www.foo.com'], allowMethods: ['*'] } }], backendRefs: [backend('v1')] },
        { matches: prefix('/cors-star'), filters: [{ type: 'CORS', cors: { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], allowCredentials: true } }], backendRefs: [backend('v1')] },
        { matches: prefix('/cors-ports'), filters: [{ type: 'CORS', cors: { allowOrigins: ['http://localhost:3000', 'https://app.example.com:443', 'http://*'] } }], backendRefs: [backend('v1')] },
        { matches: prefix('/cors-edits'), filters: [
          { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'vary', value: 'Accept-Encoding' }, { name: 'access-control-allow-origin', value: 'https://edited.example' }] } },
          { type: 'CORS', cors: { allowOrigins: ['https://www.foo.com'] } },
        ], backendRefs: [backend('v1')] },
        { matches: prefix('/cors-backend'), filters: [{ type: 'CORS', cors: { allowOrigins: ['https://www.foo.com'] } }],
          backendRefs: [{ ...backend('v1'), filters: [{ type: 'CORS', cors: { allowOrigins: ['https://other.example'], exposeHeaders: ['x-backend'] } }] }] },
        { matches: prefix('/cors-redirect'), filters: [{ type: 'CORS', cors: { allowOrigins: ['https://www.foo.com'] } }, { type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/here' } } }] },
        { matches: prefix('/cors-invalid'), filters: [{ type: 'CORS', cors: { allowOrigins: ['https://www.foo.com'] } }], backendRefs: [backend('missing'), backend('v1')] },
      ])]);
    });

    const preflight = (path: string, origin: string, method: string, headers?: string) =>
      send(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, ...(headers === undefined ? {} : { 'access-control-request-headers': headers }) } });

    it('answers a preflight from an exact or wildcard origin at the gateway', async () => {
      for (const origin of ['https://www.foo.com', 'https://www.bar.com', 'https://xpto.www.bar.com']) {
        const r = await preflight('/cors-1', origin, 'GET', 'x-header-1, x-header-2');
        expect([200, 204]).toContain(r.status);
        expect(r.headers['access-control-allow-origin']).toBe(origin);
        expect(r.headers['access-control-allow-methods']).toBe('GET, OPTIONS');
        expect(r.headers['access-control-allow-headers']).toBe('x-header-1, x-header-2');
        expect(r.headers['access-control-expose-headers']).toBe('x-header-3, x-header-4');
        expect(r.headers['access-control-max-age']).toBe('3600');
        expect(r.headers['access-control-allow-credentials']).toBe('true');
      }
      expect(v1.received).toHaveLength(0);
    });

    it('gives a non-matching origin no CORS headers, on preflights and on actual requests', async () => {
      const p = await preflight('/cors-1', 'https://foobar.com', 'GET');
      expect([200, 204, 403]).toContain(p.status);
      expect(p.headers['access-control-allow-origin']).toBeUndefined();
      const a = await send('/cors-1', { headers: { origin: 'https://foobar.com' } });
      expect(a.status).toBe(200);
      expect(a.headers['access-control-allow-origin']).toBeUndefined();
      // http://www.foo.com is another origin than https://www.foo.com (scheme and default port differ).
      expect((await preflight('/cors-1', 'http://www.foo.com', 'GET')).headers['access-control-allow-origin']).toBeUndefined();
    });

    it('adds the origin to actual responses from allowed origins', async () => {
      const a = await send('/cors-1', { headers: { origin: 'https://www.bar.com' } });
      expect(a.status).toBe(200);
      expect(a.headers['access-control-allow-origin']).toBe('https://www.bar.com');
      expect(a.headers['access-control-allow-credentials']).toBe('true');
      expect(a.headers['access-control-expose-headers']).toBe('x-header-3, x-header-4');
    });

    it('echoes the requested method and headers for "*", and never answers "*" with credentials', async () => {
      const p = await preflight('/cors-2', 'https://www.foo.com', 'POST');
      expect(p.headers['access-control-allow-methods']).toBe('POST');
      expect(p.headers['access-control-allow-credentials']).toBeUndefined();
      const s = await preflight('/cors-star', 'https://other.foo.com:12345', 'PUT', 'x-header-1, x-header-2');
      expect(s.headers['access-control-allow-origin']).toBe('https://other.foo.com:12345');
      expect(s.headers['access-control-allow-methods']).toBe('PUT');
      expect(s.headers['access-control-allow-headers']).toBe('x-header-1, x-header-2');
      expect(s.headers['access-control-allow-credentials']).toBe('true');
      // No headers asked for: none echoed.
      const bare = await preflight('/cors-star', 'https://other.foo.com', 'GET');
      expect(bare.headers['access-control-allow-origin']).toBe('https://other.foo.com');
      expect(bare.headers['access-control-allow-headers']).toBeUndefined();
      expect(bare.headers['access-control-max-age']).toBe('5');
      expect(bare.headers.vary).toBe('Origin');
      expect(v1.received).toHaveLength(0);
    });

    it('matches origins by scheme, host (case-insensitive) and port, the scheme\'s default port written or not', async () => {
      const allowed = async (origin: string) => (await preflight('/cors-ports', origin, 'GET')).headers['access-control-allow-origin'];
      expect(await allowed('http://localhost:3000')).toBe('http://localhost:3000');
      expect(await allowed('http://localhost:3001')).toBeUndefined();
      expect(await allowed('http://localhost')).toBe('http://localhost');
      expect(await allowed('https://app.example.com')).toBe('https://app.example.com');
      expect(await allowed('https://APP.Example.com:443')).toBe('https://APP.Example.com:443');
      expect(await allowed('https://app.example.com:8443')).toBeUndefined();
      expect(await allowed('http://anything.example:80')).toBe('http://anything.example:80');
      expect(await allowed('http://anything.example:8080')).toBeUndefined();
      expect(await allowed('https://anything.example')).toBeUndefined();
      expect(await allowed('null')).toBeUndefined();
      // Not a preflight without Access-Control-Request-Method: forwarded, and the actual response carries the headers.
      const options = await send('/cors-ports', { method: 'OPTIONS', headers: { origin: 'http://localhost:3000' } });
      expect(options.status).toBe(200);
      expect(options.headers['access-control-allow-origin']).toBe('http://localhost:3000');
      expect(v1.received.map((r) => r.method)).toEqual(['OPTIONS']);
    });

    it('reads the request as Node does: an Origin sent twice is no origin, an empty Access-Control-Request-Method still asks', async () => {
      const raw = async (headers: string) => {
        const o = await rawExchange(port, `OPTIONS /cors-1 HTTP/1.1\r\nHost: filters.example.com\r\n${headers}Connection: close\r\n\r\n`);
        const head = o.text.split('\r\n\r\n')[0] ?? '';
        return { status: Number(head.split(' ')[1]), allowOrigin: /^access-control-allow-origin: *(.*)$/im.exec(head)?.[1] ?? null, allowMethods: /^access-control-allow-methods: *(.*)$/im.exec(head)?.[1] ?? null };
      };
      expect(await raw('Origin: https://www.foo.com\r\nOrigin: https://www.foo.com\r\nAccess-Control-Request-Method: GET\r\n')).toEqual({ status: 204, allowOrigin: null, allowMethods: null });
      expect(await raw('Origin: https://www.foo.com\r\nAccess-Control-Request-Method:\r\n')).toEqual({ status: 204, allowOrigin: 'https://www.foo.com', allowMethods: 'GET, OPTIONS' });
      expect(v1.received).toHaveLength(0);
    });

    it('sets its headers on the response after ResponseHeaderModifier, replacing the upstream\'s Vary', async () => {
      v1.behave = () => ({ headers: { vary: 'Cookie' } });
      const a = await send('/cors-edits', { headers: { origin: 'https://www.foo.com' } });
      expect(a.headers['access-control-allow-origin']).toBe('https://www.foo.com');
      expect(a.headers.vary).toBe('Origin');
      const other = await send('/cors-edits', { headers: { origin: 'https://foobar.com' } });
      expect(other.headers['access-control-allow-origin']).toBe('https://edited.example');
      expect(other.headers.vary).toBe('Accept-Encoding');
    });

    it('a backendRef\'s CORS filter decides the actual response; the rule\'s answers the preflight', async () => {
      const rule = await send('/cors-backend', { headers: { origin: 'https://www.foo.com' } });
      expect(rule.headers['access-control-allow-origin']).toBeUndefined();
      const be = await send('/cors-backend', { headers: { origin: 'https://other.example' } });
      expect(be.headers['access-control-allow-origin']).toBe('https://other.example');
      expect(be.headers['access-control-expose-headers']).toBe('x-backend');
      expect((await preflight('/cors-backend', 'https://www.foo.com', 'GET')).headers['access-control-allow-origin']).toBe('https://www.foo.com');
      expect((await preflight('/cors-backend', 'https://other.example', 'GET')).headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers a preflight before a redirect or an invalid backend, and puts no CORS headers on the gateway\'s own answers', async () => {
      const p = await preflight('/cors-redirect', 'https://www.foo.com', 'GET');
      expect(p.status).toBe(204);
      expect(p.headers['access-control-allow-origin']).toBe('https://www.foo.com');
      const r = await send('/cors-redirect', { headers: { origin: 'https://www.foo.com' } });
      expect(r.status).toBe(302);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      // Half the picks are an invalid backendRef (500 invalid_backend): preflights are answered whichever is picked.
      for (let n = 0; n < 2; n++) {
        const ip = await preflight('/cors-invalid', 'https://www.foo.com', 'GET');
        expect([ip.status, ip.headers['access-control-allow-origin']]).toEqual([204, 'https://www.foo.com']);
      }
      const picks = await Promise.all([0, 1].map(async () => {
        const a = await send('/cors-invalid', { headers: { origin: 'https://www.foo.com' } });
        return [a.status, a.headers['x-gatehouse-error'] ?? null, a.headers['access-control-allow-origin'] ?? null];
      }));
      expect(picks.sort()).toEqual([[200, null, 'https://www.foo.com'], [500, 'invalid_backend', null]]);
      expect(v1.received).toHaveLength(1);
    });
  });

  describe('timeouts and retries', () => {
    if (!haproxy) it('request timeout answers 504 when the backend is slower; "0s" means none', async () => {
      v1.behave = (r) => (r.target.includes('slow') ? { delayMs: 700 } : {});
      await enforce([route('timeouts', [
        { matches: prefix('/request-timeout'), timeouts: { request: '300ms' }, backendRefs: [backend('v1')] },
        { matches: prefix('/backend-timeout'), timeouts: { backendRequest: '300ms' }, backendRefs: [backend('v1')] },
        { matches: prefix('/disabled'), timeouts: { request: '0s' }, backendRefs: [backend('v1')] },
      ])]);
      const slow = await send('/request-timeout/slow');
      expect(slow.status).toBe(504);
      expect(slow.headers['x-gatehouse-error']).toBe('request_timeout');
      expect(slow.ms).toBeLessThan(650);
      expect((await send('/request-timeout/fast')).status).toBe(200);
      const backendSlow = await send('/backend-timeout/slow');
      expect(backendSlow.status).toBe(504);
      expect(backendSlow.headers['x-gatehouse-error']).toBe('backend_timeout');
      expect((await send('/disabled/slow')).status).toBe(200);
    });

    if (haproxy) it('backendRequest timeout answers 504; "0s" request timeout means none; a request timeout is not supported', async () => {
      v1.behave = (r) => (r.target.includes('slow') ? { delayMs: 700 } : {});
      await enforce([route('timeouts', [
        { matches: prefix('/backend-timeout'), timeouts: { backendRequest: '300ms' }, backendRefs: [backend('v1')] },
        { matches: prefix('/disabled'), timeouts: { request: '0s' }, backendRefs: [backend('v1')] },
      ])]);
      const backendSlow = await send('/backend-timeout/slow');
      expect(backendSlow.status).toBe(504);
      expect(backendSlow.headers['x-gatehouse-error']).toBe('backend_timeout');
      expect(backendSlow.text).toBe('Service httpbin/v1:8443 did not answer within the backendRequest timeout (300 ms)\n');
      expect(backendSlow.ms).toBeLessThan(650);
      expect((await send('/backend-timeout/fast')).status).toBe(200);
      expect((await send('/disabled/slow')).status).toBe(200);
      v1.received.length = 0;
      await expectUnsupportedOnHaproxy([{ matches: prefix('/'), timeouts: { request: '300ms' }, backendRefs: [backend('v1')] }], '/request-timeout', /timeouts\.request|request timeout|whole-request/i);
    });

    it('retries the listed codes up to attempts times, and only those', async () => {
      let failuresLeft = 0;
      let code = 500;
      v1.behave = () => (failuresLeft-- > 0 ? { status: code } : {});
      await enforce([route('retries', [
        { matches: prefix('/retry/code-500-attempts-3'), retry: { codes: [500], attempts: 3 }, backendRefs: [backend('v1')] },
        ...(haproxy ? [] : [{ matches: prefix('/retry/backoff'), retry: { codes: [502], attempts: 1, backoff: '200ms' }, backendRefs: [backend('v1')] }]),
      ])]);
      failuresLeft = 2;
      expect((await send('/retry/code-500-attempts-3')).status).toBe(200);
      expect(v1.received).toHaveLength(3);
      failuresLeft = 4;
      expect((await send('/retry/code-500-attempts-3')).status).toBe(500);
      code = 503;
      failuresLeft = 2;
      expect((await send('/retry/code-500-attempts-3')).status).toBe(503);
      v1.received.length = 0;
      code = 502;
      failuresLeft = 1;
      if (haproxy) {
        // HAProxy retries at once: a backoff is not supported.
        await expectUnsupportedOnHaproxy([{ matches: prefix('/retry/backoff'), retry: { codes: [502], attempts: 1, backoff: '200ms' }, backendRefs: [backend('v1')] }], '/retry/backoff', /backoff/);
        return;
      }
      expect((await send('/retry/backoff')).status).toBe(200);
      expect(v1.received).toHaveLength(2);
      expect((v1.received[1]?.at ?? 0) - (v1.received[0]?.at ?? 0)).toBeGreaterThanOrEqual(190);
    });

    it('retries a connection error on the next endpoint, and a backend timeout', async () => {
      const dead = await startRecordingUpstream('dead');
      const deadPort = dead.port;
      await dead.close();
      let slowOnce = true;
      v2.behave = () => (slowOnce ? ((slowOnce = false), { delayMs: 600 }) : {});
      const rev = ++revision;
      const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
      fakeConsole.publish(rev, [gateway('gw', [port]), ...serviceWithEndpoints('flaky', [deadPort, v1.port]), ...serviceWithEndpoints('v2', [v2.port]),
        route('conn', [
          { matches: prefix('/conn'), retry: { attempts: 2 }, backendRefs: [backend('flaky')] },
          { matches: prefix('/timeout'), retry: { attempts: 2 }, timeouts: { backendRequest: '200ms' }, backendRefs: [backend('v2')] },
        ])]);
      await enforced;
      for (let i = 0; i < 4; i++) expect((await send('/conn')).status).toBe(200);
      expect((await send('/timeout')).status).toBe(200);
      expect(v2.received).toHaveLength(2);
    });

    it('does not retry a request whose body was already sent', async () => {
      let failuresLeft = 1;
      v1.behave = () => (failuresLeft-- > 0 ? { status: 500 } : {});
      await enforce([route('body', [{ matches: prefix('/'), retry: { codes: [500], attempts: 3 }, backendRefs: [backend('v1')] }])]);
      expect((await send('/post', { method: 'POST', body: 'once' })).status).toBe(500);
      expect(v1.received).toHaveLength(1);
    });
  });

  describe('passive outlier detection', () => {
    it('an endpoint that refuses connections is ejected: after one failure the Service\'s other endpoint takes the traffic', async () => {
      const dead = await startRecordingUpstream('dead');
      const deadPort = dead.port;
      await dead.close();
      const rev = ++revision;
      const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
      fakeConsole.publish(rev, [gateway('gw', [port]), ...serviceWithEndpoints('half-dead', [deadPort, v1.port]),
        route('no-retry', [{ matches: prefix('/'), backendRefs: [backend('half-dead')] }])]);
      await enforced;
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await send('/lb')).status);
      // At most the first request reaches the dead endpoint (round robin may start on either); then it is skipped.
      expect(statuses.filter((s) => s === 502).length).toBeLessThanOrEqual(1);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(11);
    });
  });

  describe('filters the worker cannot apply', () => {
    it('answers 500 for a rule with an ExtensionRef filter instead of skipping it', async () => {
      await enforce([route('ext', [{ matches: prefix('/'), filters: [{ type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Auth', name: 'a' } }], backendRefs: [backend('v1')] }])]);
      const r = await send('/x');
      expect(r.status).toBe(500);
      expect(r.headers['x-gatehouse-error']).toBe('unsupported_filter');
      expect(v1.received).toHaveLength(0);
    });
  });
});

