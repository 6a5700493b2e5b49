import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DeliveryAttempt } from '@gatehouse/domain/notification/delivery.schema';
import type { NotificationSubject, Severity, StoredNotificationType } from '@gatehouse/domain/notification/notification.schema';
import type { ServiceDeps } from '../deps';
import { resolveChannel } from './channel-codec';
import type { OutgoingNotification } from './payloads';
import { afterFailure } from './retry-policy';
import { sendToChannel } from './senders/send';
import { errorText, type SendResult } from './senders/send-result';

/** This process, as the holder of delivery leases. */
export const REPLICA_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Longer than any one attempt can take (HTTP 10 s; SMTP connect + greeting + send ≤ 40 s): an expired lease means the holder died. */
export const LEASE_MS = 2 * 60_000;
const BATCH = 50;
const PARALLEL = 4;

/**
 * Claims a pending, due delivery for `owner`: one conditional UPDATE, so of two replicas racing for it exactly
 * one sees count 1 (PostgreSQL re-checks the WHERE on the row it locked; SQLite runs one writer at a time). A
 * lease that expired (its holder died mid-attempt) can be claimed again.
 */
export async function claimDelivery(deps: ServiceDeps, id: string, owner: string, now: Date): Promise<boolean> {
  const r = await deps.db.prisma.notificationDelivery.updateMany({
    where: { id, status: 'pending', nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS) },
  });
  return r.count === 1;
}

export function toOutgoing(row: { id: number; type: string; severity: string; title: string; body: string; subjectKind: string; subjectNamespace: string; subjectName: string; subjectId: string | null; detail: string | null; createdAt: Date }): OutgoingNotification {
  return {
    id: row.id, type: row.type as StoredNotificationType, severity: row.severity as Severity, title: row.title, body: row.body,
    subject: { kind: row.subjectKind as NotificationSubject['kind'], ...(row.subjectNamespace ? { namespace: row.subjectNamespace } : {}), name: row.subjectName, ...(row.subjectId ? { id: row.subjectId } : {}) },
    ...(row.detail ? { detail: JSON.parse(row.detail) as Record<string, unknown> } : {}),
    createdAt: row.createdAt,
  };
}

/**
 * Makes one attempt of a delivery this process holds the lease of, and records it: the attempt appended to the
 * log, then delivered, pending again with the next time (backoff), or failed for good. The final write is
 * conditional on still holding the lease.
 */
export async function attemptDelivery(deps: ServiceDeps, id: string, owner: string): Promise<SendResult | undefined> {
  const prisma = deps.db.prisma;
  const delivery = await prisma.notificationDelivery.findUnique({ where: { id } });
  if (!delivery || delivery.leaseOwner !== owner) return undefined;
  const [notification, channel] = await Promise.all([
    prisma.notification.findUnique({ where: { id: delivery.notificationId } }),
    prisma.notificationChannel.findUnique({ where: { id: delivery.channelId } }),
  ]);
  const now = deps.now();
  const started = performance.now();
  let result: SendResult;
  if (!notification || !channel) result = { ok: false, permanent: true, error: !channel ? 'the channel was deleted' : 'the notification was deleted' };
  else if (!channel.enabled && notification.type !== 'test') result = { ok: false, permanent: true, error: 'the channel is disabled' };
  else {
    try {
      result = await sendToChannel(resolveChannel(deps.key, channel), toOutgoing(notification), delivery.id, now);
    } catch (e) {
      // A stored credential this console cannot decrypt (master key) or a sender bug: recorded, retried.
      result = { ok: false, error: errorText(e) };
    }
  }
  const attemptCount = delivery.attemptCount + 1;
  const attempt: DeliveryAttempt = {
    at: now.toISOString(), ok: result.ok, durationMs: Math.round(performance.now() - started),
    ...(result.statusCode !== undefined ? { statusCode: result.statusCode } : {}), ...(result.error ? { error: result.error } : {}),
  };
  const attempts = [...(JSON.parse(delivery.attempts) as DeliveryAttempt[]), attempt];
  const next = result.ok ? undefined : afterFailure({ attemptCount, maxAttempts: delivery.maxAttempts, permanent: result.permanent, ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}) }, now);
  await prisma.notificationDelivery.updateMany({
    where: { id, leaseOwner: owner },
    data: {
      attemptCount, attempts: JSON.stringify(attempts), updatedAt: now, leaseOwner: null, leaseUntil: null,
      ...(result.ok
        ? { status: 'delivered', deliveredAt: now, nextAttemptAt: null, lastError: null }
        : { status: next!.status, lastError: result.error ?? 'failed', nextAttemptAt: next!.status === 'pending' ? next!.nextAttemptAt : null }),
    },
  });
  return result;
}

export interface DispatchOutcome {
  attempted: number;
  delivered: number;
  /** Failed attempts that will be retried. */
  retrying: number;
  /** Deliveries that failed for good in this pass. */
  failed: number;
}

/**
 * One dispatcher pass: every pending delivery that is due, claimed one by one (another replica may take some),
 * sent a few at a time. Pending deliveries live in the database, so a restart loses none: the next pass finds them.
 */
export async function dispatchDue(deps: ServiceDeps, opts: { owner?: string; limit?: number } = {}): Promise<DispatchOutcome> {
  const owner = opts.owner ?? REPLICA_ID;
  const now = deps.now();
  const due = await deps.db.prisma.notificationDelivery.findMany({
    where: { status: 'pending', nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { nextAttemptAt: 'asc' },
    take: opts.limit ?? BATCH,
    select: { id: true },
  });
  const outcome: DispatchOutcome = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < due.length; i += PARALLEL) {
    await Promise.all(due.slice(i, i + PARALLEL).map(async ({ id }) => {
      if (!(await claimDelivery(deps, id, owner, now))) return;
      const result = await attemptDelivery(deps, id, owner);
      if (!result) return;
      outcome.attempted++;
      if (result.ok) outcome.delivered++;
      else {
        const row = await deps.db.prisma.notificationDelivery.findUnique({ where: { id }, select: { status: true } });
        if (row?.status === 'failed') outcome.failed++;
        else outcome.retrying++;
      }
    }));
  }
  return outcome;
}
