import { describe, expect, it } from 'vitest';
import { clientIp, readRequestMeta } from './request-meta';

describe('request meta', () => {
  it('takes the last X-Forwarded-For hop (the one our server added), not what the client claims', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }))).toBe('203.0.113.9');
    expect(clientIp(new Headers({ 'x-real-ip': '198.51.100.1' }))).toBe('198.51.100.1');
    expect(clientIp(new Headers())).toBe('');
  });

  it('writes an IPv4 peer of a dual-stack socket as IPv4, and leaves real IPv6 alone', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '::ffff:127.0.0.1' }))).toBe('127.0.0.1');
    expect(clientIp(new Headers({ 'x-forwarded-for': '::1' }))).toBe('::1');
    expect(clientIp(new Headers({ 'x-forwarded-for': '2001:db8::ffff:1' }))).toBe('2001:db8::ffff:1');
  });

  it('bounds what it copies from headers', () => {
    const meta = readRequestMeta({ headers: new Headers({ 'x-request-id': 'r'.repeat(300), 'user-agent': 'u'.repeat(900) }) });
    expect(meta.requestId).toHaveLength(100);
    expect(meta.userAgent).toHaveLength(500);
    expect(readRequestMeta({ headers: new Headers() }).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
