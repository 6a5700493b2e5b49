import type { NotificationSubject, StoredNotificationType } from './notification.schema';

/**
 * The console page that shows a notification's subject (the notifications page links there, payloads carry it):
 * a certificate's page, a cluster's drift or history tab, the dashboard for workers (it lists them with the
 * revision each enforces).
 */
export function notificationPath(type: StoredNotificationType, subject: NotificationSubject): string {
  switch (subject.kind) {
    case 'Certificate':
      return subject.id ? `/certificates/${encodeURIComponent(subject.id)}` : '/certificates';
    case 'Cluster': {
      const base = `/clusters/${encodeURIComponent(subject.name)}`;
      if (type === 'cluster.drift') return `${base}?tab=drift`;
      if (type === 'cluster.push-failed') return `${base}?tab=history`;
      return base;
    }
    case 'Worker':
      return '/';
    case 'NotificationChannel':
      return '/settings#notification-channels';
  }
}
