/**
 * Quick throughput sanity check (not a test): `npx tsx apps/worker/test/bench/proxy-throughput.ts [seconds] [connections] [processes…]`.
 * Each processes value (GATEHOUSE_WORKER_PROCESSES, default 1) is a run of its own, in the order given (`1 2 1 2`
 * alternates them, which a shared machine needs).
 * Starts an HTTPS echo upstream and the worker as separate processes, feeds the worker the seed scenario with
 * an UpstreamTLSPolicy through a fake console, then drives plain-HTTP load through the worker with an undici
 * Pool (keep-alive) and prints requests/s, latency percentiles, the worker's CPU per request and how many
 * upstream connections it opened. Everything listens on 127.0.0.1 and stops by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool, request } from 'undici';
import { createTestPki } from '@gatehouse/echo/test-pki';
import { startFakeConsole } from '../helpers/fake-console';
import { caSecret, freePort, gateway, httpRoute, serviceWithEndpoints, upstreamTlsPolicy } from '../helpers/scenario';

const seconds = Number(process.argv[2] ?? '8');
const connections = Number(process.argv[3] ?? '50');
const processCounts = process.argv.length > 4 ? process.argv.slice(4).map(Number) : [1];
const root = join(import.meta.dirname, '..', '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

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

async function waitHttp(url: string, timeoutMs = 20_000): Promise<void> {
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

const pki = createTestPki();
const ca = pki.createCa('flomesh.io');
const cert = pki.issue(ca, { cn: 'foo.example.com' });
writeFileSync(join(pki.dir, 'bench.crt'), cert.certPem);
writeFileSync(join(pki.dir, 'bench.key'), cert.keyPem);
const echoPort = await freePort();
const listenPort = await freePort();
const adminPort = await freePort();
const token = 'bench-token';
const fake = await startFakeConsole(token);
const children: ChildProcess[] = [];
/** Sends SIGTERM and waits for the process (and so its serving processes) to end. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
try {
  const echo = spawn(tsx, ['apps/echo/src/main.ts', '--cert', join(pki.dir, 'bench.crt'), '--key', join(pki.dir, 'bench.key'), '--port', String(echoPort)], { cwd: root, stdio: 'ignore' });
  children.push(echo);
  fake.publish(1, [
    gateway('simple-fsm-gateway', [listenPort]),
    httpRoute('http-route-foo', 'simple-fsm-gateway', [{ backends: [{ service: 'httpbin' }] }]),
    ...serviceWithEndpoints('httpbin', [echoPort]),
    caSecret('https-cert', ca.certPem),
    upstreamTlsPolicy('httpbin', 'https-cert'),
  ]);
  for (const processes of processCounts) {
    const worker = spawn(tsx, ['apps/worker/src/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        GATEHOUSE_CONSOLE_URL: fake.url,
        GATEHOUSE_WORKER_TOKEN: token,
        GATEHOUSE_WORKER_ID: 'bench',
        GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1',
        GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort),
        GATEHOUSE_LOG_LEVEL: 'warn',
        GATEHOUSE_WORKER_PROCESSES: String(processes),
      },
    });
    children.push(worker);
    // Ready means every serving process enforces the snapshot.
    await waitHttp(`http://127.0.0.1:${adminPort}/readyz`);
    const client = new Pool(`http://127.0.0.1:${listenPort}`, { connections, pipelining: 1 });
    const drive = async (durationMs: number, latencies: number[] | null): Promise<{ ok: number; failed: number }> => {
      const end = performance.now() + durationMs;
      let ok = 0;
      let failed = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (performance.now() < end) {
            const t0 = performance.now();
            const r = await client.request({ path: '/get', method: 'GET', headers: { host: 'foo.example.com' } });
            await r.body.dump();
            if (r.statusCode === 200) ok++;
            else failed++;
            latencies?.push(performance.now() - t0);
          }
        }),
      );
      return { ok, failed };
    };
    await drive(2_000, null); // warm-up: pools, JIT
    const latencies: number[] = [];
    const cpu0 = cpuTicks(worker.pid ?? 0);
    const echoCpu0 = cpuTicks(echo.pid ?? 0);
    const selfCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { ok, failed } = await drive(seconds * 1000, latencies);
    const elapsed = (performance.now() - t0) / 1000;
    const cpuSeconds = (cpuTicks(worker.pid ?? 0) - cpu0) / 100;
    const echoCpuSeconds = (cpuTicks(echo.pid ?? 0) - echoCpu0) / 100;
    const selfCpu = process.cpuUsage(selfCpu0);
    latencies.sort((a, b) => a - b);
    const pct = (p: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(2);
    const cfg = (await (await request(`http://127.0.0.1:${adminPort}/config`)).body.json()) as {
      upstream: { connectionsOpened: number };
      processes?: { list: Array<{ proxy?: { requests: number } }> };
    };
    console.log(
      JSON.stringify({
        processes,
        seconds: Number(elapsed.toFixed(1)),
        connections,
        requestsPerSecond: Math.round(ok / elapsed),
        failed,
        p50ms: Number(pct(0.5)),
        p99ms: Number(pct(0.99)),
        // All the worker's processes (primary included): the CPU it costs, not one core's share.
        workerCpuPercent: Math.round((100 * cpuSeconds) / elapsed),
        workerCpuMicrosPerRequest: Math.round((cpuSeconds * 1e6) / ok),
        upstreamConnectionsOpened: cfg.upstream.connectionsOpened,
        // Where the rest of the box went: when these and the worker add up to all cores, the box set the rate.
        loadGeneratorCpuPercent: Math.round((selfCpu.user + selfCpu.system) / 1e4 / elapsed),
        upstreamCpuPercent: Math.round((100 * echoCpuSeconds) / elapsed),
        ...(cfg.processes ? { requestsPerProcess: cfg.processes.list.map((p) => p.proxy?.requests ?? null) } : {}),
      }),
    );
    await client.close();
    await stop(worker);
  }
} finally {
  for (const c of children) await stop(c);
  await fake.close();
  pki.cleanup();
}
