import { statSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import type { HaproxyDataPlane } from '../src/engines/haproxy/haproxy-data-plane';
import { type EngineWorkerHandle, type EnforcedEvent, startEngineWorker } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { type RecordingUpstream, startRecordingUpstream } from './helpers/recording-upstream';
import { freePort, gateway, httpRoute, serviceWithEndpoints } from './helpers/scenario';
import { waitForEvent, waitUntil } from './helpers/wait-for';

/**
 * The HAProxy engine's own life cycle (what the engine-parametrised suites cannot show): a configuration HAProxy
 * refuses never reaches the running processes and is reported as a rejected snapshot; HAProxy is restarted with the
 * last good configuration when its processes die; a missing binary is a clear startup error; runtime files are
 * private and removed at stop; the access log and /metrics come from HAProxy.
 */
const TOKEN = 'haproxy-token';

describe('haproxy engine: a missing binary', () => {
  it('is a startup error naming GATEHOUSE_HAPROXY_BIN', async () => {
    const fakeConsole = await startFakeConsole(TOKEN);
    try {
      const err = await startEngineWorker(feedWorkerConfig(fakeConsole.url, TOKEN, 'w', { engine: 'haproxy', haproxyBin: '/nonexistent/haproxy' }), pino({ level: 'silent' })).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDomainError(err)).toBe(true);
      expect((err as Error).message).toContain('GATEHOUSE_HAPROXY_BIN');
      expect((err as Error).message).toContain('"/nonexistent/haproxy" not found');
    } finally {
      await fakeConsole.close();
    }
  });
});

describe('haproxy engine: life cycle', () => {
  let fakeConsole: FakeConsole;
  let worker: EngineWorkerHandle;
  let plane: HaproxyDataPlane;
  let upstream: RecordingUpstream;
  let port: number;
  let revision = 0;
  const accessLog: string[] = [];

  const objects = (extra: KubeObject[] = [], path = '/'): KubeObject[] => [
    gateway('gw', [port]),
    httpRoute('r', 'gw', [{ path, backends: [{ service: 'up' }] }]),
    ...serviceWithEndpoints('up', [upstream.port]),
    ...extra,
  ];

  async function enforce(objs: KubeObject[]): Promise<number> {
    const rev = ++revision;
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev, 15_000);
    fakeConsole.publish(rev, objs);
    await enforced;
    return rev;
  }

  async function get(path = '/x'): Promise<{ status: number; upstream: string | undefined }> {
    const res = await request(`http://127.0.0.1:${port}${path}`, { headers: { host: 'foo.example.com' }, reset: true });
    const text = await res.body.text();
    return { status: res.statusCode, upstream: text.startsWith('{') ? (JSON.parse(text) as { upstream: string }).upstream : undefined };
  }

  beforeAll(async () => {
    upstream = await startRecordingUpstream('up');
    fakeConsole = await startFakeConsole(TOKEN);
    port = await freePort();
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        accessLog.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    worker = await startEngineWorker(
      feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-haproxy', { engine: 'haproxy', accessLog: { mode: 'json', sample: 1 } }),
      pino({ level: 'silent' }),
      { accessLogDestination: sink },
    );
    plane = worker.plane as HaproxyDataPlane;
    await enforce(objects());
  });

  afterAll(async () => {
    const dir = plane?.dir;
    await worker?.stop();
    if (dir !== undefined) expect(existsSync(dir)).toBe(false);
    await upstream?.close();
    await fakeConsole?.close();
  });

  it('keeps its runtime files private: the directory 0700, every file 0600', () => {
    expect(statSync(plane.dir).mode & 0o777).toBe(0o700);
    // Regular files (sockets live in the 0700 directory too; HAProxy creates them).
    const files = readdirSync(plane.dir).filter((n) => statSync(join(plane.dir, n), { throwIfNoEntry: false })?.isFile() === true);
    expect(files.some((n) => n === 'haproxy.cfg')).toBe(true);
    for (const n of files) expect([n, statSync(join(plane.dir, n)).mode & 0o777]).toEqual([n, 0o600]);
  });

  it('refuses a configuration HAProxy refuses (haproxy -c): rejected, and the last good one keeps serving', async () => {
    expect((await get()).status).toBe(200);
    const good = worker.revision;
    const rev = ++revision;
    const rejected = waitForEvent<{ revision: number; error: string }>(worker.events, 'rejected', (e) => e.revision === rev, 15_000);
    // A variable-length lookbehind: JavaScript (the compiler) takes it, HAProxy's PCRE2 does not.
    fakeConsole.publish(rev, [
      gateway('gw', [port]),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { namespace: 'httpbin', name: 'r', generation: 1, creationTimestamp: '2025-01-01T00:00:00Z' },
        spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'RegularExpression', value: '/(?<=a+)b' } }], backendRefs: [{ name: 'up', port: 8443 }] }] },
      },
      ...serviceWithEndpoints('up', [upstream.port]),
    ]);
    expect((await rejected).error).toMatch(/haproxy -c refused the rendered configuration: .*lookbehind/);
    expect(worker.revision).toBe(good);
    expect((await get()).status).toBe(200);
    const res = await request(`http://127.0.0.1:${worker.adminPort}/config`);
    const cfg = (await res.body.json()) as { revision: number; lastError: { revision: number; message: string } };
    expect(cfg.revision).toBe(good);
    expect(cfg.lastError).toMatchObject({ revision: rev, message: expect.stringContaining('haproxy -c refused') });
    // The next good snapshot is enforced as usual.
    await enforce(objects());
    expect((await get()).status).toBe(200);
  });

  it('is started again with the last good configuration when its worker process dies', async () => {
    const changed = new Promise<void>((resolve) => plane.onChange(resolve));
    const before = (await plane.workers()).find((w) => w.current);
    expect(before).toBeDefined();
    process.kill(before!.pid, 'SIGKILL');
    await changed;
    await waitUntil(async () => (await get().catch(() => ({ status: 0 }))).status === 200, 15_000, 'HAProxy serving again');
    const after = (await plane.workers()).find((w) => w.current);
    expect(after?.pid).not.toBe(before!.pid);
    // It still takes changes.
    await enforce(objects([], '/y'));
    expect((await get('/y')).status).toBe(200);
    expect((await get('/x')).status).toBe(404);
  });

  it('ships HAProxy\'s log lines as the JSON access log and its counters as /metrics', async () => {
    await enforce(objects());
    expect((await get('/logged?secret=1')).status).toBe(200);
    await waitUntil(() => accessLog.some((l) => l.includes('/logged')), 5_000, 'an access log line');
    const line = JSON.parse(accessLog.find((l) => l.includes('/logged'))!) as Record<string, unknown>;
    expect(line).toMatchObject({ type: 'access', method: 'GET', host: 'foo.example.com', path: '/logged', status: 200, route: 'httpbin/r#0', backend: 'httpbin/up:8443', upstream: `127.0.0.1:${upstream.port}`, error: null });
    const metrics = await (await request(`http://127.0.0.1:${worker.adminPort}/metrics`)).body.text();
    expect(metrics).toMatch(/gatehouse_http_requests_total\{gateway="httpbin\/gw",route="httpbin\/r",rule="0",backend="httpbin\/up:8443",status_class="2xx"\} [1-9]/);
    expect(metrics).toMatch(/gatehouse_config_reloads_total\{result="failure"\} [1-9]/);
    expect(metrics).toContain(`gatehouse_open_connections{port="${port}"}`);
    // The latency histograms, built from the log records (HAProxy keeps only averages): the Node engine's names,
    // labels and buckets, one observation per request.
    const series = 'gateway="httpbin/gw",route="httpbin/r",rule="0",backend="httpbin/up:8443"';
    for (const name of ['gatehouse_http_response_headers_seconds', 'gatehouse_http_request_duration_seconds']) {
      expect(metrics, name).toMatch(new RegExp(`${name}_bucket\\{${series.replace(/[/.]/g, '\\$&')},le="\\+Inf"\\} [1-9]`));
      expect(metrics, name).toMatch(new RegExp(`${name}_bucket\\{[^}]*le="0\\.0005"\\} \\d`));
      expect(metrics, name).toMatch(new RegExp(`${name}_count\\{${series.replace(/[/.]/g, '\\$&')}\\} [1-9]`));
    }
  });
});

