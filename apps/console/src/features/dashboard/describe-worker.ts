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

/** What a worker reports about its traffic since its previous status report (every 15 s). */
export interface WorkerTraffic {
  windowSeconds: number;
  requests: number;
  requestsPerSecond: number;
  errorRate: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** 5xx shares from which the figures turn amber and red. */
export const ERROR_RATE_WARN = 0.01;
export const ERROR_RATE_BAD = 0.05;

function rate(n: number): string {
  if (n === 0) return '0';
  if (n < 10) return n.toFixed(1).replace(/\.0$/, '');
  return Math.round(n).toLocaleString('en-US');
}

function percent(share: number): string {
  const p = share * 100;
  if (p === 0) return '0 %';
  if (p < 0.1) return '< 0.1 %';
  return `${p < 10 ? p.toFixed(1).replace(/\.0$/, '') : Math.round(p)} %`;
}

/** A latency in the unit that reads best: 0.4 ms, 12 ms, 1.2 s. */
export function formatLatency(ms: number): string {
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * A worker's key figures in words: requests per second, share of 5xx answers, p50/p99 duration — over the window of its
 * last report. The tone follows the error rate. Null traffic: a worker that does not report figures (an older version).
 */
export function describeWorkerTraffic(traffic: WorkerTraffic | null | undefined): { tone: 'ok' | 'pending' | 'bad' | 'neutral'; figures: string[]; words: string } {
  if (traffic === null || traffic === undefined) return { tone: 'neutral', figures: [], words: 'No traffic figures reported' };
  if (traffic.requests === 0) return { tone: 'neutral', figures: ['0 req/s'], words: `No requests in the last ${Math.round(traffic.windowSeconds)} s` };
  const errors = traffic.errorRate ?? 0;
  const figures = [
    `${rate(traffic.requestsPerSecond)} req/s`,
    `${percent(errors)} errors`,
    ...(traffic.p50Ms === null ? [] : [`p50 ${formatLatency(traffic.p50Ms)}`]),
    ...(traffic.p99Ms === null ? [] : [`p99 ${formatLatency(traffic.p99Ms)}`]),
  ];
  const tone = errors >= ERROR_RATE_BAD ? 'bad' : errors >= ERROR_RATE_WARN ? 'pending' : 'ok';
  return { tone, figures, words: figures.join(' · ') };
}
