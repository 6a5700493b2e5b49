import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { Db, Tx } from '../store/db';

/**
 * Failed sign-ins are counted per user name and per client address in a sliding window; at the limit further
 * attempts are refused (429 with Retry-After) before any password is checked, so guessing costs the attacker
 * time, not us CPU. The address limit is higher than the user name's because many people may share one address
 * (an office NAT); it stops one client from spraying many user names.
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#login-throttling
 */
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perUser: 5, perIp: 20 } as const;

export interface FailureKey {
  key: string;
  max: number;
}

export function failureKeys(username: string, sourceIp: string): FailureKey[] {
  return [{ key: `user:${username}`, max: LOGIN_LIMITS.perUser }, ...(sourceIp ? [{ key: `ip:${sourceIp}`, max: LOGIN_LIMITS.perIp }] : [])];
}

/** How a refusal names itself: sign-in blames the user name field; a password change its current password field. */
export interface RateLimitWording {
  field: string;
  what: string;
}

const SIGN_IN_WORDING: RateLimitWording = { field: 'username', what: 'failed sign-ins' };

/**
 * Throws rate_limited when any key reached its limit within the window; the error says when to try again. Wrong
 * current passwords in a password change count as failures too (auth/account.service.ts): a stolen session must
 * not become an unthrottled password oracle.
 */
export async function checkLoginRateLimit(db: Db, keys: FailureKey[], now: Date, wording: RateLimitWording = SIGN_IN_WORDING): Promise<void> {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
  let retryAt = 0;
  for (const { key, max } of keys) {
    const rows = await db.prisma.loginFailure.findMany({ where: { key, time: { gt: since } }, orderBy: { time: 'asc' }, select: { time: true } });
    // Allowed again once the count in the window drops below max, i.e. when the (count-max)th oldest leaves it.
    if (rows.length >= max) retryAt = Math.max(retryAt, rows[rows.length - max]!.time.getTime() + LOGIN_LIMITS.windowMs);
  }
  if (retryAt > 0) {
    const seconds = Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    throw new DomainError('rate_limited', `too many ${wording.what}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, [
      { path: wording.field, message: `too many ${wording.what}` },
    ], { retryAfterSeconds: seconds });
  }
}

/** Records one failure under every key, and drops failures that left the window (the table stays small). */
export async function recordLoginFailure(tx: Tx, keys: FailureKey[], now: Date): Promise<void> {
  await tx.loginFailure.deleteMany({ where: { time: { lte: new Date(now.getTime() - LOGIN_LIMITS.windowMs) } } });
  for (const { key } of keys) await tx.loginFailure.create({ data: { key, time: now } });
}

/** A successful sign-in forgets the user name's failures (not the address's: that one limits spraying). */
export async function clearUserFailures(tx: Tx, username: string): Promise<void> {
  await tx.loginFailure.deleteMany({ where: { key: `user:${username}` } });
}
