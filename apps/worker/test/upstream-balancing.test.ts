import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type EnforcedEvent, startWorker, type WorkerHandle } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { freePort, gateway, httpRoute, serviceWithEndpoints } from './helpers/scenario';
import { waitForEvent, waitUntil } from './helpers/wait-for';

/**
 * Endpoints coming and going, on real sockets: an idempotent request whose connection fails goes to another endpoint
 * of its Service (a request with a body does not); an endpoint that leaves the table is drained — its in-flight
 * request finishes, its idle pooled connections close, new requests go elsewhere.
 */
const TOKEN = 'balancing-token';
const HOST = 'balance.example.com';

/** A plain upstream that names itself, counts its open connections, and can hold answers to `/hold` until released. */
interface CountingUpstream {
  name: string;
  port: number;
  open: Set<Socket>;
  requests: string[];
  /** Answers every held request. */
  release(): void;
  server: Server;
}

async function startUpstream(name: string): Promise<CountingUpstream> {
  let held: Array<() => void> = [];
  const requests: string[] = [];
  const open = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    const answer = (): void => {
      const body = `${name}\n`;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body), 'x-upstream': name });
      res.end(body);
    };
    req.resume();
    req.on('end', () => (req.url === '/hold' ? held.push(answer) : answer()));
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s: Socket) => {
    open.add(s);
    s.once('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    name,
    port: (server.address() as AddressInfo).port,
    open,
    requests,
    server,
    release() {
      const list = held;
      held = [];
      for (const a of list) a();
    },
  };
}

let fakeConsole: FakeConsole;
let worker: WorkerHandle;
let port: number;
let a: CountingUpstream;
let b: CountingUpstream;
let revision = 0;

async function enforce(endpointPorts: number[]): Promise<void> {
  const rev = ++revision;
  const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
  const objects: KubeObject[] = [gateway('gw', [port]), httpRoute('r', 'gw', [{ backends: [{ service: 'svc' }] }], [HOST]), ...serviceWithEndpoints('svc', endpointPorts)];
  fakeConsole.publish(rev, objects);
  await enforced;
}

async function send(path: string, opts: { method?: 'GET' | 'POST'; body?: string } = {}): Promise<{ status: number; upstream: string | undefined; error: string | undefined; text: string }> {
  const res = await request(`http://127.0.0.1:${port}${path}`, { method: opts.method ?? 'GET', headers: { host: HOST }, ...(opts.body === undefined ? {} : { body: opts.body }) });
  const text = await res.body.text();
  const up = res.headers['x-upstream'];
  const error = res.headers['x-gatehouse-error'];
  return { status: res.statusCode, upstream: typeof up === 'string' ? up : undefined, error: typeof error === 'string' ? error : undefined, text };
}

async function metric(name: string): Promise<number> {
  const text = await (await request(`http://127.0.0.1:${worker.adminPort}/metrics`)).body.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? NaN : Number(line.split(' ').pop());
}

/** A port nothing listens on (connections are refused). */
async function deadPort(): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (p !== port && p !== a.port && p !== b.port) return p;
  }
}

beforeAll(async () => {
  [a, b] = await Promise.all([startUpstream('a'), startUpstream('b')]);
  fakeConsole = await startFakeConsole(TOKEN);
  port = await freePort();
  worker = await startWorker(feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-balancing'), pino({ level: 'silent' }));
});

afterAll(async () => {
  await worker?.stop();
  for (const u of [a, b]) {
    u?.release();
    u?.server.closeAllConnections();
    await new Promise<void>((resolve) => (u === undefined ? resolve() : u.server.close(() => resolve())));
  }
  await fakeConsole?.close();
});

describe('connection draining when an endpoint leaves the table', () => {
  it('lets the in-flight request finish, closes the idle pooled connections, sends new requests elsewhere', async () => {
    await enforce([a.port]);
    // Two idle pooled connections to `a`, then a third carrying a request that `a` holds.
    await Promise.all([send('/warm-1'), send('/warm-2')]);
    expect(a.open.size).toBe(2);
    const inFlight = send('/hold');
    await waitUntil(() => a.requests.includes('GET /hold'), 5_000, 'a to receive /hold');
    const before = a.open.size;
    expect(before).toBeGreaterThanOrEqual(1);

    await enforce([b.port]);
    // Idle connections to `a` close; the one with the request in flight stays.
    await waitUntil(() => a.open.size === 1, 5_000, 'the idle connections to a to close');
    const next = await send('/after-reload');
    expect(next).toMatchObject({ status: 200, upstream: 'b' });
    expect(a.requests).not.toContain('GET /after-reload');

    a.release();
    expect(await inFlight).toMatchObject({ status: 200, upstream: 'a', text: 'a\n' });
    // Its last request answered, the drained connection closes too.
    await waitUntil(() => a.open.size === 0, 5_000, 'the last connection to a to close');
  });
});

describe('failover on connection failure', () => {
  it('sends an idempotent request whose connection is refused to another endpoint, once', async () => {
    const dead = await deadPort();
    await enforce([dead, b.port]);
    const failoversBefore = await metric('gatehouse_upstream_failovers_total');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(`/get-${i}`));
    expect(answers.map((r) => [r.status, r.upstream])).toEqual(Array.from({ length: 4 }, () => [200, 'b']));
    // One request met the dead endpoint and went on to `b`; then the dead endpoint was ejected (outlier-detector.ts).
    expect((await metric('gatehouse_upstream_failovers_total')) - failoversBefore).toBe(1);
  });

  it('does not repeat a request with a body: it is answered 502', async () => {
    const dead = await deadPort();
    await enforce([dead, b.port]);
    const answers = [await send('/post-1', { method: 'POST', body: 'payload' }), await send('/post-2', { method: 'POST', body: 'payload' })];
    // Round robin: one of the two went to the dead endpoint (the other, or every later one, to `b`).
    expect(answers.map((r) => r.status).sort()).toEqual([200, 502]);
    expect(answers.find((r) => r.status === 502)?.error).toBe('upstream_connection_refused');
  });
});
