/**
 * Upper bounds (seconds) of the request latency buckets: sub-millisecond answers at the gateway up to the 60 s
 * upstream headers timeout. The last bucket (+Inf) is implicit.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * A fixed-bucket histogram for the hot path: one short array scan and three additions per observation, no labels,
 * no strings. `counts[i]` is the number of observations in bucket i (not cumulative); the last slot is +Inf.
 */
export class LatencyHistogram {
  readonly counts = new Float64Array(LATENCY_BUCKETS_SECONDS.length + 1);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    let i = 0;
    const n = LATENCY_BUCKETS_SECONDS.length;
    while (i < n && seconds > (LATENCY_BUCKETS_SECONDS[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += seconds;
    this.count++;
  }
}

/**
 * The q-quantile (0..1) of bucket counts (not cumulative, +Inf last), interpolated linearly inside the bucket it
 * falls in, as Prometheus' histogram_quantile does; null without observations. A quantile in the +Inf bucket is
 * reported as the highest finite bound.
 */
export function quantileOfBuckets(counts: ArrayLike<number>, q: number, bounds: readonly number[] = LATENCY_BUCKETS_SECONDS): number | null {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] as number;
    if (c > 0 && below + c >= rank) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? null;
      const lower = i === 0 ? 0 : (bounds[i - 1] as number);
      const upper = bounds[i] as number;
      return lower + (upper - lower) * ((rank - below) / c);
    }
    below += c;
  }
  return bounds[bounds.length - 1] ?? null;
}
