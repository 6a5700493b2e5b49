/**
 * Two console replicas on one PostgreSQL database (issue 11 §7): each with its own Prisma client and pool, its own
 * runtime (revision bus, snapshot cache) and its own HTTP port, as two processes behind a load balancer would be.
 * Checked over real HTTP: startup migrations under the advisory lock, optimistic concurrency between replicas,
 * a write through one replica reaching the other's feed and worker by LISTEN/NOTIFY, and one audit chain under
 * concurrent writers on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrationFiles } from '@gatehouse/db/migration-files';
import { openDatabase, type Database } from '@gatehouse/db/open-database';
import { createTestDatabase, isPostgresSkipped, type TestDatabase } from '@gatehouse/db/testing/test-databases';
import { freePort, REPO_ROOT, runProcess, type Running, waitFor } from '../../../scripts/scenario/processes';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { serveHarness } from './support/serve-harness';

const WORKER_TOKEN = 'gh_replicas-worker-token-0123456789';
// One master key for both replicas: Secrets one encrypts, the other must read.
const MASTER_KEY = randomBytes(32).toString('base64');
const ENV = { GATEHOUSE_WORKER_TOKEN: WORKER_TOKEN, GATEHOUSE_MASTER_KEY: MASTER_KEY };

interface Replica {
  name: string;
  db: Database;
  h: Harness;
  url: string;
  logged: { msg: string | undefined; obj: object }[];
  close(): Promise<void>;
}

async function startReplica(name: string, url: string): Promise<Replica> {
  const db = await openDatabase({ url, dataDir: tmpdir(), poolMax: 10 });
  const logged: Replica['logged'] = [];
  const log = { info: (obj: object, msg?: string) => logged.push({ obj, msg }), warn: (obj: object, msg?: string) => logged.push({ obj, msg }), error: (obj: object, msg?: string) => logged.push({ obj, msg }) };
  const h = await createHarness(db, ENV, log);
  const served = await serveHarness(h);
  return {
    name, db, h, url: served.url, logged,
    async close() {
      await served.close();
      await db.close();
      rmSync(h.dataDir, { recursive: true, force: true });
    },
  };
}

/** One REST call over HTTP (fetch keeps connections alive, like a real client). */
async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read loose JSON
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const configMap = (name: string, data: Record<string, string>, resourceVersion?: string) => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { namespace: 'replicas', name, ...(resourceVersion !== undefined ? { resourceVersion } : {}) },
  data,
});

const pgBlock = isPostgresSkipped() ? describe.skip : describe;
pgBlock('two console replicas on one PostgreSQL', () => {
  let target: TestDatabase;
  let a: Replica;
  let b: Replica;

  beforeAll(async () => {
    // An empty database: both replicas start at the same moment and race to migrate it.
    target = await createTestDatabase('postgresql', { migrate: false });
    [a, b] = await Promise.all([startReplica('A', target.url), startReplica('B', target.url)]);
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await target?.dispose();
  });

  it('started together: one replica applied every migration, the other waited on the lock and applied none', async () => {
    const files = (await readMigrationFiles(target.db.migrationsDir)).map((f) => f.name);
    const appliedBy = [a, b].map((r) => r.logged.find((l) => l.msg === 'database migrated')?.obj as { applied: string[] } | undefined);
    expect(appliedBy.filter((x) => x !== undefined).map((x) => x!.applied)).toEqual([files]);
    const rows = await target.db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT "name" FROM "_gatehouse_migrations" ORDER BY "name"');
    expect(rows.map((r) => r.name)).toEqual(files);
    // Both made the bootstrap token; the unique hash left exactly one.
    expect(await target.db.prisma.apiToken.count({ where: { name: 'bootstrap' } })).toBe(1);
  });

  it('concurrent PUTs of one object with the same resourceVersion: exactly one 200 and one 409, every round', async () => {
    const created = await call(a.url, 'POST', '/api/v1/namespaces/replicas/configmaps', configMap('contended', { round: '0' }));
    expect(created.status).toBe(201);
    const rounds = 40;
    for (let round = 1; round <= rounds; round++) {
      // Each replica reads the object, then both write at once against what they read.
      const [ra, rb] = await Promise.all([a, b].map((r) => call(r.url, 'GET', '/api/v1/namespaces/replicas/configmaps/contended')));
      const rv = ra!.json.metadata.resourceVersion as string;
      expect(rb!.json.metadata.resourceVersion).toBe(rv);
      const answers = await Promise.all(
        [a, b].map((r) => call(r.url, 'PUT', '/api/v1/namespaces/replicas/configmaps/contended', configMap('contended', { round: String(round), by: r.name }, rv))),
      );
      const statuses = answers.map((x) => x.status).sort();
      expect(statuses, `round ${round}: ${JSON.stringify(answers.map((x) => x.json?.message ?? x.status))}`).toEqual([200, 409]);
      const loser = answers.find((x) => x.status === 409)!;
      expect(loser.json.code).toBe('conflict');
      const winner = answers.find((x) => x.status === 200)!;
      const stored = await call(b.url, 'GET', '/api/v1/namespaces/replicas/configmaps/contended');
      expect(stored.json.data).toEqual(winner.json.data);
    }
  }, 60_000);

  it('a write through A wakes a feed long-poll waiting on B at once (LISTEN/NOTIFY, not the 1 s re-read)', async () => {
    expect(b.h.rt.bus.hearsOtherReplicas).toBe(true);
    expect((await call(a.url, 'POST', '/api/v1/namespaces/replicas/configmaps', configMap('feed-probe', {}))).status).toBe(201);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      const current = (await b.h.rt.snapshots.current()).revision;
      // wait=20: without a notification B would answer after 20 s (the re-read runs only while LISTEN is down).
      const poll = fetch(`${b.url}/api/v1/feed/snapshot?after=${current}&wait=20`, { headers: { authorization: `Bearer ${WORKER_TOKEN}` } });
      await new Promise((r) => setTimeout(r, 100)); // the poll is waiting on B's bus
      const written = await call(a.url, 'PUT', '/api/v1/namespaces/replicas/configmaps/feed-probe', configMap('feed-probe', { i: String(i) }));
      const t0 = performance.now();
      expect(written.status).toBeLessThan(300);
      const res = await poll;
      delays.push(performance.now() - t0);
      expect(res.status).toBe(200);
      const snap = (await res.json()) as { revision: number };
      expect(snap.revision).toBe(Number(written.json.metadata.resourceVersion));
    }
    console.log(`[replicas] write on A → B's feed answers: ${delays.map((d) => d.toFixed(0)).join(', ')} ms`);
    expect(Math.max(...delays)).toBeLessThan(400);
  }, 60_000);

  describe('a real worker attached to B', () => {
    let worker: Running;
    let upstream: Server;
    let workerAdmin: string;
    let listenerPort: number;
    let dataDir: string;

    beforeAll(async () => {
      upstream = createServer((req, res) => res.end(`upstream ${req.url}`));
      await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
      dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-replica-worker-'));
      const adminPort = await freePort();
      listenerPort = await freePort();
      workerAdmin = `http://127.0.0.1:${adminPort}`;
      worker = runProcess('worker', [join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), join(REPO_ROOT, 'apps/worker/src/main.ts')], {
        env: {
          GATEHOUSE_CONSOLE_URL: b.url, GATEHOUSE_WORKER_TOKEN: WORKER_TOKEN, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_WORKER_ID: 'replica-b-worker',
          GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort), GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1', GATEHOUSE_LOG_LEVEL: 'warn', GATEHOUSE_WORKER_PROCESSES: '1',
        },
      });
      const r = await call(a.url, 'POST', '/api/v1/apply', [
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { namespace: 'replicas', name: 'gw' },
          spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port: listenerPort }] } },
        { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { namespace: 'replicas', name: 'route' },
          spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'up', port: 80 }] }] } },
        { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'replicas', name: 'up' }, spec: { ports: [{ port: 80 }] } },
        { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { namespace: 'replicas', name: 'up-1', labels: { 'kubernetes.io/service-name': 'up' } },
          addressType: 'IPv4', ports: [{ port: (upstream.address() as AddressInfo).port }], endpoints: [{ addresses: ['127.0.0.1'] }] },
      ]);
      expect(r.status).toBe(200);
      await waitFor('the worker serves the route', async () => ((await fetch(`http://127.0.0.1:${listenerPort}/x`).catch(() => null))?.status === 200 ? true : undefined), 60_000, worker);
    }, 120_000);

    afterAll(async () => {
      await worker?.stop();
      await new Promise((r) => upstream?.close(r));
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('enforces a write made through A within a second, every time', async () => {
      expect((await call(a.url, 'POST', '/api/v1/namespaces/replicas/configmaps', configMap('worker-probe', {}))).status).toBe(201);
      const delays: number[] = [];
      for (let i = 0; i < 5; i++) {
        const written = await call(a.url, 'PUT', '/api/v1/namespaces/replicas/configmaps/worker-probe', configMap('worker-probe', { i: String(i) }));
        const t0 = performance.now();
        const rev = Number(written.json.metadata.resourceVersion);
        await waitFor(`worker at revision ${rev}`, async () => {
          const cfg = (await (await fetch(`${workerAdmin}/config`)).json()) as { revision: number | null };
          return (cfg.revision ?? 0) >= rev ? true : undefined;
        }, 5000, worker);
        delays.push(performance.now() - t0);
      }
      console.log(`[replicas] write on A → enforced by B's worker: ${delays.map((d) => d.toFixed(0)).join(', ')} ms`);
      expect(Math.max(...delays)).toBeLessThan(1000);
    }, 60_000);
  });

  it('8 writers × 500 writes across both replicas leave one verifiable audit chain and one revision per write', async () => {
    const writers = 8;
    const perWriter = 500;
    const seeded = await call(a.url, 'POST', '/api/v1/apply', Array.from({ length: writers }, (_, w) => configMap(`writer-${w}`, {})));
    expect(seeded.status).toBe(200);
    const startRevision = (await a.h.rt.snapshots.current()).revision;
    const eventsBefore = await target.db.prisma.auditEvent.count();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const via = w % 2 === 0 ? a : b;
        for (let i = 0; i < perWriter; i++) {
          // Apply (an upsert): its answer is the outcome only, so the time measured is the write path's.
          const r = await call(via.url, 'POST', '/api/v1/apply', [configMap(`writer-${w}`, { i: String(i) })]);
          if (r.status >= 300) throw new Error(`writer ${w} write ${i}: ${r.status} ${JSON.stringify(r.json)}`);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    console.log(`[replicas] ${writers} writers × ${perWriter} writes over 2 replicas: ${seconds.toFixed(1)} s (${((writers * perWriter) / seconds).toFixed(0)} writes/s)`);
    const endRevision = (await a.h.rt.snapshots.current()).revision;
    expect(endRevision - startRevision).toBe(writers * perWriter);
    expect((await target.db.prisma.auditEvent.count()) - eventsBefore).toBe(writers * perWriter);
    for (const r of [a, b]) {
      const v = await call(r.url, 'GET', '/api/v1/audit-events/verify');
      expect(v.status).toBe(200);
      expect(v.json).toMatchObject({ intact: true });
    }
    // One chain: no two events share a predecessor.
    const forks = await target.db.prisma.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM (SELECT "prevHash" FROM "AuditEvent" GROUP BY "prevHash" HAVING count(*) > 1) f');
    expect(Number(forks[0]?.n)).toBe(0);
  }, 180_000);
});
