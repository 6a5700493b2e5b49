import { createHash } from 'node:crypto';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { appendAuditEvent } from '../audit/audit.repo';
import type { ServiceDeps } from '../services/deps';
import { runWrite } from '../services/write-transaction';
import { checkLoginRateLimit, clearUserFailures, failureKeys, recordLoginFailure, type RateLimitWording } from './login-rate-limit';
import { hashPassword, verifyPassword } from './password';
import { authorize, type RequestContext } from './principal';
import { idleDeadline, type AuthenticatedSession, type SessionRow } from './session.service';
import {
  ChangePasswordSchema, PASSWORD_CONTAINS_USERNAME, passwordContainsUsername, type PasswordChanged, type SessionInfo, type SessionsEnded,
} from './user.schema';
import { userRef } from './user.service';

/**
 * A person's own account (their password and their sessions) and an administrator's view of another account's
 * sessions. Every change is audited against the account (kind User); reads are not.
 */

const WRONG_CURRENT_PASSWORD: RateLimitWording = { field: 'currentPassword', what: 'wrong passwords' };

/**
 * The id a session is shown and ended by: a hash of the stored id (which is itself a hash of the cookie), cut to
 * 16 hex digits. It names a session without being one: neither it nor the stored id can be turned into a cookie,
 * and the stored id never leaves the server.
 */
export function publicSessionId(sessionId: string): string {
  return createHash('sha256').update(`gatehouse-session-display:${sessionId}`, 'utf8').digest('hex').slice(0, 16);
}

function toSessionInfo(s: SessionRow, currentId: string | undefined): SessionInfo {
  return {
    id: publicSessionId(s.id), current: s.id === currentId, provider: s.provider, createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(), idleExpiresAt: idleDeadline(s).toISOString(), expiresAt: s.expiresAt.toISOString(),
    sourceIp: s.sourceIp, userAgent: s.userAgent,
  };
}

/** The account's sessions that still work (idle and absolute end not reached): the current one first, then by last use. */
async function activeSessions(deps: ServiceDeps, userId: string, currentId: string | undefined): Promise<SessionInfo[]> {
  const now = deps.now();
  const rows = await deps.db.prisma.session.findMany({ where: { userId, expiresAt: { gt: now } }, orderBy: { lastSeenAt: 'desc' } });
  return rows
    .filter((s) => idleDeadline(s) > now)
    .map((s) => toSessionInfo(s, currentId))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Changes the signed-in person's own password. The current password is checked first and a wrong one counts
 * against the sign-in rate limit of the account and the address (the same 429 after 5 wrong ones), so a session
 * left open cannot be used to guess it. On success every other session of the account ends, the one making the
 * change stays, and the event says so (never the password or its hash).
 */
export async function changeOwnPassword(deps: ServiceDeps, ctx: RequestContext, current: AuthenticatedSession, body: unknown): Promise<PasswordChanged> {
  const input = parseOrThrow(ChangePasswordSchema, body, 'password change');
  const user = await deps.db.prisma.user.findUnique({ where: { id: current.user.id } });
  if (!user || user.disabledAt) throw new DomainError('unauthenticated', 'your account no longer exists or is disabled');
  if (user.provider !== 'local' || !user.passwordHash) {
    throw new DomainError('unprocessable', `you sign in through ${user.provider}; change your password there`, [{ path: 'currentPassword', message: 'this account has no password here' }]);
  }
  if (passwordContainsUsername(input.newPassword, user.username)) {
    throw new DomainError('invalid', `password change is invalid: newPassword: ${PASSWORD_CONTAINS_USERNAME}`, [{ path: 'newPassword', message: PASSWORD_CONTAINS_USERNAME }]);
  }
  const keys = failureKeys(user.username, ctx.sourceIp);
  await checkLoginRateLimit(deps.db, keys, deps.now(), WRONG_CURRENT_PASSWORD);
  const verifiedHash = user.passwordHash;
  if (!(await verifyPassword(input.currentPassword, verifiedHash))) {
    const now = deps.now();
    await runWrite(deps, {}, async (tx) => {
      await recordLoginFailure(tx, keys, now);
      await appendAuditEvent(tx, ctx, { action: 'user.password.failed', ref: userRef(user.username), message: 'wrong current password in a password change' }, now);
    });
    // 400, not 401: the session is fine (a 401 would make the console send the person to the sign-in page).
    throw new DomainError('invalid', 'the current password is wrong', [{ path: 'currentPassword', message: 'wrong password' }]);
  }
  // Hash before the transaction: ~0.1 s of KDF must not hold the store's write lock.
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const before = await tx.user.findUnique({ where: { id: user.id } });
    // An administrator reset the password between the check and now: the password just verified is no longer it.
    if (!before || before.passwordHash !== verifiedHash) {
      throw new DomainError('conflict', 'your password was changed meanwhile (by an administrator?); sign in again', [{ path: 'currentPassword', message: 'changed meanwhile' }]);
    }
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now, updatedAt: now } });
    const ended = (await tx.session.deleteMany({ where: { userId: user.id, id: { not: current.session.id } } })).count;
    await clearUserFailures(tx, user.username);
    await appendAuditEvent(tx, ctx, { action: 'user.password', ref: userRef(user.username), message: `password changed by the user; ${ended} other session(s) ended` }, now);
    return { passwordChangedAt: now.toISOString(), endedSessions: ended };
  });
}

/** The signed-in person's active sessions, the current one marked. */
export function listOwnSessions(deps: ServiceDeps, current: AuthenticatedSession): Promise<SessionInfo[]> {
  return activeSessions(deps, current.user.id, current.session.id);
}

/**
 * Ends one of the signed-in person's other sessions (a browser left signed in elsewhere). Another account's
 * session id is simply not found; the session making the request is ended by signing out (DELETE /session).
 */
export async function endOwnSession(deps: ServiceDeps, ctx: RequestContext, current: AuthenticatedSession, id: string): Promise<void> {
  if (id === publicSessionId(current.session.id)) {
    throw new DomainError('unprocessable', 'this is the session making the request: sign out instead (DELETE /api/v1/session)', [{ path: 'id', message: 'the current session' }]);
  }
  const now = deps.now();
  await runWrite(deps, {}, async (tx) => {
    const rows = await tx.session.findMany({ where: { userId: current.user.id } });
    const target = rows.find((s) => publicSessionId(s.id) === id);
    if (!target) throw new DomainError('not_found', `you have no session ${id}`);
    await tx.session.delete({ where: { id: target.id } });
    await appendAuditEvent(tx, ctx, {
      action: 'session.end', ref: userRef(current.user.username),
      message: `session ${id}${target.sourceIp ? ` from ${target.sourceIp}` : ''} ended by the user`,
    }, now);
  });
}

/** "Sign out all other sessions": every session of the account but the one making the request. */
export async function endOtherOwnSessions(deps: ServiceDeps, ctx: RequestContext, current: AuthenticatedSession): Promise<SessionsEnded> {
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const ended = (await tx.session.deleteMany({ where: { userId: current.user.id, id: { not: current.session.id } } })).count;
    await appendAuditEvent(tx, ctx, { action: 'session.end-others', ref: userRef(current.user.username), message: `${ended} other session(s) ended by the user` }, now);
    return { endedSessions: ended };
  });
}

/** An account's active sessions (administrators); `currentSessionId` marks the caller's own when it is among them. */
export async function listUserSessions(deps: ServiceDeps, ctx: RequestContext, userId: string, currentSessionId?: string): Promise<SessionInfo[]> {
  authorize(ctx, 'tokens.manage');
  const user = await deps.db.prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new DomainError('not_found', `user ${userId} not found`);
  return activeSessions(deps, user.id, currentSessionId);
}

/**
 * "Sign out everywhere" (administrators): ends every session of the account. The password stays, so the person
 * can sign in again; to keep them out, disable the account or reset its password.
 */
export async function endUserSessions(deps: ServiceDeps, ctx: RequestContext, userId: string): Promise<SessionsEnded> {
  authorize(ctx, 'tokens.manage');
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new DomainError('not_found', `user ${userId} not found`);
    const ended = (await tx.session.deleteMany({ where: { userId } })).count;
    await appendAuditEvent(tx, ctx, { action: 'user.sessions.end', ref: userRef(user.username), message: `signed out everywhere by an administrator; ${ended} session(s) ended` }, now);
    return { endedSessions: ended };
  });
}
