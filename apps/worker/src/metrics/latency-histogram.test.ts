import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS_SECONDS, LatencyHistogram, quantileOfBuckets } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('puts a value in the first bucket whose bound is at least the value (le), beyond the last in +Inf', () => {
    const h = new LatencyHistogram();
    h.observe(0.0005);
    h.observe(0.0006);
    h.observe(0.004);
    h.observe(120);
    expect(h.counts[0]).toBe(1);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[LATENCY_BUCKETS_SECONDS.indexOf(0.005)]).toBe(1);
    expect(h.counts[LATENCY_BUCKETS_SECONDS.length]).toBe(1);
    expect(h.count).toBe(4);
    expect(h.sum).toBeCloseTo(120.0051, 6);
  });
});

describe('quantileOfBuckets', () => {
  const bounds = [0.01, 0.1, 1];
  it('interpolates inside the bucket the rank falls in, like histogram_quantile', () => {
    // 10 in (0, 0.01], 10 in (0.01, 0.1]: the median is the top of the first bucket, p75 halfway through the second.
    expect(quantileOfBuckets([10, 10, 0, 0], 0.5, bounds)).toBeCloseTo(0.01);
    expect(quantileOfBuckets([10, 10, 0, 0], 0.75, bounds)).toBeCloseTo(0.055);
    expect(quantileOfBuckets([0, 0, 4, 0], 0.99, bounds)).toBeCloseTo(0.1 + 0.9 * 0.99);
  });
  it('answers the highest finite bound for the +Inf bucket and null without observations', () => {
    expect(quantileOfBuckets([1, 0, 0, 9], 0.99, bounds)).toBe(1);
    expect(quantileOfBuckets([0, 0, 0, 0], 0.5, bounds)).toBeNull();
  });
});
