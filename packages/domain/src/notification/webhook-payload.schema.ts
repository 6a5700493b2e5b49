import { z } from 'zod';
import { NotificationSubjectSchema, SeveritySchema, StoredNotificationTypeSchema } from './notification.schema';

/**
 * The body of a generic webhook delivery (Content-Type: application/json), version 1. Receivers verify
 * `X-Gatehouse-Signature` over the raw bytes before parsing (docs/notifications.md).
 */
export const WEBHOOK_PAYLOAD_VERSION = '1';

export const WebhookPayloadSchema = z.object({
  version: z.literal(WEBHOOK_PAYLOAD_VERSION),
  deliveryId: z.string().describe('the same on every retry of this delivery'),
  notification: z.object({
    id: z.number().int(),
    type: StoredNotificationTypeSchema,
    severity: SeveritySchema,
    title: z.string(),
    body: z.string(),
    subject: NotificationSubjectSchema,
    path: z.string().describe('the console page of the subject, e.g. /certificates/<id>'),
    detail: z.record(z.string(), z.unknown()).optional(),
    createdAt: z.string(),
  }),
  sentAt: z.string(),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

/** Headers of a webhook delivery. */
export const WEBHOOK_HEADERS = {
  signature: 'X-Gatehouse-Signature',
  timestamp: 'X-Gatehouse-Timestamp',
  event: 'X-Gatehouse-Event',
  delivery: 'X-Gatehouse-Delivery',
} as const;
