import { execFile } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { connect as http2Connect, type ClientHttp2Session } from 'node:http2';
import { connect as tlsConnect, createServer as createTlsServer, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type EchoServer, startEchoServer } from '@gatehouse/echo/echo-server';
import { createTestPki, type IssuedCert, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import type { WorkerConfig } from '../src/config/worker-config';
import { type EngineWorkerHandle, type EnforcedEvent, startEngineWorker } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { testEngines } from './helpers/engines';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { caBundle, localService, routeTo, tlsGateway, tlsSecret } from './helpers/https-scenario';
import { freePort } from './helpers/scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * HTTPS listeners end to end through real sockets: certificates made by the OpenSSL CLI, the worker's own TLS
 * listeners, node:tls / node:https / node:http2 clients with explicit server names and Host headers, and curl for
 * HTTP/2 over ALPN. Plain-HTTP echo upstreams tell by `x-echo-name` which route served a request.
 */
const TOKEN = 'test-token';
const run = promisify(execFile);

describe.each(testEngines())('%s engine', (engine) => {
  let pki: TestPki;
  let serverCa: TestCa;
  let clientCa: TestCa;
  let strangerCa: TestCa;
  const certs: Record<string, IssuedCert> = {};
  let clientGood: IssuedCert;
  let clientStranger: IssuedCert;
  const echoes: Record<string, EchoServer> = {};
  let fakeConsole: FakeConsole;
  let worker: EngineWorkerHandle;
  const haproxy = engine === 'haproxy';
  let httpsPort: number;
  let mtlsPort: number;
  let fallbackPort: number;
  let switchPort: number;
  let revision = 0;

  function config(): WorkerConfig {
    return feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-https-1', { engine });
  }

  async function enforce(objects: KubeObject[]): Promise<void> {
    const rev = ++revision;
    const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
    fakeConsole.publish(rev, objects);
    await enforced;
  }

  /**
   * The listeners of the GatewayHTTPSListenerDetectMisdirectedRequests shape on one port (no hostname, exact,
   * wildcard, an exact name inside the wildcard), one listener with two certificates, and two client-validating
   * ports (AllowValidOnly by default, AllowInsecureFallback per port).
   */
  function scenario(defaultCert = 'default-cert'): KubeObject[] {
    return [
      tlsGateway('tls', [
        { name: 'https', port: httpsPort, certificates: [defaultCert] },
        { name: 'https-second', port: httpsPort, hostname: 'second.example.org', certificates: ['second-cert'] },
        { name: 'https-wild', port: httpsPort, hostname: '*.wild.example.org', certificates: ['wild-cert'] },
        { name: 'https-four', port: httpsPort, hostname: 'four.wild.example.org', certificates: ['four-cert'] },
        { name: 'https-multi', port: httpsPort, hostname: '*.multi.example.org', certificates: ['multi-a', 'multi-b'] },
      ]),
      tlsGateway(
        'mtls',
        [
          { name: 'valid-only', port: mtlsPort, certificates: ['default-cert'] },
          { name: 'fallback', port: fallbackPort, certificates: ['default-cert'] },
        ],
        { default: { caConfigMap: 'client-ca' }, perPort: [{ port: fallbackPort, caConfigMap: 'client-ca', mode: 'AllowInsecureFallback' }] },
      ),
      routeTo('catch-all', 'tls', 'https', 'v1', ['example.org']),
      routeTo('second', 'tls', 'https-second', 'v2'),
      routeTo('wild', 'tls', 'https-wild', 'v3'),
      routeTo('four', 'tls', 'https-four', 'v1'),
      routeTo('multi', 'tls', 'https-multi', 'v2'),
      routeTo('valid-only', 'mtls', 'valid-only', 'v1'),
      routeTo('fallback', 'mtls', 'fallback', 'v2'),
      ...localService('v1', echoes.v1!.port),
      ...localService('v2', echoes.v2!.port),
      ...localService('v3', echoes.v3!.port),
      tlsSecret('default-cert', certs.default!),
      tlsSecret('default-cert-renewed', certs.defaultRenewed!),
      tlsSecret('second-cert', certs.second!),
      tlsSecret('wild-cert', certs.wild!),
      tlsSecret('four-cert', certs.four!),
      tlsSecret('multi-a', certs.multiA!),
      tlsSecret('multi-b', certs.multiB!),
      caBundle('client-ca', clientCa.certPem),
    ];
  }

  interface TlsResponse {
    status: number;
    echo: string | undefined;
    error: string | undefined;
    body: string;
    peerCn: string;
  }

  /** One HTTP/1.1 request on a new TLS connection: SNI `servername` ('' = none), Host `host`. */
  function tlsGet(opts: { port: number; servername: string; host: string; path?: string; client?: IssuedCert }): Promise<TlsResponse> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: opts.port,
          path: opts.path ?? '/headers',
          headers: { host: opts.host },
          servername: opts.servername,
          ca: serverCa.certPem,
          // Names are checked by the tests themselves (the certificate's CN tells which one was served).
          checkServerIdentity: () => undefined,
          agent: false,
          ...(opts.client === undefined ? {} : { cert: opts.client.certPem, key: opts.client.keyPem }),
        },
        (res) => {
          const socket = res.socket as TLSSocket;
          const peer: PeerCertificate = socket.getPeerCertificate();
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              echo: res.headers['x-echo-name'] as string | undefined,
              error: res.headers['x-gatehouse-error'] as string | undefined,
              body,
              peerCn: String(peer.subject?.CN ?? ''),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** The certificate a handshake with `servername` gets (CN), without sending a request. */
  function handshakeCn(port: number, servername: string, extra: ConnectionOptions = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, servername, ca: serverCa.certPem, checkServerIdentity: () => undefined, ...extra }, () => {
        const cn = String(socket.getPeerCertificate().subject?.CN ?? '');
        socket.end();
        resolve(cn);
      });
      socket.on('error', reject);
    });
  }

  function h2Get(session: ClientHttp2Session, path: string, authority: string, body?: string): Promise<{ status: number; echo: string | undefined; text: string }> {
    return new Promise((resolve, reject) => {
      const stream = session.request({ ':method': body === undefined ? 'GET' : 'POST', ':path': path, ':authority': authority }, { endStream: body === undefined });
      let text = '';
      let status = 0;
      let echo: string | undefined;
      stream.on('response', (h) => {
        status = Number(h[':status']);
        echo = h['x-echo-name'] as string | undefined;
      });
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (text += c));
      stream.on('end', () => resolve({ status, echo, text }));
      stream.on('error', reject);
      if (body !== undefined) stream.end(body);
    });
  }

  beforeAll(async () => {
    pki = createTestPki();
    serverCa = pki.createCa('gatehouse test server CA');
    clientCa = pki.createCa('gatehouse test client CA');
    strangerCa = pki.createCa('someone else');
    certs.default = pki.issue(serverCa, { cn: 'default-v1', sans: ['DNS:example.org'] });
    certs.defaultRenewed = pki.issue(serverCa, { cn: 'default-v2', sans: ['DNS:example.org'] });
    certs.second = pki.issue(serverCa, { cn: 'second', sans: ['DNS:second.example.org'] });
    certs.wild = pki.issue(serverCa, { cn: 'wild', sans: ['DNS:*.wild.example.org'] });
    certs.four = pki.issue(serverCa, { cn: 'four', sans: ['DNS:four.wild.example.org'] });
    certs.multiA = pki.issue(serverCa, { cn: 'multi-a', sans: ['DNS:a.multi.example.org'] });
    certs.multiB = pki.issue(serverCa, { cn: 'multi-b', sans: ['DNS:b.multi.example.org'] });
    clientGood = pki.issue(clientCa, { cn: 'good-client', usage: 'client' });
    clientStranger = pki.issue(strangerCa, { cn: 'stranger', usage: 'client' });
    for (const name of ['v1', 'v2', 'v3']) echoes[name] = await startEchoServer({ host: '127.0.0.1', port: 0, tls: false, name });
    fakeConsole = await startFakeConsole(TOKEN);
    [httpsPort, mtlsPort, fallbackPort, switchPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    worker = await startEngineWorker(config(), pino({ level: 'silent' }));
    await enforce(scenario());
  });

  afterAll(async () => {
    await worker?.stop();
    await Promise.all(Object.values(echoes).map((e) => e.close()));
    await fakeConsole?.close();
    pki?.cleanup();
  });

  describe('HTTPS listeners: certificate by SNI, listener isolation', () => {
    it('chooses the certificate by server name: exact > longest wildcard > no hostname', async () => {
      expect(await handshakeCn(httpsPort, 'second.example.org')).toBe('second');
      expect(await handshakeCn(httpsPort, 'three.wild.example.org')).toBe('wild');
      expect(await handshakeCn(httpsPort, 'four.wild.example.org')).toBe('four');
      expect(await handshakeCn(httpsPort, 'example.org')).toBe('default-v1');
      expect(await handshakeCn(httpsPort, 'unknown.example.org')).toBe('default-v1');
    });

    it('among one listener\'s certificateRefs serves the one whose SAN names the server', async () => {
      expect(await handshakeCn(httpsPort, 'b.multi.example.org')).toBe('multi-b');
      expect(await handshakeCn(httpsPort, 'a.multi.example.org')).toBe('multi-a');
      // None names it: the first certificateRef.
      expect(await handshakeCn(httpsPort, 'c.multi.example.org')).toBe('multi-a');
    });

    it('routes HTTPS requests like HTTP ones: 200 on the listener the SNI and Host agree on, 404 when no route serves the host', async () => {
      const ok = await tlsGet({ port: httpsPort, servername: 'second.example.org', host: 'second.example.org' });
      expect([ok.status, ok.echo, ok.peerCn]).toEqual([200, 'v2', 'second']);
      const headers = (JSON.parse(ok.body) as { headers: Record<string, string> }).headers;
      expect(headers['X-Forwarded-Proto']).toBe('https');
      expect(headers.Host).toBe('second.example.org');
      const wild = await tlsGet({ port: httpsPort, servername: 'three.wild.example.org', host: 'five.wild.example.org' });
      expect([wild.status, wild.echo]).toEqual([200, 'v3']);
      const notFound = await tlsGet({ port: httpsPort, servername: 'example.org', host: 'unknown.example.org' });
      expect([notFound.status, notFound.error]).toEqual([404, 'no_route']);
    });

    it('answers 421 when the Host selects another listener than the SNI did (GatewayHTTPSListenerDetectMisdirectedRequests)', async () => {
      const cases: Array<[string, string, number]> = [
        ['example.org', 'example.org', 200],
        ['example.org', 'second.example.org', 421],
        ['example.org', 'unknown.example.org', 404],
        ['second.example.org', 'example.org', 421],
        ['second.example.org', 'unknown.example.org', 421],
        ['three.wild.example.org', 'five.wild.example.org', 200],
        ['three.wild.example.org', 'four.wild.example.org', 421],
        ['four.wild.example.org', 'five.wild.example.org', 421],
        ['unknown.example.org', 'example.org', 200],
        // No SNI: the listener without hostname served the handshake, so only its hosts may follow.
        ['', 'example.org', 200],
        ['', 'second.example.org', 421],
      ];
      const got = [];
      for (const [servername, host] of cases) got.push([servername, host, (await tlsGet({ port: httpsPort, servername, host })).status]);
      expect(got).toEqual(cases);
      const misdirected = await tlsGet({ port: httpsPort, servername: 'example.org', host: 'second.example.org' });
      expect(misdirected.error).toBe('misdirected_request');
    });

    it('speaks HTTP/2 through ALPN (curl --http2) and keeps HTTP/1.1 working', async () => {
      const resolve = ['--resolve', `second.example.org:${httpsPort}:127.0.0.1`, '--resolve', `example.org:${httpsPort}:127.0.0.1`];
      const { stdout } = await run('curl', ['-sS', '--http2', '--cacert', serverCa.certFile, ...resolve, '-w', '\n%{http_version} %{http_code}', `https://second.example.org:${httpsPort}/headers`]);
      const [body, last] = [stdout.slice(0, stdout.lastIndexOf('\n')), stdout.slice(stdout.lastIndexOf('\n') + 1)];
      expect(last).toBe('2 200');
      // :authority became the upstream request's Host.
      expect((JSON.parse(body) as { headers: Record<string, string> }).headers.Host).toBe(`second.example.org:${httpsPort}`);
      const misdirected = await run('curl', ['-sS', '--http2', '--cacert', serverCa.certFile, ...resolve, '-H', 'Host: example.org', '-o', '/dev/null', '-w', '%{http_version} %{http_code}', `https://second.example.org:${httpsPort}/`]);
      expect(misdirected.stdout).toBe('2 421');
      const http1 = await run('curl', ['-sS', '--http1.1', '--cacert', serverCa.certFile, ...resolve, '-o', '/dev/null', '-w', '%{http_version} %{http_code}', `https://second.example.org:${httpsPort}/`]);
      expect(http1.stdout).toBe('1.1 200');
    });

    it('forwards an HTTP/2 request body (no content-length) and answers several streams on one connection', async () => {
      const session = http2Connect(`https://127.0.0.1:${httpsPort}`, { servername: 'second.example.org', ca: serverCa.certPem, checkServerIdentity: () => undefined });
      try {
        const [a, b] = await Promise.all([h2Get(session, '/anything', 'second.example.org', 'hello over h2'), h2Get(session, '/get', 'second.example.org')]);
        expect([a.status, a.echo, (JSON.parse(a.text) as { data: string }).data]).toEqual([200, 'v2', 'hello over h2']);
        expect([b.status, b.echo]).toEqual([200, 'v2']);
        // Connection reuse across listeners is exactly what 421 is for.
        expect((await h2Get(session, '/', 'example.org')).status).toBe(421);
      } finally {
        session.close();
      }
    });

    it('refuses TLS 1.0 and 1.1 (a client that would speak them does so with a permissive server)', async () => {
      const old: ConnectionOptions = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' };
      await expect(handshakeCn(httpsPort, 'example.org', old)).rejects.toThrow();
      // Control: the same client completes a TLS 1.1 handshake with a server that allows it.
      const permissive = createTlsServer({ cert: certs.default!.certPem, key: certs.default!.keyPem, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => s.end());
      await new Promise<void>((r) => permissive.listen(0, '127.0.0.1', r));
      try {
        expect(await handshakeCn((permissive.address() as { port: number }).port, 'example.org', old)).toBe('default-v1');
      } finally {
        permissive.close();
      }
      expect(await handshakeCn(httpsPort, 'example.org', { maxVersion: 'TLSv1.2' })).toBe('default-v1');
    });
  });

  describe('HTTPS listeners: client certificate validation (spec.tls.frontend)', () => {
    it('AllowValidOnly: a certificate from the configured CA gets through; none or a stranger\'s is refused', async () => {
      const ok = await tlsGet({ port: mtlsPort, servername: 'example.org', host: 'example.org', client: clientGood });
      expect([ok.status, ok.echo]).toEqual([200, 'v1']);
      await expect(tlsGet({ port: mtlsPort, servername: 'example.org', host: 'example.org' })).rejects.toThrow();
      await expect(tlsGet({ port: mtlsPort, servername: 'example.org', host: 'example.org', client: clientStranger })).rejects.toThrow();
    });

    it('AllowInsecureFallback (per port): no certificate and a stranger\'s are accepted too', async () => {
      for (const client of [undefined, clientStranger, clientGood]) {
        const res = await tlsGet({ port: fallbackPort, servername: 'example.org', host: 'example.org', ...(client === undefined ? {} : { client }) });
        expect([res.status, res.echo]).toEqual([200, 'v2']);
      }
    });

    it('asks for a client certificate only on ports that validate one (openssl s_client -msg shows the CertificateRequest)', async () => {
      const handshake = async (port: number): Promise<string> => {
        // `|| true`: without a client certificate the port may end the handshake with an alert (HAProxy does, as soon as
        // it reads the empty Certificate), and s_client then exits 1 — the CertificateRequest was sent all the same.
        const { stdout } = await run('sh', ['-c', `openssl s_client -connect 127.0.0.1:${port} -servername example.org -CAfile "$CA" -msg </dev/null 2>&1 || true`], { env: { ...process.env, CA: serverCa.certFile } });
        return stdout;
      };
      expect(await handshake(mtlsPort)).toContain('CertificateRequest');
      expect(await handshake(httpsPort)).not.toContain('CertificateRequest');
    });
  });

  describe('HTTPS listeners: rotation and protocol switches', () => {
    it('serves a renewed certificate at the next handshake without re-opening the port; open connections carry on', async () => {
      const server = worker.listenerIdentity(httpsPort);
      const session = http2Connect(`https://127.0.0.1:${httpsPort}`, { servername: 'example.org', ca: serverCa.certPem, checkServerIdentity: () => undefined });
      try {
        expect((await h2Get(session, '/get', 'example.org')).status).toBe(200);
        expect(await handshakeCn(httpsPort, 'example.org')).toBe('default-v1');
        // A request in flight across the renewal.
        const inFlight = h2Get(session, '/delay/1', 'example.org');
        await new Promise((r) => setTimeout(r, 100));
        // The renewal as a certificate manager makes it: same Secret, new tls.crt/tls.key.
        const renewed = scenario().map((o) => (o.kind === 'Secret' && o.metadata.name === 'default-cert' ? tlsSecret('default-cert', certs.defaultRenewed!) : o));
        await enforce(renewed);
        expect(await handshakeCn(httpsPort, 'example.org')).toBe('default-v2');
        expect(worker.listenerIdentity(httpsPort)).toBe(server);
        expect((await inFlight).status).toBe(200);
        if (haproxy) {
          // HAProxy's previous process finishes the session's streams and sends GOAWAY (RFC 9113 §6.8): the client
          // opens a new session for what follows, on the same listening socket.
          const next = http2Connect(`https://127.0.0.1:${httpsPort}`, { servername: 'example.org', ca: serverCa.certPem, checkServerIdentity: () => undefined });
          try {
            expect((await h2Get(next, '/get', 'example.org')).status).toBe(200);
          } finally {
            next.close();
          }
          return;
        }
        // The connection made before the renewal is the same socket and still answers.
        expect((await h2Get(session, '/get', 'example.org')).status).toBe(200);
      } finally {
        session.close();
      }
    });

    it('a certificate whose key does not match is skipped, not fatal: the next certificateRef serves, other listeners carry on', async () => {
      const mismatched = (name: string, pair: IssuedCert, key: IssuedCert): KubeObject => tlsSecret(name, { certPem: pair.certPem, keyPem: key.keyPem });
      await enforce(scenario().map((o) => {
        if (o.kind !== 'Secret') return o;
        if (o.metadata.name === 'multi-a') return mismatched('multi-a', certs.multiA!, certs.multiB!);
        if (o.metadata.name === 'default-cert') return mismatched('default-cert', certs.default!, certs.second!);
        return o;
      }));
      // The compiler only checks PEM structure, so the listener is programmed; the worker cannot load the pair.
      expect(await handshakeCn(httpsPort, 'a.multi.example.org')).toBe('multi-b');
      await expect(handshakeCn(httpsPort, 'example.org')).rejects.toThrow();
      expect(await handshakeCn(httpsPort, 'second.example.org')).toBe('second');
      await enforce(scenario());
      expect(await handshakeCn(httpsPort, 'example.org')).toBe('default-v1');
    });

    it('re-opens a port that switches between HTTP and HTTPS', async () => {
      const http = [tlsGateway('switch', [{ name: 'web', port: switchPort }]), routeTo('switch', 'switch', 'web', 'v3')];
      await enforce([...scenario(), ...http]);
      const plain = await request(`http://127.0.0.1:${switchPort}/get`, { headers: { host: 'example.org' } });
      expect([plain.statusCode, plain.headers['x-echo-name']]).toEqual([200, 'v3']);
      await plain.body.text();
      const before = worker.listenerIdentity(switchPort);

      await enforce([...scenario(), tlsGateway('switch', [{ name: 'web', port: switchPort, certificates: ['default-cert'] }]), routeTo('switch', 'switch', 'web', 'v3')]);
      // The Node engine opens another server for the other protocol; HAProxy's new process takes the same socket over.
      if (!haproxy) expect(worker.listenerIdentity(switchPort)).not.toBe(before);
      const tls = await tlsGet({ port: switchPort, servername: 'example.org', host: 'example.org' });
      expect([tls.status, tls.echo, tls.peerCn]).toEqual([200, 'v3', 'default-v1']);
      const plainAgain = (): Promise<unknown> => request(`http://127.0.0.1:${switchPort}/get`, { headers: { host: 'example.org' } }).then(async (r) => [r.statusCode, r.headers['x-gatehouse-error'], await r.body.text()]);
      // HAProxy: the keep-alive connection of the plain request above may get one answer saying the port changed.
      const first = await plainAgain().catch((e: Error) => e);
      if (haproxy && !(first instanceof Error)) {
        expect(first).toEqual([503, 'listener_removed', expect.stringContaining('no longer serves HTTP')]);
        await expect(plainAgain()).rejects.toThrow();
      } else expect(first).toBeInstanceOf(Error);
    });
  });
});

