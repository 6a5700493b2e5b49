/**
 * Upstream handshake rate (not a test): `npm run bench:handshakes -- [seconds] [connections] [rounds]`.
 *
 * The worst case for a proxy's upstream TLS: an upstream that closes its connection after every response, so each
 * proxied request needs a new upstream connection and a TLS handshake. The worker runs as its own process (as in
 * production) in two modes that alternate within each round, because this machine is shared:
 * - `resume-off`: GATEHOUSE_WORKER_UPSTREAM_TLS_SESSIONS=0 (every handshake is a full one);
 * - `resume-on`: the default (sessions cached per endpoint + TLS settings, see proxy/upstream-sessions.ts).
 * With BENCH_BASELINE_MAIN=<path to another checkout's apps/worker/src/main.ts> a third mode, `baseline`, runs that
 * worker (before/after a change, in one invocation; the checkout must sit inside this repository so that its imports
 * resolve, e.g. `git archive <commit> apps/worker | tar -x -C .bench-baseline`).
 * The upstream is a node:https server in this process (TLS 1.3, an EC P-256 certificate from a CA made by the OpenSSL
 * CLI at start); it counts full and resumed handshakes itself (`isSessionReused()`), so the figures do not depend on
 * the worker's own metrics. Prints one JSON line per run: proxied requests/s (= upstream handshakes/s), p50/p99, the
 * worker's CPU per request, and the handshakes the upstream saw. Everything listens on 127.0.0.1 and stops by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Pool, request } from 'undici';
import { createTestPki } from '@gatehouse/echo/test-pki';
import { startFakeConsole } from '../helpers/fake-console';
import { caSecret, freePort, gateway, httpRoute, serviceWithEndpoints, upstreamTlsPolicy } from '../helpers/scenario';

const seconds = Number(process.argv[2] ?? '5');
const connections = Number(process.argv[3] ?? '20');
const rounds = Number(process.argv[4] ?? '2');
const root = join(import.meta.dirname, '..', '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const baselineMain = process.env.BENCH_BASELINE_MAIN;
const MODES: Array<{ name: string; main: string; env: Record<string, string> }> = [
  ...(baselineMain === undefined ? [] : [{ name: 'baseline', main: baselineMain, env: {} }]),
  { name: 'resume-off', main: 'apps/worker/src/main.ts', env: { GATEHOUSE_WORKER_UPSTREAM_TLS_SESSIONS: '0' } },
  { name: 'resume-on', main: 'apps/worker/src/main.ts', env: {} },
];

/** utime + stime of a process and its descendants (tsx runs the worker in a child node process), in clock ticks (100/s). */
function cpuTicks(pid: number): number {
  let total = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    total += Number(fields[11]) + Number(fields[12]);
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter((c) => c !== '')) total += cpuTicks(Number(child));
  } catch {
    // the process ended
  }
  return total;
}

async function waitReady(url: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await request(url);
      await r.body.dump();
      if (r.statusCode === 200) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const pki = createTestPki();
const ca = pki.createCa('handshake-bench-ca');
const cert = pki.issue(ca, { cn: 'foo.example.com', sans: ['DNS:foo.example.com'] });
const seen = { full: 0, resumed: 0 };
const body = JSON.stringify({ ok: true });
// `Connection: close` on every answer: the worker must open a new connection (and handshake) for the next request.
const upstream = createServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
});
upstream.on('secureConnection', (s: TLSSocket) => {
  if (s.isSessionReused()) seen.resumed++;
  else seen.full++;
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamPort = (upstream.address() as AddressInfo).port;
const listenPort = await freePort();
const adminPort = await freePort();
const token = 'bench-token';
const fake = await startFakeConsole(token);
const children: ChildProcess[] = [];
try {
  fake.publish(1, [
    gateway('simple-fsm-gateway', [listenPort]),
    httpRoute('http-route-foo', 'simple-fsm-gateway', [{ backends: [{ service: 'httpbin' }] }]),
    ...serviceWithEndpoints('httpbin', [upstreamPort]),
    caSecret('https-cert', ca.certPem),
    upstreamTlsPolicy('httpbin', 'https-cert'),
  ]);
  for (let round = 1; round <= rounds; round++) {
    for (const mode of MODES) {
      const worker = spawn(tsx, [mode.main], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          GATEHOUSE_CONSOLE_URL: fake.url,
          GATEHOUSE_WORKER_TOKEN: token,
          GATEHOUSE_WORKER_ID: 'bench-handshakes',
          GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1',
          GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort),
          GATEHOUSE_LOG_LEVEL: 'warn',
          GATEHOUSE_WORKER_PROCESSES: '1',
          ...mode.env,
        },
      });
      children.push(worker);
      await waitReady(`http://127.0.0.1:${adminPort}/readyz`);
      const client = new Pool(`http://127.0.0.1:${listenPort}`, { connections, pipelining: 1 });
      const drive = async (durationMs: number, latencies: number[] | null): Promise<{ ok: number; failed: number }> => {
        const end = performance.now() + durationMs;
        let ok = 0;
        let failed = 0;
        await Promise.all(
          Array.from({ length: connections }, async () => {
            while (performance.now() < end) {
              const t0 = performance.now();
              try {
                const r = await client.request({ path: '/', method: 'GET', headers: { host: 'foo.example.com' } });
                await r.body.dump();
                if (r.statusCode === 200) ok++;
                else failed++;
              } catch {
                failed++;
              }
              latencies?.push(performance.now() - t0);
            }
          }),
        );
        return { ok, failed };
      };
      await drive(1_000, null); // warm-up: JIT, the first full handshake
      const latencies: number[] = [];
      const before = { ...seen };
      const cpu0 = cpuTicks(worker.pid ?? 0);
      const t0 = performance.now();
      const { ok, failed } = await drive(seconds * 1000, latencies);
      const elapsed = (performance.now() - t0) / 1000;
      const cpuSeconds = (cpuTicks(worker.pid ?? 0) - cpu0) / 100;
      latencies.sort((a, b) => a - b);
      const pct = (p: number): number => Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(2));
      const full = seen.full - before.full;
      const resumed = seen.resumed - before.resumed;
      const metrics = await (await request(`http://127.0.0.1:${adminPort}/metrics`)).body.text();
      console.log(
        JSON.stringify({
          round,
          mode: mode.name,
          node: process.version,
          seconds: Number(elapsed.toFixed(1)),
          connections,
          requestsPerSecond: Math.round(ok / elapsed),
          failed,
          p50ms: pct(0.5),
          p99ms: pct(0.99),
          workerCpuMicrosPerRequest: Math.round((cpuSeconds * 1e6) / Math.max(ok, 1)),
          upstreamHandshakesPerSecond: Math.round((full + resumed) / elapsed),
          upstreamFull: full,
          upstreamResumed: resumed,
          // The worker's own count (whole run, warm-up included), as /metrics reports it.
          workerHandshakeMetric: metrics.split('\n').filter((l) => l.startsWith('gatehouse_upstream_tls_handshakes_total')),
        }),
      );
      await client.close();
      await stop(worker);
    }
  }
} finally {
  for (const c of children) await stop(c);
  await fake.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
  upstream.closeAllConnections();
  pki.cleanup();
}
