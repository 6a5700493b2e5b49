import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { connect as h2connect, createServer as createH2cServer, type Http2Server } from 'node:http2';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type EngineWorkerHandle, type EnforcedEvent, startEngineWorker } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { testEngines } from './helpers/engines';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { freePort, gateway } from './helpers/scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * Backend protocols (GEP-1911) through the worker on real sockets: a Service port with `appProtocol: kubernetes.io/h2c`
 * gets HTTP/2 with prior knowledge; WebSocket upgrades (`kubernetes.io/ws`) are proxied both ways. On each engine.
 */
const TOKEN = 'protocols-token';
describe.each(testEngines())('%s engine', (engine) => {
  let fakeConsole: FakeConsole;
  let worker: EngineWorkerHandle;
  let port: number;
  let h2c: Http2Server;
  let h2cPort: number;
  let ws: ReturnType<typeof createHttpServer>;
  let wsPort: number;
  const h2cSeen: Array<{ version: string; path: string; host: string | undefined }> = [];

  function service(name: string, appProtocol: string, endpointPort: number): KubeObject[] {
    return [
      { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'httpbin', name }, spec: { ports: [{ name: 'p', protocol: 'TCP', port: 8080, appProtocol }] } },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { namespace: 'httpbin', name: `${name}-1`, labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        ports: [{ name: 'p', protocol: 'TCP', port: endpointPort }],
        endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      },
    ];
  }

  function route(path: string, svc: string): KubeObject {
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { namespace: 'httpbin', name: svc, generation: 1, creationTimestamp: '2025-01-01T00:00:00Z' },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: path } }], backendRefs: [{ name: svc, port: 8080 }] }] },
    };
  }

  beforeAll(async () => {
    h2c = createH2cServer((req, res) => {
      h2cSeen.push({ version: req.httpVersion, path: req.url, host: req.headers[':authority'] ?? req.headers.host });
      res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream-version': req.httpVersion });
      res.end(`h2c ${req.url}`);
    });
    await new Promise<void>((resolve) => h2c.listen(0, '127.0.0.1', resolve));
    h2cPort = (h2c.address() as AddressInfo).port;
    // A WebSocket-ish upstream: answers the upgrade with 101 (with the RFC 6455 §4.2.2 Sec-WebSocket-Accept, which
    // HAProxy checks) and then echoes every byte in upper case.
    ws = createHttpServer((_req, res) => res.writeHead(426).end());
    ws.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: ${req.headers.upgrade ?? ''}\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\nx-seen-path: ${req.url ?? ''}\r\n\r\n`);
      if (head.length > 0) socket.write(head.toString().toUpperCase());
      socket.on('data', (d: Buffer) => socket.write(d.toString().toUpperCase()));
    });
    await new Promise<void>((resolve) => ws.listen(0, '127.0.0.1', resolve));
    wsPort = (ws.address() as AddressInfo).port;
    fakeConsole = await startFakeConsole(TOKEN);
    port = await freePort();
    worker = await startEngineWorker(feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-protocols', { engine }), pino({ level: 'silent' }));
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === 1);
    fakeConsole.publish(1, [gateway('gw', [port]), ...service('grpcish', 'kubernetes.io/h2c', h2cPort), ...service('sockets', 'kubernetes.io/ws', wsPort), route('/h2c', 'grpcish'), route('/ws', 'sockets')]);
    await enforced;
  });

  afterAll(async () => {
    await worker?.stop();
    await fakeConsole?.close();
    h2c?.close();
    ws?.closeAllConnections();
    ws?.close();
  });

  describe('backend protocols', () => {
    it('speaks HTTP/2 with prior knowledge to an appProtocol kubernetes.io/h2c port', async () => {
      const res = await request(`http://127.0.0.1:${port}/h2c/one`, { headers: { host: 'h2c.example.com' } });
      expect(res.statusCode).toBe(200);
      expect(await res.body.text()).toBe('h2c /h2c/one');
      expect(res.headers['x-upstream-version']).toBe('2.0');
      expect(h2cSeen.at(-1)).toEqual({ version: '2.0', path: '/h2c/one', host: 'h2c.example.com' });
    });

    it('takes HTTP/2 with prior knowledge from clients on a plain HTTP listener (h2c end to end)', async () => {
      const session = h2connect(`http://127.0.0.1:${port}`);
      try {
        const { status, body, version } = await new Promise<{ status: number; body: string; version: string }>((resolve, reject) => {
          const stream = session.request({ ':path': '/h2c/prior', ':authority': 'h2c.example.com' });
          let status = 0;
          let version = '';
          let body = '';
          stream.on('response', (h) => {
            status = Number(h[':status']);
            version = String(h['x-upstream-version']);
          });
          stream.on('data', (d: Buffer) => (body += d.toString()));
          stream.on('end', () => resolve({ status, body, version }));
          stream.on('error', reject);
          stream.end();
        });
        expect(status).toBe(200);
        expect(body).toBe('h2c /h2c/prior');
        expect(version).toBe('2.0');
        expect(h2cSeen.at(-1)?.host).toBe('h2c.example.com');
      } finally {
        session.close();
      }
      // HTTP/1.1 on the same port still works.
      expect((await request(`http://127.0.0.1:${port}/h2c/one`, { headers: { host: 'h2c.example.com' } })).statusCode).toBe(200);
    });

    it('proxies a WebSocket upgrade and the frames after it, both ways', async () => {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', resolve));
      let received = '';
      socket.on('data', (d: Buffer) => (received += d.toString()));
      socket.write('GET /ws/chat HTTP/1.1\r\nHost: ws.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
      const until = async (text: string) => {
        const end = Date.now() + 3000;
        while (!received.includes(text)) {
          if (Date.now() > end) throw new Error(`did not receive ${text}; got ${received}`);
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      await until('\r\n\r\n');
      expect(received.slice(0, 300)).toMatch(/^HTTP\/1\.1 101/);
      expect(received).toContain('x-seen-path: /ws/chat');
      socket.write('hello over the tunnel');
      await until('HELLO OVER THE TUNNEL');
      socket.write(' again');
      await until(' AGAIN');
      socket.destroy();
    });

    it('answers an upgrade for which no route matches with 404 and closes', async () => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (d: Buffer) => (received += d.toString()));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // A well-formed WebSocket handshake (HAProxy answers 400 to one without Sec-WebSocket-Key before routing it).
      socket.write('GET /nowhere HTTP/1.1\r\nHost: ws.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
      await closed;
      expect(received.slice(0, 300)).toMatch(/^HTTP\/1\.1 404/);
      expect(received).toContain('x-gatehouse-error: no_route');
    });
  });
});

