import { connect as h2connect, type ClientHttp2Session } from 'node:http2';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import type { ServerLimits } from '../src/proxy/server-limits';
import { type EnforcedEvent, startWorker, type WorkerHandle } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { localService, routeTo, tlsGateway, tlsSecret } from './helpers/https-scenario';
import { firstStatus } from './helpers/raw-http';
import { type RecordingUpstream, startRecordingUpstream } from './helpers/recording-upstream';
import { freePort } from './helpers/scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * The same limits on an HTTPS port (HTTP/2 by ALPN, HTTP/1.1 over TLS through node:http's connection listener):
 * a client that never finishes its handshake, a slowloris head over TLS, oversized heads, a smuggling attempt, and
 * the HTTP/2 settings announced over TLS.
 */
const TOKEN = 'hostile-https';
const HOST = 'secure.example.org';
const LIMITS: ServerLimits = { maxHeaderBytes: 4_096, maxHeaderCount: 20, headerTimeoutMs: 600, requestTimeoutMs: 1_500, idleTimeoutMs: 1_000, h2MaxConcurrentStreams: 5 };
let pki: TestPki;
let ca: TestCa;
let fakeConsole: FakeConsole;
let worker: WorkerHandle;
let port: number;
let up: RecordingUpstream;

beforeAll(async () => {
  pki = createTestPki();
  ca = pki.createCa('hostile-ca');
  const cert = pki.issue(ca, { cn: HOST, sans: [`DNS:${HOST}`] });
  up = await startRecordingUpstream('up');
  fakeConsole = await startFakeConsole(TOKEN);
  port = await freePort();
  worker = await startWorker(feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-hostile-https', { limits: LIMITS }), pino({ level: 'silent' }));
  const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === 1);
  fakeConsole.publish(1, [tlsGateway('gw', [{ name: 'https', port, hostname: HOST, certificates: ['cert'] }]), routeTo('r', 'gw', 'https', 'up'), ...localService('up', up.port), tlsSecret('cert', cert)]);
  await enforced;
});

afterAll(async () => {
  await worker?.stop();
  await up?.close();
  await fakeConsole?.close();
  pki?.cleanup();
});

/** A TLS connection speaking HTTP/1.1 (ALPN), writing `head` and then one byte every `gapMs` if given. */
function tlsRaw(head: string, opts: { gapMs?: number; waitMs?: number } = {}): Promise<{ text: string; closedByServer: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket: TLSSocket = tlsConnect({ host: '127.0.0.1', port, servername: HOST, ca: ca.certPem, ALPNProtocols: ['http/1.1'] }, () => socket.write(head, 'latin1'));
    let text = '';
    let tick: NodeJS.Timeout | undefined;
    if (opts.gapMs !== undefined) tick = setInterval(() => socket.writable && socket.write('a'), opts.gapMs);
    const done = (closedByServer: boolean): void => {
      clearInterval(tick);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ text, closedByServer, ms: performance.now() - started });
    };
    const giveUp = setTimeout(() => done(false), opts.waitMs ?? 5_000);
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.once('close', () => done(true));
    socket.on('error', () => undefined);
  });
}

describe('limits on an HTTPS port', () => {
  it('closes a connection that never starts its TLS handshake after the header timeout', async () => {
    const started = performance.now();
    const closedAfter = await new Promise<number>((resolve) => {
      const s = netConnect(port, '127.0.0.1');
      s.on('error', () => undefined);
      s.once('close', () => resolve(performance.now() - started));
      setTimeout(() => (s.destroy(), resolve(-1)), 6_000);
    });
    expect(closedAfter).toBeGreaterThan(LIMITS.headerTimeoutMs * 0.8);
    expect(closedAfter).toBeLessThan(5_000);
  });

  it('HTTP/1.1 over TLS: 408 for a slowloris head, 431 for oversized heads, 400 for CL+TE', async () => {
    const loris = await tlsRaw(`GET / HTTP/1.1\r\nHost: ${HOST}\r\nx-slow: `, { gapMs: 50, waitMs: 6_000 });
    expect([firstStatus(loris.text), loris.closedByServer]).toEqual([408, true]);
    expect(loris.ms).toBeLessThan(5_000);
    const big = await tlsRaw(`GET / HTTP/1.1\r\nHost: ${HOST}\r\nx-big: ${'a'.repeat(5_000)}\r\n\r\n`);
    expect(firstStatus(big.text)).toBe(431);
    const many = await tlsRaw(`GET / HTTP/1.1\r\nHost: ${HOST}\r\n${Array.from({ length: 25 }, (_, i) => `x-h${i}: v\r\n`).join('')}\r\n`);
    expect(firstStatus(many.text)).toBe(431);
    const smuggle = await tlsRaw(`POST / HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`);
    expect([firstStatus(smuggle.text), smuggle.closedByServer]).toEqual([400, true]);
    expect(up.received).toHaveLength(0);
  }, 20_000);

  it('HTTP/2 over TLS: announces the stream and header-list limits, 431 for too many fields, closes an idle session', async () => {
    const session: ClientHttp2Session = await new Promise((resolve, reject) => {
      const s = h2connect(`https://127.0.0.1:${port}`, { servername: HOST, ca: ca.certPem });
      s.once('remoteSettings', () => resolve(s));
      s.once('error', reject);
    });
    expect(session.remoteSettings.maxConcurrentStreams).toBe(LIMITS.h2MaxConcurrentStreams);
    expect(session.remoteSettings.maxHeaderListSize).toBe(LIMITS.maxHeaderBytes);
    const status = await new Promise<number>((resolve, reject) => {
      const fields = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, 'v']));
      const stream = session.request({ ':authority': HOST, ':path': '/many', ...fields });
      stream.on('response', (h) => resolve(Number(h[':status'])));
      stream.on('error', reject);
      stream.resume();
    });
    expect(status).toBe(431);
    const started = performance.now();
    await new Promise<void>((resolve) => session.once('close', () => resolve()));
    expect(performance.now() - started).toBeLessThan(6_000);
  });
});
