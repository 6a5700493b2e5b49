/**
 * `npm run bench:proxy [-- options]` — the worker against nginx, side by side, in one invocation (issue 10 §8).
 *
 * One HTTPS upstream (nginx answering a JSON echo of what it received, one worker process) and one policy for every
 * contender: plain HTTP in → HTTPS upstream verified against a CA, with SNI and the upstream's name checked. The
 * contenders run at the same time on their own ports and the load (wrk, one thread, keep-alive) alternates between
 * them inside each round, so a busy shared machine slows all of them alike. Each contender's answer is checked once
 * before load (status and echoed Host, path and X-Forwarded-*), and wrk counts every non-2xx/3xx answer and socket
 * error under load as a failed request. Figures only, nothing is asserted; the goals are printed beside them.
 *
 * Contenders: the worker (Node engine; `--node <binary>` adds the same worker on other Node runtimes), nginx (when
 * installed; without it the upstream is the project's echo app and the handshake section is left out), the
 * `http-proxy` package, a bare node:http + undici proxy with no gateway work (side-by-side/bare-undici-proxy.ts: the
 * ceiling of a Node proxy on the machine at hand), and with `--engine haproxy` the worker with
 * GATEHOUSE_WORKER_ENGINE=haproxy.
 * A contender that cannot start is reported with its error and the others still run.
 *
 * Sections (`--sections c50,c5,cores,handshakes,routes,reload`, all by default):
 *   c50, c5     one process each (worker GATEHOUSE_WORKER_PROCESSES=1, nginx worker_processes 1), 50 / 5 connections
 *   cores       all cores: worker GATEHOUSE_WORKER_PROCESSES=<cores>, nginx worker_processes auto (50 connections)
 *   handshakes  a new upstream TLS connection per request (the upstream closes each one), req/s = handshakes/s
 *   routes      the worker with 10 and with --routes (default 10 000) HTTPRoutes, alternating, throughput loss (with
 *               --engine haproxy the haproxy engine too)
 *   reload      `npm run bench:reload` (configuration changes under load, every response checked): failed requests
 * Options: --duration <s> (10) per measurement, --rounds <n> (3), --quick (3 s, 1 round, 20 reloads: < 2 min),
 *   --reload-changes <n> (100), --cpu-prof <dir> (profile the one-process Node worker: --cpu-prof files there),
 *   --compare <checkout> (also run the worker of another checkout, e.g. `git archive` of an older commit with a
 *   node_modules link: before/after figures of a change from the same run; with --engine haproxy its haproxy engine too),
 *   --node-args "<flags>" (also run the one-process worker with these Node/V8 flags, e.g. "--max-semi-space-size=32";
 *   repeatable).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { createTestPki } from '@gatehouse/echo/test-pki';
import { freePort } from '../helpers/scenario';
import { NGINX_BINARY, nginxInstalled, proxyConfig, startNginx, UPSTREAM_NAME, upstreamConfig } from './side-by-side/nginx';
import { describeGc, readGc } from './side-by-side/gc-figures';
import { loadAverage, treeCpuSeconds } from './side-by-side/proc-cpu';
import { startWorkerContender, stopProcess, type WorkerContender } from './side-by-side/worker-contender';
import { runWrk, type WrkResult } from './side-by-side/wrk';

const { values: flags } = parseArgs({
  options: {
    sections: { type: 'string', default: 'c50,c5,cores,handshakes,routes,reload' },
    duration: { type: 'string' },
    rounds: { type: 'string' },
    quick: { type: 'boolean', default: false },
    engine: { type: 'string', multiple: true, default: [] },
    node: { type: 'string', multiple: true, default: [] },
    compare: { type: 'string', multiple: true, default: [] },
    'node-args': { type: 'string', multiple: true, default: [] },
    routes: { type: 'string', default: '10000' },
    'reload-changes': { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const SECTIONS = new Set(flags.sections.split(',').map((s) => s.trim()));
const SECONDS = Number(flags.duration ?? (flags.quick ? 3 : 10));
const ROUNDS = Number(flags.rounds ?? (flags.quick ? 1 : 3));
const RELOADS = Number(flags['reload-changes'] ?? (flags.quick ? 20 : 100));
const ROUTES = Number(flags.routes);
const CORES = availableParallelism();
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
for (const e of flags.engine) if (e !== 'node' && e !== 'haproxy') throw new Error(`--engine ${e}: node or haproxy`);

interface Contender {
  name: string;
  port: number;
  pid: () => number | undefined;
  /** Why it is not measured (it failed to start or to answer correctly). */
  error: string | null;
  worker?: WorkerContender;
  stop: () => Promise<void>;
}

interface Row {
  section: string;
  contender: string;
  runs: Array<WrkResult & { cpuMicrosPerRequest: number; upstreamConnectsPerSecond: number | null; gc?: string }>;
  error: string | null;
  note?: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} load ${loadAverage()}] ${line}\n`);
}

// ---- the shared upstream -------------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
const pki = createTestPki();
const ca = pki.createCa('bench-ca.example.com');
const cert = pki.issue(ca, { cn: UPSTREAM_NAME, sans: [`DNS:${UPSTREAM_NAME}`] });
const caFile = join(dir, 'ca.crt');
writeFileSync(caFile, ca.certPem);
writeFileSync(join(dir, 'upstream.crt'), cert.certPem);
writeFileSync(join(dir, 'upstream.key'), cert.keyPem, { mode: 0o600 });
const upstream = { keepAlive: await freePort(), close: await freePort() };
const contenders: Contender[] = [];
const rows: Row[] = [];
const processes: ChildProcess[] = [];
let upstreamProcess: ChildProcess | null = null;

async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await request(`http://127.0.0.1:${port}/`)).body.dump();
      return;
    } catch {
      if (Date.now() > end) throw new Error(`nothing answers on port ${port}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** One request through a contender, its answer checked against what the upstream echoes. */
async function checkAnswer(port: number, host: string): Promise<string | null> {
  try {
    // undici's request, not fetch: fetch does not let a caller set Host.
    const r = await request(`http://127.0.0.1:${port}/get?check=1`, { headers: { host } });
    const text = await r.body.text();
    if (r.statusCode !== 200) return `answered ${r.statusCode}: ${text.slice(0, 200)}`;
    const echo = JSON.parse(text) as Record<string, string> & { headers?: Record<string, string> };
    // nginx's echo (nginx.ts) or, without nginx, the project's httpbin-like echo app (Title-Case header names).
    const seen = echo.echo === 'upstream'
      ? { host: echo.host, uri: echo.uri, xff: echo.xForwardedFor, proto: echo.xForwardedProto }
      : { host: /^https:\/\/([^/]+)/.exec(echo.url ?? '')?.[1], uri: (echo.url ?? '').replace(/^https:\/\/[^/]+/, ''), xff: echo.headers?.['X-Forwarded-For'], proto: echo.headers?.['X-Forwarded-Proto'] };
    if (seen.host !== host || seen.uri !== '/get?check=1' || !(seen.xff ?? '').includes('127.0.0.1') || seen.proto !== 'http') return `unexpected upstream echo: ${text}`;
    return null;
  } catch (err) {
    return `no answer: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function nodeVersionOf(binary: string): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(binary, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('close', () => resolve(out.trim() || 'unknown'));
    p.on('error', () => resolve('unknown'));
  });
}

async function addWorker(name: string, nodeBinary: string, env: Record<string, string>, nodeArgs: string[] = [], expectEngine: string | null = null, root?: string): Promise<Contender> {
  const c: Contender = { name, port: 0, pid: () => undefined, error: null, stop: () => Promise.resolve() };
  contenders.push(c);
  try {
    const w = await startWorkerContender({ nodeBinary, nodeArgs, env: { GATEHOUSE_WORKER_DRAIN_TIMEOUT_MS: '500', ...env }, upstream, caPem: ca.certPem, ...(root === undefined ? {} : { root }) });
    c.worker = w;
    c.port = w.listenPort;
    c.pid = () => w.process.pid;
    c.stop = async () => {
      await stopProcess(w.process);
      await w.console.close();
    };
    if (expectEngine !== null) {
      // An engine the worker does not know must not be measured as the Node engine under another name.
      const engine = (await w.config()).engine;
      if (engine !== expectEngine) {
        c.error = `GATEHOUSE_WORKER_ENGINE=${expectEngine}: the worker started but reports engine ${JSON.stringify(engine ?? null)} in /config (engine not available in this build); not measured`;
        await c.stop();
        return c;
      }
    }
    c.error = await checkAnswer(c.port, 'foo.example.com');
  } catch (err) {
    c.error = err instanceof Error ? err.message : String(err);
  }
  return c;
}

async function addNginx(name: string, workers: '1' | 'auto'): Promise<Contender> {
  const port = await freePort();
  const file = `proxy-${workers}`;
  const p = startNginx(dir, file, proxyConfig(dir, file, { listenPort: port, workers, upstream, caFile }));
  let stderr = '';
  p.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  processes.push(p);
  const c: Contender = { name, port, pid: () => p.pid, error: null, stop: () => stopProcess(p) };
  contenders.push(c);
  try {
    await waitForPort(port);
    c.error = await checkAnswer(port, 'foo.example.com');
  } catch (err) {
    c.error = `${err instanceof Error ? err.message : String(err)} ${stderr.trim()}`;
  }
  return c;
}

/** A Node baseline in its own process (side-by-side/<file> <listenPort> <upstreamPort> <caFile> <servername>). */
async function addScript(name: string, file: string): Promise<Contender> {
  const port = await freePort();
  const p = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'side-by-side', file), String(port), String(upstream.keepAlive), caFile, UPSTREAM_NAME], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  processes.push(p);
  const c: Contender = { name, port, pid: () => p.pid, error: null, stop: () => stopProcess(p) };
  contenders.push(c);
  try {
    await waitForPort(port);
    c.error = await checkAnswer(port, 'foo.example.com');
  } catch (err) {
    c.error = err instanceof Error ? err.message : String(err);
  }
  return c;
}

const warmed = new Set<Contender>();
const BARE = 'bare node:http + undici (no gateway work)';

/** Rounds × contenders, alternating: every contender meets the same moments of the shared machine. */
async function measure(section: string, list: Contender[], host: string, connections: number, rowName: (c: Contender) => string = (c) => c.name): Promise<Row[]> {
  const out = list.map((c): Row => ({ section, contender: rowName(c), runs: [], error: c.error }));
  const live = list.filter((c) => c.error === null);
  log(`${section}: ${live.map((c) => c.name).join(' | ')} — ${ROUNDS} round(s) of ${SECONDS} s, ${connections} connections`);
  // Warm-up: pools, nginx's upstream keep-alive connections, and V8's JIT — 3 s the first time a contender is loaded
  // (1 s was too little: on a busy machine the worker's first measured seconds still ran unoptimised code), 1 s after.
  for (const c of live) {
    await runWrk({ port: c.port, host, path: '/warm', connections, seconds: warmed.has(c) ? 1 : 3 }).catch(() => undefined);
    warmed.add(c);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of live) {
      const row = out[list.indexOf(c)] as Row;
      const cpu0 = treeCpuSeconds(c.pid());
      const opened0 = c.worker === undefined ? null : ((await c.worker.config()).upstream as { connectionsOpened: number }).connectionsOpened;
      // The Node engine's own GC time (the haproxy engine's /metrics would give its supervisor's).
      const gcOf = c.worker !== undefined && !c.name.includes('haproxy') ? c.worker.adminPort : null;
      const gc0 = gcOf === null ? null : await readGc(gcOf);
      try {
        const r = await runWrk({ port: c.port, host, path: '/get', connections, seconds: SECONDS });
        const cpu = treeCpuSeconds(c.pid()) - cpu0;
        const opened1 = c.worker === undefined ? null : ((await c.worker.config()).upstream as { connectionsOpened: number }).connectionsOpened;
        const gc1 = gcOf === null ? null : await readGc(gcOf);
        const gc = gc0 === null || gc1 === null ? undefined : describeGc(gc0, gc1, r.seconds);
        row.runs.push({ ...r, cpuMicrosPerRequest: (cpu * 1e6) / Math.max(1, r.requests), upstreamConnectsPerSecond: opened0 === null || opened1 === null ? null : (opened1 - opened0) / r.seconds, ...(gc === undefined ? {} : { gc }) });
        log(`  ${row.contender}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50ms} ms, p99 ${r.p99ms} ms, failed ${r.failed}${gc === undefined ? '' : `, ${gc}`}`);
      } catch (err) {
        row.error = err instanceof Error ? err.message.split('\n')[0] ?? 'wrk failed' : String(err);
      }
    }
  }
  rows.push(...out);
  return out;
}

const summary = (row: Row | undefined) => ({
  rps: median(row?.runs.map((r) => r.requestsPerSecond) ?? []),
  p50: median(row?.runs.map((r) => r.p50ms) ?? []),
  p99: median(row?.runs.map((r) => r.p99ms) ?? []),
  cpu: median(row?.runs.map((r) => r.cpuMicrosPerRequest) ?? []),
  connects: median(row?.runs.map((r) => r.upstreamConnectsPerSecond ?? Number.NaN) ?? []),
  failed: row?.runs.reduce((a, r) => a + r.failed, 0) ?? 0,
  min: Math.min(...(row?.runs.map((r) => r.requestsPerSecond) ?? [])),
  max: Math.max(...(row?.runs.map((r) => r.requestsPerSecond) ?? [])),
});

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '–');

let reloadResult: { failed: number | null; detail: string } | null = null;
const startedAt = new Date();
const loadAtStart = loadAverage();
try {
  // ---- start everything --------------------------------------------------------------------------------------
  const haveNginx = nginxInstalled();
  if (haveNginx) {
    upstreamProcess = startNginx(dir, 'upstream', upstreamConfig(dir, upstream, join(dir, 'upstream.crt'), join(dir, 'upstream.key')));
  } else {
    // Without nginx: the project's echo app (one Node process, so it caps every contender) and no handshake section
    // (it has no port that closes every connection).
    log(`${NGINX_BINARY} is not installed: nginx is left out, the upstream is the project's echo app (a Node process: it caps every contender)`);
    upstreamProcess = spawn(TSX, ['apps/echo/src/main.ts', '--cert', join(dir, 'upstream.crt'), '--key', join(dir, 'upstream.key'), '--port', String(upstream.keepAlive)], { cwd: ROOT, stdio: 'ignore' });
    upstream.close = upstream.keepAlive;
  }
  processes.push(upstreamProcess);
  const runtimeLabel = `Node ${process.version}`;
  const profArgs = flags['cpu-prof'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', flags['cpu-prof']];
  const perCore: Contender[] = [];
  const allCore: Contender[] = [];
  const wantPerCore = SECTIONS.has('c50') || SECTIONS.has('c5') || SECTIONS.has('handshakes') || SECTIONS.has('routes') || SECTIONS.has('cores');
  let nginx1: Contender | null = null;
  let worker1: Contender | null = null;
  const routeEngines: Contender[] = [];
  if (wantPerCore) {
    if (haveNginx) perCore.push((nginx1 = await addNginx('nginx, 1 worker', '1')));
    worker1 = await addWorker(`worker (${runtimeLabel}), 1 process`, process.execPath, { GATEHOUSE_WORKER_PROCESSES: '1' }, profArgs);
    perCore.push(worker1);
    for (const binary of flags.node) {
      perCore.push(await addWorker(`worker (Node ${await nodeVersionOf(binary)}), 1 process`, binary, { GATEHOUSE_WORKER_PROCESSES: '1' }));
    }
    // `--node-args "--max-semi-space-size=32"`: the same worker with other V8/Node flags (one contender per value).
    for (const args of flags['node-args']) {
      perCore.push(await addWorker(`worker (${runtimeLabel}, ${args}), 1 process`, process.execPath, { GATEHOUSE_WORKER_PROCESSES: '1' }, args.split(/\s+/).filter(Boolean)));
    }
    for (const root of flags.compare) {
      perCore.push(await addWorker(`worker (${basename(root)}), 1 process`, process.execPath, { GATEHOUSE_WORKER_PROCESSES: '1' }, [], null, root));
    }
    perCore.push(await addScript('http-proxy (npm), 1 process', 'http-proxy-baseline.ts'));
    // The Node engine's ceiling on this machine: node:http + undici with nothing of a gateway in between.
    perCore.push(await addScript(`${BARE}, 1 process`, 'bare-undici-proxy.ts'));
    if (flags.engine.includes('haproxy')) {
      const haproxy1 = await addWorker('worker (haproxy engine), 1 process', process.execPath, { GATEHOUSE_WORKER_PROCESSES: '1', GATEHOUSE_WORKER_ENGINE: 'haproxy' }, [], 'haproxy');
      perCore.push(haproxy1);
      routeEngines.push(haproxy1);
      // The other checkout's haproxy engine too: before/after of a renderer change from the same run.
      for (const root of flags.compare) {
        const other = await addWorker(`worker (haproxy engine, ${basename(root)}), 1 process`, process.execPath, { GATEHOUSE_WORKER_PROCESSES: '1', GATEHOUSE_WORKER_ENGINE: 'haproxy' }, [], 'haproxy', root);
        perCore.push(other);
        routeEngines.push(other);
      }
    }
  }
  if (SECTIONS.has('cores')) {
    if (haveNginx) allCore.push(await addNginx(`nginx, worker_processes auto (${CORES})`, 'auto'));
    allCore.push(await addWorker(`worker (${runtimeLabel}), ${CORES} processes`, process.execPath, { GATEHOUSE_WORKER_PROCESSES: String(CORES) }));
    if (flags.engine.includes('haproxy')) {
      allCore.push(await addWorker(`worker (haproxy engine), ${CORES} processes`, process.execPath, { GATEHOUSE_WORKER_PROCESSES: String(CORES), GATEHOUSE_WORKER_ENGINE: 'haproxy' }, [], 'haproxy'));
    }
  }
  for (const c of contenders) if (c.error !== null) log(`${c.name}: NOT MEASURED — ${c.error}`);

  // ---- sections ----------------------------------------------------------------------------------------------
  if (SECTIONS.has('c50')) await measure('c50', perCore, 'foo.example.com', 50);
  if (SECTIONS.has('c5')) await measure('c5', perCore, 'foo.example.com', 5);
  if (SECTIONS.has('cores')) await measure('cores', allCore, 'foo.example.com', 50);
  if (SECTIONS.has('handshakes') && !haveNginx) log('handshakes: left out (needs nginx as the upstream)');
  if (SECTIONS.has('handshakes') && haveNginx) {
    const list = perCore.filter((c) => c === nginx1 || c.worker !== undefined);
    for (const c of list) if (c.error === null && c.worker === undefined) c.error = await checkAnswer(c.port, 'new.example.com');
    await measure('handshakes', list, 'new.example.com', 50);
  }
  // The route table section runs the Node engine and, with --engine haproxy, the haproxy engine (and a --compare
  // checkout's haproxy engine): each contender alternates between the two table sizes within a round.
  const routeContenders = [worker1, ...routeEngines].filter((c): c is Contender => c !== null && c.worker !== undefined && c.error === null);
  if (SECTIONS.has('routes') && routeContenders.length > 0) {
    const sizes = [10, ROUTES];
    const out = routeContenders.map((c) => sizes.map((n): Row => ({ section: 'routes', contender: `${c.name}, ${fmt(n)} routes`, runs: [], error: null })));
    log(`routes: ${sizes.join(' vs ')} HTTPRoutes, alternating, ${ROUNDS} round(s): ${routeContenders.map((c) => c.name).join(' | ')}`);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [ci, c] of routeContenders.entries()) {
        const w = c.worker as WorkerContender;
        for (const [i, n] of sizes.entries()) {
          const row = out[ci]?.[i] as Row;
          // A table the contender cannot put in force is reported as its row's error once (no second 60 s wait).
          if (row.error !== null) continue;
          const t0 = performance.now();
          try {
            await w.configure(n - 2);
          } catch (err) {
            row.error = err instanceof Error ? err.message : String(err);
            log(`  ${row.contender}: NOT MEASURED — ${row.error}`);
            continue;
          }
          const applyMs = performance.now() - t0;
          row.note = `publish → enforced ${fmt(applyMs)} ms`;
          await runWrk({ port: w.listenPort, host: 'foo.example.com', path: '/warm', connections: 50, seconds: 1 });
          const cpu0 = treeCpuSeconds(c.pid());
          const r = await runWrk({ port: w.listenPort, host: 'foo.example.com', path: '/get', connections: 50, seconds: SECONDS });
          row.runs.push({ ...r, cpuMicrosPerRequest: ((treeCpuSeconds(c.pid()) - cpu0) * 1e6) / Math.max(1, r.requests), upstreamConnectsPerSecond: null });
          log(`  ${row.contender}: ${Math.round(r.requestsPerSecond)} req/s (${row.note})`);
        }
        await w.configure(8);
      }
    }
    rows.push(...out.flat());
  }
  // Nothing else under load while the reload benchmark runs.
  for (const c of contenders) await c.stop();
  if (SECTIONS.has('reload')) {
    log(`reload: npm run bench:reload -- ${RELOADS}`);
    const out = await new Promise<string>((resolve) => {
      const p = spawn(TSX, [join(import.meta.dirname, 'reload.bench.ts'), String(RELOADS)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      p.stdout.on('data', (d: Buffer) => (text += d.toString()));
      p.on('close', () => resolve(text));
    });
    const failed = /failed requests\s+(\d+)/.exec(out);
    const requests = /requests\s+(\d+)/.exec(out);
    const enforced = /publish → enforced\s+(.*)/.exec(out);
    reloadResult = {
      failed: failed === null ? null : Number(failed[1]),
      detail: failed === null ? `bench:reload printed no result:\n${out}` : `${RELOADS} changes, ${requests?.[1] ?? '?'} requests checked, publish → enforced ${enforced?.[1] ?? '?'}`,
    };
  }
} finally {
  for (const c of contenders) await c.stop().catch(() => undefined);
  for (const p of processes) await stopProcess(p);
  pki.cleanup();
  rmSync(dir, { recursive: true, force: true });
}

// ---- the table --------------------------------------------------------------------------------------------------
const nginxOf = (section: string): Row | undefined => rows.find((r) => r.section === section && r.contender.startsWith('nginx'));
const titles: Record<string, string> = {
  c50: '50 connections, one process each',
  c5: '5 connections, one process each',
  cores: `50 connections, all ${CORES} cores`,
  handshakes: 'new upstream TLS connection per request (req/s = handshakes/s)',
  routes: 'route table size (worker, 50 connections)',
};
console.log(`\nproxy benchmark — ${startedAt.toISOString()}, ${CORES} cores, load average at start ${loadAtStart}, at end ${loadAverage()}`);
console.log(`wrk -t1 --latency, ${SECONDS} s × ${ROUNDS} round(s) per row (median; min–max of req/s), contenders alternating; plain HTTP in → HTTPS upstream (nginx JSON echo, 1 worker) verified against a CA with SNI ${UPSTREAM_NAME}`);
console.log('| section | contender | req/s (min–max) | × nginx | p50 ms | p99 ms | p99 ÷ nginx | proxy CPU µs/req | failed | notes |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const row of rows) {
  const s = summary(row);
  const n = nginxOf(row.section);
  const ns = n === undefined || n === row ? null : summary(n);
  if (row.error !== null && row.runs.length === 0) {
    console.log(`| ${row.section} | ${row.contender} | not measured | | | | | | | ${row.error.replaceAll('|', '/').replaceAll('\n', ' ')} |`);
    continue;
  }
  // GC of the median run by req/s: one run's figures, not a mix.
  const medianRun = [...row.runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor(row.runs.length / 2)];
  const notes = [row.note, Number.isFinite(s.connects) ? `upstream connects ${fmt(s.connects)}/s` : undefined, medianRun?.gc, row.error ?? undefined].filter(Boolean).join('; ');
  console.log(
    `| ${row.section} | ${row.contender} | ${fmt(s.rps)} (${fmt(s.min)}–${fmt(s.max)}) | ${ns === null ? '' : fmt(s.rps / ns.rps, 2)} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} | ${ns === null ? '' : fmt(s.p99 / ns.p99, 1)} | ${fmt(s.cpu)} | ${s.failed} | ${notes} |`,
  );
}
if (reloadResult !== null) console.log(`| reload | worker, 1 process (in-process, npm run bench:reload) | | | | | | | ${reloadResult.failed ?? '?'} | ${reloadResult.detail} |`);
for (const t of Object.keys(titles)) if (rows.some((r) => r.section === t)) console.log(`  ${t}: ${titles[t]}`);

// ---- goals ------------------------------------------------------------------------------------------------------
const find = (section: string, pred: (name: string) => boolean): Row | undefined => rows.find((r) => r.section === section && pred(r.contender) && r.runs.length > 0);
const isNodeWorker = (n: string): boolean => n.startsWith(`worker (Node ${process.version})`);
const goals: Array<[string, number | null, (v: number) => boolean, string]> = [];
const ratio = (a: Row | undefined, b: Row | undefined, key: 'rps' | 'p99'): number | null => (a === undefined || b === undefined ? null : summary(a)[key] / summary(b)[key]);
const w50 = find('c50', isNodeWorker);
goals.push(['worker req/s ≥ 0.4 × nginx (c50, 1 process each)', ratio(w50, nginxOf('c50'), 'rps'), (v) => v >= 0.4, '×']);
goals.push(['worker p99 ≤ 2 × nginx (c50)', ratio(w50, nginxOf('c50'), 'p99'), (v) => v <= 2, '×']);
goals.push([`worker ${CORES} processes ≥ 1.8 × 1 process`, ratio(find('cores', isNodeWorker), w50, 'rps'), (v) => v >= 1.8, '×']);
const bare50 = find('c50', (n) => n.startsWith(BARE));
console.log(`\nNode ceiling here (c50): ${BARE} ${fmt(ratio(bare50, nginxOf('c50'), 'rps') ?? Number.NaN, 2)} × nginx's req/s, p99 ${fmt(ratio(bare50, nginxOf('c50'), 'p99') ?? Number.NaN, 1)} × nginx's; the worker makes ${fmt(ratio(w50, bare50, 'rps') ?? Number.NaN, 2)} × its req/s.`);
goals.push(['worker ≥ 2 × http-proxy (c50)', ratio(w50, find('c50', (n) => n.startsWith('http-proxy')), 'rps'), (v) => v >= 2, '×']);
goals.push(['worker handshakes ≥ 0.25 × nginx', ratio(find('handshakes', isNodeWorker), nginxOf('handshakes'), 'rps'), (v) => v >= 0.25, '×']);
// One goal line per contender of the route table section: its 10-route row against its --routes row.
const routeRows = rows.filter((r) => r.section === 'routes' && r.runs.length > 0);
const routeContenderNames = [...new Set(routeRows.map((r) => r.contender.replace(/, [\d,]+ routes$/, '')))];
if (routeContenderNames.length === 0) routeContenderNames.push('worker');
for (const name of routeContenderNames) {
  const [small, large] = [10, ROUTES].map((n) => routeRows.find((r) => r.contender === `${name}, ${fmt(n)} routes`));
  const engine = name.includes('haproxy engine') ? ` (${name.replace(/^worker \((.*)\), 1 process$/, '$1')})` : '';
  goals.push([`throughput loss 10 → ${fmt(ROUTES)} routes < 10 %${engine}`, small !== undefined && large !== undefined ? 100 * (1 - summary(large).rps / summary(small).rps) : null, (v) => v < 10, ' %']);
}
goals.push([`failed requests across ${RELOADS} reloads = 0`, reloadResult?.failed ?? null, (v) => v === 0, '']);
console.log('\n| goal | measured | |\n|---|---:|---|');
for (const [name, value, ok, unit] of goals) {
  if (value === null || !Number.isFinite(value)) console.log(`| ${name} | – | not measured |`);
  else console.log(`| ${name} | ${unit === '×' ? `${fmt(value, 2)} ×` : `${fmt(value, unit === ' %' ? 1 : 0)}${unit}`} | ${ok(value) ? 'met' : 'MISSED'} |`);
}
