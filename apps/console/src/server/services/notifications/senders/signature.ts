import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (docs/notifications.md):
 *
 *   X-Gatehouse-Timestamp: <unix seconds>
 *   X-Gatehouse-Signature: sha256=<lower-case hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * The timestamp is inside the signed string, so a captured request cannot be replayed later with a fresh
 * timestamp; receivers refuse timestamps more than five minutes from their clock (Stripe's and Slack's scheme).
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The exact string that is signed: the timestamp header's value, a dot, the body bytes as sent. */
export function signedString(timestamp: number | string, rawBody: string): string {
  return `${timestamp}.${rawBody}`;
}

export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(signedString(timestamp, rawBody), 'utf8').digest('hex');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** What a receiver does (and the tests do): recompute, compare in constant time, check the timestamp's age. */
export function verifyWebhookSignature(input: {
  secret: string;
  rawBody: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed X-Gatehouse-Timestamp' };
  if (!signature || !/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'missing or malformed X-Gatehouse-Signature' };
  const age = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (age > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return { ok: false, reason: `timestamp is ${Math.round(age)} s away from now` };
  const expected = Buffer.from(signWebhook(input.secret, Number(timestamp), input.rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
