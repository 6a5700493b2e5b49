import { describe, expect, it } from 'vitest';
import { PEER_HEADER, PEER_TLS_HEADER, parseTrustedProxies, readClientOrigin } from './trusted-proxies';

const none = parseTrustedProxies('');
const lb = parseTrustedProxies('10.0.0.0/8, 192.0.2.10, fd00::/8');
const from = (peer: string, extra: Record<string, string> = {}, tls = false) => new Headers({ [PEER_HEADER]: peer, [PEER_TLS_HEADER]: tls ? '1' : '0', ...extra });

describe('GATEHOUSE_TRUSTED_PROXIES', () => {
  it('parses addresses and CIDRs of both families, and names a bad entry', () => {
    expect(lb.has('10.1.2.3')).toBe(true);
    expect(lb.has('::ffff:10.1.2.3')).toBe(true);
    expect(lb.has('192.0.2.10')).toBe(true);
    expect(lb.has('192.0.2.11')).toBe(false);
    expect(lb.has('fd12::1')).toBe(true);
    expect(lb.has('2001:db8::1')).toBe(false);
    expect(lb.has('not-an-ip')).toBe(false);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow('"10.0.0.0/33" has an invalid prefix length');
    expect(() => parseTrustedProxies('10.0.0.0/8,proxy.internal')).toThrow('"proxy.internal" is not an IP address or CIDR');
    expect(() => parseTrustedProxies('10.0.0.0/8/8')).toThrow('not an IP address or CIDR');
  });

  it('from an untrusted peer, ignores every X-Forwarded-* header: the socket decides', () => {
    const h = from('203.0.113.5', { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https' });
    expect(readClientOrigin(h, none)).toEqual({ ip: '203.0.113.5', https: false });
    expect(readClientOrigin(h, lb)).toEqual({ ip: '203.0.113.5', https: false });
    expect(readClientOrigin(from('203.0.113.5', { 'x-forwarded-proto': 'http' }, true), lb)).toEqual({ ip: '203.0.113.5', https: true });
  });

  it('behind trusted proxies, takes the nearest untrusted hop and the nearest proxy\'s scheme', () => {
    // The client claimed 6.6.6.6; the load balancer 10.0.0.7 saw 198.51.100.1; the ingress 10.0.0.9 is our peer.
    const h = from('10.0.0.9', { 'x-forwarded-for': '6.6.6.6, 198.51.100.1, 10.0.0.7', 'x-forwarded-proto': 'https' });
    expect(readClientOrigin(h, lb)).toEqual({ ip: '198.51.100.1', https: true });
    // All hops trusted: the leftmost one is as far as anything can be known.
    expect(readClientOrigin(from('10.0.0.9', { 'x-forwarded-for': '10.0.0.1' }), lb).ip).toBe('10.0.0.1');
    // A trusted proxy that sends no X-Forwarded-For is the client itself (a health checker, say).
    expect(readClientOrigin(from('::ffff:10.0.0.9'), lb)).toEqual({ ip: '10.0.0.9', https: false });
    expect(readClientOrigin(from('10.0.0.9', { 'x-forwarded-proto': 'http' }, true), lb).https).toBe(false);
  });

  it('without the console server in front, keeps the historical rule: the last X-Forwarded-For hop', () => {
    expect(readClientOrigin(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9', 'x-forwarded-proto': 'https' }), none)).toEqual({ ip: '203.0.113.9', https: true });
    expect(readClientOrigin(new Headers(), none, 'https://console.example/')).toEqual({ ip: '', https: true });
  });
});
