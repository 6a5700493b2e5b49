import type { CorsPolicy } from '../routing-table/routing-table';

/**
 * The CORS filter (standard since v1.5): preflight answers and the headers of actual responses.
 * Allowed origins are echoed back (always valid, and required when credentials are allowed); a `*` in
 * allowMethods/allowHeaders echoes what the preflight asked for, for the same reason.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpcorsfilter
 */

/** The port an origin without one has. */
export const DEFAULT_PORT: Readonly<Record<string, string>> = { http: '80', https: '443' };

export interface Origin {
  scheme: string;
  host: string;
  port: string;
}

/**
 * An origin (or an allowOrigins entry other than `*`): scheme and host lower case, the scheme's port when none is
 * written. null when it is not `http(s)://host[:port]`. The HAProxy renderer builds its origin patterns from this too.
 */
export function parseOrigin(value: string): Origin | null {
  const m = /^(https?):\/\/([^/:]+)(?::([0-9]{1,5}))?$/i.exec(value.trim());
  if (m === null) return null;
  const scheme = (m[1] as string).toLowerCase();
  return { scheme, host: (m[2] as string).toLowerCase(), port: m[3] ?? DEFAULT_PORT[scheme] ?? '' };
}

/** `*` alone allows every origin; a `*` in a host is a greedy match of any number of labels to its left. */
export function originAllowed(policy: CorsPolicy, origin: string): boolean {
  const o = parseOrigin(origin);
  if (o === null) return false;
  for (const pattern of policy.allowOrigins) {
    if (pattern === '*') return true;
    const p = parseOrigin(pattern);
    if (p === null || p.scheme !== o.scheme || p.port !== o.port) continue;
    if (p.host === '*') return true;
    if (p.host.startsWith('*.')) {
      if (o.host.endsWith(p.host.slice(1)) && o.host.length > p.host.length - 1) return true;
    } else if (p.host === o.host) return true;
  }
  return false;
}

/** A preflight: OPTIONS with Origin and Access-Control-Request-Method (Fetch standard, CORS-preflight request). */
export function isPreflight(method: string, origin: string | undefined, requestMethod: string | undefined): boolean {
  return method === 'OPTIONS' && origin !== undefined && requestMethod !== undefined;
}

/**
 * The headers of the gateway's own answer to a preflight: null when the origin is not allowed (the answer then
 * carries no CORS headers, and the browser refuses the actual request).
 */
export function preflightHeaders(policy: CorsPolicy, origin: string, requestMethod: string, requestHeaders: string | undefined): string[] | null {
  if (!originAllowed(policy, origin)) return null;
  const out = ['access-control-allow-origin', origin];
  if (policy.allowCredentials) out.push('access-control-allow-credentials', 'true');
  if (policy.allowMethods.length > 0) {
    out.push('access-control-allow-methods', policy.allowMethods.includes('*') ? requestMethod : policy.allowMethods.join(', '));
  }
  if (policy.allowHeaders.length > 0) {
    if (!policy.allowHeaders.includes('*')) out.push('access-control-allow-headers', policy.allowHeaders.join(', '));
    else if (requestHeaders !== undefined && requestHeaders.trim() !== '') out.push('access-control-allow-headers', requestHeaders);
  }
  if (policy.exposeHeaders.length > 0) out.push('access-control-expose-headers', policy.exposeHeaders.join(', '));
  out.push('access-control-max-age', String(policy.maxAgeSeconds), 'vary', 'Origin');
  return out;
}

/** Headers set on the response to an actual cross-origin request from an allowed origin; null otherwise. */
export function actualResponseHeaders(policy: CorsPolicy, origin: string | undefined): Array<{ name: string; value: string }> | null {
  if (origin === undefined || !originAllowed(policy, origin)) return null;
  const out = [{ name: 'access-control-allow-origin', value: origin }];
  if (policy.allowCredentials) out.push({ name: 'access-control-allow-credentials', value: 'true' });
  if (policy.exposeHeaders.length > 0) out.push({ name: 'access-control-expose-headers', value: policy.exposeHeaders.join(', ') });
  out.push({ name: 'vary', value: 'Origin' });
  return out;
}
