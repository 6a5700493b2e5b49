import { type ChildProcess, spawn } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { connect as http2Connect } from 'node:http2';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { createTestPki, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { localService, routeTo, tlsGateway, tlsSecret } from './helpers/https-scenario';
import { type RecordingUpstream, startRecordingUpstream } from './helpers/recording-upstream';
import { freePort } from './helpers/scenario';
import { waitUntil } from './helpers/wait-for';

/**
 * The worker as an operator runs it (`main.ts` in its own process) with GATEHOUSE_WORKER_PROCESSES=2: a primary
 * and two serving processes sharing the listeners through node:cluster. What /config says about the processes is
 * checked against the operating system (pids that exist, signals that stop and kill them).
 */
const TOKEN = 'processes-token';
const root = join(import.meta.dirname, '..', '..', '..');

interface ProcessRow {
  slot: number;
  pid: number;
  revision: number | null;
  answered: boolean;
  proxy?: { requests: number };
  listeners: Array<{ port: number; state: string; error?: string }>;
}
interface ConfigDoc {
  revision: number | null;
  listeners: Array<{ listener: string; port: number; state: string; error?: string }>;
  proxy: { requests: number };
  processes: { wanted: number; restarts: number; list: ProcessRow[] };
}

let fake: FakeConsole;
let one: RecordingUpstream;
let two: RecordingUpstream;
let pki: TestPki;
let ca: TestCa;
let worker: ChildProcess;
let exited: Promise<number | null>;
let adminPort: number;
let plainPort: number;
let securePort: number;
let busyPort: number;
let busy: NetServer;

async function admin<T>(path: string): Promise<{ status: number; body: T }> {
  const r = await request(`http://127.0.0.1:${adminPort}${path}`);
  const text = await r.body.text();
  return { status: r.statusCode, body: (r.headers['content-type'] === 'application/json' ? JSON.parse(text) : text) as T };
}

const config = async (): Promise<ConfigDoc> => (await admin<ConfigDoc>('/config')).body;

/** One GET on a new connection (so that node:cluster hands it to the next process): status and upstream name. */
function getOnNewConnection(port: number): Promise<{ status: number; upstream: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path: '/who', agent: false, headers: { host: 'app.example.org' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let upstream = '';
        try {
          upstream = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { upstream?: string }).upstream ?? '';
        } catch {
          // not an upstream's answer
        }
        resolve({ status: res.statusCode ?? 0, upstream });
      });
    });
    req.on('error', reject);
  });
}

function objects(upstreamName: 'one' | 'two', extraPort?: number): KubeObject[] {
  const cert = pki.issue(ca, { cn: 'secure.example.org', sans: ['DNS:secure.example.org'] });
  return [
    tlsGateway('edge', [
      { name: 'plain', port: plainPort },
      { name: 'secure', port: securePort, hostname: 'secure.example.org', certificates: ['secure-cert'] },
      ...(extraPort === undefined ? [] : [{ name: 'taken', port: extraPort }]),
    ]),
    tlsSecret('secure-cert', cert),
    routeTo('r-plain', 'edge', 'plain', upstreamName),
    routeTo('r-secure', 'edge', 'secure', upstreamName),
    ...(extraPort === undefined ? [] : [routeTo('r-taken', 'edge', 'taken', upstreamName)]),
    ...localService('one', one.port),
    ...localService('two', two.port),
  ];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  fake = await startFakeConsole(TOKEN);
  one = await startRecordingUpstream('one');
  two = await startRecordingUpstream('two');
  pki = createTestPki();
  ca = pki.createCa('processes-ca');
  [adminPort, plainPort, securePort, busyPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  busy = createNetServer();
  await new Promise<void>((resolve) => busy.listen(busyPort, '127.0.0.1', resolve));
  fake.publish(1, objects('one'));
  // `node --import tsx` rather than the tsx CLI: the process we signal is the primary itself, no relay between.
  worker = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      GATEHOUSE_CONSOLE_URL: fake.url,
      GATEHOUSE_WORKER_TOKEN: TOKEN,
      GATEHOUSE_WORKER_ID: 'processes-test',
      GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1',
      GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort),
      GATEHOUSE_FEED_WAIT_SECONDS: '2',
      GATEHOUSE_LOG_LEVEL: 'warn',
      GATEHOUSE_WORKER_PROCESSES: '2',
    },
  });
  exited = new Promise((resolve) => worker.once('exit', (code) => resolve(code)));
  await waitUntil(async () => (await admin('/readyz').catch(() => ({ status: 0 }))).status === 200, 60_000, 'the worker ready');
}, 90_000);

afterAll(async () => {
  if (worker.exitCode === null && worker.signalCode === null) {
    worker.kill('SIGKILL');
    await exited;
  }
  await new Promise<void>((resolve) => busy.close(() => resolve()));
  await Promise.all([fake.close(), one.close(), two.close()]);
  pki.cleanup();
});

describe('GATEHOUSE_WORKER_PROCESSES=2', () => {
  it('serves from both processes, each on the same revision, and sums their counters', async () => {
    const before = await config();
    expect(before.processes.wanted).toBe(2);
    expect(before.processes.list).toHaveLength(2);
    const pids = before.processes.list.map((p) => p.pid);
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(worker.pid);
    for (const pid of pids) expect(alive(pid)).toBe(true);
    expect(before.processes.list.map((p) => p.revision)).toEqual([1, 1]);
    expect(before.revision).toBe(1);

    for (let i = 0; i < 12; i++) expect(await getOnNewConnection(plainPort)).toEqual({ status: 200, upstream: 'one' });
    const after = await config();
    const served = after.processes.list.map((p) => p.proxy?.requests ?? 0);
    expect(served.every((n) => n > 0)).toBe(true);
    expect(after.proxy.requests).toBe(served.reduce((a, b) => a + b, 0));
    expect(after.proxy.requests).toBeGreaterThanOrEqual(12);
    // /metrics on the primary sums every process's registry: the request counter equals the summed counters.
    const metrics = await admin<string>('/metrics');
    expect(metrics.status).toBe(200);
    const total = [...metrics.body.matchAll(/^gatehouse_http_requests_total\{[^}]*status_class="2xx"[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(total).toBeGreaterThanOrEqual(12);
    expect(total).toBeLessThanOrEqual(after.proxy.requests);
    // The console hears of one worker, on revision 1, its listeners serving.
    await waitUntil(() => fake.reports.some((r) => r.revision === 1), 5_000, 'a status report for revision 1');
    const report = fake.reports.findLast((r) => r.revision === 1) as { workerId: string; listeners: Array<{ state: string }> };
    expect(report.workerId).toBe('processes-test');
    expect(report.listeners.map((l) => l.state)).toEqual(['serving', 'serving']);
  }, 30_000);

  it('terminates TLS with the listener certificate and takes h2c in the serving processes', async () => {
    for (let i = 0; i < 4; i++) {
      const cn = await new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: securePort, servername: 'secure.example.org', ca: ca.certPem }, () => {
          resolve(String(socket.getPeerCertificate().subject.CN));
          socket.end();
        });
        socket.on('error', reject);
      });
      expect(cn).toBe('secure.example.org');
    }
    const session = http2Connect(`http://127.0.0.1:${plainPort}`);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const stream = session.request({ ':path': '/h2c', host: 'app.example.org' });
        stream.on('response', (h) => resolve(Number(h[':status'])));
        stream.on('error', reject);
        stream.resume();
      });
      expect(status).toBe(200);
    } finally {
      session.close();
    }
  }, 30_000);

  it('says a revision is enforced only when every process enforces it', async () => {
    const [stopped, running] = (await config()).processes.list;
    // A process that cannot run cannot take revision 2: the other one does, the worker as a whole does not.
    process.kill(stopped!.pid, 'SIGSTOP');
    try {
      const reportsBefore = fake.reports.length;
      fake.publish(2, objects('two'));
      await waitUntil(async () => (await config()).processes.list.find((p) => p.pid === running!.pid)?.revision === 2, 15_000, 'the running process on revision 2');
      const mid = await config();
      expect(mid.revision).toBe(1);
      expect(mid.processes.list.find((p) => p.pid === stopped!.pid)).toMatchObject({ revision: 1, answered: false });
      expect((await admin('/readyz')).status).toBe(503);
      expect(fake.reports.slice(reportsBefore).some((r) => r.revision === 2)).toBe(false);
    } finally {
      process.kill(stopped!.pid, 'SIGCONT');
    }
    await waitUntil(async () => (await admin('/readyz')).status === 200, 15_000, 'ready again');
    expect((await config()).revision).toBe(2);
    await waitUntil(() => fake.reports.some((r) => r.revision === 2), 5_000, 'a status report for revision 2');
    for (let i = 0; i < 6; i++) expect(await getOnNewConnection(plainPort)).toEqual({ status: 200, upstream: 'two' });
  }, 60_000);

  it('replaces a process that dies and gives it the current table at once', async () => {
    const before = await config();
    const victim = before.processes.list[0]!;
    process.kill(victim.pid, 'SIGKILL');
    await waitUntil(
      async () => {
        const c = await config();
        return c.processes.list.length === 2 && !c.processes.list.some((p) => p.pid === victim.pid) && c.processes.list.every((p) => p.revision === 2);
      },
      30_000,
      'a replacement on revision 2',
    );
    expect((await admin('/readyz')).status).toBe(200);
    const after = await config();
    expect(after.processes.restarts).toBe(before.processes.restarts + 1);
    const newcomer = after.processes.list.find((p) => !before.processes.list.some((b) => b.pid === p.pid))!;
    expect(alive(newcomer.pid)).toBe(true);
    for (let i = 0; i < 8; i++) expect(await getOnNewConnection(plainPort)).toEqual({ status: 200, upstream: 'two' });
    const served = (await config()).processes.list.find((p) => p.pid === newcomer.pid)?.proxy?.requests ?? 0;
    expect(served).toBeGreaterThan(0);
  }, 60_000);

  it('reports a port no process can bind while the others serve', async () => {
    fake.publish(3, objects('two', busyPort));
    await waitUntil(async () => (await config()).revision === 3, 20_000, 'revision 3 enforced');
    const c = await config();
    const taken = c.listeners.find((l) => l.listener === 'taken');
    expect(taken).toMatchObject({ port: busyPort, state: 'error' });
    expect(taken?.error).toMatch(/EADDRINUSE/);
    for (const p of c.processes.list) expect(p.listeners.find((l) => l.port === busyPort)?.state).toBe('error');
    expect(c.listeners.find((l) => l.listener === 'plain')?.state).toBe('serving');
    expect(await getOnNewConnection(plainPort)).toEqual({ status: 200, upstream: 'two' });
    await waitUntil(
      () => fake.reports.some((r) => r.revision === 3 && (r.listeners as Array<{ port: number; state: string }>).some((l) => l.port === busyPort && l.state === 'error')),
      5_000,
      'the failed port in a status report',
    );
  }, 60_000);

  it('stops every process on SIGTERM, letting the request in flight finish', async () => {
    const pids = (await config()).processes.list.map((p) => p.pid);
    // Were the processes simply left to die with the primary (node:cluster ends them when the IPC channel
    // closes), this request would be cut off instead of answered.
    two.behave = () => ({ delayMs: 1_000 });
    const seen = two.received.length;
    const inFlight = getOnNewConnection(plainPort);
    await waitUntil(() => two.received.length > seen, 5_000, 'the request at the upstream');
    worker.kill('SIGTERM');
    expect(await inFlight).toEqual({ status: 200, upstream: 'two' });
    expect(await exited).toBe(0);
    await waitUntil(() => pids.every((pid) => !alive(pid)), 10_000, 'the serving processes gone');
  }, 30_000);
});
