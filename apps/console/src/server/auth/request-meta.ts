import { randomUUID } from 'node:crypto';
import { consoleTrustedProxies, readClientOrigin, type TrustedProxies } from './trusted-proxies';

/** What every request carries besides who sends it; all of it lands in audit events (RequestContext adds the principal). */
export interface RequestMeta {
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

/** The client address, as GATEHOUSE_TRUSTED_PROXIES says to read it (trusted-proxies.ts). */
export function clientIp(headers: Headers, trusted: TrustedProxies = consoleTrustedProxies()): string {
  return readClientOrigin(headers, trusted).ip;
}

export function readRequestMeta(req: { headers: Headers }, trusted: TrustedProxies = consoleTrustedProxies()): RequestMeta {
  return {
    requestId: req.headers.get('x-request-id')?.slice(0, 100) || randomUUID(),
    sourceIp: clientIp(req.headers, trusted),
    userAgent: (req.headers.get('user-agent') ?? '').slice(0, 500),
  };
}
