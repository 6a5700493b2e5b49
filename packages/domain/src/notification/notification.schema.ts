import { z } from 'zod';

/**
 * Notifications (issue 12 §6): what Gatehouse tells operators about, in the console and through channels. One
 * schema per request and answer, shared by REST (and its OpenAPI document), tRPC and the console's pages.
 */

/** What a notification is about; channels subscribe to these. `test` notifications only exist for channel tests. */
export const NOTIFICATION_TYPES = [
  'certificate.expiring',
  'certificate.renewal-failed',
  'worker.out-of-sync',
  'worker.unreachable',
  'cluster.drift',
  'cluster.push-failed',
] as const;
export const NotificationTypeSchema = z.enum(NOTIFICATION_TYPES).describe('what the notification is about');
export type NotificationType = z.infer<typeof NotificationTypeSchema>;

/** Stored notification types: the subscribable ones plus `test` (a channel test, never listed). */
export const StoredNotificationTypeSchema = z.enum([...NOTIFICATION_TYPES, 'test']);
export type StoredNotificationType = z.infer<typeof StoredNotificationTypeSchema>;

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/** Words for each type, for forms and e-mail subjects. */
export const NOTIFICATION_TYPE_LABELS: Record<StoredNotificationType, string> = {
  'certificate.expiring': 'Certificate expiring (30, 7 and 1 days before, and when expired)',
  'certificate.renewal-failed': 'Certificate auto-renewal failed',
  'worker.out-of-sync': 'Worker out of sync (behind the store revision)',
  'worker.unreachable': 'Worker unreachable (not seen for 2 minutes)',
  'cluster.drift': 'Cluster drift (an object changed or deleted in the cluster)',
  'cluster.push-failed': 'Cluster push failed or partly failed',
  test: 'Test notification',
};

/** What a notification is about, as a reference to the page that shows it. */
export const NotificationSubjectSchema = z.object({
  kind: z.enum(['Certificate', 'Worker', 'Cluster', 'NotificationChannel']),
  namespace: z.string().optional(),
  name: z.string().describe('the certificate\'s name, the worker\'s id, the cluster\'s or the channel\'s name'),
  id: z.string().optional().describe('the row id where the page is addressed by id (certificates)'),
});
export type NotificationSubject = z.infer<typeof NotificationSubjectSchema>;

export const NotificationSchema = z.object({
  id: z.number().int(),
  type: StoredNotificationTypeSchema,
  severity: SeveritySchema,
  title: z.string(),
  body: z.string(),
  subject: NotificationSubjectSchema,
  detail: z.record(z.string(), z.unknown()).optional().describe('facts behind the text (days left, objects drifted, failed objects …)'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
  readBy: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).optional().describe('page size, default 50'),
    before: z.coerce.number().int().min(1).optional().describe('cursor: only notifications with a smaller id (the previous page\'s nextBefore)'),
    unread: z.enum(['true', 'false']).optional().describe('true: only unread notifications'),
    type: NotificationTypeSchema.optional(),
    severity: SeveritySchema.optional(),
  })
  .strict();
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>;

export const NotificationListSchema = z.object({
  items: z.array(NotificationSchema).describe('newest first'),
  nextBefore: z.number().int().optional().describe('pass as `before` for the next page; absent on the last page'),
  unread: z.number().int().describe('unread notifications in all (not only this page)'),
});
export type NotificationList = z.infer<typeof NotificationListSchema>;

export const UnreadCountSchema = z.object({ unread: z.number().int() });
export const MarkAllReadResultSchema = z.object({ marked: z.number().int().describe('notifications marked read by this call') });

export const CheckResultSchema = z.object({
  created: z.number().int().describe('new notifications'),
  types: z.record(z.string(), z.number().int()).describe('new notifications per type'),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;
