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
  if (xff) return xff.split(',').map((s) => s.trim()).filter(Boolean).pop() ?? '';
  return headers.get('x-real-ip') ?? '';
}

export function readRequestMeta(req: { headers: Headers }): RequestMeta {
  return {
    requestId: req.headers.get('x-request-id')?.slice(0, 100) || randomUUID(),
    sourceIp: clientIp(req.headers),
    userAgent: (req.headers.get('user-agent') ?? '').slice(0, 500),
  };
}
