import { describe, expect, it } from 'vitest';
import { originAllowed } from '@gatehouse/compiler/filters/cors';
import type { CorsPolicy } from '@gatehouse/compiler/routing-table/routing-table';
import { originPattern } from './cors';

const policy = (allowOrigins: string[]): CorsPolicy => ({ allowOrigins, allowCredentials: false, allowMethods: [], allowHeaders: [], exposeHeaders: [], maxAgeSeconds: 5 });

/**
 * The patterns HAProxy matches Origin against (`-i -m reg`, PCRE2) say what the Node engine's originAllowed says.
 * These patterns use nothing on which PCRE2 and JavaScript regular expressions differ (anchors, classes, `(?:)?`,
 * `{1,5}`), so a JavaScript RegExp with the `i` flag stands for HAProxy's here; route-filters.test.ts checks the real
 * HAProxy with a few of them.
 */
describe('originPattern', () => {
  const entries = ['*', 'https://www.foo.com', 'https://*.bar.com', 'http://localhost:3000', 'https://app.example.com:443', 'http://*', 'https://*:8443', 'http://a-b.example.com:80'];
  const origins = [
    'https://www.foo.com', 'https://WWW.FOO.COM', 'https://www.foo.com:443', 'https://www.foo.com:0443', 'http://www.foo.com', 'https://www.foo.com/',
    'https://x.www.foo.com', 'https://bar.com', 'https://.bar.com', 'https://a.bar.com', 'https://a.b.bar.com:443', 'https://a.bar.com:8443', 'https://abar.com',
    'http://localhost:3000', 'http://localhost', 'http://localhost:30000', 'https://localhost:3000', 'https://app.example.com', 'https://app.example.com:443',
    'http://anything', 'http://anything:80', 'http://anything:81', 'https://anything:8443', 'https://anything', 'http://a-b.example.com', 'null', '', 'https://',
    'ftp://www.foo.com', 'https://www.foo.com:123456', 'https://user@www.foo.com', 'https://www.foo.com?x', 'https://www.foo.com, https://www.foo.com',
  ];

  it('allows exactly the origins originAllowed allows, entry by entry', () => {
    for (const entry of entries) {
      const pattern = originPattern(entry);
      expect(pattern, entry).not.toBeNull();
      const re = new RegExp(pattern as string, 'i');
      for (const origin of origins) expect(re.test(origin), `${entry} vs ${origin}`).toBe(originAllowed(policy([entry]), origin));
    }
  });

  it('an entry that is no origin, or holds a character no header does, matches nothing', () => {
    expect(originPattern('ftp://files.example.com')).toBeNull();
    expect(originPattern('not an origin')).toBeNull();
    expect(originPattern('https://a.example.com\nx')).toBeNull();
  });

  it('writes the entry\'s host literally', () => {
    expect(originPattern('https://a.b-c.example.com:8443')).toBe('^https://a\\.b\\-c\\.example\\.com:8443$');
    expect(originPattern('https://*.example.com')).toBe('^https://[^/:]+\\.example\\.com(?::443)?$');
  });
});
