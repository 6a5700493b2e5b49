import { describe, expect, it } from 'vitest';
import { splitPem, toPem } from './pem';

const der = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x07]);

describe('splitPem / toPem', () => {
  it('round-trips and keeps blocks in order, ignoring text between them', () => {
    const text = `hello\n${toPem('CERTIFICATE', der)}junk\n${toPem('PRIVATE KEY', der)}`;
    expect(splitPem(text).map((b) => [b.label, b.der.toString('hex')])).toEqual([
      ['CERTIFICATE', '3003020107'],
      ['PRIVATE KEY', '3003020107'],
    ]);
  });

  it('names what is wrong', () => {
    expect(() => splitPem('-----BEGIN CERTIFICATE-----\nMAMCAQc=\n')).toThrow(/no END line/);
    expect(() => splitPem('-----BEGIN CERTIFICATE-----\nMAMCAQc=\n-----END X509 CRL-----\n')).toThrow(/ends with END X509 CRL/);
    expect(() => splitPem('-----BEGIN CERTIFICATE-----\nMAMCA*c=\n-----END CERTIFICATE-----\n')).toThrow(/not valid base64/);
    expect(() => splitPem('-----BEGIN CERTIFICATE-----\nMAQCAQc=\n-----END CERTIFICATE-----\n')).toThrow(/truncated/);
    expect(() => splitPem('-----BEGIN CERTIFICATE-----\nMAMCAQcA\n-----END CERTIFICATE-----\n')).toThrow(/1 bytes after/);
  });
});
