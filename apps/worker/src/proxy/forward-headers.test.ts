import { describe, expect, it } from 'vitest';
import { buildClientResponseHeaders, buildUpstreamRequestHeaders, trustedPeers } from './forward-headers';

const pairs = (flat: string[]): Array<[string, string]> => Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i] as string, flat[2 * i + 1] as string]);

describe('trustedPeers', () => {
  it('matches addresses and CIDRs, IPv4-mapped IPv6 as IPv4, nothing when empty', () => {
    const trust = trustedPeers(['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);
    expect(['10.1.2.3', '::ffff:10.9.9.9', '192.0.2.7', 'fd00::1'].map(trust)).toEqual([true, true, true, true]);
    expect(['11.0.0.1', '192.0.2.8', '::1', 'not-an-ip'].map(trust)).toEqual([false, false, false, false]);
    expect(trustedPeers([])('127.0.0.1')).toBe(false);
    expect(() => trustedPeers(['10.0.0.0/40'])).toThrow(/prefix/);
  });
});

describe('buildUpstreamRequestHeaders: X-Forwarded-*', () => {
  const raw = ['Host', 'app.example', 'X-Forwarded-For', '203.0.113.9', 'X-Forwarded-Proto', 'https', 'X-Forwarded-Host', 'public.example', 'Forwarded', 'for=203.0.113.9'];

  it('from an untrusted peer: replaced by the peer, the listener scheme and the Host asked for', () => {
    const out = pairs(buildUpstreamRequestHeaders(raw, '198.51.100.1', 'http'));
    expect(out).toEqual([['Host', 'app.example'], ['Forwarded', 'for=203.0.113.9'], ['x-forwarded-for', '198.51.100.1'], ['x-forwarded-proto', 'http'], ['x-forwarded-host', 'app.example']]);
  });

  it('from a trusted proxy: the peer appended to X-Forwarded-For, its proto and host kept', () => {
    const out = pairs(buildUpstreamRequestHeaders(raw, '::ffff:10.0.0.5', 'http', trustedPeers(['10.0.0.0/8'])));
    expect(out.slice(2)).toEqual([['x-forwarded-for', '203.0.113.9, 10.0.0.5'], ['x-forwarded-proto', 'https'], ['x-forwarded-host', 'public.example']]);
    // A trusted proxy that sent none: set as for anyone.
    const bare = pairs(buildUpstreamRequestHeaders(['Host', 'app.example'], '10.0.0.5', 'https', trustedPeers(['10.0.0.0/8'])));
    expect(bare.slice(1)).toEqual([['x-forwarded-for', '10.0.0.5'], ['x-forwarded-proto', 'https'], ['x-forwarded-host', 'app.example']]);
  });

  it('HTTP/2: :authority is the Host and the forwarded host', () => {
    const out = pairs(buildUpstreamRequestHeaders([':authority', 'h2.example', ':path', '/'], '198.51.100.1', 'https'));
    expect(out).toEqual([['host', 'h2.example'], ['x-forwarded-for', '198.51.100.1'], ['x-forwarded-proto', 'https'], ['x-forwarded-host', 'h2.example']]);
  });
});

describe('hop-by-hop headers (RFC 9110 §7.6.1)', () => {
  it('drops the fixed set and whatever Connection names, in requests and responses', () => {
    const req = buildUpstreamRequestHeaders(['Host', 'h', 'Connection', 'X-Custom, close', 'X-Custom', '1', 'Keep-Alive', 't', 'TE', 'trailers', 'Upgrade', 'h2c', 'X-Kept', 'k'], undefined, 'http');
    expect(pairs(req).map(([n]) => n)).toEqual(['Host', 'X-Kept', 'x-forwarded-proto', 'x-forwarded-host']);
    const res = buildClientResponseHeaders(['Connection', 'x-r', 'x-r', 'secret', 'Proxy-Authenticate', 'Basic', 'Trailer', 'x-t', 'Transfer-Encoding', 'chunked', 'Content-Type', 'text/plain']);
    expect(res).toEqual(['Content-Type', 'text/plain']);
  });

  it('reads undici\'s raw Buffers, and drops a name listed by a Connection header that comes after it', () => {
    const raw = ['X-Hop', 'a', 'Content-Length', '2', 'connection', 'keep-alive, X-HOP', 'Keep-Alive', 'timeout=5', 'X-Kept', 'k'].map((s) => Buffer.from(s, 'latin1'));
    expect(buildClientResponseHeaders(raw)).toEqual(['Content-Length', '2', 'X-Kept', 'k']);
  });
});
