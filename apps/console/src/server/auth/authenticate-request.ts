import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { ServiceDeps } from '../services/deps';
import type { Principal } from './principal';
import { authenticateSession, isValidCsrfToken, type AuthenticatedSession } from './session.service';
import { CSRF_HEADER, readCookie, SESSION_COOKIE } from './session-cookie';
import { authenticateToken } from './token.service';
import { readBearer } from './token-codec';

/** Who sent a request and how: an API token (Authorization: Bearer) or a browser session (the gh_session cookie). */
export type Authentication =
  | { via: 'token'; principal: Principal }
  | { via: 'session'; principal: Principal; session: AuthenticatedSession; csrfValid: boolean };

/** Methods that must not change anything (RFC 9110 §9.2.1): they need no CSRF token. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one authentication step of REST and tRPC. A bearer token wins when present (an unknown one is an error, not a
 * fallback to the cookie); otherwise the session cookie. Undefined means anonymous. Whether the CSRF token is
 * needed depends on the operation, so it is reported (csrfValid) and enforced by the adapter with requireCsrf.
 */
export async function authenticateRequest(deps: ServiceDeps, req: { headers: Headers }): Promise<Authentication | undefined> {
  const bearer = readBearer(req.headers.get('authorization'));
  if (bearer) {
    const principal = await authenticateToken(deps, bearer);
    if (!principal) throw new DomainError('unauthenticated', 'the token is unknown, expired or revoked');
    return { via: 'token', principal };
  }
  const cookie = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
  if (!cookie) return undefined;
  const session = await authenticateSession(deps, cookie);
  if (!session) return undefined;
  return { via: 'session', principal: session.principal, session, csrfValid: isValidCsrfToken(session.session, req.headers.get(CSRF_HEADER)) };
}

/**
 * Cookie-authenticated changes must carry the session's CSRF token; token-authenticated ones need none (a
 * browser never attaches an Authorization header on its own, so a forged request cannot carry one).
 */
export function requireCsrf(auth: Authentication): void {
  if (auth.via === 'session' && !auth.csrfValid) {
    throw new DomainError('forbidden', `a change made with the session cookie needs the ${CSRF_HEADER} header of this session (GET /api/v1/session returns it)`, [
      { path: CSRF_HEADER, message: 'missing or not this session\'s token' },
    ]);
  }
}

/**
 * The browser session behind a request, for operations that only make sense for one (your password, your
 * sessions); an API token gets a 400 that says so rather than a 403 that would suggest a missing role.
 */
export function requireBrowserSession(auth: Authentication | undefined, what: string): AuthenticatedSession {
  if (auth?.via === 'session') return auth.session;
  throw new DomainError('invalid', `${what} needs a signed-in console user; this request is authenticated by an API token, which has no password or sessions`, [
    { path: 'authorization', message: 'not a browser session' },
  ]);
}

/** The error an anonymous request to a protected operation gets. */
export function authenticationRequired(): DomainError {
  return new DomainError('unauthenticated', 'authentication required: send Authorization: Bearer <token>, or sign in to the console');
}
