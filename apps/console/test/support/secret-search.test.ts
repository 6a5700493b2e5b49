import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findNeedles, needlesOf, search, type Needle } from './secret-search';

/** The one-pass search must find exactly what a plain Buffer.includes per needle finds. */
describe('secret search (one pass, rolling hash)', () => {
  it('finds the same needles as Buffer.includes: at the start, the end, overlapping, short, absent', () => {
    const hay = randomBytes(200_000);
    const at = (pos: number, len: number): Needle => ({ what: `at ${pos}`, bytes: Buffer.from(hay.subarray(pos, pos + len)) });
    // Random bytes that are not in the haystack: a random 3-byte needle is in 200 kB of random bytes ~1.2 % of the
    // time (a CI run met it), so draw again until it is absent.
    const absent = (what: string, len: number): Needle => {
      let bytes = randomBytes(len);
      while (hay.includes(bytes)) bytes = randomBytes(len);
      return { what, bytes };
    };
    const needles: Needle[] = [
      at(0, 40), at(hay.length - 12, 12), at(1000, 8), at(1004, 30), at(150_000, 4), at(77_777, 64),
      absent('absent', 24), absent('absent short', 3),
      // Same first 8 bytes as a present needle, different after: a hash hit that must not count.
      { what: 'prefix twin', bytes: Buffer.concat([hay.subarray(5000, 5008), randomBytes(16)]) },
    ];
    const expected = new Set(needles.map((n, i) => (hay.includes(n.bytes) ? i : -1)).filter((i) => i >= 0));
    expect(findNeedles(hay, needles)).toEqual(expected);
    expect([...expected].map((i) => needles[i]!.what)).toEqual(['at 0', `at ${hay.length - 12}`, 'at 1000', 'at 1004', 'at 150000', 'at 77777']);
  });

  it('finds a secret written in clear, hex or base64 inside other text, and names the form and the file', () => {
    const value = Buffer.from('s3cr3t-value-for-the-search-test-0123456789abcdef');
    const secret = { what: 'test secret', value };
    const window = value.subarray(value.length / 2 - 24, value.length / 2 + 24);
    const files = [
      { name: 'clear.txt', bytes: Buffer.from(`before ${value.toString()} after`) },
      { name: 'hex.txt', bytes: Buffer.from(`x${value.toString('hex')}y`) },
      // base64 of the value after 1 leading byte: the window sits at another alignment.
      { name: 'b64.json', bytes: Buffer.from(JSON.stringify({ v: Buffer.concat([Buffer.from('!'), value]).toString('base64') })) },
      { name: 'none.bin', bytes: randomBytes(4096) },
    ];
    expect(needlesOf(secret).every((n) => n.bytes.length >= 12)).toBe(true);
    const hits = search(files, [secret]);
    expect(hits.some((h) => h === 'test secret (clear) in clear.txt')).toBe(true);
    expect(hits.some((h) => h === 'test secret (hex) in hex.txt')).toBe(true);
    expect(hits.some((h) => /^test secret \(base64, offset \d\) in b64\.json$/.test(h))).toBe(true);
    expect(hits.filter((h) => h.endsWith('none.bin'))).toEqual([]);
    expect(window.length).toBe(48);
  });
});
