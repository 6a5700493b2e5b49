import { notificationPath } from '@gatehouse/domain/notification/notification-path';
import type { NotificationSubject, Severity, StoredNotificationType } from '@gatehouse/domain/notification/notification.schema';
import type { Tone } from '../resources/describe-status';

/** Severity as a badge: critical red, warning amber, info grey. */
export const SEVERITY_TONE: Record<Severity, Tone> = { critical: 'bad', warning: 'pending', info: 'neutral' };
export const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/** Short words for a notification type (lists, filters). */
export const TYPE_SHORT: Record<StoredNotificationType, string> = {
  'certificate.expiring': 'Certificate expiring',
  'certificate.renewal-failed': 'Auto-renewal failed',
  'worker.out-of-sync': 'Worker out of sync',
  'worker.unreachable': 'Worker unreachable',
  'cluster.drift': 'Cluster drift',
  'cluster.push-failed': 'Push failed',
  test: 'Test',
};

/** The link to the subject, in words and as a console path. */
export function describeSubject(type: StoredNotificationType, subject: NotificationSubject): { label: string; href: string } {
  const href = notificationPath(type, subject);
  switch (subject.kind) {
    case 'Certificate':
      return { label: `Certificate ${subject.name}`, href };
    case 'Cluster':
      return { label: type === 'cluster.drift' ? `Drift of cluster ${subject.name}` : type === 'cluster.push-failed' ? `Pushes to cluster ${subject.name}` : `Cluster ${subject.name}`, href };
    case 'Worker':
      return { label: `Workers on the dashboard`, href };
    case 'NotificationChannel':
      return { label: `Channel ${subject.name}`, href };
  }
}

/** The header badge: the count (capped at 99+) and what assistive technology reads. */
export function describeUnread(unread: number): { badge: string | null; label: string } {
  if (unread <= 0) return { badge: null, label: 'Notifications: none unread' };
  return { badge: unread > 99 ? '99+' : String(unread), label: `Notifications: ${unread} unread` };
}

/** The line above the list: how many, how many unread. */
export function describeListStatus(shown: number, unread: number, unreadOnly: boolean): string {
  if (shown === 0) return unreadOnly ? 'Nothing unread.' : 'No notifications yet.';
  const tail = unread === 0 ? 'all read' : `${unread} unread`;
  return unreadOnly ? `${unread} unread.` : `${shown} shown, ${tail}.`;
}
