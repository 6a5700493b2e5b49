import { DAY_MS, describeDuration, MINUTE_MS, type NotificationDraft } from './draft';

/** A worker not seen for this long is unreachable (it long-polls the feed every 25 s). */
export const UNREACHABLE_AFTER_MS = 2 * MINUTE_MS;
/** A worker behind the store revision for this long is out of sync (a healthy one catches up in milliseconds). */
export const OUT_OF_SYNC_AFTER_MS = 2 * MINUTE_MS;
/** Workers gone for longer are taken as retired: no notification (their rows stay for the dashboard). */
export const RETIRED_AFTER_MS = 7 * DAY_MS;

export interface WorkerForCheck {
  id: string;
  name: string;
  revision: number;
  lastSeenAt: Date;
}

export interface WorkerCheckOptions {
  unreachableAfterMs?: number;
  outOfSyncAfterMs?: number;
  retiredAfterMs?: number;
}

/**
 * Workers unreachable or out of sync.
 * - Unreachable: not seen for 2 minutes. The episode is the last time it was seen: one notification per outage,
 *   and a worker that comes back and goes away again has a new lastSeenAt, so a new one.
 * - Out of sync: seen, but enforcing a revision below the store's for longer than `outOfSyncAfterMs`. How long is
 *   kept in `pending` (key `<worker>@<revision>` → first seen behind, ms), which the caller keeps between passes
 *   and gets back updated. Once per worker and revision it is stuck at.
 */
export function detectWorkerProblems(
  workers: readonly WorkerForCheck[],
  storeRevision: number,
  now: Date,
  pending: ReadonlyMap<string, number>,
  options: WorkerCheckOptions = {},
): { drafts: NotificationDraft[]; pending: Map<string, number> } {
  const unreachableAfter = options.unreachableAfterMs ?? UNREACHABLE_AFTER_MS;
  const outOfSyncAfter = options.outOfSyncAfterMs ?? OUT_OF_SYNC_AFTER_MS;
  const retiredAfter = options.retiredAfterMs ?? RETIRED_AFTER_MS;
  const drafts: NotificationDraft[] = [];
  const next = new Map<string, number>();
  const t = now.getTime();
  for (const w of workers) {
    const label = w.name || w.id;
    const unseen = t - w.lastSeenAt.getTime();
    if (unseen > unreachableAfter) {
      if (unseen > retiredAfter) continue;
      drafts.push({
        type: 'worker.unreachable',
        severity: 'critical',
        title: `Worker ${label} is unreachable`,
        body: [
          `It has not fetched the configuration feed for ${describeDuration(unseen)} (last seen ${w.lastSeenAt.toISOString()}).`,
          `It last enforced revision ${w.revision}; the store is at revision ${storeRevision}.`,
          'If it was stopped on purpose, nothing needs doing; otherwise check the worker process and its connection to the console.',
        ].join('\n'),
        subject: { kind: 'Worker', name: w.id },
        dedupeKey: `worker.unreachable/${w.id}@${w.lastSeenAt.getTime()}`,
        detail: { workerId: w.id, workerName: w.name, lastSeenAt: w.lastSeenAt.toISOString(), revision: w.revision, storeRevision },
      });
      continue;
    }
    if (w.revision >= storeRevision) continue;
    const key = `${w.id}@${w.revision}`;
    const since = pending.get(key) ?? t;
    next.set(key, since);
    if (t - since < outOfSyncAfter) continue;
    drafts.push({
      type: 'worker.out-of-sync',
      severity: 'warning',
      title: `Worker ${label} is out of sync`,
      body: [
        `It enforces revision ${w.revision} while the store is at revision ${storeRevision}, and has for ${describeDuration(t - since)}.`,
        'It still fetches the feed, so the newer configuration is likely refused by its compiler or listeners: see the worker\'s /config and log.',
      ].join('\n'),
      subject: { kind: 'Worker', name: w.id },
      dedupeKey: `worker.out-of-sync/${key}`,
      detail: { workerId: w.id, workerName: w.name, revision: w.revision, storeRevision, behindSince: new Date(since).toISOString() },
    });
  }
  return { drafts, pending: next };
}
