import { describe, expect, it } from 'vitest';
import type { BackendLabels } from '../render/render-config';
import { HaproxyLatency, headersMs } from './haproxy-latency';

describe('headersMs (arrival → response headers from HAProxy timers)', () => {
  it('adds request headers, queue, connect and response headers for a proxied request', () => {
    expect(headersMs({ tR: 1, tw: 0, tc: 2, tr: 7, ta: 15 })).toBe(10);
  });
  it('is the whole exchange for an answer HAProxy made itself (no connection, no server response)', () => {
    expect(headersMs({ tR: 0, tw: -1, tc: -1, tr: -1, ta: 1 })).toBe(1);
  });
  it('is nothing when the upstream never answered or the request never arrived whole', () => {
    expect(headersMs({ tR: 0, tw: 0, tc: 1, tr: -1, ta: 5000 })).toBeNull();
    expect(headersMs({ tR: -1, tw: -1, tc: -1, tr: -1, ta: -1 })).toBeNull();
  });
});

describe('HaproxyLatency', () => {
  const labels: BackendLabels = { name: 'b8080_1_0', gateway: 'ns/gw', route: 'ns/r', rule: '0', backend: 'ns/svc:80', tls: false };
  it('puts each record in its rule\'s series and answers of the frontends in "none"', () => {
    const l = new HaproxyLatency((name) => (name === 'b8080_1_0' ? labels : undefined));
    l.observe('b8080_1_0', { tR: 0, tw: 0, tc: 1, tr: 3, ta: 4 });
    l.observe('b8080_1_0', { tR: 0, tw: 0, tc: 0, tr: 0, ta: 0 });
    l.observe('p8080', { tR: 0, tw: -1, tc: -1, tr: -1, ta: 0 });
    const all = [...l.all()];
    expect(all.map((s) => s.labels)).toEqual([{ gateway: 'ns/gw', route: 'ns/r', rule: '0', backend: 'ns/svc:80' }, { gateway: 'none', route: 'none', rule: 'none', backend: 'none' }]);
    const rule = all[0]!;
    expect(rule.total.count).toBe(2);
    expect(rule.total.sum).toBeCloseTo(0.004);
    expect(rule.headers.sum).toBeCloseTo(0.004);
    // A 0 ms record lands in the lowest bucket (0.5 ms): HAProxy's resolution is the millisecond.
    expect(rule.total.counts[0]).toBe(1);
  });
});
