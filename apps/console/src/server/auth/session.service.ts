import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { appendAuditEvent } from '../audit/audit.repo';
import type { ServiceDeps } from '../services/deps';
import { runWrite } from '../services/write-transaction';
import type { Tx } from '../store/db';
import { checkLoginRateLimit, clearUserFailures, failureKeys, recordLoginFailure } from './login-rate-limit';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password';
import type { Principal, RequestContext } from './principal';
import type { RequestMeta } from './request-meta';
import { LoginSchema, SetupSchema, type UserInfo } from './user.schema';
import { insertLocalUser, principalOf, toUserInfo, userAuditObject, userRef, type UserRow } from './user.service';
import { clearSetupCodes, isValidSetupCode } from './setup-code';
import { totpChallengeFor, type TotpRequired } from './totp.service';

/**
 * Idle and absolute session lifetimes: a session ends 12 h after its last request or 7 days after sign-in,
 * whichever comes first (OWASP: both timeouts, the absolute one not extended by activity).
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-expiration
 */
export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_ABSOLUTE_MS = 7 * 86_400_000;
// lastSeenAt is written at most once a minute per session: a write per page view would queue reads behind writes.
const TOUCH_GRANULARITY_MS = 60_000;

export interface SessionRow {
  id: string;
  userId: string;
  provider: string;
  csrfSecret: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  sourceIp: string;
  userAgent: string;
}

/** What a sign-in hands to the adapter: the cookie value (set once, never stored) and what the page needs. */
export interface SignedIn {
  cookieValue: string;
  /** The absolute end of the session (the cookie's Max-Age). */
  expiresAt: Date;
  csrfToken: string;
  user: UserInfo;
}

/** A session as GET /api/v1/session describes it. */
export interface SessionView {
  user: UserInfo;
  provider: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  idleExpiresAt: string;
}

/** The session id is the SHA-256 of the cookie's 256 random bits: the table alone cannot be replayed as cookies. */
export function sessionIdOf(cookieValue: string): string {
  return createHash('sha256').update(cookieValue, 'utf8').digest('hex');
}

/**
 * The CSRF token: HMAC(csrfSecret, session id). Pages read it from GET /api/v1/session (or the server-rendered
 * shell) and send it as X-CSRF-Token on every mutation; a cross-site form can neither read it nor set a header.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#signed-double-submit-cookie-recommended
 */
export function csrfTokenFor(session: Pick<SessionRow, 'id' | 'csrfSecret'>): string {
  return createHmac('sha256', Buffer.from(session.csrfSecret, 'hex')).update(`gatehouse-csrf:${session.id}`).digest('base64url');
}

export function isValidCsrfToken(session: Pick<SessionRow, 'id' | 'csrfSecret'>, presented: string | null | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(session));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** When a session ends unless it is used again: idle timeout after its last request, capped by its absolute end. */
export function idleDeadline(s: Pick<SessionRow, 'lastSeenAt' | 'expiresAt'>): Date {
  return new Date(Math.min(s.lastSeenAt.getTime() + SESSION_IDLE_MS, s.expiresAt.getTime()));
}

export function describeSession(session: SessionRow, user: UserRow): SessionView {
  return {
    user: toUserInfo(user), provider: session.provider, csrfToken: csrfTokenFor(session), createdAt: session.createdAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(), idleExpiresAt: idleDeadline(session).toISOString(),
  };
}

/** Makes a session row inside the caller's write transaction; returns the cookie value, which is stored nowhere. */
export async function insertSession(tx: Tx, user: UserRow, meta: RequestMeta, now: Date, provider: string): Promise<SignedIn> {
  const cookieValue = randomBytes(32).toString('base64url');
  const session = await tx.session.create({
    data: {
      id: sessionIdOf(cookieValue), userId: user.id, provider, csrfSecret: randomBytes(32).toString('hex'), createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS), lastSeenAt: now, sourceIp: meta.sourceIp, userAgent: meta.userAgent,
    },
  });
  // Expired sessions of anyone are dropped here, so the table does not grow with abandoned browsers.
  await tx.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return { cookieValue, expiresAt: session.expiresAt, csrfToken: csrfTokenFor(session), user: toUserInfo(user) };
}

export function contextFor(principal: Principal, meta: RequestMeta): RequestContext {
  return { principal, ...meta };
}

/**
 * The actor of a failed sign-in: the account when it exists; otherwise the name that was typed, with the least
 * role a person can have (the account does not exist, so it has no role of its own).
 */
function failedLoginActor(username: string, user: UserRow | null): Principal {
  return user ? principalOf(user) : { type: 'user', id: '', name: username.slice(0, 100), role: 'viewer' };
}

/**
 * Signs in with a local password. Refused (429) while the user name or the client address is over the failure
 * limit; a wrong name or password is one answer (401) whether or not the account exists, and costs the same
 * time. Every outcome but the rate-limited one is audited (login / login.failed). An account with TOTP gets a
 * challenge instead of a session: the code comes next (POST /session/totp).
 */
export async function login(deps: ServiceDeps, meta: RequestMeta, body: unknown): Promise<SignedIn | TotpRequired> {
  const input = parseOrThrow(LoginSchema, body, 'sign-in');
  const keys = failureKeys(input.username, meta.sourceIp);
  await checkLoginRateLimit(deps.db, keys, deps.now());
  const user = await deps.db.prisma.user.findUnique({ where: { username: input.username } });
  const passwordOk = user?.passwordHash ? await verifyPassword(input.password, user.passwordHash) : await verifyAgainstDummy(input.password);
  const now = deps.now();
  if (!user || !passwordOk || user.disabledAt) {
    const reason = !user ? 'no such user' : !passwordOk ? (user.passwordHash ? 'wrong password' : `account signs in through ${user.provider}`) : 'account is disabled';
    await runWrite(deps, {}, async (tx) => {
      await recordLoginFailure(tx, keys, now);
      await appendAuditEvent(tx, contextFor(failedLoginActor(input.username, user), meta), { action: 'login.failed', ref: userRef(input.username.slice(0, 100)), message: reason }, now);
    });
    // Only someone who knows the password learns that the account is disabled.
    if (user && passwordOk) throw new DomainError('unauthenticated', 'this account is disabled; ask an administrator', [{ path: 'username', message: 'disabled' }]);
    throw new DomainError('unauthenticated', 'wrong user name or password', [{ path: 'password', message: 'wrong user name or password' }]);
  }
  // Two-step sign-in: the password was right; the session waits for a code (totp.service.ts completeTotpLogin).
  if (user.totpSecret) return totpChallengeFor(deps, user, now);
  // Parameters raised since this hash was made: store a fresh one now that we have the password.
  const rehash = user.passwordHash && needsRehash(user.passwordHash) ? await hashPassword(input.password) : undefined;
  return runWrite(deps, {}, async (tx) => {
    const updated = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now, ...(rehash ? { passwordHash: rehash } : {}) } });
    await clearUserFailures(tx, user.username);
    const signedIn = await insertSession(tx, updated, meta, now, 'local');
    await appendAuditEvent(tx, contextFor(principalOf(updated), meta), { action: 'login', ref: userRef(user.username), message: 'signed in with a password' }, now);
    return signedIn;
  });
}

/**
 * First-run setup: creates the first administrator and signs them in, only while no account exists and only with
 * the setup code from the console's log (or an admin token such as the bootstrap token): 403 otherwise. The check
 * runs under the store's write lock, so of two concurrent setups exactly one succeeds (the other gets 409).
 */
export async function setupFirstAdmin(deps: ServiceDeps, meta: RequestMeta, body: unknown): Promise<SignedIn> {
  // Closed is closed, whatever the body says: check that before validating it.
  if ((await deps.db.prisma.user.count()) > 0) throw setupDone();
  const input = parseOrThrow(SetupSchema, body, 'setup');
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    if ((await tx.user.count()) > 0) throw setupDone();
    if (!(await isValidSetupCode(tx, input.setupCode, now))) {
      throw new DomainError('forbidden', 'the setup code is not right: use the code printed in the console\'s log when it started (or the bootstrap token)', [{ path: 'setupCode', message: 'not the code in the console\'s log' }]);
    }
    await clearSetupCodes(tx);
    const user = await insertLocalUser(tx, { username: input.username, displayName: input.displayName, passwordHash, role: 'admin' }, 'first-run setup', now);
    const ctx = contextFor(principalOf(user), meta);
    await appendAuditEvent(tx, ctx, { action: 'user.create', ref: userRef(user.username), after: userAuditObject(user), message: 'first administrator (first-run setup)' }, now);
    const updated = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    const signedIn = await insertSession(tx, updated, meta, now, 'local');
    await appendAuditEvent(tx, ctx, { action: 'login', ref: userRef(user.username), message: 'signed in after first-run setup' }, now);
    return signedIn;
  });
}

function setupDone(): DomainError {
  return new DomainError('conflict', 'setup is already done: an account exists; sign in instead', [{ path: 'username', message: 'setup is done' }]);
}

/** Ends one session (sign-out), audited. Ending a session that is already gone is not an error. */
export async function logout(deps: ServiceDeps, ctx: RequestContext, sessionId: string): Promise<void> {
  const now = deps.now();
  await runWrite(deps, {}, async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: sessionId } });
    if (count > 0) await appendAuditEvent(tx, ctx, { action: 'logout', ref: userRef(ctx.principal.name), message: 'signed out' }, now);
  });
}

export interface AuthenticatedSession {
  principal: Principal;
  session: SessionRow;
  user: UserRow;
}

/**
 * The session a cookie value stands for, or undefined when it is unknown, past its idle or absolute end, or its
 * account is disabled. The role is read from the account on every request, so a role change applies at once.
 */
export async function authenticateSession(deps: ServiceDeps, cookieValue: string): Promise<AuthenticatedSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return undefined;
  const session = await deps.db.prisma.session.findUnique({ where: { id: sessionIdOf(cookieValue) } });
  if (!session) return undefined;
  const now = deps.now();
  if (now >= idleDeadline(session)) {
    await deps.db.prisma.session.deleteMany({ where: { id: session.id } }).catch(() => undefined);
    return undefined;
  }
  const user = await deps.db.prisma.user.findUnique({ where: { id: session.userId } });
  if (!user || user.disabledAt) return undefined;
  let current = session;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_GRANULARITY_MS) {
    current = { ...session, lastSeenAt: now };
    await deps.db.prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: now } }).catch(() => undefined);
  }
  return { principal: principalOf(user), session: current, user };
}
