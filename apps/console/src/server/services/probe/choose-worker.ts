/** A worker as the WorkerStatus table knows it. */
export interface WorkerRow {
  id: string;
  name: string;
  address: string;
  lastSeenAt: Date;
}

/** A worker that has not long-polled for this long is probably gone (it asks at least every ~25 s). */
export const WORKER_STALE_MS = 120_000;

/**
 * The worker to probe from: the one seen most recently that reported an admin address, if it was seen within
 * WORKER_STALE_MS. A probe from a worker is what that worker's proxy would see (its network, its view).
 */
export function chooseWorker(rows: readonly WorkerRow[], now: Date, preferredId?: string): WorkerRow | undefined {
  const live = rows
    .filter((r) => r.address !== '' && now.getTime() - r.lastSeenAt.getTime() <= WORKER_STALE_MS)
    .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  return (preferredId === undefined ? undefined : live.find((r) => r.id === preferredId)) ?? live[0];
}
