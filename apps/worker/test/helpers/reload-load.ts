import { request as httpRequest } from 'node:http';
import { Pool } from 'undici';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { EngineWorkerHandle, EnforcedEvent } from '../../src/run-worker';
import type { FakeConsole } from './fake-console';
import { gateway, serviceWithEndpoints } from './scenario';
import { waitForEvent } from './wait-for';

/**
 * Configuration changes under load, shared by the reload test and `npm run bench:reload`. Generation g of the
 * configuration (revision base + g) has:
 * - route `main` (`/v`): backend `a` or `b`, swapped every third generation; a RequestHeaderModifier setting
 *   `x-gen: g`, plus `x-filter: on` in even generations only (a filter toggled);
 * - routes `extra-1` … `extra-g` (Exact `/extra/k` → `a`, also setting `x-gen`): one route added per generation.
 * Clients send requests without pause over keep-alive connections and over a new connection each, and every
 * response is checked against the generations in force between its request and its answer (the worker's table
 * revision read at both moments): right backend, right headers, 404 only for a route not yet added.
 */
export const RELOAD_HOST = 'reload.example.com';

export const backendOf = (g: number): 'a' | 'b' => (Math.floor(g / 3) % 2 === 0 ? 'a' : 'b');

function setHeaders(g: number, extra: Array<{ name: string; value: string }> = []): Record<string, unknown> {
  return { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-gen', value: String(g) }, ...extra] } };
}

function httpRoute(name: string, rules: Array<Record<string, unknown>>): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { namespace: 'httpbin', name, generation: 1, creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: { parentRefs: [{ name: 'gw' }], hostnames: [RELOAD_HOST], rules },
  };
}

export function generation(g: number, listenPort: number, upstreams: { a: number; b: number }): KubeObject[] {
  const main = httpRoute('main', [
    {
      matches: [{ path: { type: 'PathPrefix', value: '/v' } }],
      filters: [setHeaders(g, g % 2 === 0 ? [{ name: 'x-filter', value: 'on' }] : [])],
      backendRefs: [{ name: backendOf(g), port: 8443 }],
    },
  ]);
  const extras = Array.from({ length: g }, (_, i) =>
    httpRoute(`extra-${i + 1}`, [{ matches: [{ path: { type: 'Exact', value: `/extra/${i + 1}` } }], filters: [setHeaders(g)], backendRefs: [{ name: 'a', port: 8443 }] }]),
  );
  return [gateway('gw', [listenPort]), ...serviceWithEndpoints('a', [upstreams.a]), ...serviceWithEndpoints('b', [upstreams.b]), main, ...extras];
}

export interface ReloadFigures {
  changes: number;
  requests: number;
  keepAliveRequests: number;
  newConnectionRequests: number;
  failures: string[];
  /** Per change: publish (the API's answer) → worker enforced, ms. */
  publishToEnforcedMs: number[];
  /** Per change: the fake console's answer written → worker enforced, ms. */
  feedToEnforcedMs: number[];
  /** Per change: publish → the first client response produced by the new generation, ms. */
  publishToWireMs: number[];
  /** Whether the listening socket stayed the same across all changes (no re-open): the Node server object, HAProxy's socket inode. */
  sameListener: boolean;
}

interface Answer {
  status: number;
  body: string;
}

function newConnectionGet(port: number, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false, headers: { host: RELOAD_HOST, connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Runs `changes` generations after `baseRevision` while `keepAliveClients` + `newConnectionClients` loops send
 * requests; returns what was counted. The worker must already serve generation 0 at revision `baseRevision`.
 */
export async function reloadUnderLoad(opts: {
  worker: EngineWorkerHandle;
  fakeConsole: FakeConsole;
  listenPort: number;
  upstreams: { a: number; b: number };
  baseRevision: number;
  changes: number;
  keepAliveClients?: number;
  newConnectionClients?: number;
  /** Pause after each enforced change, so traffic meets every generation. */
  pauseMs?: number;
}): Promise<ReloadFigures> {
  const { worker, fakeConsole, listenPort, upstreams, baseRevision, changes } = opts;
  const oldestNow = (): number => (worker.servingRevisions().oldest ?? baseRevision) - baseRevision;
  const newestNow = (): number => (worker.servingRevisions().newest ?? baseRevision) - baseRevision;
  const figures: ReloadFigures = { changes, requests: 0, keepAliveRequests: 0, newConnectionRequests: 0, failures: [], publishToEnforcedMs: [], feedToEnforcedMs: [], publishToWireMs: [], sameListener: true };
  const publishedAt = new Map<number, number>();
  const firstSeen = new Map<number, number>();
  const server = worker.listenerIdentity(listenPort);
  let running = true;
  let seq = 0;

  const check = (path: string, lo: number, hi: number, a: Answer): string | null => {
    const extra = /^\/extra\/(\d+)$/.exec(path);
    const k = extra === null ? 0 : Number(extra[1]);
    if (extra !== null && a.status === 404) return lo < k ? null : `404 for ${path} though it exists since generation ${k} (in force: ${lo}..${hi})`;
    if (a.status !== 200) return `${a.status} for ${path} (generations ${lo}..${hi}): ${a.body.slice(0, 200)}`;
    const json = JSON.parse(a.body) as { upstream: string; headers: Record<string, string> };
    const g = Number(json.headers['x-gen']);
    if (!(g >= lo && g <= hi)) return `${path} answered by generation ${g}, outside the generations in force ${lo}..${hi}`;
    if (!firstSeen.has(g)) firstSeen.set(g, performance.now());
    if (extra !== null) return g >= k && json.upstream === 'a' ? null : `${path} answered by ${json.upstream} in generation ${g}`;
    if (json.upstream !== backendOf(g)) return `${path} went to ${json.upstream}, generation ${g} says ${backendOf(g)}`;
    if ((json.headers['x-filter'] === 'on') !== (g % 2 === 0)) return `${path}: x-filter ${json.headers['x-filter'] ?? 'absent'} in generation ${g}`;
    return null;
  };

  const pickPath = (): string => {
    const n = seq++;
    // Half the requests to the main route, half to an extra route around the newest one (some not there yet).
    if (n % 2 === 0) return `/v/${n}`;
    const k = Math.max(1, newestNow() + 1 - (n % 4));
    return `/extra/${k}`;
  };

  const pool = new Pool(`http://127.0.0.1:${listenPort}`, { connections: opts.keepAliveClients ?? 4, pipelining: 1 });
  const loop = async (kind: 'keepAlive' | 'newConnection'): Promise<void> => {
    while (running) {
      const path = pickPath();
      const lo = oldestNow();
      let answer: Answer;
      try {
        if (kind === 'keepAlive') {
          const res = await pool.request({ path, method: 'GET', headers: { host: RELOAD_HOST } });
          answer = { status: res.statusCode, body: await res.body.text() };
        } else answer = await newConnectionGet(listenPort, path);
      } catch (err) {
        figures.failures.push(`${kind} ${path}: ${err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}` : String(err)}`);
        continue;
      } finally {
        figures.requests++;
        if (kind === 'keepAlive') figures.keepAliveRequests++;
        else figures.newConnectionRequests++;
      }
      const problem = check(path, lo, newestNow(), answer);
      if (problem !== null) figures.failures.push(`${kind} ${problem}`);
    }
  };
  const loops = [
    ...Array.from({ length: opts.keepAliveClients ?? 4 }, () => loop('keepAlive')),
    ...Array.from({ length: opts.newConnectionClients ?? 2 }, () => loop('newConnection')),
  ];

  try {
    for (let g = 1; g <= changes; g++) {
      const rev = baseRevision + g;
      const enforced = waitForEvent<EnforcedEvent>(worker.events, 'enforced', (e) => e.revision === rev, 10_000);
      const t0 = performance.now();
      publishedAt.set(g, t0);
      fakeConsole.publish(rev, generation(g, listenPort, upstreams));
      const e = await enforced;
      figures.publishToEnforcedMs.push(e.enforcedAt - t0);
      const sent = fakeConsole.sentAt(rev);
      if (sent !== undefined) figures.feedToEnforcedMs.push(e.enforcedAt - sent);
      if (worker.listenerIdentity(listenPort) !== server) figures.sameListener = false;
      await new Promise((r) => setTimeout(r, opts.pauseMs ?? 20));
    }
    // Let the last generation meet some traffic.
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    running = false;
    await Promise.all(loops);
    await pool.close();
  }
  for (let g = 1; g <= changes; g++) {
    const seen = firstSeen.get(g);
    const at = publishedAt.get(g);
    if (seen !== undefined && at !== undefined) figures.publishToWireMs.push(seen - at);
  }
  return figures;
}

/** "median / p95 / max" of a list of milliseconds. */
export function summarize(ms: readonly number[]): string {
  if (ms.length === 0) return 'n/a';
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1);
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms (n=${sorted.length})`;
}
