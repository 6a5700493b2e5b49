import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { MatchEntry } from '@gatehouse/compiler/routing-table/routing-table';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { DEFAULT_SERVER_LIMITS } from '../../../proxy/server-limits';
import { type ClassChain, renderEntryChain } from './path-maps';
import { renderHaproxyConfig } from './render-config';
import { RuntimeFiles } from './runtime-files';
import { word } from './syntax';

/**
 * The path maps against the order they replace: entry lists (in precedence order, and shuffled, which cuts the runs
 * elsewhere) rendered by renderEntryChain and run by a real HAProxy, whose pick for each request must be the first
 * entry of the class whose terms hold — what the rule lines alone picked.
 */
const HAPROXY = process.env.GATEHOUSE_HAPROXY_BIN ?? 'haproxy';

interface Plain {
  pathType: 'Exact' | 'PathPrefix';
  /** As written; PathPrefix without its trailing slash, '' for "/". */
  path: string;
  method: string | null;
}

function entryOf(p: Plain): MatchEntry {
  return { pathType: p.pathType, pathValue: p.pathType === 'Exact' ? p.path : p.path || '/', pathPrefix: p.pathType === 'PathPrefix' ? p.path : '', method: p.method, headers: [], queryParams: [] } as unknown as MatchEntry;
}

/** The rule line render-config writes for such an entry (path and method terms). */
function lineOf(cls: number, id: number, p: Plain): string {
  const terms = [`{ var(txn.e) -m int 0 }`, `{ var(txn.hc) -m int ${cls} }`];
  if (p.pathType === 'Exact') terms.push(`{ path -m str ${word(p.path)} }`);
  else if (p.path !== '') terms.push(`{ var(txn.ps) -m beg ${word(`${p.path}/`)} }`);
  if (p.method !== null) terms.push(`{ method -m str ${word(p.method)} }`);
  return `http-request set-var(txn.e) int(${id}) if ${terms.join(' ')}`;
}

/** First match in order (resolve-request.ts's reading of the precomputed entries). */
function firstMatch(entries: ReadonlyArray<{ p: Plain; id: number }>, path: string, method: string): number {
  for (const { p, id } of entries) {
    const pathHolds = p.pathType === 'Exact' ? path === p.path : p.path === '' || `${path}/`.startsWith(`${p.path}/`);
    if (pathHolds && (p.method === null || p.method === method)) return id;
  }
  return 0;
}

/** A small deterministic generator (tests must give the same lists every run). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const PATHS = ['/a', '/a/b', '/a/b/c', '/ab', '/a/bc', '/x', '/x/y', '/x/y/z', '/a/b/', '/'];
const REQUESTS = [...new Set([...PATHS, ...PATHS.map((p) => `${p}/`), ...PATHS.map((p) => `${p}/more`), '/a/b/c/d', '/abc', '/nothing', '/x/yz'])];
const METHODS = ['GET', 'POST'];

/** Gateway API precedence over path and method: Exact, longer prefix, with a method; the list order breaks ties. */
function precedenceSorted(list: Plain[]): Plain[] {
  const rank = (p: Plain): number[] => [p.pathType === 'Exact' ? 0 : 1, -p.path.length, p.method === null ? 1 : 0];
  return list
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      const ra = rank(a.p);
      const rb = rank(b.p);
      for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return (ra[k] as number) - (rb[k] as number);
      return a.i - b.i;
    })
    .map(({ p }) => p);
}

const classes: Array<{ id: number; entries: Array<{ p: Plain; id: number }> }> = [];
const random = lcg(13);
for (let cls = 1; cls <= 40; cls++) {
  const n = 1 + Math.floor(random() * 9);
  const list: Plain[] = Array.from({ length: n }, () => {
    const path = PATHS[Math.floor(random() * PATHS.length)] as string;
    const exact = random() < 0.3;
    return { pathType: exact ? 'Exact' : 'PathPrefix', path: exact ? path : path.replace(/\/$/, '').replace(/^\/$/, ''), method: random() < 0.25 ? (METHODS[Math.floor(random() * 2)] as string) : null };
  });
  // Odd classes in precedence order (the compiler's), even ones as drawn: runs are cut wherever the order needs it.
  const ordered = cls % 2 === 1 ? precedenceSorted(list) : list;
  classes.push({ id: cls, entries: ordered.map((p, i) => ({ p, id: cls * 100 + i + 1 })) });
}

describe('renderEntryChain: path maps run by HAProxy pick what the ordered lines pick', () => {
  let dir = '';
  let proc: ChildProcess | null = null;
  let agent: Agent | null = null;
  let chainLines: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gh-path-maps-'));
    const files = new RuntimeFiles(dir);
    const chains: ClassChain[] = classes.map((c) => ({ id: c.id, title: `class ${c.id}`, entries: c.entries.map(({ p, id }) => ({ entry: entryOf(p), id, line: lineOf(c.id, id, p) })) }));
    const chain = renderEntryChain(chains, files);
    chainLines = chain.lines;
    for (const f of files.list()) writeFileSync(join(dir, f.name), f.content);
    const socket = join(dir, 'front.sock');
    const cfg = [
      'global',
      '  nbthread 1',
      'defaults',
      '  mode http',
      '  timeout client 5s',
      '  timeout connect 5s',
      '  timeout server 5s',
      'frontend t',
      `  bind unix@${socket} mode 600`,
      '  http-request set-var(txn.hc) req.hdr_val(x-class)',
      '  http-request set-var(txn.e) int(0)',
      `  http-request set-var-fmt(txn.ps) ${word('%[path]/')}`,
      `  http-request set-var-fmt(txn.pk) ${word('%[var(txn.hc)]|%[path]/')}`,
      ...chain.lines.map((l) => `  ${l}`),
      `  http-request return status 200 content-type text/plain lf-string ${word('%[var(txn.e)]')}`,
      '',
    ].join('\n');
    writeFileSync(join(dir, 'haproxy.cfg'), cfg);
    execFileSync(HAPROXY, ['-c', '-q', '-f', join(dir, 'haproxy.cfg')]);
    proc = spawn(HAPROXY, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
    agent = new Agent({ connect: { socketPath: socket } });
    for (let i = 0; ; i++) {
      try {
        await (await request('http://local/', { dispatcher: agent })).body.dump();
        break;
      } catch (err) {
        if (i > 100) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  afterAll(async () => {
    await agent?.close();
    if (proc !== null && proc.exitCode === null) {
      const exited = new Promise((r) => proc?.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses maps (the lists are not all written as lines)', () => {
    expect(chainLines.filter((l) => l.includes('map_beg_int')).length).toBeGreaterThan(0);
    expect(chainLines.filter((l) => l.includes('map_str_int')).length).toBeGreaterThan(0);
    expect(chainLines.filter((l) => l.startsWith('http-request set-var(txn.e) int(')).length).toBeLessThan(classes.reduce((n, c) => n + c.entries.length, 0) / 2);
  });

  it('every class, path and method: the first entry whose terms hold', async () => {
    const mismatches: string[] = [];
    for (const c of classes) {
      for (const path of REQUESTS) {
        for (const method of METHODS) {
          const r = await request(`http://local${path}`, { method: method as 'GET' | 'POST', headers: { 'x-class': String(c.id) }, dispatcher: agent as Agent });
          const got = Number(await r.body.text());
          const want = firstMatch(c.entries, path, method);
          if (got !== want) mismatches.push(`class ${c.id} ${method} ${path}: HAProxy picked ${got}, the order ${want} (${JSON.stringify(c.entries.map((e) => e.p))})`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('renderHaproxyConfig: a 10 000-route table (the proxy benchmark\'s)', () => {
  const T0 = '2025-01-01T00:00:00Z';
  const route = (name: string, host: string, path: string | null): Record<string, unknown> => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { namespace: 'web', name, generation: 1, creationTimestamp: T0 },
    spec: { parentRefs: [{ name: 'gw' }], hostnames: [host], rules: [{ ...(path === null ? {} : { matches: [{ path: { type: 'PathPrefix', value: path } }] }), backendRefs: [{ name: 'app', port: 80 }] }] },
  });
  const raw: Array<Record<string, unknown>> = [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { namespace: 'web', name: 'gw', generation: 1, creationTimestamp: T0 },
      spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', protocol: 'HTTP', port: 8080, allowedRoutes: { namespaces: { from: 'Same' } } }] },
    },
    route('pooled', 'foo.example.com', null),
    ...Array.from({ length: 10_000 }, (_, i) => route(`extra-${i}`, `r${i}.example.com`, `/r${i}`)),
    { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'web', name: 'app' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } },
  ];

  it('renders (no spread of its lines onto the stack) with a frontend of a few lines: one lookup for the 10 000 prefixes', () => {
    const { table } = compileSnapshot({ revision: 1, objects: raw.map((o) => parseObject(o)) }, { controllerName: 'gatehouse.dev/gateway-controller', now: T0 });
    const out = renderHaproxyConfig(table, { dir: '/run/gh', bindAddress: '0.0.0.0', revision: 1, threads: 1, limits: { ...DEFAULT_SERVER_LIMITS }, trustedProxies: [] });
    const frontend = out.config.slice(out.config.indexOf('frontend p8080'), out.config.indexOf('\n\n', out.config.indexOf('frontend p8080')));
    expect(frontend.split('\n').filter((l) => l.startsWith('  http-request set-var(txn.e) int(')).length).toBe(0);
    expect(frontend).toContain('map_beg_int(');
    const prefixes = out.files.find((f) => f.name.startsWith('prefixes-'));
    expect(prefixes?.content.split('\n').filter((l) => /^\d+\|\/r\d+\/ \d+$/.test(l)).length).toBe(10_000);
  });
});
