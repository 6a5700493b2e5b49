import { describe, expect, it } from 'vitest';
import { afterFailure, RETRY_POLICY, retryDelayMs } from './retry-policy';

const now = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);

describe('retry policy', () => {
  it('doubles from 10 s and caps at 1 h', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n) / 1000)).toEqual([10, 20, 40, 80, 160, 320, 640]);
    expect(retryDelayMs(12)).toBe(3_600_000);
    expect(retryDelayMs(100)).toBe(3_600_000);
  });

  it('retries until the eighth attempt, then gives up', () => {
    expect(afterFailure({ attemptCount: 1, maxAttempts: 8 }, now)).toEqual({ status: 'pending', nextAttemptAt: at(10_000) });
    expect(afterFailure({ attemptCount: 7, maxAttempts: 8 }, now)).toEqual({ status: 'pending', nextAttemptAt: at(640_000) });
    expect(afterFailure({ attemptCount: 8, maxAttempts: RETRY_POLICY.maxAttempts }, now)).toEqual({ status: 'failed' });
    expect(afterFailure({ attemptCount: 1, maxAttempts: 1 }, now)).toEqual({ status: 'failed' });
  });

  it('does not retry permanent failures and honours Retry-After within the cap', () => {
    expect(afterFailure({ attemptCount: 1, maxAttempts: 8, permanent: true }, now)).toEqual({ status: 'failed' });
    expect(afterFailure({ attemptCount: 1, maxAttempts: 8, retryAfterMs: 120_000 }, now)).toEqual({ status: 'pending', nextAttemptAt: at(120_000) });
    expect(afterFailure({ attemptCount: 3, maxAttempts: 8, retryAfterMs: 1_000 }, now)).toEqual({ status: 'pending', nextAttemptAt: at(40_000) });
    expect(afterFailure({ attemptCount: 1, maxAttempts: 8, retryAfterMs: 86_400_000 }, now)).toEqual({ status: 'pending', nextAttemptAt: at(3_600_000) });
  });
});
