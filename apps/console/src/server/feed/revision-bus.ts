import { EventEmitter } from 'node:events';

/**
 * Tells waiting feed requests that the store moved to a new revision. In-process: each console replica wakes
 * its own long-polls after its own commits. On PostgreSQL, other replicas' commits arrive by LISTEN/NOTIFY
 * (revision-listener.ts) and are published here too; while that session is down (`hearsOtherReplicas` false),
 * the feed re-reads the revision every second instead (feed.service.ts).
 */
export class RevisionBus {
  private readonly emitter = new EventEmitter();
  private latest = 0;
  /** True while every commit of every replica is published here (SQLite: one process; PostgreSQL: LISTEN up). */
  hearsOtherReplicas = false;
  private drainingSince: number | undefined;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(revision: number): void {
    if (revision <= this.latest) return;
    this.latest = revision;
    this.emitter.emit('revision', revision);
  }

  /**
   * The process is shutting down (SIGTERM): every waiting long-poll answers now and new ones do not wait, so the
   * HTTP server's drain is not held up for a feed's `wait` seconds and workers move to another replica at once.
   */
  drain(): void {
    if (this.drainingSince !== undefined) return;
    this.drainingSince = Date.now();
    this.emitter.emit('drain');
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** Resolves with the first revision above `after`, or undefined when the signal aborts or the bus drains. */
  waitForRevisionAbove(after: number, signal: AbortSignal): Promise<number | undefined> {
    if (this.latest > after) return Promise.resolve(this.latest);
    if (this.draining) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onRevision = (rev: number) => {
        if (rev > after) finish(rev);
      };
      const onAbort = () => finish(undefined);
      const finish = (v: number | undefined) => {
        this.emitter.off('revision', onRevision);
        this.emitter.off('drain', onAbort);
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      };
      this.emitter.on('revision', onRevision);
      this.emitter.once('drain', onAbort);
      if (signal.aborted) finish(undefined);
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
