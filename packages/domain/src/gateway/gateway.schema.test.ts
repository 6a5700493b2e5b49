import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched } from '../test-support/minimal-objects';
import { GatewaySchema, type Gateway } from './gateway.schema';

const L = ['spec', 'listeners'] as const;
const parse = (o: unknown) => parseObject(o) as Gateway;

describe('Gateway schema (v1.6.1 standard CRD)', () => {
  it('applies the CRD defaults: allowedRoutes.namespaces.from Same, tls.mode Terminate', () => {
    const gw = parse(
      patched('Gateway', [
        [...L, 1],
        { name: 'https', port: 8443, protocol: 'HTTPS', hostname: '*.example.com', tls: { certificateRefs: [{ name: 'cert' }] } },
      ]),
    );
    expect(gw.spec.listeners[0]?.allowedRoutes).toEqual({ namespaces: { from: 'Same' } });
    expect(gw.spec.listeners[1]?.tls).toEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'cert' }] });
  });

  it('converts v1beta1 to the storage version v1 and drops status and unknown fields', () => {
    const gw = parse(patched('Gateway', [['apiVersion'], 'gateway.networking.k8s.io/v1beta1'], [['status'], { conditions: [] }], [['spec', 'bogus'], 1]));
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw).not.toHaveProperty('status');
    expect(gw.spec).not.toHaveProperty('bogus');
  });

  it('names the path of a port out of range, a bad hostname and a bad listener name', () => {
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'port'], 65536])))).toEqual(['spec.listeners[0].port']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'port'], 0])))).toEqual(['spec.listeners[0].port']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'port'], 80.5])))).toEqual(['spec.listeners[0].port']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'hostname'], 'Foo.example.com'])))).toEqual(['spec.listeners[0].hostname']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'hostname'], 'foo.example.com:80'])))).toEqual(['spec.listeners[0].hostname']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'hostname'], '*.*.example.com'])))).toEqual(['spec.listeners[0].hostname']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'name'], 'HTTP'])))).toEqual(['spec.listeners[0].name']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'protocol'], 'HT TP'])))).toEqual(['spec.listeners[0].protocol']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L], []])))).toEqual(['spec.listeners']);
    expect(invalidPaths(() => parse(patched('Gateway', [['spec', 'gatewayClassName'], undefined])))).toEqual(['spec.gatewayClassName']);
  });

  it('accepts a domain-prefixed custom protocol and a wildcard hostname', () => {
    expect(() => parse(patched('Gateway', [[...L, 0, 'protocol'], 'example.com/proto'], [[...L, 0, 'hostname'], '*.example.com']))).not.toThrow();
  });

  it('CEL: listener names are unique', () => {
    const d = invalidDetails(() => parse(patched('Gateway', [[...L, 1], { name: 'http', port: 8081, protocol: 'HTTP' }])));
    expect(d).toEqual([{ path: 'spec.listeners[1].name', message: expect.stringContaining('Listener name must be unique within the Gateway') }]);
  });

  it('CEL: port + protocol + hostname are unique, an absent hostname counting as its own value', () => {
    const dup = invalidDetails(() => parse(patched('Gateway', [[...L, 1], { name: 'b', port: 8080, protocol: 'HTTP' }])));
    expect(dup).toEqual([{ path: 'spec.listeners[1]', message: expect.stringContaining('Combination of port, protocol and hostname must be unique') }]);
    const dupHost = invalidPaths(() =>
      parse(patched('Gateway', [[...L, 0, 'hostname'], 'a.example.com'], [[...L, 1], { name: 'b', port: 8080, protocol: 'HTTP', hostname: 'a.example.com' }])),
    );
    expect(dupHost).toEqual(['spec.listeners[1]']);
    expect(() => parse(patched('Gateway', [[...L, 1], { name: 'b', port: 8080, protocol: 'HTTP', hostname: 'a.example.com' }]))).not.toThrow();
    expect(() => parse(patched('Gateway', [[...L, 1], { name: 'b', port: 8080, protocol: 'HTTPS' }]))).not.toThrow();
  });

  it('CEL: no tls on HTTP/TCP/UDP listeners, no hostname on TCP/UDP', () => {
    const tls = { certificateRefs: [{ name: 'c' }] };
    expect(invalidDetails(() => parse(patched('Gateway', [[...L, 0, 'tls'], tls])))).toEqual([
      { path: 'spec.listeners[0].tls', message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']" },
    ]);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'protocol'], 'UDP'], [[...L, 0, 'tls'], tls])))).toEqual(['spec.listeners[0].tls']);
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'protocol'], 'TCP'], [[...L, 0, 'hostname'], 'a.example.com'])))).toEqual([
      'spec.listeners[0].hostname',
    ]);
  });

  it('CEL: HTTPS tls.mode must be Terminate; TLS needs tls; Terminate needs certificateRefs or options', () => {
    const https = (tls: unknown) => patched('Gateway', [[...L, 0, 'protocol'], 'HTTPS'], [[...L, 0, 'tls'], tls]);
    expect(invalidDetails(() => parse(https({ mode: 'Passthrough' })))).toEqual([
      { path: 'spec.listeners[0].tls.mode', message: 'tls mode must be Terminate for protocol HTTPS' },
    ]);
    expect(invalidDetails(() => parse(https({})))).toEqual([
      { path: 'spec.listeners[0].tls.certificateRefs', message: 'certificateRefs or options must be specified when mode is Terminate' },
    ]);
    expect(() => parse(https({ options: { 'example.com/cert-source': 'vault' } }))).not.toThrow();
    // v1.6.0-rc made tls mandatory on HTTPS; the GA release reverted it, so an HTTPS listener without tls is valid.
    expect(() => parse(patched('Gateway', [[...L, 0, 'protocol'], 'HTTPS']))).not.toThrow();
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'protocol'], 'TLS'])))).toEqual(['spec.listeners[0].tls']);
    expect(() => parse(patched('Gateway', [[...L, 0, 'protocol'], 'TLS'], [[...L, 0, 'tls'], { mode: 'Passthrough' }]))).not.toThrow();
  });

  it('checks allowedRoutes and addresses', () => {
    expect(invalidPaths(() => parse(patched('Gateway', [[...L, 0, 'allowedRoutes'], { namespaces: { from: 'Nowhere' } }])))).toEqual([
      'spec.listeners[0].allowedRoutes.namespaces.from',
    ]);
    const withSelector = parse(patched('Gateway', [[...L, 0, 'allowedRoutes'], { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } }, kinds: [{ kind: 'HTTPRoute' }] }]));
    expect(withSelector.spec.listeners[0]?.allowedRoutes.kinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }]);
    const addr = parse(patched('Gateway', [['spec', 'addresses'], [{ value: '10.0.0.1' }, { type: 'Hostname', value: 'gw.example.com' }]]));
    expect(addr.spec.addresses?.[0]).toEqual({ type: 'IPAddress', value: '10.0.0.1' });
    expect(invalidPaths(() => parse(patched('Gateway', [['spec', 'addresses'], [{ value: '10.0.0.300' }]])))).toEqual(['spec.addresses[0].value']);
    expect(invalidPaths(() => parse(patched('Gateway', [['spec', 'addresses'], [{ value: '::1' }, { value: '::1' }]])))).toEqual(['spec.addresses[1].value']);
    expect(invalidPaths(() => parse(patched('Gateway', [['spec', 'addresses'], [{ type: 'Hostname', value: 'UPPER' }]])))).toEqual(['spec.addresses[0].value']);
  });

  it('reports several problems at once', () => {
    const paths = invalidPaths(() =>
      parse(patched('Gateway', [[...L, 0, 'port'], 70000], [[...L, 1], { name: 'Bad', port: 1, protocol: 'HTTP', tls: {} }], [['metadata', 'name'], 'UPPER'])),
    );
    expect(paths).toEqual(['metadata.name', 'spec.listeners[0].port', 'spec.listeners[1].name', 'spec.listeners[1].tls', 'spec.listeners[1].tls.certificateRefs']);
  });

  it('is usable directly as a zod schema (REST body parser, form resolver)', () => {
    const r = GatewaySchema.safeParse(patched('Gateway'));
    expect(r.success).toBe(true);
  });
});
