import { WEBHOOK_HEADERS } from '@gatehouse/domain/notification/webhook-payload.schema';
import type { ResolvedChannel } from '../channel-codec';
import { renderEmail, renderSlackBody, renderWebhookBody, type OutgoingNotification } from '../payloads';
import { sendMail } from './email-sender';
import { postJson } from './http-sender';
import type { SendResult } from './send-result';
import { signWebhook } from './signature';

/** One attempt of one delivery on its channel. `now` stamps the payload and the signature's timestamp. */
export async function sendToChannel(channel: ResolvedChannel, n: OutgoingNotification, deliveryId: string, now: Date): Promise<SendResult> {
  switch (channel.kind) {
    case 'webhook': {
      const body = renderWebhookBody(n, deliveryId, now);
      const timestamp = Math.floor(now.getTime() / 1000);
      return postJson(channel.url, body, {
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(channel.secret, timestamp, body),
        [WEBHOOK_HEADERS.event]: n.type,
        [WEBHOOK_HEADERS.delivery]: deliveryId,
      }, now, [channel.secret]);
    }
    case 'slack':
      return postJson(channel.url, renderSlackBody(n), {}, now, [channel.url]);
    case 'email':
      return sendMail(channel, { ...renderEmail(n), headers: { [WEBHOOK_HEADERS.event]: n.type, [WEBHOOK_HEADERS.delivery]: deliveryId } });
  }
}
