import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { appendAuditEvent } from '../audit/audit.repo';
import { decryptValue, encryptValue } from '../secrets/secret-cipher';
import type { MasterKey } from '../secrets/master-key';
import type { ServiceDeps } from '../services/deps';
import { runWrite } from '../services/write-transaction';
import { checkLoginRateLimit, clearUserFailures, failureKeys, recordLoginFailure, type RateLimitWording } from './login-rate-limit';
import { verifyPassword } from './password';
import { authorize, type RequestContext } from './principal';
import type { RequestMeta } from './request-meta';
import { contextFor, insertSession, type AuthenticatedSession, type SignedIn } from './session.service';
import { matchTotp, newTotpSeed, otpauthUri } from './totp';
import { principalOf, userRef, type UserRow } from './user.service';

/**
 * Two-step sign-in for local accounts: a password, then a TOTP code (totp.ts) or a recovery code. Seeds are
 * encrypted under the master key like Secret values (AAD `User/<id>/totp`, re-encrypted by keys:rotate) and never
 * leave the server after enrolment; recovery codes are stored as SHA-256 hashes (50 random bits each, so a fast hash
 * is the right form, as for API tokens) and each works once. Wrong codes count against the same sign-in rate limit
 * as wrong passwords. No seed, code or recovery code is ever logged or audited.
 */

export const totpAad = (userId: string) => `User/${userId}/totp`;
const CHALLENGE_AAD = 'gatehouse/totp-challenge/v1';
/** The time between the password and the code: enough to open an authenticator app. */
export const TOTP_CHALLENGE_MS = 5 * 60_000;
const RECOVERY_CODES = 10;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ISSUER = 'Gatehouse';

export const TotpPasswordSchema = z.object({ currentPassword: z.string().min(1, 'enter your current password').max(1024) });
export const TotpConfirmSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'enter the 6-digit code your app shows') });
export const TotpLoginSchema = z.object({
  challenge: z.string().min(1).max(2000),
  code: z.string().trim().min(1, 'enter the code from your authenticator app, or a recovery code').max(64),
});

export interface TotpRequired {
  totpRequired: true;
  /** Proof that the password was right, for POST /session/totp: encrypted, bound to the account, 5 minutes. */
  challenge: string;
  expiresAt: Date;
}

export interface TotpStatus {
  enabled: boolean;
  enabledAt: string | null;
  /** An enrolment was begun and waits for a code. */
  pending: boolean;
  recoveryCodesLeft: number;
}

export interface TotpEnrolment {
  /** The seed in base32, for typing into an app that cannot scan. */
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code (SVG), for scanning. */
  qrSvg: string;
}

const WRONG_CODE: RateLimitWording = { field: 'code', what: 'failed sign-ins' };
const WRONG_PASSWORD: RateLimitWording = { field: 'currentPassword', what: 'wrong passwords' };

const hashRecovery = (code: string) => createHash('sha256').update(`gatehouse-recovery:${code.toUpperCase().replace(/[\s-]/g, '')}`).digest('hex');
const passwordMark = (hash: string | null) => createHash('sha256').update(hash ?? '').digest('hex').slice(0, 16);

function recoveryHashes(row: { totpRecoveryCodes: string | null }): string[] {
  return row.totpRecoveryCodes ? (JSON.parse(row.totpRecoveryCodes) as string[]) : [];
}

export function encryptTotpSeed(key: MasterKey, userId: string, seed: string): string {
  return encryptValue(key, seed, totpAad(userId));
}

export function decryptTotpSeed(key: MasterKey, userId: string, envelope: string): string {
  return decryptValue(key, envelope, totpAad(userId));
}

/** What sign-in answers instead of a session when the account has TOTP: the password was right, a code is next. */
export function totpChallengeFor(deps: ServiceDeps, user: UserRow, now: Date): TotpRequired {
  const expiresAt = new Date(now.getTime() + TOTP_CHALLENGE_MS);
  // The password hash's fingerprint binds the challenge to the password it proved: a reset voids it.
  const challenge = encryptValue(deps.key, JSON.stringify({ u: user.id, e: expiresAt.getTime(), p: passwordMark(user.passwordHash) }), CHALLENGE_AAD);
  return { totpRequired: true, challenge, expiresAt };
}

function localAccount<T extends UserRow>(user: T | null): T {
  if (!user || user.disabledAt) throw new DomainError('unauthenticated', 'your account no longer exists or is disabled');
  if (user.provider !== 'local' || !user.passwordHash) {
    throw new DomainError('unprocessable', `you sign in through ${user.provider}; two-step sign-in is your identity provider's`, [{ path: 'authorization', message: 'not a local account' }]);
  }
  return user;
}

/** The current password again before a change to two-step sign-in: a session left open must not be enough. */
async function checkCurrentPassword(deps: ServiceDeps, ctx: RequestContext, user: UserRow, password: string): Promise<void> {
  const keys = failureKeys(user.username, ctx.sourceIp);
  await checkLoginRateLimit(deps.db, keys, deps.now(), WRONG_PASSWORD);
  if (await verifyPassword(password, user.passwordHash!)) return;
  const now = deps.now();
  await runWrite(deps, {}, async (tx) => {
    await recordLoginFailure(tx, keys, now);
    await appendAuditEvent(tx, ctx, { action: 'user.password.failed', ref: userRef(user.username), message: 'wrong current password for a two-step sign-in change' }, now);
  });
  throw new DomainError('invalid', 'the current password is wrong', [{ path: 'currentPassword', message: 'wrong password' }]);
}

export async function totpStatus(deps: ServiceDeps, current: AuthenticatedSession): Promise<TotpStatus> {
  const user = await deps.db.prisma.user.findUnique({ where: { id: current.user.id } });
  return {
    enabled: Boolean(user?.totpSecret), enabledAt: user?.totpEnabledAt?.toISOString() ?? null,
    pending: Boolean(user?.totpPendingSecret), recoveryCodesLeft: user ? recoveryHashes(user).length : 0,
  };
}

/** Step 1 of enrolment: a new seed, kept (encrypted) as pending until a code from it confirms the app has it. */
export async function beginTotpEnrolment(deps: ServiceDeps, ctx: RequestContext, current: AuthenticatedSession, body: unknown): Promise<TotpEnrolment> {
  const input = parseOrThrow(TotpPasswordSchema, body, 'two-step sign-in');
  const user = localAccount(await deps.db.prisma.user.findUnique({ where: { id: current.user.id } }));
  if (user.totpSecret) throw new DomainError('conflict', 'two-step sign-in is already on; turn it off first to enrol another app', [{ path: 'totp', message: 'already enabled' }]);
  await checkCurrentPassword(deps, ctx, user, input.currentPassword);
  const seed = newTotpSeed();
  await deps.db.prisma.user.update({ where: { id: user.id }, data: { totpPendingSecret: encryptTotpSeed(deps.key, user.id, seed) } });
  const uri = otpauthUri(seed, ISSUER, user.username);
  return { secret: seed, otpauthUri: uri, qrSvg: await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) };
}

function newRecoveryCode(): string {
  let raw = '';
  for (let i = 0; i < 10; i++) raw += CROCKFORD[randomInt(CROCKFORD.length)];
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/** Step 2: a code from the pending seed turns two-step sign-in on and answers the recovery codes, once. */
export async function confirmTotpEnrolment(deps: ServiceDeps, ctx: RequestContext, current: AuthenticatedSession, body: unknown): Promise<{ recoveryCodes: string[] }> {
  const input = parseOrThrow(TotpConfirmSchema, body, 'two-step sign-in');
  const now = deps.now();
  const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await runWrite(deps, {}, async (tx) => {
    const user = localAccount(await tx.user.findUnique({ where: { id: current.user.id } }));
    if (!user.totpPendingSecret) throw new DomainError('unprocessable', 'no enrolment in progress: begin with POST /api/v1/me/totp', [{ path: 'code', message: 'nothing to confirm' }]);
    const step = matchTotp(decryptTotpSeed(deps.key, user.id, user.totpPendingSecret), input.code, now, null);
    if (step === undefined) throw new DomainError('invalid', 'that code does not match: check the app\'s clock and type the code it shows now', [{ path: 'code', message: 'wrong code' }]);
    await tx.user.update({
      where: { id: user.id },
      data: { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step, totpRecoveryCodes: JSON.stringify(recoveryCodes.map(hashRecovery)), updatedAt: now },
    });
    await appendAuditEvent(tx, ctx, { action: 'user.totp.enable', ref: userRef(user.username), message: `two-step sign-in turned on; ${RECOVERY_CODES} recovery codes issued` }, now);
  });
  return { recoveryCodes };
}

const TOTP_OFF = { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null, totpRecoveryCodes: null } as const;

export async function disableOwnTotp(deps: ServiceDeps, ctx: RequestContext, current: AuthenticatedSession, body: unknown): Promise<void> {
  const input = parseOrThrow(TotpPasswordSchema, body, 'two-step sign-in');
  const user = localAccount(await deps.db.prisma.user.findUnique({ where: { id: current.user.id } }));
  await checkCurrentPassword(deps, ctx, user, input.currentPassword);
  const now = deps.now();
  await runWrite(deps, {}, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { ...TOTP_OFF, updatedAt: now } });
    await appendAuditEvent(tx, ctx, { action: 'user.totp.disable', ref: userRef(user.username), message: 'two-step sign-in turned off by the user' }, now);
  });
}

/** An administrator's reset (a lost phone and lost recovery codes): the next sign-in needs the password only. */
export async function resetUserTotp(deps: ServiceDeps, ctx: RequestContext, userId: string): Promise<TotpStatus> {
  authorize(ctx, 'tokens.manage');
  const now = deps.now();
  await runWrite(deps, {}, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new DomainError('not_found', `user ${userId} not found`);
    await tx.user.update({ where: { id: userId }, data: { ...TOTP_OFF, updatedAt: now } });
    await appendAuditEvent(tx, ctx, { action: 'user.totp.reset', ref: userRef(user.username), message: user.totpSecret ? 'two-step sign-in reset by an administrator' : 'two-step sign-in reset by an administrator (it was off)' }, now);
  });
  return { enabled: false, enabledAt: null, pending: false, recoveryCodesLeft: 0 };
}

function refusedChallenge(): DomainError {
  return new DomainError('unauthenticated', 'the sign-in took too long or is no longer valid; enter your password again', [{ path: 'challenge', message: 'expired or invalid' }]);
}

/**
 * Step 2 of a sign-in: the challenge from POST /session and a code. A TOTP code is accepted once (its step is
 * remembered under the write lock, so two requests with one code cannot both win); a recovery code is removed when
 * used. Wrong codes are failures of the user name and the address, like wrong passwords.
 */
export async function completeTotpLogin(deps: ServiceDeps, meta: RequestMeta, body: unknown): Promise<SignedIn> {
  const input = parseOrThrow(TotpLoginSchema, body, 'sign-in');
  let claim: { u: string; e: number; p: string };
  try {
    claim = JSON.parse(decryptValue(deps.key, input.challenge, CHALLENGE_AAD)) as typeof claim;
  } catch {
    throw refusedChallenge();
  }
  if (deps.now().getTime() > claim.e) throw refusedChallenge();
  const found = await deps.db.prisma.user.findUnique({ where: { id: claim.u } });
  if (!found || found.disabledAt || !found.totpSecret || passwordMark(found.passwordHash) !== claim.p) throw refusedChallenge();
  const keys = failureKeys(found.username, meta.sourceIp);
  await checkLoginRateLimit(deps.db, keys, deps.now(), WRONG_CODE);
  const now = deps.now();
  const outcome = await runWrite(deps, {}, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: claim.u } });
    if (!user?.totpSecret) throw refusedChallenge();
    const ctx = contextFor(principalOf(user), meta);
    const code = input.code.replace(/\s/g, '');
    let how: string;
    if (/^\d{6}$/.test(code)) {
      const step = matchTotp(decryptTotpSeed(deps.key, user.id, user.totpSecret), code, now, user.totpLastStep);
      if (step === undefined) return { ok: false as const, failed: user };
      await tx.user.update({ where: { id: user.id }, data: { totpLastStep: step } });
      how = 'a password and a one-time code';
    } else {
      const wanted = Buffer.from(hashRecovery(code));
      const hashes = recoveryHashes(user);
      const index = hashes.findIndex((h) => timingSafeEqual(Buffer.from(h), wanted));
      if (index < 0) return { ok: false as const, failed: user };
      hashes.splice(index, 1);
      await tx.user.update({ where: { id: user.id }, data: { totpRecoveryCodes: JSON.stringify(hashes) } });
      how = `a password and a recovery code (${hashes.length} left)`;
    }
    const updated = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    await clearUserFailures(tx, user.username);
    const signedIn = await insertSession(tx, updated, meta, now, 'local');
    await appendAuditEvent(tx, ctx, { action: 'login', ref: userRef(user.username), message: `signed in with ${how}` }, now);
    return { ok: true as const, signedIn };
  });
  if (outcome.ok) return outcome.signedIn;
  await runWrite(deps, {}, async (tx) => {
    await recordLoginFailure(tx, keys, now);
    await appendAuditEvent(tx, contextFor(principalOf(outcome.failed), meta), { action: 'login.totp.failed', ref: userRef(outcome.failed.username), message: 'wrong, expired or already used one-time code' }, now);
  });
  throw new DomainError('unauthenticated', 'wrong code: type the code your app shows now (each code works once), or a recovery code', [{ path: 'code', message: 'wrong code' }]);
}

