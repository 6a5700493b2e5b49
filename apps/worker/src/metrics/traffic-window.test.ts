import { describe, expect, it } from 'vitest';
import { RequestSeries } from './request-metrics';
import { TrafficWindow } from './traffic-window';

function serve(s: RequestSeries, n: number, seconds: number, cls: number): void {
  for (let i = 0; i < n; i++) {
    s.byClass[cls] = (s.byClass[cls] as number) + 1;
    s.total.observe(seconds);
  }
}

describe('TrafficWindow', () => {
  it('reports requests/s, the 5xx share and p50/p99 of the requests since the previous sample only', () => {
    const s = new RequestSeries({ gateway: 'none', route: 'none', rule: 'none', backend: 'none' });
    serve(s, 50, 5, 2); // before the window: not counted
    const w = new TrafficWindow(s, 0);
    serve(s, 98, 0.004, 2);
    serve(s, 2, 0.9, 5);
    const f = w.sample(10_000);
    expect(f).toMatchObject({ windowSeconds: 10, requests: 100, requestsPerSecond: 10, errorRate: 0.02 });
    expect(f.p50Ms).toBeGreaterThan(2.5);
    expect(f.p50Ms).toBeLessThanOrEqual(5);
    expect(f.p99Ms).toBeGreaterThan(500);
    expect(f.p99Ms).toBeLessThanOrEqual(1000);
    expect(w.sample(20_000)).toEqual({ windowSeconds: 10, requests: 0, requestsPerSecond: 0, errorRate: null, p50Ms: null, p99Ms: null });
  });
});
