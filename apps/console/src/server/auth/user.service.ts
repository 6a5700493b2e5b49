import { randomUUID } from 'node:crypto';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { appendAuditEvent } from '../audit/audit.repo';
import type { ServiceDeps } from '../services/deps';
import { runWrite } from '../services/write-transaction';
import type { ObjectRef } from '../store/object-key';
import type { Tx } from '../store/db';
import { hashPassword } from './password';
import { authorize, type Principal, type RequestContext } from './principal';
import { CreateUserSchema, PASSWORD_CONTAINS_USERNAME, passwordContainsUsername, UpdateUserSchema, type UserInfo, type UserRole } from './user.schema';

/** The columns of a User row this code reads (never selected out to clients: see toUserInfo). */
export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  role: string;
  provider: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date | null;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
}

/** The only way a user leaves the server: without its password hash. */
export function toUserInfo(r: UserRow): UserInfo {
  return {
    id: r.id, username: r.username, displayName: r.displayName, role: r.role as UserRole, provider: r.provider,
    createdAt: r.createdAt.toISOString(), createdBy: r.createdBy, updatedAt: r.updatedAt?.toISOString() ?? null,
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null, disabledAt: r.disabledAt?.toISOString() ?? null,
  };
}

export function principalOf(user: Pick<UserRow, 'id' | 'username' | 'role'>): Principal {
  return { type: 'user', id: user.id, name: user.username, role: user.role as UserRole };
}

/** Users appear in the audit log as objects of kind User in group gatehouse.dev, like API tokens. */
export function userRef(username: string): ObjectRef {
  return { group: 'gatehouse.dev', kind: 'User', namespace: '', name: username };
}

/** What the audit log keeps of a user (before/after): what an administrator can change, never a password hash. */
export function userAuditObject(r: UserRow): KubeObject {
  return {
    apiVersion: 'gatehouse.dev/v1',
    kind: 'User',
    metadata: { name: r.username, uid: r.id },
    spec: { displayName: r.displayName, role: r.role, provider: r.provider, disabled: r.disabledAt !== null },
  };
}

/** Inserts a local account inside the caller's write transaction; a taken user name is a conflict. */
export async function insertLocalUser(
  tx: Tx,
  input: { username: string; displayName: string; passwordHash: string; role: UserRole },
  createdBy: string,
  now: Date,
): Promise<UserRow> {
  if (await tx.user.findUnique({ where: { username: input.username } })) {
    throw new DomainError('already_exists', `user ${input.username} already exists`, [{ path: 'username', message: 'already taken' }]);
  }
  return tx.user.create({
    data: {
      id: randomUUID(), username: input.username, displayName: input.displayName, passwordHash: input.passwordHash, role: input.role,
      provider: 'local', createdAt: now, createdBy, passwordChangedAt: now,
    },
  });
}

/** True while no account exists: the console then offers first-run setup (/setup) instead of sign-in. */
export async function isSetupRequired(deps: ServiceDeps): Promise<boolean> {
  return (await deps.db.prisma.user.count()) === 0;
}

export async function listUsers(deps: ServiceDeps, ctx: RequestContext): Promise<UserInfo[]> {
  authorize(ctx, 'tokens.manage');
  const rows = await deps.db.prisma.user.findMany({ orderBy: { username: 'asc' } });
  return rows.map(toUserInfo);
}

/** An administrator makes a local account. */
export async function createUser(deps: ServiceDeps, ctx: RequestContext, body: unknown): Promise<UserInfo> {
  authorize(ctx, 'tokens.manage');
  const input = parseOrThrow(CreateUserSchema, body, 'user');
  // Hash before the transaction: ~0.1 s of KDF must not hold the store's write lock.
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();
  const row = await runWrite(deps, {}, async (tx) => {
    const created = await insertLocalUser(tx, { ...input, passwordHash }, ctx.principal.name, now);
    await appendAuditEvent(tx, ctx, { action: 'user.create', ref: userRef(created.username), after: userAuditObject(created), message: `role ${created.role}` }, now);
    return created;
  });
  return toUserInfo(row);
}

async function countOtherActiveAdmins(tx: Tx, exceptId: string): Promise<number> {
  return tx.user.count({ where: { role: 'admin', disabledAt: null, id: { not: exceptId } } });
}

/**
 * Changes display name, role, enabled state or password (an administrator's reset). Disabling and a password
 * reset end the account's sessions; a role change applies to open sessions at their next request. The last
 * active administrator cannot be demoted or disabled, and nobody can disable their own account.
 */
export async function updateUser(deps: ServiceDeps, ctx: RequestContext, id: string, body: unknown): Promise<UserInfo> {
  authorize(ctx, 'tokens.manage');
  const input = parseOrThrow(UpdateUserSchema, body, 'user');
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  const now = deps.now();
  const row = await runWrite(deps, {}, async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw new DomainError('not_found', `user ${id} not found`);
    const wasActiveAdmin = before.role === 'admin' && before.disabledAt === null;
    const losesAdmin = (input.role !== undefined && input.role !== 'admin') || input.disabled === true;
    if (wasActiveAdmin && losesAdmin && (await countOtherActiveAdmins(tx, id)) === 0) {
      throw new DomainError('unprocessable', `${before.username} is the last active administrator; make another account an administrator first`, [
        { path: input.disabled === true ? 'disabled' : 'role', message: 'the last active administrator must stay' },
      ]);
    }
    if (input.disabled === true && ctx.principal.type === 'user' && ctx.principal.id === id) {
      throw new DomainError('unprocessable', 'you cannot disable your own account', [{ path: 'disabled', message: 'this is your account' }]);
    }
    if (passwordHash !== undefined && before.provider !== 'local') {
      throw new DomainError('unprocessable', `${before.username} signs in through ${before.provider} and has no password`, [{ path: 'password', message: 'not a local account' }]);
    }
    if (input.password !== undefined && passwordContainsUsername(input.password, before.username)) {
      throw new DomainError('invalid', `user is invalid: password: ${PASSWORD_CONTAINS_USERNAME}`, [{ path: 'password', message: PASSWORD_CONTAINS_USERNAME }]);
    }
    const disabledAt = input.disabled === undefined ? before.disabledAt : input.disabled ? (before.disabledAt ?? now) : null;
    const after = await tx.user.update({
      where: { id },
      data: {
        ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(passwordHash !== undefined ? { passwordHash, passwordChangedAt: now } : {}),
        disabledAt,
        updatedAt: now,
      },
    });
    const ref = userRef(before.username);
    if (before.displayName !== after.displayName || before.role !== after.role) {
      const message = before.role !== after.role ? `role ${before.role} → ${after.role}` : 'display name changed';
      await appendAuditEvent(tx, ctx, { action: 'user.update', ref, before: userAuditObject(before), after: userAuditObject(after), message }, now);
    }
    if ((before.disabledAt === null) !== (after.disabledAt === null)) {
      const ended = after.disabledAt ? (await tx.session.deleteMany({ where: { userId: id } })).count : 0;
      await appendAuditEvent(tx, ctx, {
        action: after.disabledAt ? 'user.disable' : 'user.enable', ref, before: userAuditObject(before), after: userAuditObject(after),
        ...(after.disabledAt ? { message: `${ended} session(s) ended` } : {}),
      }, now);
    }
    if (passwordHash !== undefined) {
      const ended = (await tx.session.deleteMany({ where: { userId: id } })).count;
      // The event says that the password changed, never what it is or its hash.
      await appendAuditEvent(tx, ctx, { action: 'user.password', ref, message: `password reset; ${ended} session(s) ended` }, now);
    }
    return after;
  });
  return toUserInfo(row);
}

/** DELETE /users/{id}: accounts are disabled, not removed, so the audit log's actors keep their meaning. */
export function disableUser(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<UserInfo> {
  return updateUser(deps, ctx, id, { disabled: true });
}
