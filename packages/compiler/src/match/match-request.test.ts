import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { compileSnapshot } from '../compile/compile-snapshot';
import type { RoutingTable } from '../routing-table/routing-table';
import { exact, gateway, prefix, route, secret, service, upstreamTlsPolicy } from '../../test/fixtures/build-objects';
import { matchRequest, type MatchRequestInput } from './match-request';

const OPTS = { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-01-01T00:00:00Z' };

function compile(objects: KubeObject[]): RoutingTable {
  return compileSnapshot({ revision: 1, objects }, OPTS).table;
}

function req(host: string | undefined, path: string, extra: Partial<MatchRequestInput> = {}): MatchRequestInput {
  return { port: 80, host, path, method: 'GET', headers: {}, ...extra };
}

/** Which backend Service the matched rule forwards to ('' when none). */
function target(table: RoutingTable, r: MatchRequestInput): string {
  const m = matchRequest(table, r);
  const b = m.backends[0];
  return m.outcome === 'route' && b?.kind === 'service' ? b.service.name : m.outcome;
}

const SVCS = ['a', 'b', 'c', 'd'].flatMap((n) => service('ns', n, ['10.0.0.1']));

describe('matchRequest: paths', () => {
  const table = compile([
    gateway('ns', 'gw', [{ name: 'http', port: 80 }]),
    route('ns', 'r', {
      parents: [{ name: 'gw' }],
      rules: [
        { matches: [prefix('/abc')], backend: 'a' },
        { matches: [exact('/one')], backend: 'b' },
        { matches: [prefix('/trailing/')], backend: 'c' },
      ],
    }),
    ...SVCS,
  ]);

  it('matches PathPrefix segment by segment', () => {
    expect(target(table, req('x', '/abc'))).toBe('a');
    expect(target(table, req('x', '/abc/'))).toBe('a');
    expect(target(table, req('x', '/abc/def'))).toBe('a');
    expect(target(table, req('x', '/abcd'))).toBe('not_found');
  });

  it('ignores a trailing slash in the prefix', () => {
    expect(target(table, req('x', '/trailing'))).toBe('c');
    expect(target(table, req('x', '/trailing/x'))).toBe('c');
    expect(target(table, req('x', '/trailingx'))).toBe('not_found');
  });

  it('matches Exact exactly and case-sensitively', () => {
    expect(target(table, req('x', '/one'))).toBe('b');
    expect(target(table, req('x', '/one/x'))).toBe('not_found');
    expect(target(table, req('x', '/One'))).toBe('not_found');
    expect(target(table, req('x', '/one?q=1'))).toBe('b');
  });

  it('answers not_found for an unknown port', () => {
    expect(matchRequest(table, req('x', '/abc', { port: 81 })).outcome).toBe('not_found');
  });
});

describe('matchRequest: hostnames and listener isolation', () => {
  const table = compile([
    gateway('ns', 'gw', [
      { name: 'any', port: 80 },
      { name: 'wild', port: 80, hostname: '*.example.com' },
      { name: 'foo', port: 80, hostname: 'foo.example.com' },
    ]),
    route('ns', 'on-any', { parents: [{ name: 'gw', sectionName: 'any' }], rules: [{ matches: [prefix('/very/specific')], backend: 'a' }] }),
    route('ns', 'on-wild', { parents: [{ name: 'gw', sectionName: 'wild' }], rules: [{ backend: 'b' }] }),
    route('ns', 'on-foo', { parents: [{ name: 'gw', sectionName: 'foo' }], rules: [{ matches: [prefix('/foo')], backend: 'c' }] }),
    ...SVCS,
  ]);

  it('routes by the most specific listener only (isolation)', () => {
    // The "any" listener has a longer prefix, but foo.example.com belongs to the "foo" listener.
    expect(target(table, req('foo.example.com', '/very/specific'))).toBe('not_found');
    expect(target(table, req('foo.example.com', '/foo/1'))).toBe('c');
    expect(target(table, req('bar.example.com', '/very/specific'))).toBe('b');
    expect(target(table, req('other.org', '/very/specific'))).toBe('a');
  });

  it('never lets a wildcard match the bare parent domain', () => {
    expect(target(table, req('example.com', '/very/specific'))).toBe('a');
    expect(target(table, req('a.b.example.com', '/x'))).toBe('b');
  });

  it('ignores the port and case of the Host header', () => {
    expect(target(table, req('FOO.example.com:8080', '/foo'))).toBe('c');
    expect(target(table, req('foo.example.com.', '/foo'))).toBe('c');
  });

  it('handles a request without Host', () => {
    expect(target(table, req(undefined, '/very/specific'))).toBe('a');
  });
});

describe('matchRequest: precedence across rules and routes', () => {
  const table = compile([
    gateway('ns', 'gw', [{ name: 'http', port: 80 }]),
    route('ns', 'r1', {
      parents: [{ name: 'gw' }],
      createdAt: '2025-01-01T00:00:10Z',
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/p' }, headers: [{ name: 'X-A', value: '1' }, { name: 'x-b', value: '2' }] }], backend: 'a' },
        { matches: [{ path: { type: 'PathPrefix', value: '/p' }, method: 'POST' }], backend: 'b' },
        { matches: [{ path: { type: 'PathPrefix', value: '/p' }, queryParams: [{ name: 'q', value: '1' }] }], backend: 'c' },
        { matches: [{ path: { type: 'PathPrefix', value: '/p' }, headers: [{ name: 'x-re', value: 'v[0-9]+', type: 'RegularExpression' }] }], backend: 'd' },
      ],
    }),
    route('ns', 'r2', { parents: [{ name: 'gw' }], createdAt: '2025-01-01T00:00:20Z', rules: [{ matches: [prefix('/p/longer')], backend: 'd' }] }),
    route('ns', 'old', { parents: [{ name: 'gw' }], createdAt: '2025-01-01T00:00:01Z', rules: [{ matches: [prefix('/tie')], backend: 'a' }] }),
    route('ns', 'aaa-new', { parents: [{ name: 'gw' }], createdAt: '2025-01-01T00:00:30Z', rules: [{ matches: [prefix('/tie')], backend: 'b' }] }),
    route('ns', 'same-b', { parents: [{ name: 'gw' }], createdAt: '2025-01-01T00:00:40Z', rules: [{ matches: [prefix('/name')], backend: 'b' }] }),
    route('ns', 'same-a', { parents: [{ name: 'gw' }], createdAt: '2025-01-01T00:00:40Z', rules: [{ matches: [prefix('/name')], backend: 'a' }] }),
    ...SVCS,
  ]);
  const both = { 'x-a': '1', 'x-b': '2' };

  it('prefers a method match over header matches', () => {
    expect(target(table, req('x', '/p', { method: 'POST', headers: both }))).toBe('b');
  });

  it('prefers a longer prefix over a method match', () => {
    expect(target(table, req('x', '/p/longer', { method: 'POST' }))).toBe('d');
  });

  it('prefers more header matches over query matches, and reads header names case-insensitively', () => {
    expect(target(table, req('x', '/p?q=1', { headers: both }))).toBe('a');
    expect(target(table, req('x', '/p?q=1', { headers: { 'x-a': '1' } }))).toBe('c');
    expect(target(table, req('x', '/p', { headers: { 'x-a': '1', 'x-b': 'other' } }))).toBe('not_found');
  });

  it('matches query params exactly and accepts parsed query objects', () => {
    expect(target(table, req('x', '/p', { query: { q: '1' } }))).toBe('c');
    expect(target(table, req('x', '/p', { query: 'Q=1' }))).toBe('not_found');
  });

  it('matches header regular expressions against the whole value', () => {
    expect(target(table, req('x', '/p', { headers: { 'x-re': 'v12' } }))).toBe('d');
    expect(target(table, req('x', '/p', { headers: { 'x-re': 'xv12' } }))).toBe('not_found');
  });

  it('breaks ties by the oldest route, then by namespace/name', () => {
    expect(target(table, req('x', '/tie'))).toBe('a');
    expect(target(table, req('x', '/name'))).toBe('a');
  });
});

describe('matchRequest: results and explanations', () => {
  const ca = '-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n';
  const table = compile([
    gateway('ns', 'gw', [{ name: 'http', port: 80 }]),
    route('ns', 'r', {
      parents: [{ name: 'gw' }],
      rules: [{ matches: [prefix('/tls')], backend: 'a', port: 8443 }, { matches: [prefix('/empty')] }],
    }),
    ...service('ns', 'a', ['10.0.0.7'], { port: 8443, targetPort: 443, portName: '' }),
    secret('ns', 'ca', { 'ca.crt': ca, 'tls.crt': ca, 'tls.key': `-----BEGIN ${'PRIVATE'} KEY-----\nQUJD\n-----END ${'PRIVATE'} KEY-----\n` /* a placeholder, not key material */ }),
    upstreamTlsPolicy('ns', 'p', 'a', 8443, 'ca', true),
  ]);

  it('returns the backend with its endpoint and the policy TLS settings', () => {
    const m = matchRequest(table, req('x', '/tls'));
    expect(m.outcome).toBe('route');
    expect(m.explanation).toEqual([]);
    const b = m.backends[0];
    if (b?.kind !== 'service') throw new Error('expected a service backend');
    expect(b.endpoints).toEqual([{ address: '10.0.0.7', port: 443 }]);
    expect(b.tls).toMatchObject({ caPem: ca, caSource: 'ns/ca', sni: null, verifyHostname: false, clientCertPem: ca });
  });

  it('answers a fixed 500 for a rule without backends', () => {
    const m = matchRequest(table, req('x', '/empty'));
    expect(m.outcome).toBe('fixed_response');
    expect(m.fixedResponse?.status).toBe(500);
  });

  it('explains only when asked', () => {
    const m = matchRequest(table, req('x', '/nothing'), { explain: true });
    expect(m.outcome).toBe('not_found');
    expect(m.explanation.at(-1)).toContain('404');
  });

  it('publishes a deep-frozen table', () => {
    expect(Object.isFrozen(table)).toBe(true);
    const b = matchRequest(table, req('x', '/tls')).backends[0];
    expect(Object.isFrozen(b)).toBe(true);
    expect(() => (table.ports as Record<string, unknown>)['1'] = {}).toThrow();
  });
});

describe('compileSnapshot on malformed input', () => {
  it('never throws', () => {
    const odd = [null, 7, 'x', [], { kind: 'Gateway' }, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: 'no' }];
    const snapshot = { revision: 1, objects: odd } as unknown as { revision: number; objects: KubeObject[] };
    expect(() => compileSnapshot(snapshot, OPTS)).not.toThrow();
    const bad = { revision: 'x', objects: 'nope' } as unknown as { revision: number; objects: KubeObject[] };
    expect(compileSnapshot(bad, OPTS).table.ports).toEqual({});
  });
});
