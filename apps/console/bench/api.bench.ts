/**
 * `npm run bench:api` (issue 11 §10): the REST API under concurrent clients, on SQLite and — when PostgreSQL
 * binaries are installed — on a throw-away PostgreSQL server. For each database: 10,000 objects are stored through
 * `POST /api/v1/apply` in requests of 1,000 (the time of each is the "apply 1,000 objects" figure), then
 * BENCH_CLIENTS concurrent clients run for BENCH_SECONDS a mix of list pages (one namespace, all namespaces),
 * single gets and small applies, over real HTTP on loopback. Prints requests/s, p50/p99 per operation and errors.
 *
 * The server is the console's REST handler (the same `createRestHandler` the Next.js route delegates to) on a plain
 * node:http server, in a process of its own (bench/api-server.ts), so the figures are the API's and the database's,
 * not Next.js's nor the clients'.
 * Two load models, one after the other, with the same mix of operations:
 * - closed loop: BENCH_CLIENTS clients each send their next request as soon as the previous answer arrives — the
 *   saturation throughput. Its latencies are 50 ÷ throughput on average by construction (Little's law), so they
 *   say how long a queue of 50 waiting requests is, not how fast one request is;
 * - open loop: requests arrive at a fixed rate (BENCH_RATE req/s, default half the closed-loop throughput) from the
 *   same 50 connections, whether or not earlier ones were answered, and each latency is counted from the moment its
 *   request was due (no coordinated omission): what an operator's request sees while the console is busy.
 * Goals on the 2-core machine: p99 < 50 ms for gets and list pages on SQLite; no error at 50 clients; apply of
 * 1,000 objects in one request < 5 s.
 * BENCH_OBJECTS (10000), BENCH_CLIENTS (50), BENCH_SECONDS (10), BENCH_PROVIDERS (sqlite,postgresql),
 * BENCH_WRITE_SHARE (0.1: the share of small applies in the mix; 0 measures reads alone), BENCH_RATE (open loop).
 */
import { startPostgresServer, type PostgresServer } from '@gatehouse/db/testing/postgres-server';
import type { DatabaseProvider } from '@gatehouse/db/open-database';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { ADMIN_TOKEN } from '../test/support/console-harness';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? 'sqlite,postgresql').split(',') as DatabaseProvider[];
const WRITE_SHARE = Number(process.env.BENCH_WRITE_SHARE ?? 0.1);
const RATE = process.env.BENCH_RATE === undefined ? null : Number(process.env.BENCH_RATE);
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

/** The server process (bench/api-server.ts) and a request/answer channel to it over IPC. */
interface ServerProcess {
  url: string;
  ask: (cmd: 'analyze' | 'cpu') => Promise<{ cpuSeconds?: number }>;
  stop: () => Promise<void>;
}

async function startServer(provider: DatabaseProvider): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'api-server.ts'), provider], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: process.env });
  const waiting = new Map<number, (m: { cpuSeconds?: number }) => void>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench/api-server.ts exited (${code}) before listening`)));
    child.on('message', (m: { url?: string; id?: number; cpuSeconds?: number }) => {
      if (m.url !== undefined) resolve(m.url);
      else if (m.id !== undefined) waiting.get(m.id)?.(m);
    });
  });
  return {
    url,
    ask: (cmd) =>
      new Promise((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        child.send({ cmd, id });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ cmd: 'stop' });
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

type Call = () => Promise<{ status: number; text: string }>;

function report(ops: Record<string, OpFigures>): void {
  console.log(`  ${'operation'.padEnd(32)} ${'count'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)}`);
  for (const [label, op] of Object.entries(ops).sort()) {
    const s = [...op.times].sort((a, b) => a - b);
    console.log(`  ${label.padEnd(32)} ${String(s.length).padStart(7)} ${percentile(s, 50).toFixed(1).padStart(8)} ${percentile(s, 99).toFixed(1).padStart(8)} ${String(op.errors).padStart(7)}${op.firstError ? `  first: ${op.firstError}` : ''}`);
  }
}

async function timed(op: OpFigures, run: Call, since: number): Promise<void> {
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
  op.times.push(performance.now() - since);
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

async function benchProvider(provider: DatabaseProvider): Promise<void> {
  let pg: PostgresServer | undefined;
  if (provider === 'postgresql' && !process.env.GATEHOUSE_TEST_POSTGRES_URL) {
    pg = await startPostgresServer();
    process.env.GATEHOUSE_TEST_POSTGRES_URL = pg.url;
  }
  const server = await startServer(provider);
  const dispatcher = new Agent({ connections: CLIENTS + 4, keepAliveTimeout: 30_000 });
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> => {
    const res = await request(`${server.url}${path}`, {
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
    await server.ask('analyze');

    const routes = Math.floor(OBJECTS / 3);
    let seq = 0;
    const pick = (): [string, Call] => {
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

    // Closed loop: the saturation throughput.
    const closed: Record<string, OpFigures> = {};
    let total = 0;
    let end = performance.now() + SECONDS * 1000;
    const client = async (): Promise<void> => {
      while (performance.now() < end) {
        const [label, run] = pick();
        await timed((closed[label] ??= { times: [], errors: 0 }), run, performance.now());
        total++;
      }
    };
    let t0 = performance.now();
    let cpu0 = (await server.ask('cpu')).cpuSeconds ?? 0;
    await Promise.all(Array.from({ length: CLIENTS }, client));
    let elapsed = (performance.now() - t0) / 1000;
    let cpu = ((await server.ask('cpu')).cpuSeconds ?? 0) - cpu0;
    const throughput = total / elapsed;
    console.log(`  closed loop, ${CLIENTS} clients for ${SECONDS} s: ${throughput.toFixed(0)} requests/s, server CPU ${((cpu * 1000) / total).toFixed(2)} ms per request; load average ${load()}`);
    report(closed);

    // Open loop: requests due at a fixed rate; each latency counted from when it was due.
    const rate = RATE ?? Math.max(1, Math.round(throughput / 2));
    const open: Record<string, OpFigures> = {};
    const inFlight: Array<Promise<void>> = [];
    t0 = performance.now();
    end = t0 + SECONDS * 1000;
    cpu0 = (await server.ask('cpu')).cpuSeconds ?? 0;
    let sent = 0;
    for (let k = 0; ; k++) {
      const due = t0 + (k * 1000) / rate;
      if (due >= end) break;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const [label, run] = pick();
      inFlight.push(timed((open[label] ??= { times: [], errors: 0 }), run, due));
      sent++;
    }
    await Promise.all(inFlight);
    elapsed = (performance.now() - t0) / 1000;
    cpu = ((await server.ask('cpu')).cpuSeconds ?? 0) - cpu0;
    console.log(`  open loop, ${rate} requests/s due (${RATE === null ? 'half the closed-loop rate' : 'BENCH_RATE'}) over ${CLIENTS} connections for ${SECONDS} s: ${sent} sent, finished after ${elapsed.toFixed(1)} s, server CPU ${((cpu * 1000) / sent).toFixed(2)} ms per request; load average ${load()}`);
    report(open);
    console.log('  goals (SQLite): p99 < 50 ms for gets and list pages; 0 errors at 50 clients');
  } finally {
    await dispatcher.close();
    await server.stop();
    await pg?.stop();
    if (pg !== undefined) delete process.env.GATEHOUSE_TEST_POSTGRES_URL;
  }
}

function postgresInstalled(): boolean {
  return existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
}

console.log(`bench:api — ${OBJECTS.toLocaleString('en')} objects, ${CLIENTS} clients, ${SECONDS} s per load model and database; load average ${load()}`);
for (const provider of PROVIDERS) {
  if (provider === 'postgresql' && !process.env.GATEHOUSE_TEST_POSTGRES_URL && !postgresInstalled()) {
    console.log('\npostgresql: LEFT OUT — no PostgreSQL binaries under /usr/lib/postgresql and no GATEHOUSE_TEST_POSTGRES_URL');
    continue;
  }
  await benchProvider(provider);
}
process.exit(0);
