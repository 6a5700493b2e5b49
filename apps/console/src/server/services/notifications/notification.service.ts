import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { NotificationListQuerySchema, type CheckResult, type Notification, type NotificationList } from '@gatehouse/domain/notification/notification.schema';
import { authorize, type RequestContext } from '../../auth/principal';
import type { ServiceDeps } from '../deps';
import { runDetectors } from './detect';
import { toOutgoing } from './dispatcher';

type NotificationRow = Parameters<typeof toOutgoing>[0] & { readAt: Date | null; readBy: string | null };

function toNotification(row: NotificationRow): Notification {
  const o = toOutgoing(row);
  return { ...o, createdAt: o.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null, readBy: row.readBy };
}

/** Channel tests are deliveries, not news: they are never listed or counted. */
const LISTED = { type: { not: 'test' } } as const;

async function countUnread(deps: ServiceDeps): Promise<number> {
  return deps.db.prisma.notification.count({ where: { ...LISTED, readAt: null } });
}

/** Everyone signed in: notifications newest first, paged by id (`before`), optionally unread only or by type/severity. */
export async function listNotifications(deps: ServiceDeps, ctx: RequestContext, query: unknown = {}): Promise<NotificationList> {
  authorize(ctx, 'notifications.read');
  const q = parseOrThrow(NotificationListQuerySchema, query, 'query');
  const limit = q.limit ?? 50;
  const rows = await deps.db.prisma.notification.findMany({
    where: {
      ...LISTED,
      ...(q.unread === 'true' ? { readAt: null } : {}),
      ...(q.type ? { type: q.type } : {}),
      ...(q.severity ? { severity: q.severity } : {}),
      ...(q.before ? { id: { lt: q.before } } : {}),
    },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { items: page.map(toNotification), ...(rows.length > limit ? { nextBefore: page.at(-1)!.id } : {}), unread: await countUnread(deps) };
}

export async function unreadCount(deps: ServiceDeps, ctx: RequestContext): Promise<{ unread: number }> {
  authorize(ctx, 'notifications.read');
  return { unread: await countUnread(deps) };
}

/** Marks one notification read for everyone (the team shares one inbox); reading it again keeps the first reader. */
export async function markRead(deps: ServiceDeps, ctx: RequestContext, id: number): Promise<Notification> {
  authorize(ctx, 'notifications.read');
  if (!Number.isInteger(id) || id < 1) throw new DomainError('not_found', `notification ${id} not found`);
  const prisma = deps.db.prisma;
  await prisma.notification.updateMany({ where: { id, readAt: null, ...LISTED }, data: { readAt: deps.now(), readBy: ctx.principal.name } });
  const row = await prisma.notification.findUnique({ where: { id } });
  if (!row || row.type === 'test') throw new DomainError('not_found', `notification ${id} not found`);
  return toNotification(row);
}

export async function markAllRead(deps: ServiceDeps, ctx: RequestContext): Promise<{ marked: number }> {
  authorize(ctx, 'notifications.read');
  const r = await deps.db.prisma.notification.updateMany({ where: { ...LISTED, readAt: null }, data: { readAt: deps.now(), readBy: ctx.principal.name } });
  return { marked: r.count };
}

/** Admins: runs every detector now (the timer does it every GATEHOUSE_NOTIFY_INTERVAL seconds). */
export async function checkNow(deps: ServiceDeps, ctx: RequestContext): Promise<CheckResult> {
  authorize(ctx, 'notifications.manage');
  return runDetectors(deps);
}
