import { NextResponse, type NextRequest } from 'next/server';

/**
 * Runs before every console page (not the APIs, not static files). An optimistic check only (Next.js's advice:
 * no database here): without a session cookie the person is sent to /login with the page they asked for; the
 * console layout does the real check. It also tells server components which path was asked for, and sets the
 * headers that keep the console out of other sites' frames.
 * @see https://nextjs.org/docs/app/guides/authentication#optimistic-checks-with-proxy-optional
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  // Sign-in pages and the icon (every page, signed in or not, shows it) need no session.
  const open = pathname === '/login' || pathname === '/setup' || pathname === '/icon.svg';
  const path = `${pathname}${search}`;
  let response: NextResponse;
  if (!open && !request.cookies.has('gh_session')) {
    const login = new URL('/login', request.url);
    if (path !== '/') login.searchParams.set('next', path);
    response = NextResponse.redirect(login);
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set('x-gatehouse-path', path);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  response.headers.set('x-frame-options', 'DENY');
  response.headers.set('content-security-policy', "frame-ancestors 'none'");
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|favicon.ico).*)'],
};
