import { z } from 'zod';
import { NOTIFICATION_TYPES, NotificationTypeSchema } from './notification.schema';

/**
 * Notification channels: where notifications go. Three kinds:
 * - `webhook`: generic JSON POST, signed with HMAC-SHA256 (`X-Gatehouse-Signature: sha256=<hex>` over
 *   `<X-Gatehouse-Timestamp>.<raw body>`; see docs/notifications.md);
 * - `slack`: a Slack incoming webhook (or a Slack-compatible one: Mattermost, Rocket.Chat), `{text, blocks}`;
 * - `email`: SMTP with TLS none | starttls | tls.
 * Credentials (webhook secret, Slack URL, SMTP password) are write-only: stored encrypted, never in an answer.
 */

export const CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export const ChannelKindSchema = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

export const SMTP_TLS_MODES = ['none', 'starttls', 'tls'] as const;
export const SmtpTlsSchema = z.enum(SMTP_TLS_MODES).describe('none: plain SMTP; starttls: upgrade (required); tls: TLS from the first byte (port 465)');

const HttpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname, error: 'Invalid URL: use http:// or https:// and a host name' }).max(2048);
const ChannelName = z.string().trim().min(1, 'Required value').max(100).describe('a name people recognise, unique');
const Events = z.array(NotificationTypeSchema).min(1, 'pick at least one event').max(NOTIFICATION_TYPES.length)
  .describe('the notification types this channel receives');
const Enabled = z.boolean().describe('a disabled channel receives nothing; its pending deliveries are dropped');
/** An address, or `Name <address>`. */
const Mailbox = z.string().trim().max(320).regex(/^(?:[^<>@\s][^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'Invalid e-mail address: user@example.com or Name <user@example.com>');
const Host = z.string().trim().min(1, 'Required value').max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address, without scheme or port');

const WebhookSecret = z.string().min(16, 'use at least 16 characters').max(256).describe('HMAC-SHA256 key for X-Gatehouse-Signature; write-only');
const SlackUrl = HttpUrl.describe('the incoming-webhook URL (a credential: stored encrypted, never returned)');
const SmtpPassword = z.string().min(1).max(1024).describe('write-only');

const webhookFields = { kind: z.literal('webhook'), url: HttpUrl.describe('where the JSON is POSTed') };
const emailFields = {
  kind: z.literal('email'),
  host: Host.describe('SMTP server'),
  port: z.number().int().min(1).max(65_535).describe('25, 587 (starttls) or 465 (tls) usually'),
  tls: SmtpTlsSchema,
  username: z.string().min(1).max(320).optional().describe('SMTP AUTH user; omitted: no authentication'),
  from: Mailbox.describe('the From header'),
  to: z.array(z.email('Invalid e-mail address').max(320)).min(1, 'add at least one recipient').max(50).describe('recipients'),
};
const common = { name: ChannelName, enabled: Enabled.default(true), events: Events.default([...NOTIFICATION_TYPES]) };

export const CreateChannelSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, ...webhookFields, secret: WebhookSecret }).strict(),
  z.object({ ...common, kind: z.literal('slack'), url: SlackUrl }).strict(),
  z.object({ ...common, ...emailFields, password: SmtpPassword.optional() }).strict(),
]);
export type CreateChannel = z.infer<typeof CreateChannelSchema>;

/**
 * A full replacement of the channel's settings, except credentials: omitted means "keep the stored one" (the
 * console never has them to send back). The kind cannot change. An e-mail channel without `username` drops its
 * stored password.
 */
export const UpdateChannelSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, ...webhookFields, secret: WebhookSecret.optional() }).strict(),
  z.object({ ...common, kind: z.literal('slack'), url: SlackUrl.optional() }).strict(),
  z.object({ ...common, ...emailFields, password: SmtpPassword.optional() }).strict(),
]);
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

export const LastDeliverySchema = z.object({
  status: z.enum(['pending', 'delivered', 'failed']),
  at: z.string(),
  error: z.string().optional(),
});

const answerCommon = {
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  events: z.array(NotificationTypeSchema),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  lastDelivery: LastDeliverySchema.optional(),
};

/** A channel as reads answer it: credentials only as "set" flags or a hint. */
export const ChannelSchema = z.discriminatedUnion('kind', [
  z.object({ ...answerCommon, kind: z.literal('webhook'), url: z.string(), secretSet: z.boolean() }),
  z.object({ ...answerCommon, kind: z.literal('slack'), urlHint: z.string().describe('scheme and host only; the rest of the URL is a credential') }),
  z.object({
    ...answerCommon, kind: z.literal('email'), host: z.string(), port: z.number().int(), tls: SmtpTlsSchema, username: z.string().optional(),
    passwordSet: z.boolean(), from: z.string(), to: z.array(z.string()),
  }),
]);
export type Channel = z.infer<typeof ChannelSchema>;
export const ChannelListSchema = z.object({ items: z.array(ChannelSchema) });
