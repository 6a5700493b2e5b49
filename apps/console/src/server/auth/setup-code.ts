import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../runtime-types';
import type { Db, Tx } from '../store/db';
import { hashToken } from './token-codec';

/**
 * The one-time code that first-run setup asks for, so that whoever reaches a fresh instance first cannot claim it:
 * only someone who can read the console's log (or knows GATEHOUSE_BOOTSTRAP_TOKEN) can. Each console process makes
 * its own code at start while no account exists and stores only its SHA-256 (InstanceSetting `setup-code:<hash>`),
 * so with several replicas on one PostgreSQL any replica's code works on any replica; setup deletes them all.
 */
const KEY_PREFIX = 'setup-code:';
/** Crockford base32 without look-alikes: 10 symbols = 50 bits, typed from a log line. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The code as the user may type it: case and dashes/spaces do not matter. */
function normalize(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function digest(code: string): string {
  return createHash('sha256').update(normalize(code)).digest('hex');
}

/** Makes and records a setup code when no account exists yet; logs it for the operator. Returns it (tests), or null. */
export async function ensureSetupCode(db: Db, log: Logger): Promise<string | null> {
  if ((await db.prisma.user.count()) > 0) return null;
  let raw = '';
  for (let i = 0; i < 10; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
  await db.prisma.instanceSetting.create({ data: { key: `${KEY_PREFIX}${digest(code)}`, value: new Date().toISOString() } });
  log.warn({ setupCode: code }, `first-run setup code: ${code} (open /setup and enter it to create the first administrator; or use GATEHOUSE_BOOTSTRAP_TOKEN)`);
  return code;
}

/**
 * True when `code` is a setup code some console process logged, or the value of an admin API token that is still
 * valid (GATEHOUSE_BOOTSTRAP_TOKEN is one). Compared by hash; the hash lookups are constant-time in the code.
 */
export async function isValidSetupCode(tx: Tx, code: string, now: Date): Promise<boolean> {
  if (code.trim() === '') return false;
  const wanted = Buffer.from(`${KEY_PREFIX}${digest(code)}`);
  const codes = await tx.instanceSetting.findMany({ where: { key: { startsWith: KEY_PREFIX } }, select: { key: true } });
  let ok = false;
  for (const c of codes) {
    const have = Buffer.from(c.key);
    if (have.length === wanted.length && timingSafeEqual(have, wanted)) ok = true;
  }
  if (ok) return true;
  const token = await tx.apiToken.findUnique({ where: { tokenHash: hashToken(code.trim()) } });
  return token !== null && token.role === 'admin' && token.revokedAt === null && (token.expiresAt === null || token.expiresAt > now);
}

/** Setup is done: no code works any more. */
export async function clearSetupCodes(tx: Tx): Promise<void> {
  await tx.instanceSetting.deleteMany({ where: { key: { startsWith: KEY_PREFIX } } });
}
