import { describe, expect, it } from 'vitest';
import { WebhookPayloadSchema } from '@gatehouse/domain/notification/webhook-payload.schema';
import { escapeSlack, renderEmail, renderSlackBody, renderWebhookBody, type OutgoingNotification } from './payloads';

const n: OutgoingNotification = {
  id: 42, type: 'certificate.expiring', severity: 'warning', title: 'Certificate "web" expires in 5 days',
  body: 'It is valid until 2026-03-06.\nUsed by Secret <httpbin/https-cert> & more.', subject: { kind: 'Certificate', name: 'web', id: 'c1' },
  detail: { daysLeft: 5 }, createdAt: new Date('2026-03-01T12:00:00Z'),
};

describe('payloads', () => {
  it('webhook: the versioned JSON of WebhookPayloadSchema with the console path of the subject', () => {
    const body = renderWebhookBody(n, 'd-1', new Date('2026-03-01T12:00:05Z'));
    const parsed = WebhookPayloadSchema.parse(JSON.parse(body));
    expect(parsed).toMatchObject({ version: '1', deliveryId: 'd-1', sentAt: '2026-03-01T12:00:05.000Z', notification: { id: 42, path: '/certificates/c1', detail: { daysLeft: 5 } } });
  });

  it('slack: text plus header, section and context blocks, with mrkdwn escaped', () => {
    const msg = JSON.parse(renderSlackBody(n));
    expect(msg.text).toBe(':warning: [WARNING] Certificate "web" expires in 5 days');
    expect(msg.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context']);
    expect(msg.blocks[1].text.text).toContain('Secret &lt;httpbin/https-cert&gt; &amp; more');
    expect(escapeSlack('<!channel>')).toBe('&lt;!channel&gt;');
  });

  it('e-mail: subject with severity, text and HTML bodies', () => {
    const mail = renderEmail({ ...n, title: 'two\nlines' });
    expect(mail.subject).toBe('[Gatehouse] WARNING: two lines');
    const plain = renderEmail(n);
    expect(plain.text).toContain('Used by Secret <httpbin/https-cert> & more.');
    expect(plain.text).toContain('Console page: /certificates/c1');
    expect(plain.html).toContain('&lt;httpbin/https-cert&gt; &amp; more');
  });
});
