import { pino } from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { WorkerConfig } from '../src/config/worker-config';
import { type EnforcedEvent, startWorker, type WorkerHandle } from '../src/run-worker';
import { type FakeConsole, startFakeConsole } from './helpers/fake-console';
import { feedWorkerConfig } from './helpers/feed-worker-config';
import { type RecordingUpstream, startRecordingUpstream } from './helpers/recording-upstream';
import { freePort, gateway, serviceWithEndpoints } from './helpers/scenario';
import { waitForEvent } from './helpers/wait-for';

/**
 * A ListenerSet (GEP-1713) through the worker on real sockets: its listener opens its own port on the parent Gateway's
 * address, a route whose parentRef is the ListenerSet is served there, a route of the Gateway is not, and the port
 * closes again when the Gateway stops allowing ListenerSets (restating listenerset-http-routing and
 * listenerset-default-not-allowed of the v1.6 conformance suite).
 */
const TOKEN = 'listener-set-token';
const T0 = '2025-01-01T00:00:00Z';
let fakeConsole: FakeConsole;
let worker: WorkerHandle;
let gatewayPort: number;
let setPort: number;
let revision = 0;
let v1: RecordingUpstream;
let v2: RecordingUpstream;

function allowing(gw: KubeObject, from: string | undefined): KubeObject {
  return from === undefined ? gw : { ...gw, spec: { ...(gw.spec as object), allowedListeners: { namespaces: { from } } } };
}

const listenerSet = (): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'ListenerSet',
  metadata: { namespace: 'httpbin', name: 'team', generation: 1, creationTimestamp: T0 },
  spec: {
    parentRef: { name: 'gw' },
    listeners: [{ name: 'team', protocol: 'HTTP', port: setPort, hostname: 'team.example.com', allowedRoutes: { namespaces: { from: 'Same' } } }],
  },
});

function route(name: string, parentRef: Record<string, string>, path: string, service: string): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { namespace: 'httpbin', name, generation: 1, creationTimestamp: T0 },
    spec: { parentRefs: [parentRef], rules: [{ matches: [{ path: { type: 'PathPrefix', value: path } }], backendRefs: [{ name: service, port: 8443 }] }] },
  };
}

async function enforce(from: string | undefined): Promise<void> {
  const rev = ++revision;
  const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev);
  fakeConsole.publish(rev, [
    allowing(gateway('gw', [gatewayPort]), from),
    listenerSet(),
    route('via-set', { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'team' }, '/team', 'v1'),
    route('via-gateway', { name: 'gw' }, '/gateway', 'v2'),
    ...serviceWithEndpoints('v1', [v1.port]),
    ...serviceWithEndpoints('v2', [v2.port]),
  ]);
  await enforced;
}

async function get(port: number, path: string, host: string) {
  const res = await request(`http://127.0.0.1:${port}${path}`, { headers: { host } });
  const text = await res.body.text();
  return { status: res.statusCode, json: text.startsWith('{') ? (JSON.parse(text) as { upstream: string; target: string }) : null };
}

function config(): WorkerConfig {
  return feedWorkerConfig(fakeConsole.url, TOKEN, 'worker-listener-set');
}

beforeAll(async () => {
  [v1, v2] = (await Promise.all(['v1', 'v2'].map((n) => startRecordingUpstream(n)))) as [RecordingUpstream, RecordingUpstream];
  fakeConsole = await startFakeConsole(TOKEN);
  gatewayPort = await freePort();
  setPort = await freePort();
  worker = await startWorker(config(), pino({ level: 'silent' }));
});

afterAll(async () => {
  await worker?.stop();
  await Promise.all([v1, v2].map((u) => u?.close()));
  await fakeConsole?.close();
});

describe('ListenerSet listener on its own port', () => {
  it('serves routes attached to the ListenerSet there, and only those', async () => {
    await enforce('Same');
    const viaSet = await get(setPort, '/team/x', 'team.example.com');
    expect(viaSet.status).toBe(200);
    expect(viaSet.json).toMatchObject({ upstream: 'v1', target: '/team/x' });
    expect(v1.received.at(-1)?.target).toBe('/team/x');
    // The Gateway's route is on the Gateway's listener, not on the ListenerSet's (and vice versa).
    expect((await get(setPort, '/gateway', 'team.example.com')).status).toBe(404);
    expect((await get(gatewayPort, '/gateway', 'anything.example.com')).json).toMatchObject({ upstream: 'v2' });
    expect((await get(gatewayPort, '/team', 'team.example.com')).status).toBe(404);
  });

  it('closes the port when the Gateway no longer allows ListenerSets (allowedListeners defaults to None)', async () => {
    await enforce(undefined);
    await expect(get(setPort, '/team/x', 'team.example.com')).rejects.toThrow();
    expect((await get(gatewayPort, '/gateway', 'anything.example.com')).status).toBe(200);
  });
});
