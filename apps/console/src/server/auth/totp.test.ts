import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode, totpStep } from './totp';

describe('TOTP (RFC 6238)', () => {
  it('computes the RFC 4226 Appendix D HOTP values', () => {
    const key = Buffer.from('12345678901234567890');
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(key, i))).toEqual(expected);
  });

  it('computes the RFC 6238 Appendix B test vectors (SHA-1, SHA-256, SHA-512, 8 digits)', () => {
    const keys = { sha1: Buffer.from('12345678901234567890'), sha256: Buffer.from('12345678901234567890123456789012'), sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234') };
    const table: Array<[number, string, string, string]> = [
      [59, '94287082', '46119246', '90693936'],
      [1111111109, '07081804', '68084774', '25091201'],
      [1111111111, '14050471', '67062674', '99943326'],
      [1234567890, '89005924', '91819424', '93441116'],
      [2000000000, '69279037', '90698825', '38618901'],
      [20000000000, '65353130', '77737706', '47863826'],
    ];
    for (const [seconds, sha1, sha256, sha512] of table) {
      const step = totpStep(new Date(seconds * 1000));
      expect([hotp(keys.sha1, step, 8, 'sha1'), hotp(keys.sha256, step, 8, 'sha256'), hotp(keys.sha512, step, 8, 'sha512')], String(seconds)).toEqual([sha1, sha256, sha512]);
    }
  });

  it('round-trips base32 (RFC 4648 §10 vectors)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('accepts ±1 step of drift, nothing further, and never a step at or before the last accepted one', () => {
    const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    for (const d of [-1, 0, 1]) expect(matchTotp(seed, totpCode(seed, step + d), now, null)).toBe(step + d);
    for (const d of [-2, 2]) expect(matchTotp(seed, totpCode(seed, step + d), now, null)).toBeUndefined();
    expect(matchTotp(seed, totpCode(seed, step), now, step)).toBeUndefined();
    expect(matchTotp(seed, totpCode(seed, step + 1), now, step)).toBe(step + 1);
    expect(matchTotp(seed, '12345', now, null)).toBeUndefined();
  });

  it('writes the otpauth:// URI authenticator apps read', () => {
    expect(otpauthUri('ABC', 'Gatehouse', 'ada@x')).toBe('otpauth://totp/Gatehouse:ada%40x?secret=ABC&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30');
  });
});
