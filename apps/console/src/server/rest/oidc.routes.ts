import { z } from 'zod';
import { beginSsoLogin, completeSsoLogin, OIDC_COOKIE, OIDC_COOKIE_PATH, OIDC_FLOW_MS, SsoRefused } from '../auth/oidc/oidc.service';
import { isHttpsRequest, readCookie, serializeSessionCookie } from '../auth/session-cookie';
import { safeNextPath } from '../web/safe-next-path';
import { jsonResponse } from './http';
import type { RouteDef } from './route-def';

/** The flow cookie: HttpOnly, SameSite=Lax (the callback is a top-level GET from the provider, RFC 6265bis §8.8), only under /api/v1/oidc. */
function flowCookie(value: string, secure: boolean, maxAgeSeconds: number): string {
  return [`${OIDC_COOKIE}=${value}`, `Path=${OIDC_COOKIE_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])].join('; ');
}

function redirect(location: string, cookies: string[]): Response {
  const headers = new Headers({ location, 'cache-control': 'no-store' });
  for (const c of cookies) headers.append('set-cookie', c);
  // 303: the browser follows with a GET whatever brought it here.
  return new Response(null, { status: 303, headers });
}

/** Single sign-on (OpenID Connect): the sign-in page's button leads to /oidc/login; the provider returns to /oidc/callback. */
export function oidcRoutes(): RouteDef[] {
  return [
    {
      method: 'GET', path: '/oidc', operationId: 'readSsoSettings', tag: 'Session', authenticated: false,
      summary: 'Whether single sign-on is configured, what the sign-in button says, and whether the password form is shown',
      response: { status: 200, description: 'sign-in options', schema: z.object({ enabled: z.boolean(), name: z.string().nullable(), passwordLogin: z.enum(['shown', 'hidden']) }) },
      handle: async ({ rt }) => jsonResponse(200, { enabled: rt.oidc !== undefined, name: rt.oidc?.name ?? null, passwordLogin: rt.passwordLogin ?? 'shown' }),
    },
    {
      method: 'GET', path: '/oidc/login', operationId: 'beginSsoLogin', tag: 'Session', authenticated: false,
      query: z.object({ next: z.string().optional().describe('a path of this console to return to after signing in') }),
      summary: 'Begin single sign-on: redirects to the identity provider (authorization code flow with PKCE S256, state and nonce); 404 when not configured',
      response: { status: 303, description: 'to the provider; sets the short-lived gh_oidc cookie (10 minutes, HttpOnly, encrypted)' },
      handle: async ({ req, query, rt }) => {
        const start = await beginSsoLogin(rt, safeNextPath(query.next));
        return redirect(start.location, [flowCookie(start.cookieValue, isHttpsRequest(req), OIDC_FLOW_MS / 1000)]);
      },
    },
    {
      method: 'GET', path: '/oidc/callback', operationId: 'completeSsoLogin', tag: 'Session', authenticated: false,
      query: z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional() }).loose(),
      summary: 'Where the identity provider returns: signs in (Set-Cookie: gh_session) and redirects to the page asked for, or to /login?sso=<reason> when refused (no mapped role, disabled account, expired or replayed sign-in, tampered state, invalid ID token)',
      response: { status: 303, description: 'to the console (signed in) or to the sign-in page with the reason' },
      handle: async ({ req, meta, rt }) => {
        const secure = isHttpsRequest(req);
        const clearFlow = flowCookie('', secure, 0);
        try {
          const done = await completeSsoLogin(rt, meta, new URL(req.url).searchParams, readCookie(req.headers.get('cookie'), OIDC_COOKIE));
          const maxAge = Math.round((done.expiresAt.getTime() - rt.now().getTime()) / 1000);
          return redirect(done.next, [clearFlow, serializeSessionCookie(done.cookieValue, { secure, maxAge })]);
        } catch (e) {
          if (e instanceof SsoRefused) return redirect(`/login?sso=${e.reason}`, [clearFlow]);
          throw e;
        }
      },
    },
  ];
}
