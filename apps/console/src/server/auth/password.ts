import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (memory-hard: RFC 7914), stored as a PHC string that carries its own parameters,
 * `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64 without padding), so the cost can be raised later and old hashes
 * still verify (and are flagged by needsRehash).
 * N = 2^15, r = 8, p = 1 is OWASP's scrypt minimum (≈32 MiB per hash).
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#scrypt
 * @see https://github.com/P-H-C/phc-string-format/blob/master/phc-sf-spec.md
 */
export const SCRYPT_PARAMS = { ln: 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

// Bounds for parameters read back from the database: a tampered row must not make one sign-in cost gigabytes.
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;

interface ParsedHash {
  ln: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function scryptAsync(password: string, salt: Buffer, params: { ln: number; r: number; p: number }, keyLen: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses work above maxmem (32 MiB by default), which N=2^15, r=8 just reaches: 128·N·r bytes plus slack.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 16 * 1024 * 1024 };
  // The async form runs on libuv's thread pool, so a sign-in does not stall every other request.
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyLen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

function parseHash(stored: string): ParsedHash | undefined {
  const m = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
  if (!m) return undefined;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const within = (v: number, [lo, hi]: readonly [number, number]) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!within(ln, LIMITS.ln) || !within(r, LIMITS.r) || !within(p, LIMITS.p)) return undefined;
  const salt = Buffer.from(m[4]!, 'base64');
  const hash = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { ln, r, p, salt, hash };
}

/** A new PHC string for `password` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, SCRYPT_PARAMS, KEY_BYTES);
  return `$scrypt$ln=${SCRYPT_PARAMS.ln},r=${SCRYPT_PARAMS.r},p=${SCRYPT_PARAMS.p}$${b64(salt)}$${b64(key)}`;
}

/** True when `password` matches `stored`; false for a wrong password and for a hash this code cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await scryptAsync(password, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(key, parsed.hash);
}

/** True when `stored` was made with weaker parameters than today's (rehash it at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.ln < SCRYPT_PARAMS.ln || parsed.r < SCRYPT_PARAMS.r || parsed.p < SCRYPT_PARAMS.p;
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, for sign-ins with an unknown user name or an account without a
 * password: the answer time must not tell which user names exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummyHash);
  return false;
}
