/**
 * How failed deliveries are retried: exponential backoff from 10 s, doubling, capped at 1 h, at most 8 attempts
 * (10 s, 20 s, 40 s, 80 s, 160 s, 320 s, 640 s between them: the last attempt is ~21 minutes after the first).
 * A permanent failure (an HTTP 4xx other than 408/429, an SMTP 5xx reply, a redirect) is not retried: sending
 * the same thing again cannot succeed. A receiver's Retry-After (429/503) is honoured, within the same cap.
 */
export interface RetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export const RETRY_POLICY: RetryPolicy = { initialDelayMs: 10_000, maxDelayMs: 3_600_000, maxAttempts: 8 };

/** The wait after the `attemptCount`-th failed attempt (1-based). */
export function retryDelayMs(attemptCount: number, policy: RetryPolicy = RETRY_POLICY): number {
  const exp = Math.max(0, attemptCount - 1);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(exp, 30));
}

export type AfterFailure = { status: 'failed' } | { status: 'pending'; nextAttemptAt: Date };

/** What becomes of a delivery whose attempt number `attemptCount` (already counted) failed. */
export function afterFailure(
  input: { attemptCount: number; maxAttempts: number; permanent?: boolean; retryAfterMs?: number },
  now: Date,
  policy: RetryPolicy = RETRY_POLICY,
): AfterFailure {
  if (input.permanent || input.attemptCount >= input.maxAttempts) return { status: 'failed' };
  const backoff = retryDelayMs(input.attemptCount, policy);
  const wait = Math.min(policy.maxDelayMs, Math.max(backoff, input.retryAfterMs ?? 0));
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + wait) };
}
