/**
 * `npm run bench:api` (issue 11 §10): the REST API under concurrent clients, on SQLite and — when PostgreSQL
 * binaries are installed — on a throw-away PostgreSQL server. For each database: 10,000 objects are stored through
 * `POST /api/v1/apply` in requests of 1,000 (the time of each is the "apply 1,000 objects" figure), then
 * BENCH_CLIENTS concurrent clients run for BENCH_SECONDS a mix of list pages (one namespace, all namespaces),
 * single gets and small applies, over real HTTP on loopback. Prints requests/s, p50/p99 per operation and errors.
 *
 * The server is the console's REST handler (the same `createRestHandler` the Next.js route delegates to) on a plain
 * node:http server, so the figures are the API's and the database's, not Next.js's.
 * Goals on the 2-core machine: p99 < 50 ms for gets and list pages on SQLite; no error at 50 clients; apply of
 * 1,000 objects in one request < 5 s.
 * BENCH_OBJECTS (10000), BENCH_CLIENTS (50), BENCH_SECONDS (10), BENCH_PROVIDERS (sqlite,postgresql),
 * BENCH_WRITE_SHARE (0.1: the share of small applies in the mix; 0 measures reads alone).
 */
import { createTestDatabase } from '@gatehouse/db/testing/test-databases';
import { startPostgresServer, type PostgresServer } from '@gatehouse/db/testing/postgres-server';
import type { DatabaseProvider } from '@gatehouse/db/open-database';
import { existsSync, readdirSync } from 'node:fs';
import { Agent, request } from 'undici';
import { ADMIN_TOKEN, createHarness } from '../test/support/console-harness';
import { serveHarness } from '../test/support/serve-harness';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? 'sqlite,postgresql').split(',') as DatabaseProvider[];
const WRITE_SHARE = Number(process.env.BENCH_WRITE_SHARE ?? 0.1);
const NAMESPACES = 20;
const BATCH = 1000;

/** Services, their EndpointSlices and HTTPRoutes in equal parts, spread over NAMESPACES namespaces. */
function objectAt(i: number): Record<string, unknown> {
  const namespace = `team-${i % NAMESPACES}`;
  const n = Math.floor(i / 3);
  switch (i % 3) {
    case 0:
      return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name: `svc-${n}`, labels: { app: `app-${n % 100}` } }, spec: { ports: [{ name: 'http', port: 8080, targetPort: 80, protocol: 'TCP' }] } };
    case 1:
      return {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
        metadata: { namespace, name: `svc-${n}-1`, labels: { 'kubernetes.io/service-name': `svc-${n}` } },
        addressType: 'IPv4', endpoints: [{ addresses: [`10.0.${n % 250}.${(n % 200) + 1}`], conditions: { ready: true } }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
      };
    default:
      return {
        apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { namespace, name: `route-${n}` },
        spec: { parentRefs: [{ name: 'gw' }], hostnames: [`app-${n}.example.com`], rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/api/${n}` } }], backendRefs: [{ name: `svc-${n}`, port: 8080 }] }] },
      };
  }
}

const KIND_PATH: Record<string, string> = { Service: '/api/v1/namespaces/{ns}/services', EndpointSlice: '/api/v1/namespaces/{ns}/endpointslices', HTTPRoute: '/api/v1/namespaces/{ns}/httproutes' };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface OpFigures {
  times: number[];
  errors: number;
  firstError?: string;
}

async function benchProvider(provider: DatabaseProvider): Promise<void> {
  let server: PostgresServer | undefined;
  if (provider === 'postgresql' && !process.env.GATEHOUSE_TEST_POSTGRES_URL) {
    server = await startPostgresServer();
    process.env.GATEHOUSE_TEST_POSTGRES_URL = server.url;
  }
  const t = await createTestDatabase(provider);
  const harness = await createHarness(t.db, { GATEHOUSE_CERT_RENEW_INTERVAL: '0', GATEHOUSE_DRIFT_INTERVAL: '0' });
  const served = await serveHarness(harness);
  const dispatcher = new Agent({ connections: CLIENTS + 4, keepAliveTimeout: 30_000 });
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> => {
    const res = await request(`${served.url}${path}`, {
      method, dispatcher,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.statusCode, text: await res.body.text() };
  };
  try {
    console.log(`\n${provider}: storing ${OBJECTS.toLocaleString('en')} objects through POST /api/v1/apply, ${BATCH} per request`);
    const applyTimes: number[] = [];
    for (let start = 0; start < OBJECTS; start += BATCH) {
      const objects = Array.from({ length: Math.min(BATCH, OBJECTS - start) }, (_, k) => objectAt(start + k));
      const t0 = performance.now();
      const res = await call('POST', '/api/v1/apply', objects);
      applyTimes.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`apply answered ${res.status}: ${res.text.slice(0, 300)}`);
    }
    const sortedApply = [...applyTimes].sort((a, b) => a - b);
    console.log(`  apply ${BATCH} objects in one request: median ${(percentile(sortedApply, 50) / 1000).toFixed(2)} s, worst ${(sortedApply.at(-1)! / 1000).toFixed(2)} s  (goal < 5 s)`);
    if (provider === 'postgresql') await t.db.prisma.$executeRawUnsafe('ANALYZE');

    const ops: Record<string, OpFigures> = {};
    const routes = Math.floor(OBJECTS / 3);
    let seq = 0;
    const pick = (): [string, () => Promise<{ status: number; text: string }>] => {
      const n = Math.floor(Math.random() * routes);
      const ns = `team-${(n * 3 + 2) % NAMESPACES}`;
      // A write with probability WRITE_SHARE; otherwise a read, in the proportions 35 : 30 : 25 (get, pages).
      const r = Math.random();
      const read = (r - WRITE_SHARE) / (1 - WRITE_SHARE) * 0.9;
      if (r >= WRITE_SHARE) {
        if (read < 0.35) return ['get one object', () => call('GET', `${KIND_PATH.HTTPRoute!.replace('{ns}', ns)}/route-${n}`)];
        if (read < 0.65) return ['list page (namespace, 50)', () => call('GET', `${KIND_PATH.Service!.replace('{ns}', `team-${n % NAMESPACES}`)}?limit=50`)];
        return ['list page (all namespaces, 50)', () => call('GET', '/api/v1/httproutes?limit=50')];
      }
      const i = seq++;
      return ['apply one object', () => call('POST', '/api/v1/apply', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'bench', name: `cm-${i}` }, data: { n: String(i) } }])];
    };
    const end = performance.now() + SECONDS * 1000;
    let total = 0;
    const client = async (): Promise<void> => {
      while (performance.now() < end) {
        const [label, run] = pick();
        const op = (ops[label] ??= { times: [], errors: 0 });
        const t0 = performance.now();
        try {
          const res = await run();
          if (res.status >= 300) {
            op.errors++;
            op.firstError ??= `${res.status} ${res.text.slice(0, 200)}`;
          }
        } catch (err) {
          op.errors++;
          op.firstError ??= err instanceof Error ? err.message : String(err);
        }
        op.times.push(performance.now() - t0);
        total++;
      }
    };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const elapsed = (performance.now() - t0) / 1000;
    // CPU time of this process (server and clients) per request: a figure other load on the machine moves less.
    const cpu = process.cpuUsage(cpu0);
    console.log(`  ${CLIENTS} concurrent clients for ${SECONDS} s: ${(total / elapsed).toFixed(0)} requests/s, ${((cpu.user + cpu.system) / 1000 / total).toFixed(2)} ms CPU per request; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`  ${'operation'.padEnd(32)} ${'count'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`);
    for (const [label, op] of Object.entries(ops).sort()) {
      const s = [...op.times].sort((a, b) => a - b);
      console.log(`  ${label.padEnd(32)} ${String(s.length).padStart(7)} ${percentile(s, 50).toFixed(1).padStart(8)} ${percentile(s, 99).toFixed(1).padStart(8)} ${String(op.errors).padStart(7)}${op.firstError ? `  first: ${op.firstError}` : ''}`);
    }
    console.log('  goals (SQLite): p99 < 50 ms for gets and list pages; 0 errors at 50 clients');
  } finally {
    await dispatcher.close();
    await served.close();
    await t.dispose();
    await server?.stop();
  }
}

function postgresInstalled(): boolean {
  return existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
}

console.log(`bench:api — ${OBJECTS.toLocaleString('en')} objects, ${CLIENTS} clients, ${SECONDS} s per database; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const provider of PROVIDERS) {
  if (provider === 'postgresql' && !process.env.GATEHOUSE_TEST_POSTGRES_URL && !postgresInstalled()) {
    console.log('\npostgresql: LEFT OUT — no PostgreSQL binaries under /usr/lib/postgresql and no GATEHOUSE_TEST_POSTGRES_URL');
    continue;
  }
  await benchProvider(provider);
}
process.exit(0);
