import { randomUUID } from 'node:crypto';
import { withTransaction } from '@gatehouse/db/transaction';
import type { Logger } from '../../runtime-types';
import type { ServiceDeps } from '../deps';
import { parseEvents } from './channel-codec';
import type { NotificationDraft } from './detectors/draft';
import { renewalFailedDraft } from './detectors/renewal-failed';
import { RETRY_POLICY } from './retry-policy';

/**
 * Stores a notification unless one with its dedupe key exists, and queues one pending delivery for each enabled
 * channel that receives its type, in one transaction. Returns the new id, or undefined when it was a duplicate
 * (detected again, or made a moment ago by another console replica: the unique key decides the race).
 * Not audited: notifications are Gatehouse's own observations, not changes anyone made.
 */
export async function recordNotification(deps: ServiceDeps, draft: NotificationDraft): Promise<number | undefined> {
  const prisma = deps.db.prisma;
  if (await prisma.notification.findUnique({ where: { dedupeKey: draft.dedupeKey }, select: { id: true } })) return undefined;
  const now = deps.now();
  try {
    return await withTransaction(deps.db, async (tx) => {
      const row = await tx.notification.create({
        data: {
          type: draft.type, severity: draft.severity, title: draft.title, body: draft.body,
          subjectKind: draft.subject.kind, subjectNamespace: draft.subject.namespace ?? '', subjectName: draft.subject.name, subjectId: draft.subject.id ?? null,
          dedupeKey: draft.dedupeKey, detail: draft.detail ? JSON.stringify(draft.detail) : null, createdAt: now,
        },
      });
      const channels = await tx.notificationChannel.findMany({ where: { enabled: true }, select: { id: true, events: true } });
      for (const c of channels) {
        if (!parseEvents(c).includes(draft.type)) continue;
        await tx.notificationDelivery.create({
          data: { id: randomUUID(), notificationId: row.id, channelId: c.id, status: 'pending', maxAttempts: RETRY_POLICY.maxAttempts, nextAttemptAt: now, createdAt: now, updatedAt: now },
        });
      }
      return row.id;
    });
  } catch (e) {
    // Lost the race for the dedupe key: the other writer's notification stands.
    if (await prisma.notification.findUnique({ where: { dedupeKey: draft.dedupeKey }, select: { id: true } })) return undefined;
    throw e;
  }
}

/**
 * The auto-renew timer's hook (auto-renew.ts): a failed renewal becomes a notification, once per certificate row.
 * Never throws: a notification problem must not disturb renewals.
 */
export async function notifyRenewalFailed(deps: ServiceDeps, cert: { id: string; name: string; notAfter: Date }, error: string, log?: Logger): Promise<void> {
  try {
    await recordNotification(deps, renewalFailedDraft(cert, error, deps.now()));
  } catch (e) {
    log?.warn({ certificate: cert.id, err: e instanceof Error ? e.message : String(e) }, 'could not record the renewal-failure notification');
  }
}
