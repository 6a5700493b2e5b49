import { z } from 'zod';
import { SeveritySchema, StoredNotificationTypeSchema } from './notification.schema';

/** One notification's way to one channel: every attempt is kept (at most the retry policy's 8). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>;

export const DeliveryAttemptSchema = z.object({
  at: z.string(),
  ok: z.boolean(),
  statusCode: z.number().int().optional().describe('HTTP status, or the SMTP reply code'),
  error: z.string().optional(),
  durationMs: z.number().int(),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptSchema>;

export const DeliverySchema = z.object({
  id: z.string().describe('also sent as X-Gatehouse-Delivery, the same on every retry (receivers can deduplicate)'),
  channelId: z.string(),
  notification: z.object({ id: z.number().int(), type: StoredNotificationTypeSchema, severity: SeveritySchema, title: z.string() }),
  status: DeliveryStatusSchema,
  attemptCount: z.number().int(),
  maxAttempts: z.number().int(),
  attempts: z.array(DeliveryAttemptSchema),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable().describe('when a pending delivery is tried next'),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).optional().describe('default 20'),
}).strict();
export const DeliveryListSchema = z.object({ items: z.array(DeliverySchema).describe('newest first') });

/** The answer of a channel test: the delivery, tried once, right now. */
export const ChannelTestResultSchema = z.object({
  ok: z.boolean(),
  delivery: DeliverySchema,
});
export type ChannelTestResult = z.infer<typeof ChannelTestResultSchema>;
