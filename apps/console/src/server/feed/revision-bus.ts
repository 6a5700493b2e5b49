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

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(revision: number): void {
    if (revision <= this.latest) return;
    this.latest = revision;
    this.emitter.emit('revision', revision);
  }

  /** Resolves with the first revision above `after`, or undefined when the signal aborts. */
  waitForRevisionAbove(after: number, signal: AbortSignal): Promise<number | undefined> {
    if (this.latest > after) return Promise.resolve(this.latest);
    return new Promise((resolve) => {
      const onRevision = (rev: number) => {
        if (rev > after) finish(rev);
      };
      const onAbort = () => finish(undefined);
      const finish = (v: number | undefined) => {
        this.emitter.off('revision', onRevision);
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      };
      this.emitter.on('revision', onRevision);
      if (signal.aborted) finish(undefined);
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
