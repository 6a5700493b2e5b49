import type { Channel } from '@gatehouse/domain/notification/channel.schema';
import type { Delivery, DeliveryStatus } from '@gatehouse/domain/notification/delivery.schema';
import { NOTIFICATION_TYPES } from '@gatehouse/domain/notification/notification.schema';
import type { Tone } from '../resources/describe-status';

export const KIND_LABEL: Record<Channel['kind'], string> = { webhook: 'Webhook (signed JSON)', slack: 'Slack', email: 'E-mail (SMTP)' };
const TLS_LABEL = { none: 'no TLS', starttls: 'STARTTLS', tls: 'TLS' } as const;

/** Where a channel sends, in one line, without its credentials. */
export function describeTarget(c: Channel): string {
  switch (c.kind) {
    case 'webhook':
      return `POST ${c.url}${c.secretSet ? ', signed' : ''}`;
    case 'slack':
      return `Incoming webhook at ${c.urlHint}`;
    case 'email':
      return `${c.host}:${c.port} (${TLS_LABEL[c.tls]}${c.username ? `, as ${c.username}` : ''}) → ${c.to.join(', ')}`;
  }
}

export function describeEvents(events: readonly string[]): string {
  return events.length === NOTIFICATION_TYPES.length ? 'All events' : `${events.length} of ${NOTIFICATION_TYPES.length} events`;
}

export const DELIVERY_TONE: Record<DeliveryStatus, Tone> = { delivered: 'ok', failed: 'bad', pending: 'pending' };
export const DELIVERY_LABEL: Record<DeliveryStatus, string> = { delivered: 'Delivered', failed: 'Failed', pending: 'Retrying' };

const attempts = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

/** A delivery in words: how it ended (or when it is tried next) and why it failed. */
export function describeDelivery(d: Pick<Delivery, 'status' | 'attemptCount' | 'maxAttempts' | 'lastError' | 'nextAttemptAt'>): string {
  switch (d.status) {
    case 'delivered':
      return d.attemptCount <= 1 ? 'Delivered on the first attempt.' : `Delivered after ${attempts(d.attemptCount)}.`;
    case 'failed':
      return `Failed after ${attempts(d.attemptCount)}${d.lastError ? `: ${d.lastError}` : '.'}`;
    case 'pending':
      return d.attemptCount === 0
        ? 'Waiting for its first attempt.'
        : `Attempt ${d.attemptCount} of ${d.maxAttempts} failed${d.lastError ? ` (${d.lastError})` : ''}; tried again ${d.nextAttemptAt ? `at ${new Date(d.nextAttemptAt).toLocaleTimeString()}` : 'soon'}.`;
  }
}
