import { describe, expect, it } from 'vitest';
import { isWellFormedPem } from './pem';

const block = (label: string, body: string): string => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
// DER SEQUENCEs: empty (30 00), and one with a long-form length (30 81 80 + 128 zero bytes).
const EMPTY_SEQUENCE = 'MAA=';
const LONG_SEQUENCE = btoa(String.fromCharCode(0x30, 0x81, 0x80, ...new Array<number>(128).fill(0)));

describe('isWellFormedPem', () => {
  it('accepts blocks whose body is exactly one DER SEQUENCE, in bundles too', () => {
    expect(isWellFormedPem(block('CERTIFICATE', EMPTY_SEQUENCE), 'certificate')).toBe(true);
    expect(isWellFormedPem(block('CERTIFICATE', LONG_SEQUENCE) + block('CERTIFICATE', EMPTY_SEQUENCE), 'certificate')).toBe(true);
    expect(isWellFormedPem(block('EC PRIVATE KEY', EMPTY_SEQUENCE), 'privateKey')).toBe(true);
    expect(isWellFormedPem(block('PRIVATE KEY', LONG_SEQUENCE), 'privateKey')).toBe(true);
  });

  it('refuses what a TLS stack could not load: wrong type, not base64, truncated DER, trailing bytes, encrypted keys', () => {
    expect(isWellFormedPem(block('PRIVATE KEY', EMPTY_SEQUENCE), 'certificate')).toBe(false);
    expect(isWellFormedPem(block('CERTIFICATE', EMPTY_SEQUENCE), 'privateKey')).toBe(false);
    expect(isWellFormedPem(block('CERTIFICATE', 'not*base64!'), 'certificate')).toBe(false);
    expect(isWellFormedPem(block('CERTIFICATE', btoa('not a certificate')), 'certificate')).toBe(false);
    expect(isWellFormedPem(block('CERTIFICATE', LONG_SEQUENCE.slice(0, 40)), 'certificate')).toBe(false);
    expect(isWellFormedPem(block('CERTIFICATE', btoa(String.fromCharCode(0x30, 0x00, 0x00))), 'certificate')).toBe(false);
    expect(isWellFormedPem(block('RSA PRIVATE KEY', `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n${EMPTY_SEQUENCE}`), 'privateKey')).toBe(false);
    expect(isWellFormedPem(block('ENCRYPTED PRIVATE KEY', EMPTY_SEQUENCE), 'privateKey')).toBe(false);
    expect(isWellFormedPem('', 'certificate')).toBe(false);
  });
});
