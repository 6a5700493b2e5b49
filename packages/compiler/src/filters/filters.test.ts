import { describe, expect, it } from 'vitest';
import type { CorsPolicy } from '../routing-table/routing-table';
import { originAllowed, preflightHeaders } from './cors';
import { applyHeaderEdits } from './header-edits';
import { redirectLocation } from './redirect-location';
import { replacePath } from './replace-path';

describe('replacePath (HTTPPathModifier)', () => {
  // The table in the spec's ReplacePrefixMatch documentation, row by row.
  it.each([
    ['/foo/bar', '/foo', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo', '/xyz/', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz/', '/xyz/bar'],
    ['/foo', '/foo', '/xyz', '/xyz'],
    ['/foo/', '/foo', '/xyz', '/xyz/'],
    ['/foo/bar', '/foo', '', '/bar'],
    ['/foo/', '/foo', '', '/'],
    ['/foo', '/foo', '', '/'],
    ['/foo/', '/foo', '/', '/'],
    ['/foo', '/foo', '/', '/'],
  ])('%s with prefix %s replaced by "%s" → %s', (path, prefix, replacement, expected) => {
    // The compiler hands over the prefix without its trailing slash ("a trailing / is ignored").
    const matched = prefix.endsWith('/') && prefix !== '/' ? prefix.slice(0, -1) : prefix;
    expect(replacePath(path, { type: 'ReplacePrefixMatch', value: replacement }, matched)).toBe(expected);
  });

  it('ReplaceFullPath ignores the request path', () => {
    expect(replacePath('/full/one/two', { type: 'ReplaceFullPath', value: '/one' }, '/full/one')).toBe('/one');
  });
});

describe('redirectLocation (HTTPRequestRedirectFilter)', () => {
  const req = { scheme: 'http' as const, host: 'example.com', target: '/a?b=c', listenerPort: 8080, matchedPrefix: '/a' };
  it.each([
    [{}, 'http://example.com:8080/a?b=c'],
    [{ port: 80 }, 'http://example.com/a?b=c'],
    [{ scheme: 'https' as const }, 'https://example.com/a?b=c'],
    [{ scheme: 'https' as const, port: 443 }, 'https://example.com/a?b=c'],
    [{ scheme: 'https' as const, port: 8443 }, 'https://example.com:8443/a?b=c'],
    [{ scheme: 'http' as const, port: 443 }, 'http://example.com:443/a?b=c'],
    [{ hostname: 'other.org' }, 'http://other.org:8080/a?b=c'],
  ])('%j → %s', (action, expected) => {
    expect(redirectLocation({ scheme: null, hostname: null, port: null, path: null, statusCode: 302, ...action }, req)).toBe(expected);
  });

  it('leaves out the listener port when it is the scheme\'s well-known port', () => {
    expect(redirectLocation({ scheme: null, hostname: null, port: null, path: null, statusCode: 302 }, { ...req, listenerPort: 80 })).toBe('http://example.com/a?b=c');
  });
});

describe('applyHeaderEdits', () => {
  it('set replaces every value, add appends with a comma, remove drops the arrived values; names case-insensitive', () => {
    const out = applyHeaderEdits(['Host', 'h', 'X-A', '1', 'x-a', '2', 'X-B', 'b', 'X-Gone', 'g'], {
      set: [{ name: 'x-a', value: 'new' }],
      add: [{ name: 'X-B', value: 'more' }, { name: 'X-C', value: 'c' }],
      remove: ['x-gone'],
    });
    expect(out).toEqual(['Host', 'h', 'X-B', 'b,more', 'x-a', 'new', 'X-C', 'c']);
  });
});

describe('CORS', () => {
  const policy: CorsPolicy = { allowOrigins: ['https://www.foo.com', 'https://*.bar.com', 'http://local:8080'], allowCredentials: false, allowMethods: ['*'], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 5 };
  it.each([
    ['https://www.foo.com', true],
    ['https://www.foo.com:443', true],
    ['http://www.foo.com', false],
    ['https://a.b.bar.com', true],
    ['https://bar.com', false],
    ['https://evilbar.com', false],
    ['http://local:8080', true],
    ['http://local', false],
    ['null', false],
  ])('origin %s allowed: %s', (origin, allowed) => {
    expect(originAllowed(policy, origin)).toBe(allowed);
  });

  it('a preflight echoes the asked method for "*" and carries max-age', () => {
    const h = preflightHeaders(policy, 'https://www.foo.com', 'PATCH', undefined) ?? [];
    const get = (n: string) => h[h.indexOf(n) + 1];
    expect(get('access-control-allow-methods')).toBe('PATCH');
    expect(get('access-control-max-age')).toBe('5');
    expect(h).not.toContain('access-control-allow-credentials');
  });
});
