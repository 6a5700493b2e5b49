import { parseObject } from '@gatehouse/domain/registry/parse-object';
import type { FieldValues, ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { codecResolver } from './codec-resolver';
import { editableObject } from './editable-object';
import { flattenErrors } from './error-paths';
import { httpRouteCodec, type HttpRouteForm } from './kinds/http-route.codec';
import { readYamlObject, toYaml } from './yaml-text';

const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<FieldValues>;

async function problems(values: HttpRouteForm): Promise<Record<string, string>> {
  const r = await codecResolver(httpRouteCodec)(values, undefined, options as unknown as ResolverOptions<HttpRouteForm>);
  return Object.fromEntries(flattenErrors(r.errors).map((e) => [e.path, e.message]));
}

/** Every filter type, header and query matches, timeouts, and fields the form does not show (retry, backend filters, a fraction). */
const EVERY_FILTER = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: filters
  namespace: httpbin
  resourceVersion: "12"
  labels:
    team: edge
spec:
  parentRefs:
    - name: gw
      sectionName: https
  hostnames:
    - api.example.com
  rules:
    - name: api
      matches:
        - path:
            type: PathPrefix
            value: /api
          method: POST
          headers:
            - type: Exact
              name: X-Tenant
              value: blue
            - type: RegularExpression
              name: User-Agent
              value: ^curl/.*
          queryParams:
            - type: Exact
              name: debug
              value: "1"
      filters:
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set:
              - name: X-Env
                value: prod
            add:
              - name: X-Via
                value: gatehouse
            remove:
              - X-Debug
        - type: ResponseHeaderModifier
          responseHeaderModifier:
            remove:
              - Server
        - type: URLRewrite
          urlRewrite:
            hostname: internal.example.com
            path:
              type: ReplacePrefixMatch
              replacePrefixMatch: /v2
        - type: RequestMirror
          requestMirror:
            backendRef:
              name: shadow
              port: 8080
            fraction:
              numerator: 1
              denominator: 10
        - type: CORS
          cors:
            allowOrigins:
              - https://app.example.com
            allowMethods:
              - GET
              - POST
            allowHeaders:
              - Content-Type
            exposeHeaders:
              - X-Request-Id
            allowCredentials: true
            maxAge: 600
        - type: ExtensionRef
          extensionRef:
            group: example.com
            kind: RateLimit
            name: gold
      backendRefs:
        - name: httpbin
          port: 8443
          weight: 3
          filters:
            - type: RequestHeaderModifier
              requestHeaderModifier:
                set:
                  - name: X-Backend
                    value: a
      timeouts:
        request: 10s
        backendRequest: 2s
      retry:
        attempts: 2
        codes:
          - 503
    - matches:
        - path:
            type: Exact
            value: /old
      filters:
        - type: RequestRedirect
          requestRedirect:
            scheme: https
            hostname: new.example.com
            port: 8443
            path:
              type: ReplaceFullPath
              replaceFullPath: /new
            statusCode: 301
`;

function readRoute(text: string): HttpRouteForm {
  const read = readYamlObject(text, 'HTTPRoute');
  if (!read.ok) throw new Error(read.problem);
  return httpRouteCodec.toForm(editableObject(read.object));
}

/** A filter as a test edits it: its type and the member that configures it, read without ceremony. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Filter = Record<string, any>;
type Rule = { matches: Record<string, unknown>[]; filters?: Filter[]; backendRefs?: Record<string, unknown>[]; timeouts?: Record<string, string> };
const rules = (form: HttpRouteForm) => (form.spec as unknown as { rules: Rule[] }).rules;

describe('HTTPRoute form: filters, matches and timeouts', () => {
  it('YAML → form → YAML is unchanged for a route with every filter, header and query matches, and fields the form does not show', async () => {
    const form = readRoute(EVERY_FILTER);
    expect(toYaml(httpRouteCodec.toObject(form))).toBe(EVERY_FILTER);
    expect(await problems(form)).toEqual({});
    expect(() => parseObject(httpRouteCodec.toObject(form))).not.toThrow();
  });

  it('edits made through the form give the expected object, and nothing else changes', () => {
    const form = readRoute(EVERY_FILTER);
    const [api, old] = rules(form);
    api!.matches[0]!.headers = [...(api!.matches[0]!.headers as object[]), { name: 'X-Region', type: 'Exact', value: 'eu' }];
    (api!.filters![0]!.requestHeaderModifier as { set: object[] }).set.push({ name: 'X-Added', value: 'yes' });
    api!.timeouts = { request: '30s', backendRequest: undefined } as unknown as Record<string, string>;
    old!.filters![0]!.requestRedirect = { ...old!.filters![0]!.requestRedirect, statusCode: 308, port: undefined };
    const obj = httpRouteCodec.toObject(form) as { spec: { rules: Rule[] } };
    const [a, o] = obj.spec.rules;
    expect(a!.matches[0]!.headers).toEqual([
      { type: 'Exact', name: 'X-Tenant', value: 'blue' },
      { type: 'RegularExpression', name: 'User-Agent', value: '^curl/.*' },
      { name: 'X-Region', type: 'Exact', value: 'eu' },
    ]);
    expect(a!.filters![0]!.requestHeaderModifier).toEqual({ set: [{ name: 'X-Env', value: 'prod' }, { name: 'X-Added', value: 'yes' }], add: [{ name: 'X-Via', value: 'gatehouse' }], remove: ['X-Debug'] });
    expect(a!.timeouts).toEqual({ request: '30s' });
    expect(o!.filters![0]!.requestRedirect).toEqual({ scheme: 'https', hostname: 'new.example.com', path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 308 });
    // Untouched parts are as they were.
    const before = readRoute(EVERY_FILTER);
    expect(a!.filters!.slice(1)).toEqual(rules(before)[0]!.filters!.slice(1));
    expect(a!.backendRefs).toEqual(rules(before)[0]!.backendRefs);
  });

  it('inputs shown and emptied leave nothing behind: timeouts, filters, backends, header/query lists, a modifier\'s lists', () => {
    const form = httpRouteCodec.toForm({ ...httpRouteCodec.blank('httpbin'), metadata: { name: 'r', namespace: 'httpbin' } });
    const [rule] = rules(form);
    rule!.timeouts = { request: undefined, backendRequest: undefined } as unknown as Record<string, string>;
    rule!.matches[0]!.headers = [];
    rule!.matches[0]!.queryParams = [];
    rule!.filters = [];
    rule!.backendRefs = [];
    expect((httpRouteCodec.toObject(form) as { spec: { rules: Rule[] } }).spec.rules[0]).toEqual({ matches: [{ path: { type: 'PathPrefix', value: '/' } }] });
    rule!.filters = [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [], add: [], remove: ['Server'] } }];
    expect((httpRouteCodec.toObject(form) as { spec: { rules: Rule[] } }).spec.rules[0]!.filters).toEqual([{ type: 'ResponseHeaderModifier', responseHeaderModifier: { remove: ['Server'] } }]);
    // A filter's own empty object is its configuration, never removed (CEL wants it present for its type).
    rule!.filters = [{ type: 'URLRewrite', urlRewrite: {} }];
    expect((httpRouteCodec.toObject(form) as { spec: { rules: Rule[] } }).spec.rules[0]!.filters).toEqual([{ type: 'URLRewrite', urlRewrite: {} }]);
  });

  it('the schema\'s problems land on the field that holds them', async () => {
    const form = readRoute(EVERY_FILTER);
    const [api, old] = rules(form);
    (api!.matches[0]!.headers as { value: string }[])[0]!.value = '';
    (api!.matches[0]!.queryParams as { name: string }[])[0]!.name = 'bad name';
    (api!.filters![0]!.requestHeaderModifier as { add: object[] }).add.push({ name: 'X-Via', value: 'twice' });
    (api!.filters![4]!.cors as { allowOrigins: string[] }).allowOrigins = ['app.example.com'];
    api!.timeouts = { request: '1s', backendRequest: '5s' };
    api!.matches.push({ path: { type: 'Exact', value: '/x' } });
    old!.backendRefs = [{ name: 'httpbin', port: 8443 }];
    expect(await problems(form)).toEqual({
      'spec.rules.0.matches.0.headers.0.value': expect.stringContaining('Too small'),
      'spec.rules.0.matches.0.queryParams.0.name': expect.any(String),
      'spec.rules.0.filters.0.requestHeaderModifier.add.1.name': expect.stringContaining('X-Via'),
      'spec.rules.0.filters.4.cors.allowOrigins.0': 'must be "*" or an origin such as https://*.example.com:8443',
      'spec.rules.0.timeouts.backendRequest': 'backendRequest timeout cannot be longer than request timeout',
      // A list's own problem is filed under its root (toNestErrors), where ArrayField shows it.
      'spec.rules.0.matches.root': 'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
      'spec.rules.1.filters.0': 'RequestRedirect filter must not be used together with backendRefs',
    });
  });

  it('a path modifier whose type and field disagree, and a mirror without a port, point at their inputs', async () => {
    const form = readRoute(EVERY_FILTER);
    const [api, old] = rules(form);
    old!.filters![0]!.requestRedirect = { path: { type: 'ReplacePrefixMatch', replaceFullPath: '/x' } };
    (api!.filters![3]!.requestMirror as { backendRef: { port?: number } }).backendRef.port = undefined;
    expect(await problems(form)).toEqual({
      'spec.rules.1.filters.0.requestRedirect.path.replacePrefixMatch': "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'",
      'spec.rules.1.filters.0.requestRedirect.path.type': "type must be 'ReplaceFullPath' when replaceFullPath is set",
      'spec.rules.0.filters.3.requestMirror.backendRef.port': 'Must have port for Service reference',
    });
  });
});
