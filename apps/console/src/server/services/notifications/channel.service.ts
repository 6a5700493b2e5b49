import { randomUUID } from 'node:crypto';
import { withTransaction } from '@gatehouse/db/transaction';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { CreateChannelSchema, UpdateChannelSchema, type Channel } from '@gatehouse/domain/notification/channel.schema';
import { DeliveryListQuerySchema, type ChannelTestResult, type Delivery, type DeliveryAttempt, type DeliveryStatus } from '@gatehouse/domain/notification/delivery.schema';
import type { Severity, StoredNotificationType } from '@gatehouse/domain/notification/notification.schema';
import { appendAuditEvent } from '../../audit/audit.repo';
import { authorize, type RequestContext } from '../../auth/principal';
import type { Db, Tx } from '../../store/db';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { channelForAudit, channelRef, decryptChannelSecrets, encryptChannelSecrets, parseConfig, parseEvents, splitChannel, toChannel, type ChannelRow } from './channel-codec';
import { attemptDelivery, LEASE_MS } from './dispatcher';

async function findChannel(db: Db | { prisma: Tx }, id: string): Promise<ChannelRow> {
  const row = await db.prisma.notificationChannel.findUnique({ where: { id } });
  if (!row) throw new DomainError('not_found', `notification channel ${id} not found`);
  return row;
}

async function lastDeliveryOf(deps: ServiceDeps, channelId: string): Promise<Channel['lastDelivery']> {
  const d = await deps.db.prisma.notificationDelivery.findFirst({ where: { channelId }, orderBy: { createdAt: 'desc' }, select: { status: true, updatedAt: true, lastError: true } });
  return d ? { status: d.status as DeliveryStatus, at: d.updatedAt.toISOString(), ...(d.lastError ? { error: d.lastError } : {}) } : undefined;
}

export async function listChannels(deps: ServiceDeps, ctx: RequestContext): Promise<{ items: Channel[] }> {
  authorize(ctx, 'notifications.manage');
  const rows = await deps.db.prisma.notificationChannel.findMany({ orderBy: { name: 'asc' } });
  return { items: await Promise.all(rows.map(async (r) => toChannel(deps.key, r, await lastDeliveryOf(deps, r.id)))) };
}

export async function getChannel(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<Channel> {
  authorize(ctx, 'notifications.manage');
  const row = await findChannel(deps.db, id);
  return toChannel(deps.key, row, await lastDeliveryOf(deps, row.id));
}

const nameTaken = (name: string) => new DomainError('already_exists', `a notification channel named ${name} exists already`, [{ path: 'name', message: 'taken' }]);

/** Admins: a new channel; its credentials are encrypted at rest and audited as keyed hashes only. */
export async function createChannel(deps: ServiceDeps, ctx: RequestContext, input: unknown): Promise<Channel> {
  authorize(ctx, 'notifications.manage');
  const body = parseOrThrow(CreateChannelSchema, input, 'notification channel');
  const now = deps.now();
  const id = randomUUID();
  const { config, secrets } = splitChannel(body, {});
  const row = await runWrite(deps, {}, async (tx) => {
    if (await tx.notificationChannel.findUnique({ where: { name: body.name } })) throw nameTaken(body.name);
    const created = await tx.notificationChannel.create({
      data: {
        id, name: body.name, kind: body.kind, enabled: body.enabled, events: JSON.stringify(body.events), config: JSON.stringify(config),
        secret: encryptChannelSecrets(deps.key, id, secrets), createdAt: now, createdBy: ctx.principal.name, updatedAt: now,
      },
    });
    await appendAuditEvent(tx, ctx, {
      action: 'notification-channel.create', ref: channelRef(body.name),
      after: channelForAudit(deps.key, body.name, body.enabled, body.events, config, secrets),
      message: `${body.kind} channel for ${body.events.length} event type${body.events.length === 1 ? '' : 's'}`,
    }, now);
    return created;
  });
  return toChannel(deps.key, row);
}

/**
 * Admins: replaces a channel's settings; credentials left out are kept. Disabling a channel drops its pending
 * deliveries (recorded as failed, "the channel is disabled").
 */
export async function updateChannel(deps: ServiceDeps, ctx: RequestContext, id: string, input: unknown): Promise<Channel> {
  authorize(ctx, 'notifications.manage');
  const body = parseOrThrow(UpdateChannelSchema, input, 'notification channel');
  const now = deps.now();
  const row = await runWrite(deps, {}, async (tx) => {
    const found = await findChannel({ prisma: tx }, id);
    if (found.kind !== body.kind) throw new DomainError('invalid', `the kind of a channel cannot change (it is ${found.kind}); make a new channel`, [{ path: 'kind', message: `must stay ${found.kind}` }]);
    if (body.name !== found.name && (await tx.notificationChannel.findUnique({ where: { name: body.name } }))) throw nameTaken(body.name);
    const kept = decryptChannelSecrets(deps.key, found.id, found.secret);
    const { config, secrets } = splitChannel(body, kept);
    if (body.kind === 'slack' && !secrets.url) throw new DomainError('invalid', 'the Slack URL is required', [{ path: 'url', message: 'Required value' }]);
    if (body.kind === 'webhook' && !secrets.secret) throw new DomainError('invalid', 'the signing secret is required', [{ path: 'secret', message: 'Required value' }]);
    const updated = await tx.notificationChannel.update({
      where: { id },
      data: { name: body.name, enabled: body.enabled, events: JSON.stringify(body.events), config: JSON.stringify(config), secret: encryptChannelSecrets(deps.key, id, secrets), updatedAt: now },
    });
    if (!body.enabled && found.enabled) {
      await tx.notificationDelivery.updateMany({ where: { channelId: id, status: 'pending' }, data: { status: 'failed', lastError: 'the channel is disabled', nextAttemptAt: null, updatedAt: now } });
    }
    await appendAuditEvent(tx, ctx, {
      action: 'notification-channel.update', ref: channelRef(body.name),
      before: channelForAudit(deps.key, found.name, found.enabled, parseEvents(found), parseConfig(found), kept),
      after: channelForAudit(deps.key, body.name, body.enabled, body.events, config, secrets),
      ...(found.name !== body.name ? { message: `renamed from ${found.name}` } : {}),
    }, now);
    return updated;
  });
  return toChannel(deps.key, row, await lastDeliveryOf(deps, id));
}

/** Admins: removes a channel and its delivery records. */
export async function deleteChannel(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<Channel> {
  authorize(ctx, 'notifications.manage');
  const now = deps.now();
  const row = await runWrite(deps, {}, async (tx) => {
    const found = await findChannel({ prisma: tx }, id);
    const removed = await tx.notificationDelivery.deleteMany({ where: { channelId: id } });
    await tx.notificationChannel.delete({ where: { id } });
    await appendAuditEvent(tx, ctx, {
      action: 'notification-channel.delete', ref: channelRef(found.name),
      before: channelForAudit(deps.key, found.name, found.enabled, parseEvents(found), parseConfig(found), decryptChannelSecrets(deps.key, found.id, found.secret)),
      message: `${removed.count} delivery record${removed.count === 1 ? '' : 's'} removed`,
    }, now);
    return found;
  });
  return toChannel(deps.key, row);
}

type DeliveryRow = {
  id: string; notificationId: number; channelId: string; status: string; attemptCount: number; maxAttempts: number; attempts: string;
  lastError: string | null; nextAttemptAt: Date | null; deliveredAt: Date | null; createdAt: Date;
};

function toDelivery(d: DeliveryRow, n: { id: number; type: string; severity: string; title: string } | undefined): Delivery {
  return {
    id: d.id, channelId: d.channelId,
    notification: n ? { id: n.id, type: n.type as StoredNotificationType, severity: n.severity as Severity, title: n.title } : { id: d.notificationId, type: 'test', severity: 'info', title: '(deleted)' },
    status: d.status as DeliveryStatus, attemptCount: d.attemptCount, maxAttempts: d.maxAttempts, attempts: JSON.parse(d.attempts) as DeliveryAttempt[],
    lastError: d.lastError, nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null, deliveredAt: d.deliveredAt?.toISOString() ?? null, createdAt: d.createdAt.toISOString(),
  };
}

/** Admins: the channel's deliveries, newest first, with every attempt. */
export async function listDeliveries(deps: ServiceDeps, ctx: RequestContext, id: string, query: unknown = {}): Promise<{ items: Delivery[] }> {
  authorize(ctx, 'notifications.manage');
  const q = parseOrThrow(DeliveryListQuerySchema, query, 'query');
  await findChannel(deps.db, id);
  const rows = await deps.db.prisma.notificationDelivery.findMany({ where: { channelId: id }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: q.limit ?? 20 });
  const notes = await deps.db.prisma.notification.findMany({ where: { id: { in: rows.map((r) => r.notificationId) } }, select: { id: true, type: true, severity: true, title: true } });
  const byId = new Map(notes.map((n) => [n.id, n]));
  return { items: rows.map((r) => toDelivery(r, byId.get(r.notificationId))) };
}

/**
 * Admins: sends a test notification to the channel now (even a disabled one) and answers how it went: one
 * attempt, no retries, recorded among the channel's deliveries. The test notification itself is not listed.
 */
export async function testChannel(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<ChannelTestResult> {
  authorize(ctx, 'notifications.manage');
  const channel = await findChannel(deps.db, id);
  const now = deps.now();
  const owner = `test:${randomUUID()}`;
  const deliveryId = randomUUID();
  await withTransaction(deps.db, async (tx) => {
    const n = await tx.notification.create({
      data: {
        type: 'test', severity: 'info', title: `Test notification from Gatehouse`,
        body: `${ctx.principal.name} sent this test to the channel "${channel.name}" at ${now.toISOString()}. If you can read it, the channel works.`,
        subjectKind: 'NotificationChannel', subjectName: channel.name, subjectId: channel.id, dedupeKey: `test/${channel.id}/${deliveryId}`, createdAt: now, readAt: now, readBy: ctx.principal.name,
      },
    });
    await tx.notificationDelivery.create({
      data: {
        id: deliveryId, notificationId: n.id, channelId: channel.id, status: 'pending', maxAttempts: 1, nextAttemptAt: now,
        leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS), createdAt: now, updatedAt: now,
      },
    });
  });
  const result = await attemptDelivery(deps, deliveryId, owner);
  const row = await deps.db.prisma.notificationDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
  const n = await deps.db.prisma.notification.findUnique({ where: { id: row.notificationId }, select: { id: true, type: true, severity: true, title: true } });
  return { ok: result?.ok ?? false, delivery: toDelivery(row, n ?? undefined) };
}
