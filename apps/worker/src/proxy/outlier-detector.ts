import type { Endpoint } from '@gatehouse/compiler/routing-table/routing-table';

/** First ejection, doubled for each consecutive one, capped (Envoy's outlier detection shape). */
const BASE_EJECTION_MS = 5_000;
const MAX_EJECTION_MS = 60_000;

interface Ejection {
  until: number;
  times: number;
}

/**
 * Passive outlier detection: an endpoint that refuses a connection, times out connecting or fails its TLS handshake
 * is ejected from its Services' round robin for 5 s, doubling with each consecutive ejection up to 60 s, and
 * re-admitted when the time is up; a successful exchange clears its record. Keyed by address:port, so it outlives
 * table swaps. When every endpoint of a Service is ejected they are all used again (better a failing try than none).
 */
export class OutlierDetector {
  private readonly ejections = new Map<string, Ejection>();

  constructor(private readonly now: () => number = Date.now) {}

  private static key(ep: Endpoint): string {
    return `${ep.address}|${ep.port}`;
  }

  /** True while there is any ejection record: lets the hot path skip all checks in the common case. */
  get active(): boolean {
    return this.ejections.size > 0;
  }

  isEjected(ep: Endpoint): boolean {
    const e = this.ejections.get(OutlierDetector.key(ep));
    return e !== undefined && e.until > this.now();
  }

  failed(ep: Endpoint): void {
    const key = OutlierDetector.key(ep);
    const prev = this.ejections.get(key);
    const times = (prev?.times ?? 0) + 1;
    this.ejections.set(key, { times, until: this.now() + Math.min(BASE_EJECTION_MS * 2 ** (times - 1), MAX_EJECTION_MS) });
  }

  succeeded(ep: Endpoint): void {
    if (this.ejections.size > 0) this.ejections.delete(OutlierDetector.key(ep));
  }

  /** Addresses ejected now, for /config. */
  describe(): Array<{ endpoint: string; ejectedForMs: number; times: number }> {
    const now = this.now();
    return [...this.ejections].filter(([, e]) => e.until > now).map(([k, e]) => ({ endpoint: k.replace('|', ':'), ejectedForMs: e.until - now, times: e.times }));
  }
}
