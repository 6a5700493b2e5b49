import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords, RFC 6238 over HOTP (RFC 4226): HMAC-SHA-1, 30-second steps, 6 digits — the
 * parameters every authenticator app reads from an otpauth:// URI without asking. Pure functions; the service
 * (totp.service.ts) keeps seeds encrypted and remembers the last accepted step.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Codes of one step before and after now are accepted too: clocks drift and people type slowly (RFC 6238 §5.2). */
export const TOTP_DRIFT_STEPS = 1;
/** 160-bit seeds, the length RFC 4226 §4 recommends (R6) for HMAC-SHA-1. */
const SEED_BYTES = 20;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32 without padding: the form otpauth:// URIs and manual entry use. */
export function base32Encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error('not base32');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function newTotpSeed(): string {
  return base32Encode(randomBytes(SEED_BYTES));
}

/** HOTP (RFC 4226 §5.3): HMAC over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
export function hotp(key: Buffer, counter: number, digits = TOTP_DIGITS, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The time step T = floor(unix seconds / 30) (RFC 6238 §4.2, T0 = 0). */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export function totpCode(seed: string, step: number): string {
  return hotp(base32Decode(seed), step);
}

/**
 * The step a code belongs to, within ±TOTP_DRIFT_STEPS of now and strictly after `lastStep` (a code already
 * accepted, or an older one, never works again: RFC 6238 §5.2 "MUST NOT accept the second attempt of the same
 * OTP"); undefined when it matches none. Compared in constant time.
 */
export function matchTotp(seed: string, code: string, now: Date, lastStep: number | null): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const key = base32Decode(seed);
  const given = Buffer.from(code);
  const current = totpStep(now);
  let matched: number | undefined;
  for (let step = current - TOTP_DRIFT_STEPS; step <= current + TOTP_DRIFT_STEPS; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    if (timingSafeEqual(Buffer.from(hotp(key, step)), given) && matched === undefined) matched = step;
  }
  return matched;
}

/** The Key URI Format authenticator apps scan (Google Authenticator's documented format, followed by the others). */
export function otpauthUri(seed: string, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret: seed, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_PERIOD_SECONDS) });
  return `otpauth://totp/${label}?${params.toString()}`;
}
