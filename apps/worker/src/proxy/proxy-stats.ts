/**
 * Counters for /config: requests served and why requests failed (by x-gatehouse-error code). Requests are counted
 * once: where the request metrics count them (`countedElsewhere`, read here at snapshot time) this class counts only
 * what they do not see (upgrades, or every request when a data plane runs without metrics).
 */
export class ProxyStats {
  requests = 0;
  forwarded = 0;
  /** Mirrored copies that completed (their responses discarded). */
  mirrored = 0;
  retries = 0;
  /** Idempotent requests sent to another endpoint after a connection failure (proxy-exchange.ts). */
  failovers = 0;
  readonly errors = new Map<string, number>();

  constructor(private readonly countedElsewhere: () => number = () => 0) {}

  countError(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  snapshot(): { requests: number; forwarded: number; mirrored: number; retries: number; failovers: number; errors: Record<string, number> } {
    return { requests: this.requests + this.countedElsewhere(), forwarded: this.forwarded, mirrored: this.mirrored, retries: this.retries, failovers: this.failovers, errors: Object.fromEntries(this.errors) };
  }
}
