import { describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { classifySans } from './classify-sans';

describe('classifySans', () => {
  it('sorts one list into DNS, IP, URI and e-mail, normalising and de-duplicating', () => {
    expect(
      classifySans([
        'Foo.Example.com.',
        'foo.example.com',
        '*.apps.example.com',
        '10.0.0.1',
        '2001:DB8:0:0:0:0:0:1',
        'spiffe://cluster.local/ns/x/sa/y',
        'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
        'ops@Example.COM',
        'bücher.example',
        'DNS:10.0.0.2',
        'IP:::1',
        'localhost',
      ]),
    ).toEqual({
      dns: ['foo.example.com', '*.apps.example.com', 'xn--bcher-kva.example', '10.0.0.2', 'localhost'],
      ip: ['10.0.0.1', '2001:db8::1', '::1'],
      uri: ['spiffe://cluster.local/ns/x/sa/y', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66'],
      email: ['ops@example.com'],
    });
  });

  it('reports every bad entry by index', () => {
    try {
      classifySans(['ok.example.com', 'bad_name.example.com', 'a.*.example.com', '', 'IP:999.1.1.1', '-lead.example.com', `${'a'.repeat(64)}.com`]);
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(isDomainError(e)).toBe(true);
      expect((e as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(['sans[1]', 'sans[2]', 'sans[3]', 'sans[4]', 'sans[5]', 'sans[6]']);
    }
  });
});
