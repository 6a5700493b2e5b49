import { z } from 'zod';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { describeSession, login, logout, setupFirstAdmin, type SignedIn } from '../auth/session.service';
import { clearSessionCookie, isHttpsRequest, serializeSessionCookie } from '../auth/session-cookie';
import { CreateUserSchema, LoginSchema, SetupSchema, UpdateUserSchema, USER_ROLES } from '../auth/user.schema';
import { createUser, disableUser, isSetupRequired, listUsers, updateUser } from '../auth/user.service';
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

const WhoAmISchema = z.object({
  principal: z.object({ type: z.enum(['token', 'user', 'system']), id: z.string(), name: z.string(), role: z.string() }),
  session: z
    .object({ user: UserInfoSchema, provider: z.string(), csrfToken: z.string(), createdAt: z.string(), expiresAt: z.string(), idleExpiresAt: z.string() })
    .optional()
    .describe('present when the caller is a browser session'),
});

async function readJson(req: Request): Promise<unknown> {
  bodyKindOf(req.headers.get('content-type'), ['json']);
  return parseJsonBody(await readBodyText(req));
}

/** The sign-in answer: the session cookie in Set-Cookie (HttpOnly: the page never sees it), the rest in the body. */
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
      handle: async ({ req, meta, rt }) => signedInResponse(req, rt.now(), 201, await setupFirstAdmin(rt, meta, await readJson(req))),
    },
    {
      method: 'POST', path: '/session', operationId: 'signIn', tag: 'Session', authenticated: false,
      summary: 'Sign in with a user name and password (429 with Retry-After after repeated failures)',
      body: { schema: LoginSchema, description: 'user name and password' },
      response: { status: 200, description: 'signed in (Set-Cookie: gh_session)', schema: SignedInSchema },
      handle: async ({ req, meta, rt }) => signedInResponse(req, rt.now(), 200, await login(rt, meta, await readJson(req))),
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
  ];
}
