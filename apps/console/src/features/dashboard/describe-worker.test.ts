import { describe, expect, it } from 'vitest';
import { describeWorkerConnection, describeWorkerSync, describeWorkerTraffic, formatLatency } from './describe-worker';

const now = Date.parse('2026-12-05T10:00:00Z');
const ago = (s: number) => new Date(now - s * 1000).toISOString();

describe('describeWorkerConnection', () => {
  it('a worker waiting in its long-poll is connected, not "seen 43 s ago"', () => {
    expect(describeWorkerConnection(ago(43), now)).toEqual({ tone: 'ok', words: 'Connected (heartbeat every 25 s)' });
  });
  it('says when the heartbeat is late and when the worker is gone', () => {
    expect(describeWorkerConnection(ago(80), now)).toEqual({ tone: 'pending', words: 'No heartbeat for 80 s' });
    expect(describeWorkerConnection(ago(600), now)).toEqual({ tone: 'bad', words: 'Unreachable: not seen for 10 min' });
    expect(describeWorkerConnection(ago(3 * 3600), now).words).toBe('Unreachable: not seen for 3 h');
  });
});

describe('describeWorkerSync', () => {
  it('in sync or how many changes behind', () => {
    expect(describeWorkerSync(7, 7).words).toBe('In sync: enforces the current configuration');
    expect(describeWorkerSync(5, 7).words).toBe('2 changes behind');
    expect(describeWorkerSync(6, 7).words).toBe('1 change behind');
  });
});

describe('describeWorkerTraffic', () => {
  const base = { windowSeconds: 15, requests: 3000, requestsPerSecond: 200, errorRate: 0, p50Ms: 3.4, p99Ms: 41.6 };
  it('says requests/s, the 5xx share and p50/p99 in one line', () => {
    expect(describeWorkerTraffic(base)).toEqual({ tone: 'ok', figures: ['200 req/s', '0 % errors', 'p50 3 ms', 'p99 42 ms'], words: '200 req/s · 0 % errors · p50 3 ms · p99 42 ms' });
    expect(describeWorkerTraffic({ ...base, requestsPerSecond: 2.25, p50Ms: 0.42, p99Ms: 1234 }).words).toBe('2.3 req/s · 0 % errors · p50 0.4 ms · p99 1.2 s');
    expect(describeWorkerTraffic({ ...base, requestsPerSecond: 12_345.6 }).figures[0]).toBe('12,346 req/s');
  });
  it('turns amber from 1 % errors and red from 5 %', () => {
    expect(describeWorkerTraffic({ ...base, errorRate: 0.0004 })).toMatchObject({ tone: 'ok', figures: expect.arrayContaining(['< 0.1 % errors']) });
    expect(describeWorkerTraffic({ ...base, errorRate: 0.012 })).toMatchObject({ tone: 'pending', figures: expect.arrayContaining(['1.2 % errors']) });
    expect(describeWorkerTraffic({ ...base, errorRate: 0.25 })).toMatchObject({ tone: 'bad', figures: expect.arrayContaining(['25 % errors']) });
  });
  it('an idle window and a worker without figures', () => {
    expect(describeWorkerTraffic({ ...base, requests: 0, requestsPerSecond: 0, errorRate: null, p50Ms: null, p99Ms: null }).words).toBe('No requests in the last 15 s');
    expect(describeWorkerTraffic(undefined)).toEqual({ tone: 'neutral', figures: [], words: 'No traffic figures reported' });
  });
});

describe('formatLatency', () => {
  it('picks ms or s', () => {
    expect(formatLatency(0.05)).toBe('0.1 ms');
    expect(formatLatency(999.4)).toBe('999 ms');
    expect(formatLatency(15_400)).toBe('15 s');
  });
});
