import type { Logger } from 'pino';
import { request } from 'undici';
import type { TrafficFigures } from '../metrics/traffic-window';

/** One listener as the worker enforces it. */
export interface ListenerReport {
  gateway: string;
  /** `ns/name` of the ListenerSet that declares the listener (absent for the Gateway's own): names may repeat across them. */
  listenerSet?: string;
  listener: string;
  port: number;
  state: 'serving' | 'error';
  error?: string;
}

/** The body of `POST {console}/api/v1/feed/status`. */
export interface WorkerStatusReport {
  workerId: string;
  name: string;
  /** The revision enforced (null before the first good snapshot). */
  revision: number | null;
  adminAddress: string;
  listeners: ListenerReport[];
  /** Requests since the previous report: requests/s, 5xx rate, p50/p99 duration. */
  traffic?: TrafficFigures;
  error?: string;
}

/**
 * Reports what the worker enforces. Best effort: errors are logged at debug level and otherwise ignored
 * (the next apply reports again, and the console also sees the worker through its feed requests).
 */
export class StatusReporter {
  constructor(
    private readonly consoleUrl: string,
    private readonly readToken: () => string | null,
    private readonly headers: Record<string, string>,
    private readonly logger: Logger,
  ) {}

  async report(body: WorkerStatusReport): Promise<void> {
    const token = this.readToken();
    try {
      const res = await request(`${this.consoleUrl}/api/v1/feed/status`, {
        method: 'POST',
        headers: { ...this.headers, 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
        body: JSON.stringify(body),
        headersTimeout: 5_000,
        bodyTimeout: 5_000,
      });
      await res.body.dump();
      if (res.statusCode >= 300) this.logger.debug({ status: res.statusCode }, 'status report not accepted');
    } catch (err) {
      this.logger.debug({ err: err instanceof Error ? err.message : String(err) }, 'status report failed');
    }
  }
}
