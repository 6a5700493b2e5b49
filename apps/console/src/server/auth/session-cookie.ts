import { consoleTrustedProxies, readClientOrigin } from './trusted-proxies';
/**
 * The browser session cookie. HttpOnly (scripts cannot read it), SameSite=Lax (not sent on cross-site POSTs),
 * Path=/, Secure when the console is reached over HTTPS (directly or behind a proxy that says so).
 * @see https://httpwg.org/specs/rfc6265.html#sane-set-cookie
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies
 */
export const SESSION_COOKIE = 'gh_session';
/** The header a cookie-authenticated mutation must carry (the value GET /api/v1/session returns). */
export const CSRF_HEADER = 'x-csrf-token';

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/** Whether the browser reached us over HTTPS: the socket, or a trusted proxy's X-Forwarded-Proto (trusted-proxies.ts). */
export function isHttpsRequest(req: { url: string; headers: Headers }): boolean {
  return readClientOrigin(req.headers, consoleTrustedProxies(), req.url).https;
}

export interface SessionCookieOptions {
  secure: boolean;
  /** Seconds until the browser drops it; 0 deletes it. */
  maxAge: number;
}

/** The attributes shared by Set-Cookie here and by Next's cookies().set in server actions. */
export function sessionCookieAttributes(opts: SessionCookieOptions) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: opts.secure, maxAge: opts.maxAge };
}

export function serializeSessionCookie(value: string, opts: SessionCookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${Math.max(0, Math.floor(opts.maxAge))}`, 'HttpOnly', 'SameSite=Lax'];
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearSessionCookie(secure: boolean): string {
  return serializeSessionCookie('', { secure, maxAge: 0 });
}
