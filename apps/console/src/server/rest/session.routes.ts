import { z } from 'zod';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { changeOwnPassword, endOtherOwnSessions, endOwnSession, endUserSessions, listOwnSessions, listUserSessions } from '../auth/account.service';
import { requireBrowserSession } from '../auth/authenticate-request';
import { describeSession, login, logout, setupFirstAdmin, type SignedIn } from '../auth/session.service';
import { clearSessionCookie, isHttpsRequest, serializeSessionCookie } from '../auth/session-cookie';
import { ChangePasswordSchema, CreateUserSchema, LoginSchema, SetupSchema, UpdateUserSchema, USER_ROLES } from '../auth/user.schema';
import { createUser, disableUser, isSetupRequired, listUsers, updateUser } from '../auth/user.service';
import {
  beginTotpEnrolment, completeTotpLogin, confirmTotpEnrolment, disableOwnTotp, resetUserTotp, totpStatus, TotpConfirmSchema, TotpLoginSchema, TotpPasswordSchema,
} from '../auth/totp.service';
import { bodyKindOf, jsonResponse, parseJsonBody, readBodyText } from './http';
import type { RouteDef } from './route-def';

const UserInfoSchema = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), role: z.enum(USER_ROLES), provider: z.string().describe('`local`, or the identity provider'),
  createdAt: z.string(), createdBy: z.string(), updatedAt: z.string().nullable(), lastLoginAt: z.string().nullable(), disabledAt: z.string().nullable(),
});

const SignedInSchema = z.object({
  user: UserInfoSchema,
  csrfToken: z.string().describe('send as X-CSRF-Token with every change made with the session cookie'),
  expiresAt: z.string().describe('the session ends at the latest then (7 days); after 12 h without a request it ends earlier'),
});

const TotpRequiredSchema = z.object({
  totpRequired: z.literal(true),
  challenge: z.string().describe('send with the code to POST /session/totp'),
  expiresAt: z.string().describe('the code must follow within 5 minutes'),
});

const TotpStatusSchema = z.object({
  enabled: z.boolean(), enabledAt: z.string().nullable(), pending: z.boolean().describe('an enrolment waits for its first code'),
  recoveryCodesLeft: z.number().int(),
});

const WhoAmISchema = z.object({
  principal: z.object({ type: z.enum(['token', 'user', 'system']), id: z.string(), name: z.string(), role: z.string() }),
  session: z
    .object({ user: UserInfoSchema, provider: z.string(), csrfToken: z.string(), createdAt: z.string(), expiresAt: z.string(), idleExpiresAt: z.string() })
    .optional()
    .describe('present when the caller is a browser session'),
});

const SessionInfoSchema = z.object({
  id: z.string().describe('a display id derived from the session: names it for DELETE, is no credential'),
  current: z.boolean().describe('the session making this request'),
  provider: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().describe('its last request (recorded at most once a minute)'),
  idleExpiresAt: z.string().describe('when it ends unless used again'),
  expiresAt: z.string().describe('when it ends at the latest'),
  sourceIp: z.string().describe('the address it signed in from'),
  userAgent: z.string().describe('the browser it signed in with'),
});
const SessionListSchema = z.object({ items: z.array(SessionInfoSchema) });
const SessionsEndedSchema = z.object({ endedSessions: z.number().int().describe('how many sessions were signed out') });

async function readJson(req: Request): Promise<unknown> {
  bodyKindOf(req.headers.get('content-type'), ['json']);
  return parseJsonBody(await readBodyText(req));
}

/**
 * The sign-in answer: the session cookie in Set-Cookie (HttpOnly: the page never sees it), the rest in the body.
 * `now` is read after the sign-in, so Max-Age never outlasts the session (a slow KDF must not add a second).
 */
function signedInResponse(req: Request, now: Date, status: number, s: SignedIn): Response {
  const maxAge = Math.round((s.expiresAt.getTime() - now.getTime()) / 1000);
  return jsonResponse(status, { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() }, {
    'set-cookie': serializeSessionCookie(s.cookieValue, { secure: isHttpsRequest(req), maxAge }),
    'cache-control': 'no-store',
  });
}

/** Sign-in, sign-out, first-run setup and console accounts. */
export function sessionRoutes(): RouteDef[] {
  return [
    {
      method: 'GET', path: '/setup', operationId: 'readSetup', tag: 'Session', authenticated: false,
      summary: 'Whether first-run setup is open (no account exists yet)',
      response: { status: 200, description: 'setup state', schema: z.object({ required: z.boolean() }) },
      handle: async ({ rt }) => jsonResponse(200, { required: await isSetupRequired(rt) }),
    },
    {
      method: 'POST', path: '/setup', operationId: 'setup', tag: 'Session', authenticated: false,
      summary: 'Create the first administrator and sign in (only while no account exists; 409 afterwards)',
      body: { schema: SetupSchema, description: 'user name, display name, password (at least 12 characters)' },
      response: { status: 201, description: 'the administrator, signed in (Set-Cookie: gh_session)', schema: SignedInSchema },
      handle: async ({ req, meta, rt }) => {
        const signedIn = await setupFirstAdmin(rt, meta, await readJson(req));
        return signedInResponse(req, rt.now(), 201, signedIn);
      },
    },
    {
      method: 'POST', path: '/session', operationId: 'signIn', tag: 'Session', authenticated: false,
      summary: 'Sign in with a user name and password (429 with Retry-After after repeated failures). An account with two-step sign-in answers 202 with a challenge: send it with a code to POST /session/totp',
      body: { schema: LoginSchema, description: 'user name and password' },
      response: { status: 200, description: 'signed in (Set-Cookie: gh_session); 202 with TotpRequired when a code is needed', schema: z.union([SignedInSchema, TotpRequiredSchema]) },
      handle: async ({ req, meta, rt }) => {
        const result = await login(rt, meta, await readJson(req));
        if ('totpRequired' in result) return jsonResponse(202, { totpRequired: true, challenge: result.challenge, expiresAt: result.expiresAt.toISOString() }, { 'cache-control': 'no-store' });
        return signedInResponse(req, rt.now(), 200, result);
      },
    },
    {
      method: 'POST', path: '/session/totp', operationId: 'signInTotp', tag: 'Session', authenticated: false,
      summary: 'Second step of a sign-in: the challenge from POST /session and a 6-digit TOTP code (RFC 6238) or a recovery code. Each code works once; wrong codes count like wrong passwords (429)',
      body: { schema: TotpLoginSchema, description: 'challenge and code' },
      response: { status: 200, description: 'signed in (Set-Cookie: gh_session)', schema: SignedInSchema },
      handle: async ({ req, meta, rt }) => signedInResponse(req, rt.now(), 200, await completeTotpLogin(rt, meta, await readJson(req))),
    },
    {
      method: 'GET', path: '/me/totp', operationId: 'readOwnTotp', tag: 'Session', authenticated: true,
      summary: 'Whether two-step sign-in (TOTP) is on for your account, and how many recovery codes are left',
      response: { status: 200, description: 'the state', schema: TotpStatusSchema },
      handle: async ({ auth, rt }) => jsonResponse(200, await totpStatus(rt, requireBrowserSession(auth, 'two-step sign-in')), { 'cache-control': 'no-store' }),
    },
    {
      method: 'POST', path: '/me/totp', operationId: 'beginTotpEnrolment', tag: 'Session', authenticated: true,
      summary: 'Begin enrolling an authenticator app (local accounts; needs your current password): answers the seed, its otpauth:// URI and a QR code',
      body: { schema: TotpPasswordSchema, description: 'your current password' },
      response: { status: 200, description: 'the seed to scan or type; nothing changes until POST /me/totp/confirm', schema: z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string().describe('the URI as a QR code, SVG') }) },
      handle: async ({ req, auth, ctx, rt }) => jsonResponse(200, await beginTotpEnrolment(rt, ctx, requireBrowserSession(auth, 'two-step sign-in'), await readJson(req)), { 'cache-control': 'no-store' }),
    },
    {
      method: 'POST', path: '/me/totp/confirm', operationId: 'confirmTotpEnrolment', tag: 'Session', authenticated: true,
      summary: 'Finish enrolment with a code from the app: two-step sign-in is on; answers 10 recovery codes, shown this once',
      body: { schema: TotpConfirmSchema, description: 'the 6-digit code the app shows' },
      response: { status: 200, description: 'on', schema: z.object({ recoveryCodes: z.array(z.string()) }) },
      handle: async ({ req, auth, ctx, rt }) => jsonResponse(200, await confirmTotpEnrolment(rt, ctx, requireBrowserSession(auth, 'two-step sign-in'), await readJson(req)), { 'cache-control': 'no-store' }),
    },
    {
      method: 'POST', path: '/me/totp/disable', operationId: 'disableOwnTotp', tag: 'Session', authenticated: true,
      summary: 'Turn two-step sign-in off for your account (needs your current password)',
      body: { schema: TotpPasswordSchema, description: 'your current password' },
      response: { status: 204, description: 'off' },
      handle: async ({ req, auth, ctx, rt }) => {
        await disableOwnTotp(rt, ctx, requireBrowserSession(auth, 'two-step sign-in'), await readJson(req));
        return new Response(null, { status: 204 });
      },
    },
    {
      method: 'GET', path: '/session', operationId: 'whoAmI', tag: 'Session', authenticated: true,
      summary: 'Who is calling; for a browser session also its CSRF token and when it ends',
      response: { status: 200, description: 'the caller', schema: WhoAmISchema },
      handle: async ({ auth }) => {
        const session = auth.via === 'session' ? describeSession(auth.session.session, auth.session.user) : undefined;
        return jsonResponse(200, { principal: auth.principal, ...(session ? { session } : {}) }, { 'cache-control': 'no-store' });
      },
    },
    {
      method: 'DELETE', path: '/session', operationId: 'signOut', tag: 'Session', authenticated: true,
      summary: 'Sign out: ends this browser session (needs X-CSRF-Token)',
      response: { status: 204, description: 'signed out; the cookie is cleared' },
      handle: async ({ req, auth, ctx, rt }) => {
        if (auth.via !== 'session') {
          throw new DomainError('invalid', 'sign-out ends a browser session; this request is authenticated by an API token (revoke it with DELETE /api/v1/tokens/{id})', [
            { path: 'authorization', message: 'not a session' },
          ]);
        }
        await logout(rt, ctx, auth.session.session.id);
        return new Response(null, { status: 204, headers: { 'set-cookie': clearSessionCookie(isHttpsRequest(req)) } });
      },
    },
    {
      method: 'PUT', path: '/me/password', operationId: 'changeOwnPassword', tag: 'Session', authenticated: true,
      summary: 'Change your own password (browser sessions; needs X-CSRF-Token). Other sessions end, this one stays; a wrong current password counts like a failed sign-in (429 after repeated ones)',
      body: { schema: ChangePasswordSchema, description: 'the current password and the new one (at least 12 characters, not containing the user name)' },
      response: { status: 200, description: 'changed', schema: z.object({ passwordChangedAt: z.string(), endedSessions: z.number().int().describe('other sessions that were signed out') }) },
      handle: async ({ req, auth, ctx, rt }) => {
        const current = requireBrowserSession(auth, 'changing your password');
        return jsonResponse(200, await changeOwnPassword(rt, ctx, current, await readJson(req)), { 'cache-control': 'no-store' });
      },
    },
    {
      method: 'GET', path: '/me/sessions', operationId: 'listOwnSessions', tag: 'Session', authenticated: true,
      summary: 'Your active browser sessions, the current one marked (browser sessions only)',
      response: { status: 200, description: 'sessions, the current one first', schema: SessionListSchema },
      handle: async ({ auth, rt }) => jsonResponse(200, { items: await listOwnSessions(rt, requireBrowserSession(auth, 'listing your sessions')) }, { 'cache-control': 'no-store' }),
    },
    {
      method: 'POST', path: '/me/sessions/end-others', operationId: 'endOtherOwnSessions', tag: 'Session', authenticated: true,
      summary: 'Sign out all your other sessions; this one stays (needs X-CSRF-Token)',
      response: { status: 200, description: 'the other sessions ended', schema: SessionsEndedSchema },
      handle: async ({ auth, ctx, rt }) => jsonResponse(200, await endOtherOwnSessions(rt, ctx, requireBrowserSession(auth, 'ending your sessions'))),
    },
    {
      method: 'DELETE', path: '/me/sessions/{id}', operationId: 'endOwnSession', tag: 'Session', authenticated: true,
      summary: 'Sign out one of your other sessions by its id from GET /me/sessions (the current one: DELETE /session)',
      response: { status: 204, description: 'the session ended' },
      handle: async ({ params, auth, ctx, rt }) => {
        await endOwnSession(rt, ctx, requireBrowserSession(auth, 'ending your sessions'), params.id!);
        return new Response(null, { status: 204 });
      },
    },
    {
      method: 'GET', path: '/users', operationId: 'listUsers', tag: 'Users', authenticated: true,
      summary: 'Console accounts (admins)', response: { status: 200, description: 'accounts, never their password hashes', schema: z.object({ items: z.array(UserInfoSchema) }) },
      handle: async ({ ctx, rt }) => jsonResponse(200, { items: await listUsers(rt, ctx) }),
    },
    {
      method: 'POST', path: '/users', operationId: 'createUser', tag: 'Users', authenticated: true,
      summary: 'Create a local account (admins)', body: { schema: CreateUserSchema, description: 'user name, display name, password, role' },
      response: { status: 201, description: 'the account', schema: UserInfoSchema },
      handle: async ({ req, ctx, rt }) => jsonResponse(201, await createUser(rt, ctx, await readJson(req))),
    },
    {
      method: 'PUT', path: '/users/{id}', operationId: 'updateUser', tag: 'Users', authenticated: true,
      summary: 'Change an account (admins): display name, role, disabled, or reset its password (ends its sessions)',
      body: { schema: UpdateUserSchema, description: 'any of displayName, role, disabled, password' },
      response: { status: 200, description: 'the account', schema: UserInfoSchema },
      handle: async ({ req, params, ctx, rt }) => jsonResponse(200, await updateUser(rt, ctx, params.id!, await readJson(req))),
    },
    {
      method: 'DELETE', path: '/users/{id}', operationId: 'disableUser', tag: 'Users', authenticated: true,
      summary: 'Disable an account (admins); it stays for the audit log and can be enabled again with PUT',
      response: { status: 200, description: 'the disabled account', schema: UserInfoSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await disableUser(rt, ctx, params.id!)),
    },
    {
      method: 'GET', path: '/users/{id}/sessions', operationId: 'listUserSessions', tag: 'Users', authenticated: true,
      summary: "An account's active browser sessions (admins)",
      response: { status: 200, description: 'sessions, most recently used first', schema: SessionListSchema },
      handle: async ({ params, auth, ctx, rt }) =>
        jsonResponse(200, { items: await listUserSessions(rt, ctx, params.id!, auth.via === 'session' ? auth.session.session.id : undefined) }, { 'cache-control': 'no-store' }),
    },
    {
      method: 'DELETE', path: '/users/{id}/totp', operationId: 'resetUserTotp', tag: 'Users', authenticated: true,
      summary: "Reset an account's two-step sign-in (admins): a lost phone; the next sign-in needs the password only",
      response: { status: 200, description: 'the account\'s two-step sign-in state (off)', schema: TotpStatusSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await resetUserTotp(rt, ctx, params.id!)),
    },
    {
      method: 'DELETE', path: '/users/{id}/sessions', operationId: 'endUserSessions', tag: 'Users', authenticated: true,
      summary: 'Sign an account out everywhere (admins); its password stays, so it can sign in again',
      response: { status: 200, description: 'the sessions ended', schema: SessionsEndedSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await endUserSessions(rt, ctx, params.id!)),
    },
  ];
}
