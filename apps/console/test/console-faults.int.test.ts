/**
 * Faults (issue 11 §6), with real parts: a PostgreSQL server this file stops and starts again, the console's REST
 * handler on a real HTTP port, a real worker process and a real upstream.
 * - While its database is down the console answers 503 with Retry-After and a body naming the database, on REST,
 *   tRPC and the feed; writes in flight when it stops get 200 or 503, never a 500; when the database returns the
 *   console serves again, with the audit chain intact and LISTEN restored.
 * - While the console is down the worker keeps serving its last good configuration, and it enforces what changed
 *   meanwhile within seconds of the console's return.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@gatehouse/db/open-database';
import { startPostgresServer, type PostgresServer } from '@gatehouse/db/testing/postgres-server';
import { createTestDatabase, isPostgresSkipped, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { freePort, REPO_ROOT, runProcess, type Running, waitFor } from '../../../scripts/scenario/processes';
import { createContextInner } from '../src/server/trpc/init';
import { retryAfterHeaders } from '../src/server/trpc/retry-after';
import { healthAnswer } from '../src/server/web/health';
import { appRouter } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { serveHarness } from './support/serve-harness';

const WORKER_TOKEN = 'gh_faults-worker-token-0123456789';

async function call(base: string, method: string, path: string, opts: { body?: unknown; token?: string } = {}): Promise<{ status: number; json: any; headers: Headers }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read loose JSON
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${opts.token ?? ADMIN_TOKEN}`, ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

const configMap = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'faults', name }, data });

const pgBlock = isPostgresSkipped() ? describe.skip : describe;
pgBlock('the console while its PostgreSQL is down', () => {
  let server: PostgresServer;
  let db: Database;
  let h: Harness;
  let base: string;
  let closeServed: () => Promise<void>;
  const errors: unknown[] = [];
  const warnings: string[] = [];
  const quiet = () => undefined;

  beforeAll(async () => {
    // A server of its own: stopping the run's shared one would break every other test file.
    server = await startPostgresServer();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE gh_faults');
    await admin.end();
    const url = new URL(server.url);
    url.pathname = '/gh_faults';
    db = await openDatabase({ url: url.toString(), dataDir: tmpdir(), poolMax: 5 });
    const warn = (obj: object, msg?: string) => warnings.push(`${msg} ${String((obj as { err?: unknown }).err)}`);
    h = await createHarness(db, { GATEHOUSE_WORKER_TOKEN: WORKER_TOKEN }, { info: quiet, warn, error: (obj: object) => errors.push(obj) });
    const served = await serveHarness(h);
    base = served.url;
    closeServed = served.close;
    const seeded = await call(base, 'POST', '/api/v1/apply', { body: [1, 2, 3].map((i) => configMap(`seed-${i}`, { i: String(i) })) });
    expect(seeded.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await closeServed?.();
    await db?.close();
    await server?.stop();
  });

  it('answers 503 with Retry-After naming the database, never 500, and recovers with its state intact', async () => {
    // Writers busy when the database stops: each answer must be a success or a clear 503.
    let stop = false;
    const acknowledged = new Map<number, number>();
    const statuses: number[] = [];
    const writers = [0, 1, 2, 3].map(async (w) => {
      for (let i = 0; !stop; i++) {
        const r = await call(base, 'POST', '/api/v1/apply', { body: [configMap(`writer-${w}`, { i: String(i) })] });
        statuses.push(r.status);
        if (r.status === 200) acknowledged.set(w, i);
        else await new Promise((res) => setTimeout(res, 50));
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    const healthy = await healthAnswer(async () => h.rt, { warn: quiet });
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({ status: 'ok', database: 'postgresql' });
    await server.halt();
    await new Promise((r) => setTimeout(r, 500));

    // The health check (GET /api/healthz, no token): a stable reason for anyone, the driver's detail for the log only.
    const health = await healthAnswer(async () => h.rt, { warn: quiet });
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    // (Before: the body was the driver's message — "Invalid `db.prisma.storeRevision.findUnique()` invocation in
    // <source path> … Can't reach database server at 127.0.0.1:<port>".)
    const healthText = await health.text();
    expect(JSON.parse(healthText)).toEqual({ status: 'unavailable', reason: 'database unavailable' });
    const dbPort = new URL(server.url).port;
    expect(healthText).not.toContain(dbPort);
    expect(warnings.filter((w) => w.startsWith('health check: the database did not answer')).join('\n')).toContain(`:${dbPort}`);
    // A runtime that could not start (here: its database refused) says so the same way, without the error's text.
    const fallback: string[] = [];
    const notStarted = await healthAnswer(() => h.rt.db.prisma.$queryRawUnsafe('SELECT 1').then(() => h.rt), { warn: (o, m) => fallback.push(`${m} ${String((o as { err?: unknown }).err)}`) });
    expect(notStarted.status).toBe(503);
    expect(await notStarted.json()).toEqual({ status: 'unavailable', reason: 'database unavailable' });
    expect(fallback).toHaveLength(1);
    const notStartedOther = await healthAnswer(() => Promise.reject(new Error(`GATEHOUSE_MASTER_KEY: cannot read /secret/path/master.key`)), { warn: quiet });
    expect(await notStartedOther.json()).toEqual({ status: 'unavailable', reason: 'not started' });

    const read = await call(base, 'GET', '/api/v1/namespaces/faults/configmaps/seed-1');
    const write = await call(base, 'POST', '/api/v1/apply', { body: [configMap('while-down', {})] });
    const feed = await call(base, 'GET', '/api/v1/feed/snapshot?after=-1&wait=0', { token: WORKER_TOKEN });
    for (const r of [read, write, feed]) {
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('5');
      expect(r.json).toMatchObject({ code: 'unavailable', details: [{ path: 'database' }] });
      expect(r.json.message).toMatch(/the database \(PostgreSQL\) is unavailable/);
    }
    // tRPC goes through the same table.
    const trpc = await fetchRequestHandler({
      endpoint: '/api/trpc', router: appRouter,
      req: new Request('http://console.test/api/trpc/workers.list', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
      createContext: () => createContextInner(h.rt, { headers: new Headers({ authorization: `Bearer ${ADMIN_TOKEN}` }) }),
      responseMeta: ({ errors: e }) => retryAfterHeaders(e),
    });
    expect(trpc.status).toBe(503);
    expect(trpc.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(await trpc.json())).toContain('PostgreSQL');
    await waitFor('the LISTEN session is noticed lost', async () => (h.rt.bus.hearsOtherReplicas ? undefined : true), 10_000);

    const downAt = performance.now();
    await server.resume();
    const back = await waitFor('reads answer again', async () => ((await call(base, 'GET', '/api/v1/namespaces/faults/configmaps/seed-1')).status === 200 ? performance.now() - downAt : undefined), 15_000);
    stop = true;
    await Promise.all(writers);
    console.log(`[faults] answers while PostgreSQL stopped and started: ${JSON.stringify(Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length])))}; reads again ${back.toFixed(0)} ms after the restart`);
    expect(statuses.filter((s) => s !== 200 && s !== 503), String(errors.map((e) => String((e as { err?: unknown }).err) + ' ' + JSON.stringify(e)))).toEqual([]);
    expect(statuses).toContain(503);
    expect(errors).toEqual([]); // no "unhandled error" was logged

    // Nothing lost or half-written: every acknowledged write is there (a 503 whose commit had reached the server
    // may be there too), the store answers writes, the chain verifies and other replicas' writes are heard again.
    for (const [w, i] of acknowledged) {
      const stored = await call(base, 'GET', `/api/v1/namespaces/faults/configmaps/writer-${w}`);
      expect(Number(stored.json.data.i)).toBeGreaterThanOrEqual(i);
    }
    expect((await call(base, 'GET', '/api/v1/namespaces/faults/configmaps/while-down')).status).toBe(404);
    expect((await call(base, 'POST', '/api/v1/apply', { body: [configMap('after', {})] })).status).toBe(200);
    expect((await call(base, 'GET', '/api/v1/audit-events/verify')).json).toMatchObject({ intact: true });
    await waitFor('LISTEN is restored', async () => (h.rt.bus.hearsOtherReplicas ? true : undefined), 15_000);
    // Transactions cut off by the outage gave their pool connections back (Prisma alone would keep them: see
    // guarded-pool.ts), so the pool is whole again.
    if (db.provider !== 'postgresql') throw new Error('expected PostgreSQL');
    const pool = db.pool;
    await waitFor('every pool connection is back', async () => (pool.totalCount === pool.idleCount ? true : undefined), 10_000).catch((e: unknown) => {
      throw new Error(`${String(e)}: ${pool.totalCount - pool.idleCount} of ${pool.totalCount} still checked out`);
    });
  }, 120_000);
});

describe('the worker while its console is down', () => {
  let t: TestDatabase;
  let h: Harness;
  let consolePort: number;
  let served: { url: string; close(): Promise<void> } | undefined;
  let worker: Running;
  let workerDir: string;
  let listenerPort: number;
  let workerAdmin: string;
  const upstreams: Server[] = [];

  const through = async () => {
    const r = await fetch(`http://127.0.0.1:${listenerPort}/`).catch(() => null);
    return r ? `${r.status} ${await r.text()}` : 'no answer';
  };
  const route = (service: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { namespace: 'faults', name: 'route' },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: service, port: 80 }] }] },
  });

  beforeAll(async () => {
    for (const name of ['one', 'two']) {
      const s = createServer((_req, res) => res.end(name));
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      upstreams.push(s);
    }
    t = await createTestDatabase('sqlite');
    h = await createHarness(t.db, { GATEHOUSE_WORKER_TOKEN: WORKER_TOKEN });
    consolePort = await freePort();
    served = await serveHarness(h, consolePort);
    listenerPort = await freePort();
    const adminPort = await freePort();
    workerAdmin = `http://127.0.0.1:${adminPort}`;
    workerDir = mkdtempSync(join(tmpdir(), 'gatehouse-faults-worker-'));
    worker = runProcess('worker', [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), join(REPO_ROOT, 'apps/worker/src/main.ts')], {
      env: {
        GATEHOUSE_CONSOLE_URL: served.url, GATEHOUSE_WORKER_TOKEN: WORKER_TOKEN, GATEHOUSE_DATA_DIR: workerDir, GATEHOUSE_WORKER_ID: 'faults-worker',
        GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort), GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1', GATEHOUSE_LOG_LEVEL: 'warn', GATEHOUSE_WORKER_PROCESSES: '1',
      },
    });
    const slice = (name: string, server: Server) => ({
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { namespace: 'faults', name: `${name}-1`, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4', ports: [{ port: (server.address() as AddressInfo).port }], endpoints: [{ addresses: ['127.0.0.1'] }],
    });
    const r = await h.call('POST', '/api/v1/apply', {
      body: [
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { namespace: 'faults', name: 'gw' },
          spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port: listenerPort }] } },
        route('one'),
        ...['one', 'two'].map((name) => ({ apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'faults', name }, spec: { ports: [{ port: 80 }] } })),
        slice('one', upstreams[0]!),
        slice('two', upstreams[1]!),
      ],
    });
    expect(r.status, r.text).toBe(200);
    await waitFor('the worker serves upstream one', async () => ((await through()) === '200 one' ? true : undefined), 60_000, worker);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await served?.close();
    for (const s of upstreams) await new Promise((r) => s.close(r));
    await t?.dispose();
    if (workerDir) rmSync(workerDir, { recursive: true, force: true });
  });

  it('keeps serving the last good configuration, then enforces what changed meanwhile within seconds', async () => {
    await served!.close();
    served = undefined;
    // A change made while this console is away (through another replica, say) cannot reach the worker yet.
    expect((await h.call('POST', '/api/v1/apply', { body: [route('two')] })).status).toBe(200);
    const answers = new Set<string>();
    const until = performance.now() + 3000;
    while (performance.now() < until) {
      answers.add(await through());
      expect((await fetch(`${workerAdmin}/readyz`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect([...answers]).toEqual(['200 one']);

    served = await serveHarness(h, consolePort);
    const t0 = performance.now();
    await waitFor('the worker enforces the change', async () => ((await through()) === '200 two' ? true : undefined), 15_000, worker);
    const converged = performance.now() - t0;
    console.log(`[faults] console back → worker converged in ${converged.toFixed(0)} ms`);
    // The feed's backoff tops out at 10 s; after ~3 s away the next attempt comes within 4 s.
    expect(converged).toBeLessThan(10_000);
  }, 60_000);
});
