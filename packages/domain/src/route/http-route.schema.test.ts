import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched, type Patch } from '../test-support/minimal-objects';
import type { HttpRoute } from './http-route.schema';

const R = ['spec', 'rules', 0] as const;
const route = (...p: Patch[]) => parseObject(patched('HTTPRoute', ...p)) as HttpRoute;
const paths = (...p: Patch[]) => invalidPaths(() => route(...p));

describe('HTTPRoute schema (v1.6.1 standard CRD)', () => {
  it('applies the CRD defaults: match PathPrefix /, backendRef group/kind/weight, parentRef group/kind', () => {
    const r = route();
    expect(r.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }]);
    expect(r.spec.rules[0]?.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
    expect(r.spec.rules[0]?.backendRefs).toEqual([{ group: '', kind: 'Service', name: 'web', port: 8443, weight: 1 }]);
  });

  it('defaults rules when absent, path inside a match, header match type, redirect status code', () => {
    expect(route([['spec', 'rules'], undefined]).spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }]);
    const r = route(
      [[...R, 'matches'], [{ headers: [{ name: 'x-env', value: 'canary' }] }]],
      [[...R, 'backendRefs'], undefined],
      [[...R, 'filters'], [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }]],
    );
    expect(r.spec.rules[0]?.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-env', value: 'canary' }] }]);
    expect(r.spec.rules[0]?.filters?.[0]?.requestRedirect).toEqual({ scheme: 'https', statusCode: 302 });
  });

  it('keeps an explicitly empty matches list (only absent lists are defaulted)', () => {
    expect(route([[...R, 'matches'], []]).spec.rules[0]?.matches).toEqual([]);
  });

  it('converts v1beta1 to v1', () => {
    expect(route([['apiVersion'], 'gateway.networking.k8s.io/v1beta1']).apiVersion).toBe('gateway.networking.k8s.io/v1');
  });

  it('checks shapes, enums and limits with paths', () => {
    expect(paths([['spec', 'hostnames'], ['foo.example.com', '*.example.com', 'Bad_Host']])).toEqual(['spec.hostnames[2]']);
    expect(paths([[...R, 'backendRefs', 0, 'port'], 0])).toEqual(['spec.rules[0].backendRefs[0].port']);
    expect(paths([[...R, 'backendRefs', 0, 'weight'], 1_000_001])).toEqual(['spec.rules[0].backendRefs[0].weight']);
    expect(paths([[...R, 'matches'], [{ method: 'FETCH' }]])).toEqual(['spec.rules[0].matches[0].method']);
    expect(paths([[...R, 'matches'], [{ path: { type: 'Glob', value: '/' } }]])).toEqual(['spec.rules[0].matches[0].path.type']);
    expect(paths([['spec', 'rules'], []])).toEqual(['spec.rules']);
    expect(paths([['spec', 'hostnames'], Array.from({ length: 17 }, (_, i) => `h${i}.example.com`)])).toEqual(['spec.hostnames']);
  });

  it('CEL: a Service backendRef needs a port', () => {
    expect(invalidDetails(() => route([[...R, 'backendRefs', 0, 'port'], undefined]))).toEqual([
      { path: 'spec.rules[0].backendRefs[0].port', message: 'Must have port for Service reference' },
    ]);
    expect(() => route([[...R, 'backendRefs', 0], { group: 'example.com', kind: 'Bucket', name: 'b' }])).not.toThrow();
  });

  it('CEL: path values for Exact and PathPrefix', () => {
    const bad = ['relative', '/a//b', '/a/./b', '/a/../b', '/a%2fb', '/a%2Fb', '/a#b', '/a/..', '/a/.', '/a b'];
    // Like the API server, every failed CEL rule is reported ('/a#b' fails two), all at path.value.
    for (const value of bad) expect([...new Set(paths([[...R, 'matches'], [{ path: { type: 'Exact', value } }]]))], value).toEqual(['spec.rules[0].matches[0].path.value']);
    expect(() => route([[...R, 'matches'], [{ path: { type: 'RegularExpression', value: '^/a//b[0-9]+' } }]])).not.toThrow();
    expect(() => route([[...R, 'matches'], [{ path: { type: 'PathPrefix', value: "/a-b/c_d~e!$&'()*+,;=:@%41" } }]])).not.toThrow();
  });

  it('header and query names are unique per match (list map keyed by name)', () => {
    expect(
      invalidDetails(() =>
        route([
          [...R, 'matches'],
          [{ headers: [{ name: 'x-a', value: '1' }, { name: 'x-b', value: '2' }, { name: 'x-a', value: '3' }] }, { headers: [{ name: 'x-a', value: '1' }] }],
        ]),
      ),
    ).toEqual([{ path: 'spec.rules[0].matches[0].headers[2].name', message: 'Duplicate value: "x-a" (same as item 0)' }]);
    expect(paths([[...R, 'matches'], [{ queryParams: [{ name: 'q', value: '1' }, { name: 'q', value: '2' }] }]])).toEqual([
      'spec.rules[0].matches[0].queryParams[1].name',
    ]);
    // Exact comparison, as the API server compares map keys: differently cased names are two entries.
    expect(() => route([[...R, 'matches'], [{ headers: [{ name: 'X-A', value: '1' }, { name: 'x-a', value: '2' }] }]])).not.toThrow();
  });

  it('CEL: a RequestRedirect filter cannot be combined with backendRefs', () => {
    expect(invalidDetails(() => route([[...R, 'filters'], [{ type: 'RequestRedirect', requestRedirect: { hostname: 'example.com' } }]]))).toEqual([
      { path: 'spec.rules[0].filters[0]', message: 'RequestRedirect filter must not be used together with backendRefs' },
    ]);
  });

  it('CEL: replacePrefixMatch needs exactly one PathPrefix match', () => {
    const rewrite = { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } } };
    expect(() => route([[...R, 'filters'], [rewrite]], [[...R, 'matches'], [{ path: { value: '/v1' } }]])).not.toThrow();
    expect(() => route([[...R, 'filters'], [rewrite]])).not.toThrow(); // the default match is PathPrefix /
    expect(invalidDetails(() => route([[...R, 'filters'], [rewrite]], [[...R, 'matches'], [{ path: { type: 'Exact', value: '/v1' } }]]))).toEqual([
      { path: 'spec.rules[0].matches', message: 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified' },
    ]);
    expect(paths([[...R, 'filters'], [rewrite]], [[...R, 'matches'], [{ path: { value: '/a' } }, { path: { value: '/b' } }]])).toEqual(['spec.rules[0].matches']);
    const redirect = { type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } };
    expect(paths([[...R, 'backendRefs'], undefined], [[...R, 'filters'], [redirect]], [[...R, 'matches'], []])).toEqual(['spec.rules[0].matches']);
    expect(paths([[...R, 'backendRefs', 0, 'filters'], [rewrite]], [[...R, 'matches'], [{ path: { type: 'Exact', value: '/' } }]])).toEqual([
      'spec.rules[0].matches',
    ]);
  });

  it('CEL: path modifier type and field agree; filter type and field agree; no repeats; redirect xor rewrite', () => {
    expect(paths([[...R, 'filters'], [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath' } } }]])).toEqual([
      'spec.rules[0].filters[0].urlRewrite.path.replaceFullPath',
    ]);
    expect(paths([[...R, 'filters'], [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replacePrefixMatch: '/x', replaceFullPath: '/y' } } }]])).toEqual([
      'spec.rules[0].filters[0].urlRewrite.path.type',
    ]);
    expect(invalidDetails(() => route([[...R, 'filters'], [{ type: 'RequestHeaderModifier' }]]))).toEqual([
      { path: 'spec.rules[0].filters[0].requestHeaderModifier', message: 'filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type' },
    ]);
    expect(paths([[...R, 'filters'], [{ type: 'CORS', cors: {}, urlRewrite: {} }]])).toEqual(['spec.rules[0].filters[0].urlRewrite']);
    const hm = { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'a', value: 'b' }] } };
    expect(invalidDetails(() => route([[...R, 'filters'], [hm, hm]]))).toEqual([
      { path: 'spec.rules[0].filters', message: 'RequestHeaderModifier filter cannot be repeated' },
    ]);
    expect(
      invalidDetails(() =>
        route(
          [[...R, 'backendRefs'], undefined],
          [[...R, 'filters'], [{ type: 'RequestRedirect', requestRedirect: {} }, { type: 'URLRewrite', urlRewrite: {} }]],
        ),
      ).map((d) => d.message),
    ).toContain('May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both');
  });

  it('header modifiers: names unique in set/add, remove is a set', () => {
    const mod = { set: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }], remove: ['x', 'x'] };
    expect(paths([[...R, 'filters'], [{ type: 'ResponseHeaderModifier', responseHeaderModifier: mod }]])).toEqual([
      'spec.rules[0].filters[0].responseHeaderModifier.remove[1]',
      'spec.rules[0].filters[0].responseHeaderModifier.set[1].name',
    ]);
  });

  it('mirror: percent xor fraction, numerator ≤ denominator (default 100), Service needs port', () => {
    const mirror = (m: unknown) => [[...R, 'filters'], [{ type: 'RequestMirror', requestMirror: m }]] as Patch;
    const ok = route(mirror({ backendRef: { name: 'shadow', port: 80 }, fraction: { numerator: 5 } }));
    expect(ok.spec.rules[0]?.filters?.[0]?.requestMirror?.fraction).toEqual({ numerator: 5, denominator: 100 });
    expect(paths(mirror({ backendRef: { name: 'shadow', port: 80 }, percent: 5, fraction: { numerator: 1 } }))).toEqual([
      'spec.rules[0].filters[0].requestMirror.fraction',
    ]);
    expect(paths(mirror({ backendRef: { name: 'shadow', port: 80 }, fraction: { numerator: 11, denominator: 10 } }))).toEqual([
      'spec.rules[0].filters[0].requestMirror.fraction.numerator',
    ]);
    expect(paths(mirror({ backendRef: { name: 'shadow' } }))).toEqual(['spec.rules[0].filters[0].requestMirror.backendRef.port']);
  });

  it('CORS filter: maxAge default 5, "*" alone', () => {
    const cors = (c: unknown) => [[...R, 'filters'], [{ type: 'CORS', cors: c }]] as Patch;
    expect(route(cors({ allowOrigins: ['https://*.example.com:8443'] })).spec.rules[0]?.filters?.[0]?.cors?.maxAge).toBe(5);
    expect(paths(cors({ allowOrigins: ['*', 'https://a.example.com'] }))).toEqual(['spec.rules[0].filters[0].cors.allowOrigins']);
    expect(paths(cors({ allowMethods: ['GET', '*'] }))).toEqual(['spec.rules[0].filters[0].cors.allowMethods']);
    expect(paths(cors({ allowOrigins: ['ftp://a.example.com'] }))).toEqual(['spec.rules[0].filters[0].cors.allowOrigins[0]']);
  });

  it('timeouts: Duration format; backendRequest ≤ request unless request is 0s', () => {
    expect(paths([[...R, 'timeouts'], { request: '10 s' }])).toEqual(['spec.rules[0].timeouts.request']);
    expect(paths([[...R, 'timeouts'], { request: '1s', backendRequest: '1s500ms' }])).toEqual(['spec.rules[0].timeouts.backendRequest']);
    expect(() => route([[...R, 'timeouts'], { request: '1m', backendRequest: '59s999ms' }])).not.toThrow();
    expect(() => route([[...R, 'timeouts'], { request: '0s', backendRequest: '1h' }])).not.toThrow();
  });

  it('retry (experimental channel shape): attempts ≥ 1, codes 400–599 and unique', () => {
    expect(route([[...R, 'retry'], { codes: [502, 503], attempts: 2, backoff: '100ms' }]).spec.rules[0]?.retry).toEqual({ codes: [502, 503], attempts: 2, backoff: '100ms' });
    expect(paths([[...R, 'retry'], { attempts: 0 }])).toEqual(['spec.rules[0].retry.attempts']);
    expect(paths([[...R, 'retry'], { codes: [200, 503, 503] }])).toEqual(['spec.rules[0].retry.codes[0]', 'spec.rules[0].retry.codes[2]']);
  });

  it('CEL: parentRefs to the same parent need distinct sectionNames', () => {
    expect(() => route([['spec', 'parentRefs'], [{ name: 'gw', sectionName: 'a' }, { name: 'gw', sectionName: 'b' }, { name: 'gw', namespace: 'other' }]])).not.toThrow();
    expect(invalidDetails(() => route([['spec', 'parentRefs'], [{ name: 'gw' }, { name: 'gw', sectionName: 'b' }]])).map((d) => d.message)).toEqual([
      'sectionName must be specified when parentRefs includes 2 or more references to the same parent',
      'sectionName must be specified when parentRefs includes 2 or more references to the same parent',
    ]);
    expect(paths([['spec', 'parentRefs'], [{ name: 'gw', sectionName: 'a' }, { name: 'gw', sectionName: 'a', kind: 'Gateway' }]])).toEqual([
      'spec.parentRefs[1].sectionName',
    ]);
    // Standard channel: port does not distinguish two references to the same parent.
    expect(paths([['spec', 'parentRefs'], [{ name: 'gw', port: 80 }, { name: 'gw', port: 443 }]])).toEqual(['spec.parentRefs[1].sectionName']);
  });

  it('CEL: at most 128 matches across all rules', () => {
    const rule = { matches: Array.from({ length: 64 }, (_, i) => ({ path: { value: `/p${i}` } })) };
    expect(() => route([['spec', 'rules'], [rule, rule]])).not.toThrow();
    expect(invalidPaths(() => route([['spec', 'rules'], [rule, rule, { matches: [{}] }]]))).toEqual(['spec.rules']);
  });
});
