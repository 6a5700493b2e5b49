/**
 * Exponential backoff: 0.5 s doubling to 10 s, reset after a successful exchange. Each wait is between half and all
 * of the step ("equal jitter"), so that the workers of many clusters that lost the console at the same moment do not
 * all come back at the same moment either.
 */
export class Backoff {
  private next: number;
  constructor(
    private readonly initialMs = 500,
    private readonly maxMs = 10_000,
    private readonly random: () => number = Math.random,
  ) {
    this.next = initialMs;
  }

  /** The delay to wait now (half to all of the current step); the following step is twice as long, up to the maximum. */
  take(): number {
    const step = this.next;
    this.next = Math.min(this.next * 2, this.maxMs);
    return Math.round(step / 2 + (step / 2) * this.random());
  }

  reset(): void {
    this.next = this.initialMs;
  }
}

/** A sleep that ends early when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
