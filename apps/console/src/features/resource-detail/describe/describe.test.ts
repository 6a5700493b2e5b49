import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { describe, expect, it } from 'vitest';
import { CONTROLLER_NAME } from '../../../server/status/status-cache';
import { GATEHOUSE_CONTROLLER } from './describe-config';
import { describeObjectStatus, describeMissingStatus, summarizeObjectStatus } from './describe-object-status';
import { describeSpec } from './describe-spec';

const GW = 'gateway.networking.k8s.io/v1';
/** Objects as the API stores them: parsed (defaults applied) by the domain schema, with server metadata. */
const stored = (o: unknown): KubeObject => {
  const obj = parseObject(o, { defaultNamespace: 'httpbin' });
  return { ...obj, metadata: { ...obj.metadata, generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' } };
};

const gateway = stored({ apiVersion: GW, kind: 'Gateway', metadata: { name: 'simple-fsm-gateway' },
  spec: { gatewayClassName: 'fsm-gateway-cls', listeners: [
    { protocol: 'HTTP', port: 8000, name: 'http', allowedRoutes: { namespaces: { from: 'Same' } } },
    { protocol: 'HTTPS', port: 8443, name: 'https', hostname: '*.example.com', tls: { certificateRefs: [{ name: 'wild', namespace: 'certs' }] }, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } } } },
  ] } });
const route = stored({ apiVersion: GW, kind: 'HTTPRoute', metadata: { name: 'http-route-foo' },
  spec: { parentRefs: [{ name: 'simple-fsm-gateway', port: 8000 }, { name: 'gone' }], hostnames: ['foo.example.com'], rules: [
    { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'httpbin', port: 8443 }] },
    { matches: [{ path: { type: 'Exact', value: '/v2' }, method: 'GET', headers: [{ name: 'x-env', value: 'canary' }] }],
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-via', value: 'gatehouse' }], remove: ['cookie'] } }],
      backendRefs: [{ name: 'v2', port: 80, weight: 3 }, { name: 'v1', port: 80, weight: 1 }], timeouts: { request: '10s' } },
  ] } });
const policy = stored({ apiVersion: 'gateway.flomesh.io/v1alpha1', kind: 'UpstreamTLSPolicy', metadata: { name: 'upstream-tls-policy-sample' },
  spec: { targetRef: { group: '', kind: 'Service', name: 'httpbin', namespace: 'httpbin' }, ports: [{ port: 8443, config: { certificateRef: { namespace: 'httpbin', name: 'https-cert' }, mTLS: false } }] } });
const service = stored({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin' }, spec: { selector: { app: 'httpbin' }, ports: [{ protocol: 'TCP', port: 8443, targetPort: 443 }] } });

/** The status the compiler gives each object (what the API attaches on reads). */
function withStatus(objects: KubeObject[]): KubeObject[] {
  const { statuses } = compileSnapshot({ revision: 1, objects }, { controllerName: CONTROLLER_NAME, now: '2026-01-02T00:00:00Z' });
  return objects.map((o) => {
    const s = statuses.find((x) => x.kind === o.kind && x.name === o.metadata.name && x.namespace === (o.metadata.namespace ?? ''));
    return s ? { ...o, status: s.status } : o;
  });
}

const texts = (obj: KubeObject) => describeSpec(obj).map((s) => [s.title, s.lines.map((l) => (l.detail ? `${l.text} | ${l.detail}` : l.text))]);

describe('spec in words', () => {
  it('a Gateway: class and each listener with protocol, port, hostname, who may attach and TLS', () => {
    expect(texts(gateway)).toEqual([
      ['Gateway', ['Class fsm-gateway-cls', 'No address requested: the worker listens on its own address']],
      ['Listeners', [
        'Listener http: HTTP on port 8000, any hostname, routes from the same namespace',
        'Listener https: HTTPS on port 8443 for *.example.com, routes from namespaces labelled team=a | Terminates TLS with Secret certs/wild',
      ]],
    ]);
  });

  it('an HTTPRoute: parents, hostnames, and each rule as "requests where … → backends" with filters', () => {
    expect(texts(route)).toEqual([
      ['Attaches to', ['Gateway simple-fsm-gateway, port 8000', 'Gateway gone']],
      ['Hostnames', ['foo.example.com']],
      ['Rules', [
        'Rule 1: requests where any path → Service httpbin port 8443',
        'Rule 2: requests where path is exactly /v2, method GET and header x-env is canary → split 75% to Service v2 port 80 and 25% to Service v1 port 80 | Request headers: set x-via: gatehouse; remove cookie · request timeout 10s',
      ]],
    ]);
  });

  it('a TLSRoute: parents, server names and the weighted backends of its one rule', () => {
    const tls = stored({ apiVersion: GW, kind: 'TLSRoute', metadata: { name: 'db' },
      spec: { parentRefs: [{ name: 'simple-fsm-gateway', sectionName: 'tls' }], hostnames: ['db.example.com', '*.db.example.com'], rules: [{ backendRefs: [{ name: 'pg', port: 5432, weight: 3 }, { name: 'pg-old', port: 5432 }] }] } });
    expect(texts(tls)).toEqual([
      ['Attaches to', ['Gateway simple-fsm-gateway, listener tls']],
      ['Server names (SNI)', ['db.example.com and *.db.example.com']],
      ['Connections', ['TLS connections for these names → split 75% to Service pg port 5432 and 25% to Service pg-old port 5432 | On a Passthrough listener the encrypted bytes go through untouched; on a Terminate listener the gateway decrypts them first']],
    ]);
  });

  it('a Service, an UpstreamTLSPolicy, a Secret (sizes only) and a GatewayClass', () => {
    expect(texts(service)).toEqual([
      ['Service', ['Type ClusterIP', 'Selects pods labelled app=httpbin']],
      ['Ports', ['Port 8443/TCP → target port 443']],
    ]);
    expect(texts(policy)).toEqual([
      ['Target', ['Gateway traffic to Service httpbin uses TLS on the ports below']],
      ['Ports', ['Port 8443: verify the upstream with ca.crt of Secret https-cert; no client certificate']],
    ]);
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'https-cert', namespace: 'httpbin' }, type: 'Opaque', dataInfo: { 'ca.crt': { bytes: 1200 } } };
    expect(texts(secret)).toEqual([
      ['Secret', ['Opaque: arbitrary keys and values']],
      ['Keys (values are never shown)', ['ca.crt: 1.2 KiB | CA certificate: what upstream TLS policies verify with']],
    ]);
    const cls = stored({ apiVersion: GW, kind: 'GatewayClass', metadata: { name: 'gatehouse' }, spec: { controllerName: GATEHOUSE_CONTROLLER } });
    expect(texts(cls)[0]?.[1]).toEqual(['Controller gatehouse.dev/gateway-controller | Gatehouse serves Gateways of this class']);
    expect(GATEHOUSE_CONTROLLER).toBe(CONTROLLER_NAME);
  });
});

describe('status in words', () => {
  it('groups the compiler\'s conditions: the Gateway, each listener with attached routes, each route parent', () => {
    const [gw, rt, pol] = withStatus([gateway, route, policy, service]);
    const gwStatus = describeObjectStatus(gw!);
    expect(gwStatus.map((s) => [s.title, s.note, s.conditions.map((c) => c.label)])).toEqual([
      // The https listener's certificate Secret is missing: the Gateway's own ResolvedRefs summarises it.
      ['Gateway', undefined, ['Accepted', 'Programmed', 'References not resolved']],
      ['Listener http', '1 route attached', ['Accepted', 'References resolved', 'Programmed', 'No conflicts']],
      // HTTPS needs a certificate Secret that does not exist: the compiler says why, in its own words.
      ['Listener https', '0 routes attached', expect.arrayContaining(['Not programmed'])],
    ]);
    expect(summarizeObjectStatus(gw!)?.tone).toBe('bad');
    const parents = describeObjectStatus(rt!);
    expect(parents.map((s) => s.title)).toEqual(['On Gateway simple-fsm-gateway, port 8000', 'On Gateway gone']);
    expect(parents[0]?.conditions.find((c) => c.type === 'Accepted')).toMatchObject({ label: 'Accepted', tone: 'ok' });
    expect(parents[1]?.conditions.find((c) => c.type === 'Accepted')).toMatchObject({ tone: 'bad', reason: expect.any(String) });
    // The CA Secret is missing from this snapshot: the policy is not accepted, with the compiler's message.
    expect(describeObjectStatus(pol!)[0]?.conditions[0]).toMatchObject({ label: 'Not accepted', message: expect.stringContaining('https-cert') });
  });

  it('says why there is no status instead of pretending all is well', () => {
    const lonely = stored({ apiVersion: GW, kind: 'HTTPRoute', metadata: { name: 'lonely' }, spec: { rules: [{}] } });
    expect(describeObjectStatus(lonely)).toEqual([]);
    expect(describeMissingStatus(lonely)).toBe('No status: the route names no parent Gateway.');
    expect(summarizeObjectStatus(lonely)).toEqual({ tone: 'neutral', text: 'No status yet' });
    expect(describeMissingStatus(service)).toBeUndefined();
    expect(summarizeObjectStatus(service)).toBeUndefined();
  });
});

describe('ListenerSet status in words', () => {
  it('shows the ListenerSet, each of its listeners, and the count on the Gateway that took it', () => {
    const parent = stored({ apiVersion: GW, kind: 'Gateway', metadata: { name: 'shared' },
      spec: { gatewayClassName: 'gatehouse', allowedListeners: { namespaces: { from: 'Same' } }, listeners: [{ name: 'http', protocol: 'HTTP', port: 8100 }] } });
    const set = stored({ apiVersion: GW, kind: 'ListenerSet', metadata: { name: 'team' },
      spec: { parentRef: { name: 'shared' }, listeners: [{ name: 'team', protocol: 'HTTP', port: 8101, hostname: 'team.example.com' }] } });
    const [gw, ls] = withStatus([parent, set]);
    expect(describeObjectStatus(gw!)[0]).toMatchObject({ title: 'Gateway', note: '1 ListenerSet attached' });
    expect(describeObjectStatus(ls!).map((s) => [s.title, s.note, s.conditions.map((c) => c.label)])).toEqual([
      ['ListenerSet', undefined, ['Accepted', 'Programmed']],
      ['Listener team', '0 routes attached', ['Accepted', 'References resolved', 'Programmed', 'No conflicts']],
    ]);
    expect(summarizeObjectStatus(ls!)?.tone).toBe('ok');
  });
});
