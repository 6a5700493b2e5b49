import { notificationPath } from '@gatehouse/domain/notification/notification-path';
import type { NotificationSubject, Severity, StoredNotificationType } from '@gatehouse/domain/notification/notification.schema';
import { WEBHOOK_PAYLOAD_VERSION, type WebhookPayload } from '@gatehouse/domain/notification/webhook-payload.schema';

/** A stored notification as the senders render it. */
export interface OutgoingNotification {
  id: number;
  type: StoredNotificationType;
  severity: Severity;
  title: string;
  body: string;
  subject: NotificationSubject;
  detail?: Record<string, unknown>;
  createdAt: Date;
}

function subjectLabel(s: NotificationSubject): string {
  if (s.kind === 'Worker') return `worker ${s.name}`;
  if (s.kind === 'Cluster') return `cluster ${s.name}`;
  if (s.kind === 'NotificationChannel') return `notification channel ${s.name}`;
  return `certificate ${s.name}`;
}

/** The generic webhook's JSON (WebhookPayloadSchema), serialised once: these exact bytes are signed and sent. */
export function renderWebhookBody(n: OutgoingNotification, deliveryId: string, sentAt: Date): string {
  const payload: WebhookPayload = {
    version: WEBHOOK_PAYLOAD_VERSION,
    deliveryId,
    notification: {
      id: n.id, type: n.type, severity: n.severity, title: n.title, body: n.body, subject: n.subject,
      path: notificationPath(n.type, n.subject), ...(n.detail ? { detail: n.detail } : {}), createdAt: n.createdAt.toISOString(),
    },
    sentAt: sentAt.toISOString(),
  };
  return JSON.stringify(payload);
}

const SLACK_EMOJI: Record<Severity, string> = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:' };

/** Slack's mrkdwn treats &, < and > as control characters. @see https://api.slack.com/reference/surfaces/formatting#escaping */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * A Slack incoming-webhook message: `text` (the notification line, what Slack shows in notifications and what
 * Slack-compatible receivers without blocks display) and Block Kit `blocks` (header, body, context).
 * @see https://api.slack.com/messaging/webhooks
 */
export function renderSlackBody(n: OutgoingNotification): string {
  return JSON.stringify({
    text: `${SLACK_EMOJI[n.severity]} [${n.severity.toUpperCase()}] ${escapeSlack(n.title)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(n.title, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(escapeSlack(n.body), 3000) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: escapeSlack(`${SLACK_EMOJI[n.severity]} *${n.severity}* · ${n.type} · ${subjectLabel(n.subject)} · ${notificationPath(n.type, n.subject)} · ${n.createdAt.toISOString()}`) }],
      },
    ],
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The e-mail: subject `[Gatehouse] WARNING: <title>`, a plain-text body and the same as simple HTML. */
export function renderEmail(n: OutgoingNotification): { subject: string; text: string; html: string } {
  const facts: [string, string][] = [
    ['Severity', n.severity],
    ['Event', n.type],
    ['About', subjectLabel(n.subject)],
    ['Console page', notificationPath(n.type, n.subject)],
    ['Time', n.createdAt.toISOString()],
    ['Notification', `#${n.id}`],
  ];
  const text = [n.title, '', n.body, '', ...facts.map(([k, v]) => `${k}: ${v}`), '', '-- ', 'Sent by Gatehouse. Channels are configured under Settings → Notification channels.'].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: system-ui, sans-serif; line-height: 1.4">',
    `<h2 style="margin: 0 0 12px">${escapeHtml(n.title)}</h2>`,
    `<p style="white-space: pre-wrap">${escapeHtml(n.body)}</p>`,
    '<table style="border-collapse: collapse">',
    ...facts.map(([k, v]) => `<tr><th style="text-align: left; padding: 2px 12px 2px 0">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`),
    '</table>',
    '<p style="color: #666; font-size: 12px">Sent by Gatehouse. Channels are configured under Settings → Notification channels.</p>',
    '</body></html>',
  ].join('\n');
  return { subject: `[Gatehouse] ${n.severity.toUpperCase()}: ${n.title}`.replace(/[\r\n]+/g, ' '), text, html };
}
