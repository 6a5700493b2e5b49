import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as netConnect, type Server as NetServer } from 'node:net';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type EchoServer, startEchoServer } from '@gatehouse/echo/echo-server';
import { createTestPki, type IssuedCert, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import type { WorkerConfig } from '../src/config/worker-config';
import { type EngineWorkerHandle, type EnforcedEvent, startEngineWorker } from '../src/run-worker';
import { testEngines } from './helpers/engines';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { caBundle, localService, routeTo, tlsSecret } from './helpers/https-scenario';
import { freePort } from './helpers/scenario';
import { startPlainEchoBackend, startTlsEchoBackend, tlsRoute, tlsRouteGateway } from './helpers/tls-route-scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * TLSRoute end to end through real sockets, restating the v1.6 conformance tests TLSRouteSimpleSameNamespace,
 * TLSRouteHostnameIntersection and TLSRouteTerminateSimpleSameNamespace: node:tls and `openssl s_client` clients
 * with explicit server names, TLS upstreams that report the SNI they saw (passthrough: the client must see the
 * *backend's* certificate) and plain upstreams that report the first bytes they got (terminate: the client sees the
 * listener's certificate, the backend plain bytes). Certificates are made by the OpenSSL CLI. The same assertions run
 * against both engines (the Node engine's TLS port server, HAProxy's `mode tcp` frontends).
 */
const TOKEN = 'test-token';

describe.each(testEngines())('%s engine', (engine) => {
  let pki: TestPki;
  let ca: TestCa;
  const certs: Record<string, IssuedCert> = {};
  const backends: Record<string, { port: number; server: NetServer }> = {};
  let fakeConsole: FakeConsole;
  let worker: EngineWorkerHandle;
  let passthroughPort: number;
  let terminatePort: number;
  let samePort: number;
  let brokenPort: number;
  let httpEcho: EchoServer;
  let revision = 0;

  function config(): WorkerConfig {
    return feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-tls-route-1', { engine });
  }

  async function enforce(objects: KubeObject[]): Promise<void> {
    const rev = ++revision;
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
    fakeConsole.publish(rev, objects);
    await enforced;
  }

  /**
   * Passthrough port: listeners `*.example.com` and `abc.example.com`; routes abc → tls-a (exact), `*.example.com`
   * → tls-b, `*.weighted.example.com` → tls-a ×3 + tls-b ×1, `gone.example.com` → a Service that does not exist.
   * Terminate port: `*.term.example.com` with the gateway's own certificate → the plain backend.
   */
  function scenario(terminateCert = 'term-cert'): KubeObject[] {
    const gw = tlsRouteGateway('tls', [
      { name: 'wild', port: passthroughPort, hostname: '*.example.com', mode: 'Passthrough' },
      { name: 'abc', port: passthroughPort, hostname: 'abc.example.com', mode: 'Passthrough' },
      { name: 'term', port: terminatePort, hostname: '*.term.example.com', mode: 'Terminate', certificates: [terminateCert] },
      { name: 'same-pass', port: samePort, hostname: 'abc.example.com', mode: 'Passthrough' },
      // A certificate whose key belongs to another one: structurally fine for the compiler, unloadable for the worker.
      { name: 'broken', port: brokenPort, mode: 'Terminate', certificates: ['mismatched'] },
    ]);
    // GatewayHTTPSAndTLSPassthroughSamePort: an HTTPS listener whose wildcard covers the TLS listener's exact name.
    const https = { name: 'same-https', port: samePort, hostname: '*.example.com', protocol: 'HTTPS', tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'https-cert' }] }, allowedRoutes: { namespaces: { from: 'Same' } } };
    (gw.spec as { listeners: unknown[] }).listeners.push(https);
    return [
      gw,
      tlsRoute('same-port-pass', 'tls', 'same-pass', ['abc.example.com'], [{ service: 'tls-a' }], 6),
      routeTo('same-port-https', 'tls', 'same-https', 'http-echo'),
      ...localService('http-echo', httpEcho.port),
      tlsSecret('https-cert', certs.https!),
      tlsSecret('mismatched', { certPem: certs.term!.certPem, keyPem: certs.https!.keyPem }),
      tlsRoute('on-broken', 'tls', 'broken', ['db.term.example.com'], [{ service: 'plain' }], 8),
      tlsRoute('exact-abc', 'tls', 'abc', ['abc.example.com'], [{ service: 'tls-a' }], 1),
      tlsRoute('wildcard', 'tls', 'wild', ['*.example.com'], [{ service: 'tls-b' }], 2),
      tlsRoute('weighted', 'tls', 'wild', ['*.weighted.example.com'], [{ service: 'tls-a', weight: 3 }, { service: 'tls-b', weight: 1 }], 3),
      tlsRoute('gone', 'tls', 'wild', ['gone.example.com'], [{ service: 'not-there' }], 4),
      tlsRoute('terminated', 'tls', 'term', ['db.term.example.com'], [{ service: 'plain' }], 5),
      tlsRoute('terminated-gone', 'tls', 'term', ['gone.term.example.com'], [{ service: 'not-there' }], 9),
      // backendtlspolicy-tlsroute-terminate: the decrypted stream is encrypted again to the backend, verified by a policy.
      tlsRoute('reencrypted', 'tls', 'term', ['secure.term.example.com'], [{ service: 'tls-a-reencrypt' }], 7),
      ...localService('tls-a-reencrypt', backends.tlsA!.port),
      caBundle('backend-ca', ca.certPem),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'BackendTLSPolicy',
        metadata: { namespace: 'web', name: 'reencrypt', generation: 1, creationTimestamp: '2025-01-01T00:00:09Z' },
        spec: {
          targetRefs: [{ group: '', kind: 'Service', name: 'tls-a-reencrypt' }],
          validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'backend-ca' }], hostname: 'abc.example.com' },
        },
      },
      ...localService('tls-a', backends.tlsA!.port),
      ...localService('tls-b', backends.tlsB!.port),
      ...localService('plain', backends.plain!.port),
      tlsSecret('term-cert', certs.term!),
      tlsSecret('term-cert-renewed', certs.termRenewed!),
    ];
  }

  interface TlsExchange {
    /** CN of the certificate the client saw. */
    peerCn: string;
    /** The first line the upstream sent through the connection. */
    line: string;
  }

  /** One TLS connection with SNI `servername`: the certificate seen and the upstream's first line. */
  function exchange(port: number, servername: string, send = 'ping\n'): Promise<TlsExchange> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, servername, ca: ca.certPem }, () => {
        const peerCn = String(socket.getPeerCertificate().subject?.CN ?? '');
        socket.write(send);
        let got = '';
        socket.setEncoding('utf8');
        socket.on('data', (c: string) => {
          got += c;
          const nl = got.indexOf('\n');
          if (nl >= 0) {
            socket.destroy();
            resolve({ peerCn, line: got.slice(0, nl) });
          }
        });
      });
      socket.setTimeout(5_000, () => socket.destroy(new Error('timeout')));
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('closed before the upstream answered')));
    });
  }

  /** Resolves with how a connection ended when no TLS session can be made: 'closed' or the error's code. */
  function refused(port: number, servername: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, servername, ca: ca.certPem }, () => {
        socket.destroy();
        reject(new Error('the handshake succeeded'));
      });
      socket.setTimeout(5_000, () => socket.destroy(new Error('timeout')));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      socket.on('close', () => resolve('closed'));
    });
  }

  beforeAll(async () => {
    pki = createTestPki();
    ca = pki.createCa('gatehouse test TLSRoute CA');
    certs.backendA = pki.issue(ca, { cn: 'backend-a', sans: ['DNS:abc.example.com', 'DNS:*.example.com', 'DNS:*.weighted.example.com', 'DNS:*.term.example.com'] });
    certs.backendB = pki.issue(ca, { cn: 'backend-b', sans: ['DNS:*.example.com', 'DNS:*.weighted.example.com'] });
    certs.term = pki.issue(ca, { cn: 'gateway-term-v1', sans: ['DNS:*.term.example.com'] });
    certs.termRenewed = pki.issue(ca, { cn: 'gateway-term-v2', sans: ['DNS:*.term.example.com'] });
    certs.https = pki.issue(ca, { cn: 'gateway-https', sans: ['DNS:*.example.com'] });
    httpEcho = await startEchoServer({ host: '127.0.0.1', port: 0, tls: false, name: 'http-echo' });
    backends.tlsA = await startTlsEchoBackend('tls-a', certs.backendA);
    backends.tlsB = await startTlsEchoBackend('tls-b', certs.backendB);
    backends.plain = await startPlainEchoBackend('plain');
    fakeConsole = await startFakeConsole(TOKEN);
    [passthroughPort, terminatePort, samePort, brokenPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    worker = await startEngineWorker(config(), pino({ level: 'silent' }));
    await enforce(scenario());
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await fakeConsole?.close();
    for (const b of Object.values(backends)) b.server.close();
    await httpEcho?.close();
    pki?.cleanup();
  });

  describe('TLSRoute passthrough', () => {
    it('sends an exact server name to its route: the client sees the backend certificate, the backend sees the SNI', async () => {
      const r = await exchange(passthroughPort, 'abc.example.com');
      expect(r.peerCn).toBe('backend-a');
      expect(r.line).toBe('backend=tls-a tls=yes sni=abc.example.com');
    });

    it('sends other names under the wildcard listener to the wildcard route', async () => {
      const r = await exchange(passthroughPort, 'other.example.com');
      expect(r.peerCn).toBe('backend-b');
      expect(r.line).toBe('backend=tls-b tls=yes sni=other.example.com');
    });

    it('closes connections whose server name no route serves, and those without a server name', async () => {
      expect(await refused(passthroughPort, 'non.matching.com')).not.toBe('');
      expect(await refused(passthroughPort, 'example.com')).not.toBe('');
      // node:tls sends no SNI when connecting to an IP address without a servername.
      expect(await refused(passthroughPort, '')).not.toBe('');
    });

    it('closes at once a connection that does not start with a TLS ClientHello (plain HTTP here)', async () => {
      const ended = await new Promise<string>((resolve) => {
        const s = netConnect({ host: '127.0.0.1', port: passthroughPort }, () => s.write('GET / HTTP/1.1\r\nHost: abc.example.com\r\n\r\n'));
        let got = '';
        s.on('data', (c: Buffer) => (got += c.toString('latin1')));
        s.on('error', () => undefined);
        s.on('close', () => resolve(got));
        s.setTimeout(3_000, () => {
          resolve('still open after 3 s');
          s.destroy();
        });
      });
      expect(ended).toBe('');
    });

    it('closes connections to a route whose backend does not resolve (rejected in proportion to its weight)', async () => {
      expect(await refused(passthroughPort, 'gone.example.com')).not.toBe('');
    });

    it('splits connections by weight (3:1 over 8 connections)', async () => {
      const seen: string[] = [];
      for (let i = 0; i < 8; i++) seen.push((await exchange(passthroughPort, `n${i}.weighted.example.com`)).peerCn);
      expect(seen.filter((cn) => cn === 'backend-a')).toHaveLength(6);
      expect(seen.filter((cn) => cn === 'backend-b')).toHaveLength(2);
    });

    it('carries the session both ways untouched (echo through the backend)', async () => {
      const r = await exchange(passthroughPort, 'abc.example.com', 'hello through the gateway\n');
      expect(r.line).toBe('backend=tls-a tls=yes sni=abc.example.com');
    });

    it('gives openssl s_client the backend chain, verified against the backend CA', async () => {
      const caFile = join(pki.dir, 'tls-route-ca.pem');
      writeFileSync(caFile, ca.certPem);
      const out = await new Promise<string>((resolve) => {
        const args = ['s_client', '-connect', `127.0.0.1:${passthroughPort}`, '-servername', 'abc.example.com', '-CAfile', caFile, '-verify_return_error', '-brief'];
        const child = execFile('openssl', args, { timeout: 10_000 }, (_err, so, se) => resolve(`${so}${se}`));
        child.stdin?.end('');
      });
      expect(out).toMatch(/Verification: OK/);
      expect(out).toMatch(/CN\s*=\s*backend-a/);
    });
  });

  describe('TLSRoute across a configuration change', () => {
    it('an open passthrough tunnel keeps its backend through a change of its route; new connections take the new route', async () => {
      const open = await new Promise<TLSSocket>((resolve, reject) => {
        const s = tlsConnect({ host: '127.0.0.1', port: passthroughPort, servername: 'abc.example.com', ca: ca.certPem }, () => resolve(s));
        s.on('error', reject);
      });
      try {
        open.setEncoding('utf8');
        const lines: string[] = [];
        let buffered = '';
        const waiters: Array<() => void> = [];
        open.on('data', (c: string) => {
          buffered += c;
          for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
            lines.push(buffered.slice(0, nl));
            buffered = buffered.slice(nl + 1);
          }
          for (const w of waiters.splice(0)) w();
        });
        const line = async (n: number): Promise<string> => {
          while (lines.length < n) await new Promise<void>((r) => waiters.push(r));
          return lines[n - 1] as string;
        };
        expect(await line(1)).toBe('backend=tls-a tls=yes sni=abc.example.com');
        // The route of abc.example.com now sends to tls-b.
        const moved = scenario().map((o) => (o.kind === 'TLSRoute' && o.metadata.name === 'exact-abc' ? tlsRoute('exact-abc', 'tls', 'abc', ['abc.example.com'], [{ service: 'tls-b' }], 1) : o));
        await enforce(moved);
        expect((await exchange(passthroughPort, 'abc.example.com')).peerCn).toBe('backend-b');
        if (engine === 'haproxy') {
          // The tunnel stays on the previous generation's process, which lives on while the tunnel does.
          const serving = worker.servingRevisions();
          expect(serving.oldest).toBeLessThan(serving.newest as number);
        }
        // The tunnel opened before the change still reaches tls-a, both ways (its echo).
        open.write('still here\n');
        expect(await line(2)).toBe('still here');
      } finally {
        open.destroy();
        await enforce(scenario());
      }
    });
  });

  describe('TLSRoute terminate', () => {
    it('answers with the listener certificate and sends plain bytes to the backend', async () => {
      const r = await exchange(terminatePort, 'db.term.example.com', 'plain-bytes\n');
      expect(r.peerCn).toBe('gateway-term-v1');
      expect(r.line).toBe(`backend=plain tls=no first=${Buffer.from('plain-bytes\n').toString('hex')}`);
    });

    it('encrypts again to a backend a BackendTLSPolicy covers, with the policy hostname as SNI', async () => {
      const r = await exchange(terminatePort, 'secure.term.example.com');
      expect(r.peerCn).toBe('gateway-term-v1');
      expect(r.line).toBe('backend=tls-a tls=yes sni=abc.example.com');
    });

    it('closes a terminated connection whose server name no route serves (no certificate is offered)', async () => {
      expect(await refused(terminatePort, 'web.term.example.com')).not.toBe('');
    });

    it('closes a terminated connection whose route has no usable backend: Node before answering, HAProxy after its handshake', async () => {
      if (engine === 'node') {
        // The Node engine picks the backend before it answers the ClientHello.
        expect(await refused(terminatePort, 'gone.term.example.com')).not.toBe('');
        return;
      }
      // HAProxy terminates first (the certificate is chosen by server name alone), then its TCP rules close the
      // connection: no byte reaches the client.
      const ended = await new Promise<{ peerCn: string; got: string }>((resolve, reject) => {
        let got = '';
        const socket = tlsConnect({ host: '127.0.0.1', port: terminatePort, servername: 'gone.term.example.com', ca: ca.certPem }, () => {
          const peerCn = String(socket.getPeerCertificate().subject?.CN ?? '');
          socket.on('data', (c: Buffer) => (got += c.toString('latin1')));
          // A reset after the handshake ends the connection as well as a close does.
          socket.off('error', reject);
          socket.on('error', () => undefined);
          socket.on('close', () => resolve({ peerCn, got }));
          socket.write('ping\n');
        });
        socket.setTimeout(5_000, () => {
          got += 'still open after 5 s';
          socket.destroy(new Error('timeout'));
        });
        socket.on('error', reject);
      });
      expect(ended).toEqual({ peerCn: 'gateway-term-v1', got: '' });
    });

    it('closes connections on a listener whose certificate cannot be loaded, and keeps serving the others', async () => {
      expect(await refused(brokenPort, 'db.term.example.com')).not.toBe('');
      expect((await exchange(terminatePort, 'db.term.example.com')).peerCn).toBe('gateway-term-v1');
    });

    it('serves a renewed certificate at the next connection without re-opening the port', async () => {
      const server = worker.listenerIdentity(terminatePort);
      await enforce(scenario('term-cert-renewed'));
      const r = await exchange(terminatePort, 'db.term.example.com');
      expect(r.peerCn).toBe('gateway-term-v2');
      expect(worker.listenerIdentity(terminatePort)).toBe(server);
      await enforce(scenario());
    });

    it('switches a listener from Terminate to Passthrough on the same port without re-opening it', async () => {
      const server = worker.listenerIdentity(terminatePort);
      const objects = scenario().map((o) => {
        if (o.kind !== 'Gateway') return o;
        const spec = o.spec as { listeners: Array<Record<string, unknown>> };
        return { ...o, spec: { ...spec, listeners: spec.listeners.map((l) => (l.name === 'term' ? { ...l, tls: { mode: 'Passthrough' } } : l)) } };
      });
      await enforce([...objects, tlsRoute('term-pass', 'tls', 'term', ['db.term.example.com'], [{ service: 'tls-a' }], 0)]);
      const r = await exchange(terminatePort, 'db.term.example.com');
      expect(r.peerCn).toBe('backend-a');
      expect(worker.listenerIdentity(terminatePort)).toBe(server);
      await enforce(scenario());
    });
  });

  describe('HTTPS and TLS Passthrough on one port (GatewayHTTPSAndTLSPassthroughSamePort)', () => {
    it('passes the exact name through to the TLS backend and terminates the wildcard names as HTTPS', async () => {
      const passed = await exchange(samePort, 'abc.example.com');
      expect(passed.peerCn).toBe('backend-a');
      expect(passed.line).toBe('backend=tls-a tls=yes sni=abc.example.com');
      const https = await new Promise<{ status: number; echo: string | undefined; peerCn: string }>((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port: samePort, path: '/', servername: 'other.example.com', headers: { host: 'other.example.com' }, ca: ca.certPem, agent: false }, (res) => {
          const peerCn = String((res.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '');
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, echo: res.headers['x-echo-name'] as string | undefined, peerCn }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(https).toEqual({ status: 200, echo: 'http-echo', peerCn: 'gateway-https' });
    });

    it('answers 421 to a Host that selects the TLS listener on a connection whose server name selected the HTTPS one', async () => {
      const res = await new Promise<{ status: number; error: string | undefined }>((resolve, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port: samePort, path: '/', servername: 'other.example.com', headers: { host: 'abc.example.com' }, ca: ca.certPem, agent: false }, (r) => {
          r.resume();
          r.on('end', () => resolve({ status: r.statusCode ?? 0, error: r.headers['x-gatehouse-error'] as string | undefined }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(res).toEqual({ status: 421, error: 'misdirected_request' });
    });

    it('keeps serving a kept-alive HTTPS connection of the shared port across a configuration change', async () => {
      const agent = new HttpsAgent({ keepAlive: true, maxSockets: 1 });
      const get = (): Promise<{ status: number; echo: string | undefined; reused: boolean }> =>
        new Promise((resolve, reject) => {
          const req = httpsRequest({ host: '127.0.0.1', port: samePort, path: '/', servername: 'other.example.com', headers: { host: 'other.example.com' }, ca: ca.certPem, agent }, (r) => {
            r.resume();
            r.on('end', () => resolve({ status: r.statusCode ?? 0, echo: r.headers['x-echo-name'] as string | undefined, reused: req.reusedSocket }));
          });
          req.on('error', reject);
          req.end();
        });
      try {
        expect(await get()).toEqual({ status: 200, echo: 'http-echo', reused: false });
        // Another revision (the passthrough route moves): on HAProxy the connection's process is now the old one,
        // which hands the next request to the new process through the TLS port's hand-off socket.
        await enforce(scenario().map((o) => (o.kind === 'TLSRoute' && o.metadata.name === 'same-port-pass' ? tlsRoute('same-port-pass', 'tls', 'same-pass', ['abc.example.com'], [{ service: 'tls-b' }], 6) : o)));
        expect(await get()).toEqual({ status: 200, echo: 'http-echo', reused: true });
        expect((await exchange(samePort, 'abc.example.com')).peerCn).toBe('backend-b');
      } finally {
        agent.destroy();
        await enforce(scenario());
      }
    });
  });
});
