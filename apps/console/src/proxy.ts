import { NextResponse, type NextRequest } from 'next/server';
import { consoleTrustedProxies, readClientOrigin } from './server/auth/trusted-proxies';
import { pageContentSecurityPolicy, securityHeaders } from './server/web/security-headers';

/**
 * Runs before every console page (not the APIs, not static files). An optimistic check only (Next.js's advice:
 * no database here): without a session cookie the person is sent to /login with the page they asked for; the
 * console layout does the real check. It also tells server components which path was asked for, and sets the
 * security headers (server/web/security-headers.ts) with a nonce made for this response: Next.js finds it in the
 * request's Content-Security-Policy header and puts it on its scripts; the root layout reads it from x-nonce.
 * @see https://nextjs.org/docs/app/guides/authentication#optimistic-checks-with-proxy-optional
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  // Sign-in pages and the icon (every page, signed in or not, shows it) need no session.
  const open = pathname === '/login' || pathname === '/setup' || pathname === '/icon.svg';
  const path = `${pathname}${search}`;
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  let response: NextResponse;
  if (!open && !request.cookies.has('gh_session')) {
    const login = new URL('/login', request.url);
    if (path !== '/') login.searchParams.set('next', path);
    response = NextResponse.redirect(login);
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set('x-gatehouse-path', path);
    forwarded.set('x-nonce', nonce);
    forwarded.set('content-security-policy', csp);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  const https = readClientOrigin(request.headers, consoleTrustedProxies(), request.url).https;
  for (const [k, v] of Object.entries(securityHeaders({ csp, https }))) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
};
