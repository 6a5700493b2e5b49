/** Exponential backoff: 0.5 s doubling to 10 s; reset after a successful exchange. */
export class Backoff {
  private next: number;
  constructor(
    private readonly initialMs = 500,
    private readonly maxMs = 10_000,
  ) {
    this.next = initialMs;
  }

  /** The delay to wait now; the following call returns twice as much, up to the maximum. */
  take(): number {
    const d = this.next;
    this.next = Math.min(this.next * 2, this.maxMs);
    return d;
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
