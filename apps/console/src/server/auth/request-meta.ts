import { randomUUID } from 'node:crypto';

/** What every request carries besides who sends it; all of it lands in audit events (RequestContext adds the principal). */
export interface RequestMeta {
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

/**
 * The client address: the last X-Forwarded-For hop (the one our own server added: Next.js appends the socket's
 * peer), else X-Real-IP. Earlier hops are whatever the client claimed and are not trusted.
 */
export function clientIp(headers: Headers): string {
  const xff = headers.get('x-forwarded-for');
  const raw = xff ? (xff.split(',').map((s) => s.trim()).filter(Boolean).pop() ?? '') : (headers.get('x-real-ip') ?? '');
  // A dual-stack socket reports IPv4 peers as IPv4-mapped IPv6 (RFC 4291 §2.5.5.2): one client, one address.
  return /^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(raw) ? raw.slice(7) : raw;
}

export function readRequestMeta(req: { headers: Headers }): RequestMeta {
  return {
    requestId: req.headers.get('x-request-id')?.slice(0, 100) || randomUUID(),
    sourceIp: clientIp(req.headers),
    userAgent: (req.headers.get('user-agent') ?? '').slice(0, 500),
  };
}
