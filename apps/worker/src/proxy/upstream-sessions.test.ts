import { describe, expect, it } from 'vitest';
import { TlsSessionCache } from './upstream-sessions';

const session = (n: number): Buffer => Buffer.from([n]);

describe('TlsSessionCache', () => {
  it('keeps at most `max` sessions, dropping the least recently used', () => {
    const c = new TlsSessionCache(2);
    c.set(TlsSessionCache.key('k1', '10.0.0.1', 443), session(1));
    c.set(TlsSessionCache.key('k1', '10.0.0.2', 443), session(2));
    // Using the first makes the second the oldest.
    expect(c.get(TlsSessionCache.key('k1', '10.0.0.1', 443))).toEqual(session(1));
    c.set(TlsSessionCache.key('k1', '10.0.0.3', 443), session(3));
    expect(c.size).toBe(2);
    expect(c.get(TlsSessionCache.key('k1', '10.0.0.2', 443))).toBeUndefined();
    expect(c.get(TlsSessionCache.key('k1', '10.0.0.1', 443))).toEqual(session(1));
  });

  it('replaces the session of a key with the newest one', () => {
    const c = new TlsSessionCache(2);
    const key = TlsSessionCache.key('k1', '10.0.0.1', 443);
    c.set(key, session(1));
    c.set(key, session(2));
    expect([c.size, c.get(key)]).toEqual([1, session(2)]);
  });

  it('keeps nothing when its bound is 0', () => {
    const c = new TlsSessionCache(0);
    c.set(TlsSessionCache.key('k1', '10.0.0.1', 443), session(1));
    expect(c.size).toBe(0);
  });

  it('keeps the same endpoint apart under other TLS settings, and drops the sessions of settings no longer used', () => {
    const c = new TlsSessionCache(10);
    c.set(TlsSessionCache.key('old-ca', '10.0.0.1', 443), session(1));
    expect(c.get(TlsSessionCache.key('new-ca', '10.0.0.1', 443))).toBeUndefined();
    c.set(TlsSessionCache.key('new-ca', '10.0.0.1', 443), session(2));
    c.retainOnly(new Set(['new-ca']));
    expect(c.get(TlsSessionCache.key('old-ca', '10.0.0.1', 443))).toBeUndefined();
    expect(c.get(TlsSessionCache.key('new-ca', '10.0.0.1', 443))).toEqual(session(2));
  });
});
