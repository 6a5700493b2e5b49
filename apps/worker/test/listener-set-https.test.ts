import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type EchoServer, startEchoServer } from '@gatehouse/echo/echo-server';
import { createTestPki, type IssuedCert, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import type { WorkerConfig } from '../src/config/worker-config';
import { type EnforcedEvent, startWorker, type WorkerHandle } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { localService, tlsGateway } from './helpers/https-scenario';
import { freePort } from './helpers/scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * An HTTPS listener contributed by a ListenerSet (GEP-1713), on real sockets: it terminates TLS with a certificate from
 * another namespace that a ReferenceGrant lets *ListenerSets* read (listenerset-reference-grant), and it is not served
 * when only the Gateway holds such a grant (grants are not inherited).
 */
const TOKEN = 'listener-set-https-token';
let pki: TestPki;
let ca: TestCa;
let cert: IssuedCert;
let echo: EchoServer;
let fakeConsole: FakeConsole;
let worker: WorkerHandle;
let gatewayPort: number;
let setPort: number;
let revision = 0;

function config(): WorkerConfig {
  return feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-listener-set-https');
}

function objects(grantFrom: 'ListenerSet' | 'Gateway'): KubeObject[] {
  const gw = tlsGateway('shared', [{ name: 'http', port: gatewayPort }]);
  return [
    { ...gw, spec: { ...(gw.spec as object), allowedListeners: { namespaces: { from: 'Same' } } } },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { namespace: 'web', name: 'team', generation: 1, creationTimestamp: '2025-01-01T00:00:01Z' },
      spec: {
        parentRef: { name: 'shared' },
        listeners: [{
          name: 'https', protocol: 'HTTPS', port: setPort, hostname: 'team.example.org',
          tls: { mode: 'Terminate', certificateRefs: [{ name: 'team-cert', namespace: 'certs' }] },
          allowedRoutes: { namespaces: { from: 'Same' } },
        }],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { namespace: 'web', name: 'team', generation: 1, creationTimestamp: '2025-01-01T00:00:02Z' },
      spec: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'team', sectionName: 'https' }], rules: [{ backendRefs: [{ name: 'v1', port: 80 }] }] },
    },
    {
      apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'certs', name: 'team-cert' }, type: 'kubernetes.io/tls',
      data: { 'tls.crt': Buffer.from(cert.certPem).toString('base64'), 'tls.key': Buffer.from(cert.keyPem).toString('base64') },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { namespace: 'certs', name: 'readers' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: grantFrom, namespace: 'web' }], to: [{ group: '', kind: 'Secret' }] },
    },
    ...localService('v1', echo.port),
  ];
}

async function enforce(list: KubeObject[]): Promise<void> {
  const rev = ++revision;
  const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
  fakeConsole.publish(rev, list);
  await enforced;
}

function tlsGet(port: number, servername: string): Promise<{ status: number; echo: string | undefined; peerCn: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path: '/headers', headers: { host: servername }, servername, ca: ca.certPem, agent: false },
      (res) => {
        const peerCn = String((res.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '');
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, echo: res.headers['x-echo-name'] as string | undefined, peerCn }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  pki = createTestPki();
  ca = pki.createCa('listener set test CA');
  cert = pki.issue(ca, { cn: 'team', sans: ['DNS:team.example.org'] });
  echo = await startEchoServer({ host: '127.0.0.1', port: 0, tls: false, name: 'v1' });
  fakeConsole = await startFakeConsole(TOKEN);
  [gatewayPort, setPort] = [await freePort(), await freePort()];
  worker = await startWorker(config(), pino({ level: 'silent' }));
});

afterAll(async () => {
  await worker?.stop();
  await echo?.close();
  await fakeConsole?.close();
  pki?.cleanup();
});

describe('HTTPS listener of a ListenerSet', () => {
  it('terminates TLS with the granted certificate and reaches the route attached to the ListenerSet', async () => {
    await enforce(objects('ListenerSet'));
    const r = await tlsGet(setPort, 'team.example.org');
    expect([r.status, r.echo, r.peerCn]).toEqual([200, 'v1', 'team']);
  });

  it('is not served when the ReferenceGrant admits Gateways only (not inherited by ListenerSets)', async () => {
    await enforce(objects('Gateway'));
    await expect(tlsGet(setPort, 'team.example.org')).rejects.toThrow();
  });
});
