import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SERVER_LIMITS } from '../src/proxy/server-limits';
import { type EnforcedEvent, startWorker, type WorkerHandle } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { firstStatus, rawExchange } from './helpers/raw-http';
import { freePort, gateway, httpRoute, serviceWithEndpoints } from './helpers/scenario';
import { waitForEvent, waitUntil } from './helpers/wait-for';

/**
 * GATEHOUSE_WORKER_MAX_BODY_BYTES on raw sockets: a declared Content-Length over the limit is refused with 413 before
 * anything is forwarded; a chunked body is counted as it streams and refused with 413 when it passes the limit, and the
 * upstream request it had started is aborted — the upstream never sees a complete (truncated) request.
 */
const TOKEN = 'body-limit-token';
const HOST = 'body.example.com';
const LIMIT = 1_000;
let fakeConsole: FakeConsole;
let worker: WorkerHandle;
let port: number;
let upstream: Server;
/** Requests the upstream read to their end (with their bodies), and those whose connection went before the end. */
const complete: Array<{ target: string; body: string }> = [];
const aborted: string[] = [];

const head = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;
const chunk = (data: string): string => `${data.length.toString(16)}\r\n${data}\r\n`;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.once('close', () => {
      if (req.complete) complete.push({ target: req.url ?? '', body: Buffer.concat(parts).toString('latin1') });
      else aborted.push(req.url ?? '');
    });
    req.on('end', () => res.end('ok\n'));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  fakeConsole = await startFakeConsole(TOKEN);
  port = await freePort();
  worker = await startWorker(feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-body-limit', { limits: { ...DEFAULT_SERVER_LIMITS, maxBodyBytes: LIMIT } }), pino({ level: 'silent' }));
  const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === 1);
  fakeConsole.publish(1, [gateway('gw', [port]), httpRoute('r', 'gw', [{ backends: [{ service: 'up' }] }], [HOST]), ...serviceWithEndpoints('up', [(upstream.address() as AddressInfo).port])]);
  await enforced;
});

afterAll(async () => {
  await worker?.stop();
  upstream?.closeAllConnections();
  await new Promise<void>((resolve) => (upstream === undefined ? resolve() : upstream.close(() => resolve())));
  await fakeConsole?.close();
});

beforeEach(() => {
  complete.length = 0;
  aborted.length = 0;
});

describe('request body limit', () => {
  it('refuses a declared Content-Length over the limit with 413 before forwarding, and closes the connection', async () => {
    const out = await rawExchange(port, head(['POST /declared HTTP/1.1', `Host: ${HOST}`, `Content-Length: ${LIMIT + 1}`]));
    expect(firstStatus(out.text)).toBe(413);
    expect(out.text).toMatch(/x-gatehouse-error: request_body_too_large/i);
    expect(out.text).toMatch(/connection: close/i);
    expect(out.closedByServer).toBe(true);
    // A request after it reaches the upstream alone: the refused one was never forwarded.
    const ok = await rawExchange(port, head(['GET /after HTTP/1.1', `Host: ${HOST}`, 'Connection: close']));
    expect(firstStatus(ok.text)).toBe(200);
    expect(complete.map((r) => r.target)).toEqual(['/after']);
    expect(aborted).toEqual([]);
  });

  it('forwards a body at the limit, declared or chunked', async () => {
    const body = 'x'.repeat(LIMIT);
    const declared = await rawExchange(port, head(['POST /at-limit HTTP/1.1', `Host: ${HOST}`, `Content-Length: ${LIMIT}`, 'Connection: close']) + body);
    expect(firstStatus(declared.text)).toBe(200);
    const chunked = await rawExchange(port, head(['POST /chunked-at-limit HTTP/1.1', `Host: ${HOST}`, 'Transfer-Encoding: chunked', 'Connection: close']) + chunk(body.slice(0, 600)) + chunk(body.slice(600)) + '0\r\n\r\n');
    expect(firstStatus(chunked.text)).toBe(200);
    expect(complete).toEqual([{ target: '/at-limit', body }, { target: '/chunked-at-limit', body }]);
  });

  it('refuses a chunked body with 413 when it passes the limit while streaming, and aborts the upstream request', async () => {
    const out = await rawExchange(
      port,
      [head(['POST /streamed HTTP/1.1', `Host: ${HOST}`, 'Transfer-Encoding: chunked']) + chunk('a'.repeat(800)), chunk('b'.repeat(800))],
      { gapMs: 100 },
    );
    expect(firstStatus(out.text)).toBe(413);
    expect(out.text).toMatch(/x-gatehouse-error: request_body_too_large/i);
    expect(out.closedByServer).toBe(true);
    // The upstream had the start of the request; its connection went before the end: nothing it could take as whole.
    await waitUntil(() => aborted.includes('/streamed'), 5_000, 'the upstream request to be aborted');
    expect(complete).toEqual([]);
  });
});
