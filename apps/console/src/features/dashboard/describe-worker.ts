/**
 * A worker's connection in words. A worker long-polls the feed: it asks, the console holds the question up to the
 * feed's wait (25 s) and answers at once when something changes — so a healthy worker's "last seen" is often tens of
 * seconds old, which read like a dead one. Within twice the wait it is connected; beyond the stale limit it is
 * probably gone. Pure: `now` comes in.
 */
export const FEED_WAIT_SECONDS = 25;
export const STALE_MS = 120_000;

export function describeWorkerConnection(lastSeenAt: string, now: number): { tone: 'ok' | 'pending' | 'bad'; words: string } {
  const age = now - new Date(lastSeenAt).getTime();
  if (age <= 2 * FEED_WAIT_SECONDS * 1000 + 5000) return { tone: 'ok', words: `Connected (heartbeat every ${FEED_WAIT_SECONDS} s)` };
  if (age <= STALE_MS) return { tone: 'pending', words: `No heartbeat for ${Math.round(age / 1000)} s` };
  const minutes = Math.round(age / 60_000);
  return { tone: 'bad', words: `Unreachable: not seen for ${minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`}` };
}

/** "In sync" or how far behind, in words. */
export function describeWorkerSync(workerRevision: number, storeRevision: number): { tone: 'ok' | 'pending'; words: string } {
  const behind = storeRevision - workerRevision;
  return behind <= 0 ? { tone: 'ok', words: 'In sync: enforces the current configuration' } : { tone: 'pending', words: `${behind} change${behind === 1 ? '' : 's'} behind` };
}
