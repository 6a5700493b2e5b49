import { quantileOfBuckets } from './latency-histogram';
import type { RequestSeries } from './request-metrics';

/** The key figures a worker reports to the console: its traffic since the previous report. */
export interface TrafficFigures {
  windowSeconds: number;
  requests: number;
  requestsPerSecond: number;
  /** Share of 5xx answers (0..1); null without requests. */
  errorRate: number | null;
  /** Request duration quantiles in milliseconds, from the latency histogram; null without requests. */
  p50Ms: number | null;
  p99Ms: number | null;
}

const round = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Figures over a sliding window made of two readings of the worker's overall counters (no per-request work): each
 * `sample` answers the difference to the previous one.
 */
export class TrafficWindow {
  private at: number;
  private requests: number;
  private errors: number;
  private buckets: Float64Array;

  constructor(
    private readonly overall: RequestSeries,
    now: number = performance.now(),
  ) {
    this.at = now;
    this.requests = overall.total.count;
    this.errors = overall.byClass[5] as number;
    this.buckets = overall.total.counts.slice();
  }

  sample(now: number = performance.now()): TrafficFigures {
    const h = this.overall.total;
    const requests = h.count - this.requests;
    const errors = (this.overall.byClass[5] as number) - this.errors;
    const delta = h.counts.map((c, i) => c - (this.buckets[i] as number));
    const seconds = Math.max(0.001, (now - this.at) / 1000);
    this.at = now;
    this.requests = h.count;
    this.errors = this.overall.byClass[5] as number;
    this.buckets = h.counts.slice();
    const q = (x: number): number | null => {
      const v = quantileOfBuckets(delta, x);
      return v === null ? null : round(v * 1000, 2);
    };
    return {
      windowSeconds: round(seconds, 1),
      requests,
      requestsPerSecond: round(requests / seconds, 2),
      errorRate: requests === 0 ? null : round(errors / requests, 4),
      p50Ms: q(0.5),
      p99Ms: q(0.99),
    };
  }
}
