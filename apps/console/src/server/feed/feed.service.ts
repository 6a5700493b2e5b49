import { z } from 'zod';
import { authorize, type RequestContext } from '../auth/principal';
import type { ServiceDeps } from '../services/deps';
import type { SnapshotCache } from './snapshot-builder';

export const FeedQuerySchema = z.object({
  // Omitted (or -1): the worker has nothing yet and gets the current snapshot at once, even an empty one.
  after: z.coerce.number().int().min(-1).default(-1),
  wait: z.coerce.number().int().min(0).max(60).default(25),
});

/**
 * How often a waiting feed request re-reads the revision on PostgreSQL while the LISTEN session is down (then
 * writes of other replicas are not announced on the bus).
 */
const CROSS_REPLICA_RECHECK_MS = 1000;

/**
 * Long-poll: answers the snapshot JSON as soon as the store's revision is above `after` (at once if it already
 * is), or undefined after `wait` seconds without a change. Wakes on the RevisionBus the moment a write commits
 * (this replica's directly, other replicas' through LISTEN/NOTIFY).
 */
export async function waitForSnapshot(
  deps: ServiceDeps & { snapshots: SnapshotCache },
  ctx: RequestContext,
  q: z.infer<typeof FeedQuerySchema>,
  signal: AbortSignal,
): Promise<string | undefined> {
  authorize(ctx, 'feed.read');
  const deadline = Date.now() + q.wait * 1000;
  for (;;) {
    const cur = await deps.snapshots.current();
    // A store behind the worker (a restored database) also answers: the worker must learn the truth.
    if (cur.revision !== q.after) return cur.json;
    const remaining = deadline - Date.now();
    if (remaining <= 0 || signal.aborted || deps.bus.draining) return undefined;
    const slice = deps.bus.hearsOtherReplicas ? remaining : Math.min(remaining, CROSS_REPLICA_RECHECK_MS);
    const timeout = AbortSignal.timeout(slice);
    await deps.bus.waitForRevisionAbove(q.after, AbortSignal.any([timeout, signal]));
  }
}

export const WorkerReportSchema = z.object({
  workerId: z.string().min(1).max(200),
  name: z.string().max(200).default(''),
  revision: z.number().int().min(0),
  adminAddress: z.string().max(200).default(''),
  listeners: z
    .array(z.object({ gateway: z.string(), listenerSet: z.string().optional(), listener: z.string(), port: z.number().int(), state: z.string(), error: z.string().optional() }))
    .max(1000)
    .default([]),
  error: z.string().max(4000).optional(),
  /** The worker's traffic since its previous report (its status reports come every 15 s). */
  traffic: z
    .object({
      windowSeconds: z.number().min(0),
      requests: z.number().int().min(0),
      requestsPerSecond: z.number().min(0),
      errorRate: z.number().min(0).max(1).nullable(),
      p50Ms: z.number().min(0).nullable(),
      p99Ms: z.number().min(0).nullable(),
    })
    .optional(),
});
export type WorkerReport = z.infer<typeof WorkerReportSchema>;

export async function recordWorkerReport(deps: ServiceDeps, ctx: RequestContext, report: WorkerReport): Promise<void> {
  authorize(ctx, 'feed.read');
  const data = {
    name: report.name,
    revision: report.revision,
    lastSeenAt: deps.now(),
    address: report.adminAddress,
    detail: JSON.stringify({ listeners: report.listeners, error: report.error ?? null, traffic: report.traffic ?? null }),
  };
  await deps.db.prisma.workerStatus.upsert({ where: { id: report.workerId }, create: { id: report.workerId, ...data }, update: data });
}

export async function listWorkers(deps: ServiceDeps, ctx: RequestContext) {
  authorize(ctx, 'resources.read');
  const rows = await deps.db.prisma.workerStatus.findMany({ orderBy: { lastSeenAt: 'desc' } });
  return rows.map((r) => ({ id: r.id, name: r.name, revision: r.revision, lastSeenAt: r.lastSeenAt.toISOString(), address: r.address, ...(JSON.parse(r.detail ?? '{}') as object) }));
}
