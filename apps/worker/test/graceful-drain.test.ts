import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { firstStatus } from './helpers/raw-http';
import { type RecordingUpstream, startRecordingUpstream } from './helpers/recording-upstream';
import { freePort, gateway, httpRoute, serviceWithEndpoints } from './helpers/scenario';
import { waitUntil } from './helpers/wait-for';

/**
 * SIGTERM on the worker process itself (src/main.ts run as `npx tsx` runs it: node with tsx's loader, so the signal
 * reaches the worker and not a wrapper): the listener stops accepting, an idle keep-alive connection is closed, an
 * in-flight slow request still gets its answer, and the process exits 0 before the drain deadline.
 */
const TOKEN = 'drain-token';
const HOST = 'drain.example.com';
const ROOT = resolve(import.meta.dirname, '../../..');
let fakeConsole: FakeConsole;
let up: RecordingUpstream;
let dataDir: string;
let child: ChildProcess | null = null;

const route = (): KubeObject => httpRoute('r', 'gw', [{ backends: [{ service: 'up' }] }], [HOST]);

beforeAll(async () => {
  up = await startRecordingUpstream('up');
  fakeConsole = await startFakeConsole(TOKEN);
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-drain-'));
});

afterAll(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  await up?.close();
  await fakeConsole?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('graceful drain on SIGTERM', () => {
  it('stops accepting, closes idle keep-alives, finishes the in-flight request (Connection: close), exits 0', async () => {
    const port = await freePort();
    const adminPort = await freePort();
    fakeConsole.publish(1, [gateway('gw', [port]), route(), ...serviceWithEndpoints('up', [up.port])]);
    const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        GATEHOUSE_CONSOLE_URL: fakeConsole.url,
        GATEHOUSE_WORKER_TOKEN: TOKEN,
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_WORKER_ADMIN_PORT: String(adminPort),
        GATEHOUSE_WORKER_BIND_ADDRESS: '127.0.0.1',
        GATEHOUSE_WORKER_DRAIN_TIMEOUT_MS: '8000',
        GATEHOUSE_FEED_WAIT_SECONDS: '2',
        GATEHOUSE_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let log = '';
    proc.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((r) => proc.once('exit', (code) => r({ code, at: performance.now() })));
    await waitUntil(async () => {
      const res = await request(`http://127.0.0.1:${adminPort}/readyz`).catch(() => null);
      if (res === null) return false;
      await res.body.dump();
      return res.statusCode === 200;
    }, 30_000, `the worker to be ready (log: ${log})`);

    // An idle keep-alive connection: one request answered, then the connection is left open.
    const idle = connect(port, '127.0.0.1');
    let idleText = '';
    idle.on('data', (d: Buffer) => (idleText += d.toString('latin1')));
    const idleClosed = new Promise<number>((r) => idle.once('close', () => r(performance.now())));
    idle.on('error', () => idle.destroy());
    idle.write(`GET /first HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
    await waitUntil(() => firstStatus(idleText) === 200, 5_000, 'the keep-alive answer');

    // The in-flight request: the upstream answers after 3 s (longer than the 2 s a test worker's stop() allows).
    up.behave = (r) => (r.target === '/slow' ? { delayMs: 3_000 } : {});
    const slow = request(`http://127.0.0.1:${port}/slow`, { headers: { host: HOST } }).then(async (res) => ({ status: res.statusCode, connection: res.headers.connection, body: await res.body.text(), at: performance.now() }));
    await waitUntil(() => up.received.some((r) => r.target === '/slow'), 5_000, 'the slow request upstream');

    const signalledAt = performance.now();
    proc.kill('SIGTERM');
    const idleClosedAt = await idleClosed;
    // New connections are refused once the listener stopped accepting.
    await waitUntil(
      () => new Promise<boolean>((r) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), r(false)));
        s.once('error', () => r(true));
      }),
      3_000,
      'new connections refused',
    );
    const answered = await slow;
    const exit = await exited;
    expect(answered.status).toBe(200);
    // The last response of its connection says so (RFC 9112 §9.6), so the client sends nothing more on it.
    expect(answered.connection).toBe('close');
    expect(JSON.parse(answered.body)).toMatchObject({ target: '/slow' });
    // The idle connection did not wait for the slow request; the process waited for it, and not for the deadline.
    expect(idleClosedAt).toBeLessThan(answered.at);
    expect(exit.code).toBe(0);
    expect(exit.at).toBeGreaterThanOrEqual(answered.at - 50);
    expect(exit.at - signalledAt).toBeLessThan(7_000);
    expect(log).toContain('stopping: draining listeners');
    child = null;
  }, 60_000);
});
