import { z } from 'zod';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { authorize, type RequestContext } from '../auth/principal';
import type { ServiceDeps } from '../services/deps';
import { runWrite } from '../services/write-transaction';
import { ARCHIVED_HEAD_KEY, type ArchivedHead, type CheckpointObject } from './audit-chain';
import { appendAuditEvent } from './audit.repo';

const DAY_MS = 86_400_000;

/** POST /api/v1/audit-events/prune (and the tRPC `audit.prune` input). */
export const AuditPruneSchema = z.object({
  olderThanDays: z.number().int().min(1).max(36_500).optional()
    .describe('prune events older than this many days; default GATEHOUSE_AUDIT_RETENTION_DAYS'),
});
export type AuditPrune = z.infer<typeof AuditPruneSchema>;

export interface PruneResult {
  /** Events deleted. */
  pruned: number;
  /** The new archived head (absent when nothing was old enough). */
  archivedHead?: ArchivedHead;
  /** Id of the `audit.prune` event that records it. */
  pruneEventId?: number;
  olderThan: string;
}

/**
 * Deletes the oldest events, those written before now − `olderThanDays`, and moves the archived head to the last
 * one deleted, in one transaction under the write lock (so the chain cannot grow in between). Only a prefix of the
 * chain is ever deleted: the cut is just before the oldest event newer than the limit, so an event with an earlier
 * time but a later id (clocks of two replicas) is kept rather than leaving a hole. The prune is audited first, as an
 * `audit.prune` event whose `after` is the checkpoint, so the head is part of the hashed chain (audit-chain.ts).
 */
export async function pruneAuditEvents(deps: ServiceDeps, ctx: RequestContext, olderThanDays: number): Promise<PruneResult> {
  authorize(ctx, 'audit.manage');
  const now = deps.now();
  const olderThan = new Date(now.getTime() - olderThanDays * DAY_MS);
  return runWrite(deps, {}, async (tx) => {
    const firstKept = await tx.auditEvent.findFirst({ where: { time: { gte: olderThan } }, orderBy: { id: 'asc' }, select: { id: true } });
    const last = await tx.auditEvent.findFirst({
      where: firstKept ? { id: { lt: firstKept.id } } : {},
      orderBy: { id: 'desc' },
      select: { id: true, hash: true },
    });
    if (!last) return { pruned: 0, olderThan: olderThan.toISOString() };
    const head: ArchivedHead = { lastId: last.id, lastHash: last.hash };
    const pruned = await tx.auditEvent.count({ where: { id: { lte: last.id } } });
    const checkpoint: CheckpointObject = {
      apiVersion: 'gatehouse.dev/v1', kind: 'AuditCheckpoint', metadata: { name: 'archived-head' },
      spec: { ...head, pruned, olderThan: olderThan.toISOString() },
    };
    await appendAuditEvent(tx, ctx, {
      action: 'audit.prune',
      ref: { group: 'gatehouse.dev', kind: 'AuditCheckpoint', namespace: '', name: 'archived-head' },
      after: checkpoint as unknown as KubeObject,
      message: `pruned ${pruned} audit event(s) older than ${olderThanDays} day(s) (before ${olderThan.toISOString()}); the chain now starts after event ${head.lastId}`,
    }, now);
    const event = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    await tx.auditEvent.deleteMany({ where: { id: { lte: head.lastId } } });
    const value = JSON.stringify(head);
    await tx.instanceSetting.upsert({ where: { key: ARCHIVED_HEAD_KEY }, create: { key: ARCHIVED_HEAD_KEY, value }, update: { value } });
    return { pruned, archivedHead: head, ...(event ? { pruneEventId: event.id } : {}), olderThan: olderThan.toISOString() };
  });
}

/** A prune asked for by an administrator (REST, tRPC): the days given, else the configured retention. */
export function pruneAuditEventsRequest(deps: ServiceDeps & { auditRetentionDays?: number | undefined }, ctx: RequestContext, input: AuditPrune): Promise<PruneResult> {
  authorize(ctx, 'audit.manage');
  const days = input.olderThanDays ?? deps.auditRetentionDays;
  if (days === undefined) {
    throw new DomainError('invalid', 'no retention given', [{ path: 'olderThanDays', message: 'give olderThanDays (days), or set GATEHOUSE_AUDIT_RETENTION_DAYS' }]);
  }
  return pruneAuditEvents(deps, ctx, days);
}

/**
 * GATEHOUSE_AUDIT_RETENTION_DAYS in the console: one prune at start, then one a day. Each replica runs it; the write
 * lock serialises them and a second run finds nothing old enough (no event, no change).
 */
export function startAuditRetention(deps: ServiceDeps, log: { info(o: object, m?: string): void; error(o: object, m?: string): void }, days: number, ctx: RequestContext): () => void {
  const run = () => {
    pruneAuditEvents(deps, ctx, days)
      .then((r) => { if (r.pruned > 0) log.info({ pruned: r.pruned, archivedHead: r.archivedHead }, 'audit retention: old events pruned'); })
      .catch((e: unknown) => log.error({ err: e instanceof Error ? e.message : String(e) }, 'audit retention: prune failed'));
  };
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  setTimeout(run, 0).unref();
  return () => clearInterval(timer);
}
