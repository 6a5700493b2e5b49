import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched, type Patch } from '../test-support/minimal-objects';
import { serviceNameOfSlice, type EndpointSlice } from './endpoint-slice.schema';

const slice = (...p: Patch[]) => parseObject(patched('EndpointSlice', ...p)) as EndpointSlice;
const paths = (...p: Patch[]) => invalidPaths(() => slice(...p));
const A = ['endpoints', 0, 'addresses'] as const;

describe('EndpointSlice schema (discovery.k8s.io/v1)', () => {
  it('defaults port name "" and protocol TCP; names its Service by label', () => {
    const s = slice([['ports'], [{ port: 9443 }]]);
    expect(s.ports).toEqual([{ name: '', protocol: 'TCP', port: 9443 }]);
    expect(serviceNameOfSlice(s)).toBe('web');
    expect(s.endpoints[0]?.conditions).toEqual({ ready: true });
  });

  it('validates addresses against addressType', () => {
    expect(() => slice([[...A], ['10.0.0.1', '127.0.0.1', '192.168.1.255']])).not.toThrow();
    expect(paths([[...A], ['10.0.0.1', '10.0.0.256', '::1', '010.0.0.1']])).toEqual(['endpoints[0].addresses[1]', 'endpoints[0].addresses[2]', 'endpoints[0].addresses[3]']);
    expect(() => slice([['addressType'], 'IPv6'], [[...A], ['::1', 'fd00::1', '2001:db8::8a2e:370:7334', '64:ff9b::1.2.3.4']])).not.toThrow();
    expect(paths([['addressType'], 'IPv6'], [[...A], ['10.0.0.1', '::ffff:10.0.0.1', '1::2::3', 'fe80::1']])).toEqual([
      'endpoints[0].addresses[0]',
      'endpoints[0].addresses[1]',
      'endpoints[0].addresses[2]',
      'endpoints[0].addresses[3]',
    ]);
    expect(() => slice([['addressType'], 'FQDN'], [[...A], ['web.example.com', 'web.example.com.']])).not.toThrow();
    expect(paths([['addressType'], 'FQDN'], [[...A], ['web', 'Web.example.com']])).toEqual(['endpoints[0].addresses[0]', 'endpoints[0].addresses[1]']);
    expect(paths([['addressType'], 'IPX'])).toEqual(['addressType']);
  });

  it('refuses special IPs as Kubernetes does, but accepts loopback (Gatehouse upstreams run on 127.0.0.1)', () => {
    const d = invalidDetails(() => slice([[...A], ['0.0.0.0', '169.254.1.1', '224.0.0.5']]));
    expect(d.map((x) => x.message)).toEqual([
      'may not be unspecified (0.0.0.0)',
      'may not be in the link-local range (169.254.0.0/16)',
      'may not be in the link-local multicast range (224.0.0.0/24)',
    ]);
  });

  it('needs 1–100 addresses per endpoint, unique port names, DNS-label names', () => {
    expect(paths([[...A], []])).toEqual(['endpoints[0].addresses']);
    expect(paths([[...A], Array.from({ length: 101 }, (_, i) => `10.0.${i >> 8}.${i & 255}`)])).toEqual(['endpoints[0].addresses']);
    expect(paths([['ports'], [{ port: 1 }, { port: 2 }]])).toEqual(['ports[1].name']);
    expect(paths([['ports'], [{ name: 'Https', port: 1 }]])).toEqual(['ports[0].name']);
    expect(paths([['ports', 0, 'port'], 0])).toEqual(['ports[0].port']);
    expect(paths([['endpoints', 0, 'hostname'], 'a.b'])).toEqual(['endpoints[0].hostname']);
  });

  it('defaults endpoints to an empty list', () => {
    expect(slice([['endpoints'], undefined]).endpoints).toEqual([]);
  });
});
