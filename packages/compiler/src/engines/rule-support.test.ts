import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { compileSnapshot } from '../compile/compile-snapshot';
import type { MatchEntry, RuleTarget, ServiceBackend } from '../routing-table/routing-table';
import { judgeRouteForEngine } from './route-engine-verdict';
import { checkRulesForEngine, type MatchShape, refuseRule, ruleConstructs, UNSUPPORTED_BY_ENGINE, unsupportedInRule } from './rule-support';

const prefix: MatchShape = { pathType: 'PathPrefix', method: null, headers: [], queryParams: [] };

function service(extra: Partial<ServiceBackend> = {}): ServiceBackend {
  return { kind: 'service', weight: 1, service: { namespace: 'ns', name: 'app' }, port: 80, portName: 'http', endpoints: [{ address: '10.0.0.1', port: 8080 }], noEndpointsReason: null, tls: null, tlsProblem: null, filters: null, protocol: 'http1', ...extra };
}

function rule(extra: Partial<RuleTarget> = {}): RuleTarget {
  return { route: { namespace: 'ns', name: 'r' }, ruleIndex: 0, ruleName: null, fixedResponse: null, backends: [service()], totalWeight: 1, filters: null, timeouts: { requestMs: null, backendRequestMs: null }, retry: null, ...extra };
}

const noFilters = { requestHeaders: null, responseHeaders: null, redirect: null, rewrite: null, mirrors: [], cors: null };

describe('ruleConstructs', () => {
  it('names matches, filters, backends (their filters, protocol, TLS), timeouts and retry', () => {
    const tls = { policy: { group: 'gateway.networking.k8s.io', kind: 'BackendTLSPolicy', namespace: 'ns', name: 'p' }, caPem: null, caSource: 'System', sni: 'a', verifyHostname: true, subjectAltNames: [{ type: 'URI' as const, value: 'spiffe://a' }], clientCertPem: null, clientKeyPem: null };
    const r = rule({
      filters: { ...noFilters, requestHeaders: { set: [], add: [], remove: ['x'] } },
      backends: [service({ protocol: 'h2c' }), service({ tls, filters: { ...noFilters, mirrors: [{ backend: service(), numerator: 1, denominator: 2 }] } })],
      timeouts: { requestMs: null, backendRequestMs: 1000 },
      retry: { attempts: 1, codes: [503], backoffMs: 0 },
    });
    const matches: MatchShape[] = [{ pathType: 'Exact', method: 'GET', headers: [{ name: 'a', type: 'RegularExpression', value: 'x' }], queryParams: [{ name: 'q', type: 'Exact', value: '1' }] }];
    expect([...ruleConstructs(r, matches)].sort()).toEqual([
      'backendH2c', 'backendRequestTimeout', 'backendTlsPolicy', 'backendTlsSubjectAltNames', 'headerMatchRegularExpression', 'methodMatch', 'pathExact',
      'queryParamMatchExact', 'requestHeaderModifier', 'requestMirror', 'retry', 'retryOnBackendTimeout', 'weightedBackends',
    ]);
  });

  it('a rule that already answers a fixed response is judged by its matches only', () => {
    const r = rule({ fixedResponse: { status: 500, code: 'no_backends', reason: 'x' }, timeouts: { requestMs: 5, backendRequestMs: null } });
    expect([...ruleConstructs(r, [prefix])]).toEqual(['pathPrefix']);
    expect(unsupportedInRule('haproxy', r, [prefix])).toEqual([]);
  });
});

describe('unsupportedInRule and refuseRule', () => {
  it('node accepts anything; haproxy names each gap and retry codes outside retry-on', () => {
    const cors = { allowOrigins: ['*'], allowCredentials: false, allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 5 };
    const r = rule({ filters: { ...noFilters, cors }, timeouts: { requestMs: 1000, backendRequestMs: null }, retry: { attempts: 2, codes: [500, 429], backoffMs: 0 } });
    expect(unsupportedInRule('node', r, [prefix])).toEqual([]);
    const problems = unsupportedInRule('haproxy', r, [prefix]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^timeouts\.request \(HTTPRouteRequestTimeout\) is not supported by the haproxy engine/);
    expect(problems[1]).toMatch(/^retry\.codes 429 \(HTTPRouteRetry\)/);
    // CORS, on the rule or on a backendRef, is rendered by the haproxy engine (render/cors.ts).
    expect(unsupportedInRule('haproxy', rule({ filters: { ...noFilters, cors }, backends: [service({ filters: { ...noFilters, cors } })] }), [prefix])).toEqual([]);
    expect(unsupportedInRule('haproxy', rule({ retry: { attempts: 2, codes: [401, 425, 504], backoffMs: 0 } }), [prefix])).toEqual([]);
  });

  it('a refused rule answers 500 and carries nothing the engine would have to render', () => {
    const r = refuseRule(rule({ ruleName: 'n', timeouts: { requestMs: 1, backendRequestMs: 2 }, retry: { attempts: 1, codes: [], backoffMs: 5 } }), 'haproxy', ['a', 'b']);
    expect(r).toEqual({ ...rule({ ruleName: 'n' }), fixedResponse: { status: 500, code: UNSUPPORTED_BY_ENGINE, reason: 'the haproxy engine cannot enforce this rule: a; b' }, backends: [], totalWeight: 0 });
    expect(unsupportedInRule('haproxy', r, [prefix])).toEqual([]);
  });
});

describe('judgeRouteForEngine (gateway-api v1.6.1 PartiallyInvalid / UnsupportedValue)', () => {
  const slow = rule({ ruleIndex: 1, timeouts: { requestMs: 1000, backendRequestMs: null } });
  const specs = [{ ...prefix, ruleIndex: 0 }, { ...prefix, ruleIndex: 1 }];
  it('nothing refused: no verdict', () => {
    expect(judgeRouteForEngine('haproxy', checkRulesForEngine('haproxy', [rule()], specs))).toEqual({ rejected: null, partiallyInvalid: null });
    expect(judgeRouteForEngine('node', checkRulesForEngine('node', [rule(), slow], specs))).toEqual({ rejected: null, partiallyInvalid: null });
  });
  it('some refused: PartiallyInvalid, message starting "Dropped Rule"', () => {
    const v = judgeRouteForEngine('haproxy', checkRulesForEngine('haproxy', [rule(), slow], specs));
    expect(v.rejected).toBeNull();
    expect(v.partiallyInvalid).toMatch(/^Dropped Rule rules\[1\]: their requests answer 500 .*timeouts\.request \(HTTPRouteRequestTimeout\)/);
  });
  it('all refused: the route is rejected', () => {
    const v = judgeRouteForEngine('haproxy', checkRulesForEngine('haproxy', [slow], [{ ...prefix, ruleIndex: 0 }]));
    expect(v).toEqual({ rejected: expect.stringMatching(/^the haproxy engine cannot enforce any rule of this route: rules\[0\]: timeouts\.request/) as string, partiallyInvalid: null });
  });
});

/**
 * The guarantee the haproxy renderer relies on: whatever the input, a table compiled for an engine holds only what
 * that engine implements — checked over every golden case.
 */
describe('every golden case compiled for haproxy', () => {
  const dir = join(import.meta.dirname, '../../test/golden');
  const cases = readdirSync(dir).filter((f) => f.endsWith('.in.yaml') && f !== 'invalid-backends-and-odd-input.in.yaml');
  // Listener certificates need a key; like the golden runner, one is generated here (none is committed).
  const key = Buffer.from(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()).toString('base64');
  let total = 0;
  for (const file of cases) {
    it(`${file}: every entry enforceable, TLSRoute backends without subjectAltNames`, () => {
      const objects = parseAllDocuments(readFileSync(join(dir, file), 'utf8').replaceAll('GOLDEN_TEST_KEY', key)).map((d) => d.toJSON() as KubeObject | null).filter((d): d is KubeObject => d !== null && d.kind !== 'GoldenProbes');
      const { table } = compileSnapshot({ revision: 1, objects }, { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-01-01T00:00:00Z', engine: 'haproxy' });
      let entries = 0;
      for (const port of Object.values(table.ports)) {
        for (const l of [...Object.values(port.exactHosts), ...port.wildcardHosts, ...(port.anyHost === null ? [] : [port.anyHost])]) {
          // TLS listeners are served by HAProxy too; the one TLS construct it lacks must not reach their backends.
          const targets = l.tlsRoutes === null ? [] : [...Object.values(l.tlsRoutes.exactHosts), ...l.tlsRoutes.wildcardHosts.map((w) => w.target)];
          for (const b of targets.flatMap((t) => t.backends)) if (b.kind === 'service') expect(b.tls?.subjectAltNames ?? []).toEqual([]);
          const all: MatchEntry[] = [...Object.values(l.exactHosts).flat(), ...l.wildcardHosts.flatMap((w) => w.entries), ...l.anyHost];
          for (const e of all) {
            entries += 1;
            expect(unsupportedInRule('haproxy', e.rule, [e]), `${e.route.namespace}/${e.route.name} rules[${e.ruleIndex}]`).toEqual([]);
          }
        }
      }
      total += entries;
    });
  }
  it('checked real tables (runs last)', () => {
    expect(cases.length).toBeGreaterThan(10);
    expect(total).toBeGreaterThan(50);
  });
});
