import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedString, signWebhook, verifyWebhookSignature } from './signature';

const secret = 'whsec-0123456789abcdef';
const body = '{"version":"1","hello":"wörld"}';
const ts = 1_767_225_600; // 2026-01-01T00:00:00Z
const now = new Date(ts * 1000);

describe('webhook signature', () => {
  it('is HMAC-SHA256 over "<timestamp>.<raw body>", hex, prefixed sha256=', () => {
    expect(signedString(ts, body)).toBe(`${ts}.${body}`);
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(signWebhook(secret, ts, body)).toBe(`sha256=${expected}`);
    // A known answer, so that the documented scheme cannot drift silently.
    expect(signWebhook('secret', 1700000000, '{}')).toBe('sha256=' + createHmac('sha256', 'secret').update('1700000000.{}').digest('hex'));
  });

  it('verifies, and refuses a changed body, another secret, a moved timestamp and a replay outside the window', () => {
    const signature = signWebhook(secret, ts, body);
    expect(verifyWebhookSignature({ secret, rawBody: body, timestamp: String(ts), signature, now })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ secret, rawBody: body + ' ', timestamp: String(ts), signature, now }).ok).toBe(false);
    expect(verifyWebhookSignature({ secret: secret + 'x', rawBody: body, timestamp: String(ts), signature, now }).ok).toBe(false);
    // The timestamp is signed: changing it to look fresh breaks the signature.
    expect(verifyWebhookSignature({ secret, rawBody: body, timestamp: String(ts + 1), signature, now }).ok).toBe(false);
    const later = new Date((ts + 301) * 1000);
    expect(verifyWebhookSignature({ secret, rawBody: body, timestamp: String(ts), signature, now: later })).toEqual({ ok: false, reason: 'timestamp is 301 s away from now' });
    expect(verifyWebhookSignature({ secret, rawBody: body, timestamp: null, signature, now }).ok).toBe(false);
    expect(verifyWebhookSignature({ secret, rawBody: body, timestamp: String(ts), signature: 'sha1=abc', now }).ok).toBe(false);
  });
});
