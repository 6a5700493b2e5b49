import { describe, expect, it } from 'vitest';
import { classifySans } from '@gatehouse/certs/x509/classify-sans';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { detectSanKind, splitSanInput } from './san-kind';

/** What the server decides for one entry: its kind and normalised value, or its error message. */
function serverSays(entry: string): { kind: string; value: string } | { error: string } {
  try {
    const lists = classifySans([entry]);
    for (const kind of ['dns', 'ip', 'uri', 'email'] as const) {
      const value = lists[kind][0];
      if (value !== undefined) return { kind, value };
    }
    return { error: 'nothing' };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    // "'entry': message" → message
    return { error: (e.details[0]?.message ?? '').replace(/^'.*?': /s, '') };
  }
}

const EXAMPLES = [
  'foo.example.com', 'FOO.Example.COM', 'foo.example.com.', '*.example.com', 'a.*.example.com', '*', 'localhost', 'bad_name.example.com',
  '-lead.example.com', 'trail-.example.com', `${'a'.repeat(63)}.com`, `${'a'.repeat(64)}.com`, `${'a.'.repeat(127)}com`, 'bücher.example', 'xn--bcher-kva.example',
  '10.0.0.1', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '::1', '2001:DB8:0:0:0:0:0:1', '2001:db8::1', 'fe80::1:2:3:4', '1::2::3',
  'IP:10.0.0.1', 'ip:999.1.1.1', 'IP:foo', 'DNS:10.0.0.1', 'dns:Foo.Example.com', 'DNS:', 'URI:spiffe://cluster.local/ns/a/sa/b', 'URI:not a uri', 'email:ops@example.com', 'EMAIL:bad',
  'spiffe://cluster.local/ns/httpbin/sa/default', 'https://example.com/path?q=1', 'urn:uuid:123e4567-e89b-12d3-a456-426614174000', 'mailto:x', 'ftp:x',
  'ops@example.com', 'ops@Example.COM', '@example.com', 'a b@example.com', 'ops@bad_domain', 'ops@bücher.example', 'a@b@example.com',
  'http', 'foo..example.com', '.example.com', 'example.com:8443', 'exa mple.com', '',
];

describe('detectSanKind agrees with classifySans', () => {
  for (const entry of EXAMPLES) {
    it(`on ${JSON.stringify(entry)}`, () => {
      expect(detectSanKind(entry)).toEqual(serverSays(entry));
    });
  }
});

describe('splitSanInput', () => {
  it('splits at commas and white space as SanListSchema does', () => {
    expect(splitSanInput(' foo.example.com,10.0.0.1\n  bar.example.com ,, ')).toEqual(['foo.example.com', '10.0.0.1', 'bar.example.com']);
  });
});
