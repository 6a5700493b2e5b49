import { createHash } from 'node:crypto';

/** Hash lengths (u) and block sizes (v) for the PKCS#12 KDF. */
const HASHES: Record<string, { u: number; v: number }> = {
  sha1: { u: 20, v: 64 },
  sha224: { u: 28, v: 64 },
  sha256: { u: 32, v: 64 },
  sha384: { u: 48, v: 128 },
  sha512: { u: 64, v: 128 },
};

/** Key material purposes (RFC 7292 §B.3). */
export const KDF_ID = { key: 1, iv: 2, mac: 3 } as const;

/**
 * The password as the PKCS#12 KDF takes it: BMPString (UTF-16BE) with a two-byte NUL terminator (RFC 7292 §B.1).
 * `null` is OpenSSL's "no password" (zero bytes), which differs from the empty password (just the terminator).
 */
export function bmpPassword(password: string | null): Buffer {
  if (password === null) return Buffer.alloc(0);
  const le = Buffer.from(`${password}\0`, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) {
    const lo = le[i] ?? 0;
    le[i] = le[i + 1] ?? 0;
    le[i + 1] = lo;
  }
  return le;
}

/** The PKCS#12 key derivation function of RFC 7292 Appendix B.2, natively hashed. */
export function pkcs12Kdf(hash: string, password: Buffer, salt: Uint8Array, id: number, iterations: number, length: number): Buffer {
  const sizes = HASHES[hash];
  if (!sizes) throw new Error(`unsupported PKCS#12 KDF hash ${hash}`);
  const { u, v } = sizes;
  const fill = (src: Uint8Array): Buffer => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0;
    return out;
  };
  const d = Buffer.alloc(v, id);
  const i = Buffer.concat([fill(salt), fill(password)]);
  const result: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let a = createHash(hash).update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    result.push(a);
    const b = fill(a);
    // I_j = (I_j + B + 1) mod 2^(8v), big-endian, for every v-byte block of I.
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (i[j + k] ?? 0) + (b[k] ?? 0) + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(result).subarray(0, length);
}
