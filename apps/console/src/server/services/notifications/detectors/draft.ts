import type { NotificationSubject, NotificationType, Severity } from '@gatehouse/domain/notification/notification.schema';

/**
 * A notification a detector finds due. `dedupeKey` names the condition *and* its episode (which threshold, which
 * outage, which push): the store keeps one notification per key, so running a detector again, or on two console
 * replicas at once, notifies once.
 */
export interface NotificationDraft {
  type: NotificationType;
  severity: Severity;
  title: string;
  body: string;
  subject: NotificationSubject;
  dedupeKey: string;
  detail?: Record<string, unknown>;
}

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** "5 days", "1 day", "3 hours", "12 minutes": in the largest unit that fits, rounded (as relative times are said). */
export function describeDuration(ms: number): string {
  const abs = Math.max(0, ms);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (abs >= DAY_MS) return unit(Math.round(abs / DAY_MS), 'day');
  if (abs >= HOUR_MS) return unit(Math.round(abs / HOUR_MS), 'hour');
  if (abs >= MINUTE_MS) return unit(Math.round(abs / MINUTE_MS), 'minute');
  return unit(Math.round(abs / SECOND_MS), 'second');
}
