import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles its step up to the maximum; each wait is half to all of the step (equal jitter)', () => {
    const low = new Backoff(500, 10_000, () => 0);
    expect([1, 2, 3, 4, 5, 6, 7].map(() => low.take())).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    const high = new Backoff(500, 10_000, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(() => high.take())).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000]);
    high.reset();
    expect(high.take()).toBe(500);
  });

  it('spreads the waits of workers that failed together', () => {
    const waits = Array.from({ length: 50 }, () => new Backoff().take());
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(250);
    expect(Math.max(...waits)).toBeLessThanOrEqual(500);
    expect(new Set(waits).size).toBeGreaterThan(10);
  });
});
