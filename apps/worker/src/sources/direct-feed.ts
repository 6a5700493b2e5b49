import type { Logger } from 'pino';
import { request } from 'undici';
import { parseRetryAfter } from '@gatehouse/domain/http/retry-after';
import { Backoff, sleep } from './backoff';

/**
 * The longest a console's Retry-After is obeyed: the console says 503 + Retry-After while its database is away
 * (error-table.ts); a larger value (a proxy in front, a misconfiguration) must not park the feed for hours.
 */
export const RETRY_AFTER_MAX_MS = 60_000;

/**
 * Long-poll client of the console's snapshot feed (embedded mode):
 * `GET {console}/api/v1/feed/snapshot?after=<revision>&wait=<s>` answers 200 with a ConfigSnapshot as soon
 * as the store is newer than `after`, or 204 when `wait` passes without change (then we ask again at once).
 * 401/403, other errors and network errors back off 0.5 s doubling to 10 s (with jitter); an answer with Retry-After
 * (503 while the console's database is away, 429) waits at least that long, up to RETRY_AFTER_MAX_MS. The worker
 * keeps serving its last good table meanwhile.
 */
export interface DirectFeedOptions {
  consoleUrl: string;
  readToken: () => string | null;
  workerId: string;
  workerName: string;
  waitSeconds: number;
  logger: Logger;
}

/** What the consumer made of one snapshot body: the revision it carried (if readable) and whether it applied. */
export interface SnapshotOutcome {
  revision: number | null;
  ok: boolean;
}

export interface FeedState {
  state: 'starting' | 'connected' | 'backoff' | 'unauthorized' | 'stopped';
  /** The revision last answered (good or bad): the next `after`. -1 until the first answer, so an empty store
   * (revision 0) is answered at once. */
  after: number;
  lastError: string | null;
  lastContactAt: string | null;
  consecutiveFailures: number;
}

export class DirectFeed {
  private readonly abort = new AbortController();
  private readonly backoff = new Backoff();
  private loop: Promise<void> | null = null;
  readonly state: FeedState = { state: 'starting', after: -1, lastError: null, lastContactAt: null, consecutiveFailures: 0 };

  constructor(private readonly opts: DirectFeedOptions) {}

  /** Starts polling; `onSnapshot` receives the raw body and must not throw. */
  start(onSnapshot: (body: string, receivedAt: number) => Promise<SnapshotOutcome>): void {
    this.loop ??= this.run(onSnapshot);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.state.state = 'stopped';
    await this.loop;
  }

  private headers(token: string): Record<string, string> {
    return {
      authorization: `Bearer ${token}`,
      'x-gatehouse-worker-id': this.opts.workerId,
      'x-gatehouse-worker-name': this.opts.workerName,
      accept: 'application/json',
    };
  }

  /** Records a failure; answers how long to wait (the backoff, or the console's Retry-After when longer). */
  private fail(state: FeedState['state'], message: string, retryAfterMs?: number): number {
    this.state.state = state;
    this.state.lastError = message;
    this.state.consecutiveFailures++;
    const delay = Math.max(this.backoff.take(), Math.min(retryAfterMs ?? 0, RETRY_AFTER_MAX_MS));
    // Log the first failure and then every tenth, so a console that is down does not flood the log.
    if (this.state.consecutiveFailures === 1 || this.state.consecutiveFailures % 10 === 0) {
      this.opts.logger.warn({ failures: this.state.consecutiveFailures, retryInMs: delay }, `snapshot feed: ${message}`);
    }
    return delay;
  }

  private succeed(): void {
    if (this.state.consecutiveFailures > 0) this.opts.logger.info('snapshot feed: connected');
    this.state.state = 'connected';
    this.state.lastError = null;
    this.state.consecutiveFailures = 0;
    this.state.lastContactAt = new Date().toISOString();
    this.backoff.reset();
  }

  private async run(onSnapshot: (body: string, receivedAt: number) => Promise<SnapshotOutcome>): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      const token = this.opts.readToken();
      if (token === null) {
        await sleep(this.fail('unauthorized', 'no worker token (GATEHOUSE_WORKER_TOKEN or <data dir>/worker-token)'), signal);
        continue;
      }
      const url = `${this.opts.consoleUrl}/api/v1/feed/snapshot?after=${this.state.after}&wait=${this.opts.waitSeconds}`;
      try {
        const res = await request(url, {
          method: 'GET',
          headers: this.headers(token),
          signal,
          // The server holds the request for up to `wait` seconds before answering 204.
          headersTimeout: (this.opts.waitSeconds + 15) * 1000,
          bodyTimeout: 60_000,
        });
        if (res.statusCode === 200) {
          const body = await res.body.text();
          const receivedAt = performance.now();
          this.succeed();
          const outcome = await onSnapshot(body, receivedAt);
          // The console is the truth: a lower revision means its store was restored, and asking with a stale
          // `after` would be answered at once forever.
          if (outcome.revision !== null) this.state.after = outcome.revision;
          // An unreadable snapshot cannot advance `after`: wait before asking again rather than spin.
          if (outcome.revision === null) await sleep(this.backoff.take(), signal);
          continue;
        }
        await res.body.dump();
        if (res.statusCode === 204) {
          this.succeed();
          continue;
        }
        const state = res.statusCode === 401 || res.statusCode === 403 ? 'unauthorized' : 'backoff';
        const retryAfter = parseRetryAfter(res.headers['retry-after'], new Date());
        await sleep(this.fail(state, `console answered HTTP ${res.statusCode}${retryAfter === undefined ? '' : ` (Retry-After ${Math.round(retryAfter / 1000)} s)`}`, retryAfter), signal);
      } catch (err) {
        if (signal.aborted) break;
        const message = err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? err.name}: ${err.message}` : String(err);
        await sleep(this.fail('backoff', `cannot reach the console at ${this.opts.consoleUrl} (${message})`), signal);
      }
    }
  }
}
