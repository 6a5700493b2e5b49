import { randomBytes } from 'node:crypto';
import { invalid } from '../parse/input';

/**
 * A fresh serial: 16 random bytes (RFC 5280 §4.1.2.2 allows up to 20 octets; CA/B Forum BR §7.1 wants ≥ 64 bits
 * of CSPRNG output). The top bit is cleared so the INTEGER stays positive without a padding byte, and the
 * first byte is kept non-zero so the DER length never shrinks.
 */
export function randomSerial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return bytes;
}

/** Normalises a hex serial (`0A:1B…`, `0a1b…`) into INTEGER content octets, refusing zero, negatives and > 20 octets. */
export function serialFromHex(hex: string, path = 'serial'): Buffer {
  const clean = hex.replace(/[:\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]+$/.test(clean)) throw invalid(`${path} must be hexadecimal`, path);
  const trimmed = clean.replace(/^0+/, '');
  if (trimmed === '') throw invalid(`${path} must be a positive integer (RFC 5280 §4.1.2.2)`, path);
  let bytes = Buffer.from(trimmed.length % 2 ? `0${trimmed}` : trimmed, 'hex');
  // A set high bit would read as negative; DER then needs a leading 0x00 (X.690 §8.3.2).
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  if (bytes.length > 20) throw invalid(`${path} is longer than 20 octets (RFC 5280 §4.1.2.2)`, path);
  return bytes;
}

/** INTEGER content octets → upper-case hex without the sign padding byte (as `openssl x509 -serial` prints it). */
export function serialToHex(bytes: ArrayBuffer | Uint8Array): string {
  const buf = Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const start = buf.length > 1 && buf[0] === 0 ? 1 : 0;
  return buf.subarray(start).toString('hex').toUpperCase();
}
