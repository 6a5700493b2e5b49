import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { pino } from 'pino';
import { Pool, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { HaproxyDataPlane } from '../src/engines/haproxy/haproxy-data-plane';
import { masterCommand, parseShowProc } from '../src/engines/haproxy/supervise/master-cli';
import { type EngineWorkerHandle, type EnforcedEvent, startEngineWorker } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { type RecordingUpstream, startRecordingUpstream } from './helpers/recording-upstream';
import { freePort, gateway, httpRoute, serviceWithEndpoints } from './helpers/scenario';
import { waitForEvent, waitUntil } from './helpers/wait-for';

/**
 * HAProxy engine only (an engine feature, issue 13 §1): a change of a Service's endpoints — the most frequent change in
 * Kubernetes — is put in force in the running HAProxy process through its runtime API, without a reload. Under steady
 * load (keep-alive clients and a new connection per request): endpoints added, removed, all replaced → the master
 * counts no reload and the same worker process serves, requests sent after each change reach only the endpoints
 * in force, none fails, haproxy.cfg on disk holds the new endpoints (a restart keeps them), and error answers name
 * the endpoint a slot holds now. A change needing more server slots than rendered is reloaded instead.
 */
const TOKEN = 'runtime-token';
const HOST = 'foo.example.com';

interface Sample {
  upstream: string;
  sentAt: number;
  doneAt: number;
}

describe('haproxy engine: endpoint changes through the runtime API', () => {
  let fakeConsole: FakeConsole;
  let worker: EngineWorkerHandle;
  let plane: HaproxyDataPlane;
  let port: number;
  let revision = 0;
  const ups: RecordingUpstream[] = [];
  const samples: Sample[] = [];
  const failures: string[] = [];
  let loadRunning = false;
  let load: Promise<void> = Promise.resolve();
  let keepAlive: Pool;

  const objects = (endpoints: RecordingUpstream[]): KubeObject[] => [
    gateway('gw', [port]),
    httpRoute('r', 'gw', [{ backends: [{ service: 'app' }] }], [HOST]),
    ...serviceWithEndpoints('app', endpoints.map((u) => u.port)),
  ];

  /** Publishes a new endpoint set; resolves when enforced, with the moments of publish and enforcement. */
  async function enforce(endpoints: RecordingUpstream[]): Promise<{ publishedAt: number; enforcedAt: number }> {
    const rev = ++revision;
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev, 15_000);
    const publishedAt = performance.now();
    fakeConsole.publish(rev, objects(endpoints));
    await enforced;
    return { publishedAt, enforcedAt: performance.now() };
  }

  /** The data plane's own figure for the last snapshot: arrival → serving (render, compare, runtime API or reload), ms. */
  async function lastEnforceMs(): Promise<string> {
    const metrics = await (await request(`http://127.0.0.1:${worker.adminPort}/metrics`)).body.text();
    const m = /^gatehouse_config_last_reload_duration_seconds (\S+)$/m.exec(metrics);
    return m === null ? '?' : (Number(m[1]) * 1000).toFixed(1);
  }

  async function master(): Promise<{ reloads: number; worker: number | undefined }> {
    const proc = parseShowProc(await masterCommand(join(plane.dir, 'master.sock'), 'show proc'));
    return { reloads: proc.master?.reloads ?? -1, worker: proc.workers.find((w) => w.current)?.pid };
  }

  async function status(): Promise<{ enforced: { reload: number; runtimeApi: number; runtimeApiFallbacks: number }; lastEnforced: { revision: number; method: string; why: string | null } }> {
    const res = await request(`http://127.0.0.1:${worker.adminPort}/config`);
    return ((await res.body.json()) as { haproxy: Awaited<ReturnType<typeof status>> }).haproxy;
  }

  function record(sentAt: number, statusCode: number, body: string): void {
    const doneAt = performance.now();
    if (statusCode !== 200) {
      failures.push(`${statusCode}: ${body.slice(0, 200)}`);
      return;
    }
    samples.push({ upstream: (JSON.parse(body) as { upstream: string }).upstream, sentAt, doneAt });
  }

  async function keepAliveLoop(): Promise<void> {
    while (loadRunning) {
      const sentAt = performance.now();
      try {
        const res = await keepAlive.request({ path: '/ka', method: 'GET', headers: { host: HOST } });
        record(sentAt, res.statusCode, await res.body.text());
      } catch (err) {
        failures.push(`keep-alive: ${(err as Error).message}`);
      }
    }
  }

  async function newConnectionLoop(): Promise<void> {
    while (loadRunning) {
      const sentAt = performance.now();
      await new Promise<void>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/nc', agent: false, headers: { host: HOST, connection: 'close' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            record(sentAt, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
          res.on('error', (err) => {
            failures.push(`new connection: ${err.message}`);
            resolve();
          });
        });
        req.on('error', (err) => {
          failures.push(`new connection: ${err.message}`);
          resolve();
        });
        req.end();
      });
    }
  }

  /** Requests sent after `from` and answered before `to`: which upstreams answered them. */
  function answeredBy(from: number, to: number): Set<string> {
    return new Set(samples.filter((s) => s.sentAt >= from && s.doneAt <= to).map((s) => s.upstream));
  }

  /** Holds a phase until every endpoint of `set` has answered a request sent after `from` (and a little longer). */
  async function serveFor(set: RecordingUpstream[], from: number): Promise<void> {
    await waitUntil(() => set.every((u) => answeredBy(from, Infinity).has(u.name)), 10_000, `requests reaching ${set.map((u) => u.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  beforeAll(async () => {
    for (let i = 0; i < 6; i++) ups.push(await startRecordingUpstream(`u${i}`));
    fakeConsole = await startFakeConsole(TOKEN);
    port = await freePort();
    worker = await startEngineWorker(feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-runtime', { engine: 'haproxy' }), pino({ level: 'silent' }));
    plane = worker.plane as HaproxyDataPlane;
    keepAlive = new Pool(`http://127.0.0.1:${port}`, { connections: 4 });
  });

  afterAll(async () => {
    loadRunning = false;
    await load;
    await keepAlive?.close();
    await worker?.stop();
    await Promise.all(ups.map((u) => u.close()));
    await fakeConsole?.close();
  });

  it('adds, removes and replaces endpoints under load without a reload: only the endpoints in force answer, none fails', async () => {
    const [u0, u1, u2, u3, u4, u5] = ups as [RecordingUpstream, RecordingUpstream, RecordingUpstream, RecordingUpstream, RecordingUpstream, RecordingUpstream];
    const start = await enforce([u0, u1]);
    loadRunning = true;
    load = Promise.all([keepAliveLoop(), keepAliveLoop(), keepAliveLoop(), newConnectionLoop()]).then(() => undefined);
    await serveFor([u0, u1], start.enforcedAt);
    const before = await master();
    expect(before.worker).toBeDefined();

    // Phases: each endpoint set, when it was enforced, and when the next one was published.
    const phases: Array<{ set: RecordingUpstream[]; from: number; to: number }> = [];
    const steps: Array<[string, RecordingUpstream[]]> = [
      ['added', [u0, u1, u2]],
      ['removed', [u1, u2]],
      // Slots: [u0 removed, u1, u2, free] → u3 and u4 take slot 3 and the slot u0 left a change ago (its idle
      // connections to u0 closed first), not the slots u1 and u2 leave now.
      ['replaced', [u3, u4]],
      // … and these take the slots u1 and u2 left: a request reaching u1 or u2 would be an old connection reused.
      ['replaced again', [u5, u0]],
    ];
    const took: string[] = [];
    for (const [what, set] of steps) {
      // u0 answers slowly while it is removed: requests are in flight to it when its slot goes into maintenance, and
      // their connections end up idle in that slot's pool (the case a reused slot must not inherit).
      u0.behave = () => (what === 'removed' ? { delayMs: 100 } : {});
      if (what === 'removed') await new Promise((r) => setTimeout(r, 150));
      const t = await enforce(set);
      u0.behave = () => ({});
      took.push(`${what} ${(t.enforcedAt - t.publishedAt).toFixed(1)} ms (arrival → serving ${await lastEnforceMs()} ms)`);
      if (phases.length > 0) phases[phases.length - 1]!.to = t.publishedAt;
      phases.push({ set, from: t.enforcedAt, to: Infinity });
      await serveFor(set, t.enforcedAt);
    }
    phases[phases.length - 1]!.to = performance.now();
    loadRunning = false;
    await load;

    console.log(`[runtime endpoints] publish → enforced: ${took.join(', ')}; ${samples.length} requests, ${failures.length} failed`);
    expect(failures.slice(0, 5)).toEqual([]);
    // Requests sent after a change was enforced (and answered before the next one was published) met its endpoints only.
    for (const [i, p] of phases.entries()) {
      expect([steps[i]![0], [...answeredBy(p.from, p.to)].sort()]).toEqual([steps[i]![0], p.set.map((u) => u.name).sort()]);
    }
    // No reload: the master's reload counter and the worker process are the same.
    expect(await master()).toEqual(before);
    const s = await status();
    expect(s.enforced).toMatchObject({ runtimeApi: 4, runtimeApiFallbacks: 0 });
    expect(s.lastEnforced).toMatchObject({ revision, method: 'runtime_api' });
    const metrics = await (await request(`http://127.0.0.1:${worker.adminPort}/metrics`)).body.text();
    expect(metrics).toContain('gatehouse_config_enforced_total{method="runtime_api"} 4');
    expect(metrics).toContain('gatehouse_config_enforced_total{method="reload"} 1');
    expect(metrics).toContain('gatehouse_config_runtime_api_fallbacks_total 0');
    // Traffic flowed across the changes.
    expect(samples.length).toBeGreaterThan(100);

    // haproxy.cfg holds the endpoints in force: a restart serves them (and only them).
    const cfg = readFileSync(join(plane.dir, 'haproxy.cfg'), 'utf8');
    for (const u of [u5, u0]) expect(cfg).toContain(`127.0.0.1:${u.port} check`);
    for (const u of [u1, u2, u3, u4]) expect(cfg).not.toContain(`127.0.0.1:${u.port}`);
    const restarted = new Promise<void>((resolve) => plane.onChange(resolve));
    process.kill(before.worker!, 'SIGKILL');
    await restarted;
    const after = Date.now();
    await waitUntil(async () => (await request(`http://127.0.0.1:${port}/`, { headers: { host: HOST }, reset: true }).then((r) => r.body.text().then(() => r.statusCode), () => 0)) === 200, 15_000, 'HAProxy serving again');
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await request(`http://127.0.0.1:${port}/after-restart`, { headers: { host: HOST }, reset: true });
      seen.add(((await res.body.json()) as { upstream: string }).upstream);
    }
    expect([...seen].sort()).toEqual(['u0', 'u5']);
    expect(Date.now() - after).toBeLessThan(15_000);
  }, 90_000);

  it('a change needing more server slots than rendered is reloaded: all endpoints answer, none fails', async () => {
    const before = await master();
    samples.length = 0;
    failures.length = 0;
    loadRunning = true;
    load = Promise.all([keepAliveLoop(), keepAliveLoop(), newConnectionLoop()]).then(() => undefined);
    // Four slots were rendered for two endpoints; six do not fit.
    const t = await enforce(ups);
    await serveFor(ups, t.enforcedAt);
    loadRunning = false;
    await load;
    console.log(`[runtime endpoints] more endpoints than slots, reloaded: publish → enforced ${(t.enforcedAt - t.publishedAt).toFixed(1)} ms (arrival → serving ${await lastEnforceMs()} ms); ${samples.length} requests, ${failures.length} failed`);
    expect(failures.slice(0, 5)).toEqual([]);
    expect([...answeredBy(t.enforcedAt, Infinity)].sort()).toEqual(ups.map((u) => u.name).sort());
    const after = await master();
    expect(after.reloads).toBe(before.reloads + 1);
    expect(after.worker).not.toBe(before.worker);
    const s = await status();
    expect(s.lastEnforced).toMatchObject({ revision, method: 'reload', why: expect.stringContaining('no free slot for every new endpoint (6 endpoints, 4 slots') });
    expect(s.enforced.runtimeApi).toBe(4);
    // The next endpoint-only change fits the eight slots rendered for six: runtime again.
    await enforce(ups.slice(0, 5));
    expect((await status()).lastEnforced).toMatchObject({ revision, method: 'runtime_api' });
    expect((await master()).reloads).toBe(after.reloads);
  }, 60_000);

  it('error answers name the endpoint a slot holds now (the Lua file does not embed endpoints)', async () => {
    const before = await master();
    const dead = await freePort();
    const rev = ++revision;
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev, 15_000);
    fakeConsole.publish(rev, [gateway('gw', [port]), httpRoute('r', 'gw', [{ backends: [{ service: 'app' }] }], [HOST]), ...serviceWithEndpoints('app', [dead])]);
    await enforced;
    expect((await status()).lastEnforced).toMatchObject({ revision: rev, method: 'runtime_api' });
    const res = await request(`http://127.0.0.1:${port}/dead`, { headers: { host: HOST }, reset: true });
    expect(res.statusCode).toBe(502);
    expect(res.headers['x-gatehouse-error']).toBe('upstream_connection_refused');
    expect(await res.body.text()).toBe(`upstream 127.0.0.1:${dead} refused the connection\n`);
    expect(await master()).toEqual(before);
  });

  it('a slot still carrying a request to its removed endpoint is not given another one: that change reloads, the request completes', async () => {
    const [a, b, c, d, e] = ups as [RecordingUpstream, RecordingUpstream, RecordingUpstream, RecordingUpstream, RecordingUpstream];
    const slowRoute = (set: RecordingUpstream[]): KubeObject[] => [
      ...objects([ups[5]!]),
      httpRoute('r2', 'gw', [{ path: '/slow', backends: [{ service: 'slow' }] }], [HOST]),
      ...serviceWithEndpoints('slow', set.map((u) => u.port)),
    ];
    const publish = async (objs: KubeObject[]): Promise<{ revision: number; method: string; why: string | null }> => {
      const rev = ++revision;
      const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (ev) => ev.revision === rev, 15_000);
      fakeConsole.publish(rev, objs);
      await enforced;
      return (await status()).lastEnforced;
    };
    // Two endpoints in four slots (a new route: a reload).
    expect(await publish(slowRoute([a, b]))).toMatchObject({ method: 'reload' });
    a.behave = (r) => (r.target.startsWith('/slow/in-flight') ? { delayMs: 1_500 } : {});
    try {
      // Four requests over new connections, round robin over a and b: two wait at a.
      const inFlight = Array.from({ length: 4 }, (_, i) =>
        request(`http://127.0.0.1:${port}/slow/in-flight/${i}`, { headers: { host: HOST }, reset: true }).then(async (res) => ({ status: res.statusCode, upstream: ((await res.body.json()) as { upstream: string }).upstream })),
      );
      await waitUntil(() => a.received.some((r) => r.target.startsWith('/slow/in-flight')), 5_000, 'a request waiting at a');
      // a removed (its slot into maintenance, its requests carry on), then three new endpoints: two free slots, and
      // a's, which still carries requests.
      expect(await publish(slowRoute([b]))).toMatchObject({ method: 'runtime_api' });
      const next = await publish(slowRoute([b, c, d, e]));
      expect(next).toMatchObject({ method: 'reload', why: expect.stringContaining('no free slot for every new endpoint (4 endpoints, 4 slots') });
      const answers = await Promise.all(inFlight);
      expect(answers.every((x) => x.status === 200)).toBe(true);
      expect(answers.filter((x) => x.upstream === 'u0').length).toBeGreaterThan(0);
    } finally {
      a.behave = () => ({});
    }
  }, 30_000);
});
