import { describe, expect, it } from 'vitest';
import { base64ByteLength, canonicalBase64, decodeBase64Utf8, encodeUtf8Base64, isBase64 } from './base64';

describe('base64 as the API server reads []byte', () => {
  it('accepts padded standard base64 with line breaks, refuses the rest', () => {
    for (const ok of ['', 'eA==', 'eHk=', 'eHl6', 'aGVs\nbG8=', 'aGVs\r\nbG8=', '+/+/']) expect(isBase64(ok), ok).toBe(true);
    for (const bad of ['eA', 'eA=', 'e===', '-_-_', 'eA==eA==', 'a b=', '!!!!']) expect(isBase64(bad), bad).toBe(false);
  });

  it('canonicalises, counts bytes and round-trips UTF-8 (compared with Node Buffer as an outside judge)', () => {
    expect(canonicalBase64('aGVs\nbG8=')).toBe('aGVsbG8=');
    const text = 'ünïcode ✓ 🔐\n';
    expect(encodeUtf8Base64(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    expect(decodeBase64Utf8(encodeUtf8Base64(text))).toBe(text);
    for (const n of [0, 1, 2, 3, 4, 5, 100]) expect(base64ByteLength(Buffer.alloc(n).toString('base64'))).toBe(n);
  });
});
