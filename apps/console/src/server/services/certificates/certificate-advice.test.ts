import { describe, expect, it } from 'vitest';
import { adviseOn, type AdviceInput } from './certificate-advice';

const server: AdviceInput = {
  purpose: 'server', isCA: false, commonName: 'foo.example.com', sans: { dns: ['foo.example.com'], ip: [], uri: [], email: [] },
  notBefore: '2030-01-01T00:00:00.000Z', notAfter: '2030-12-01T00:00:00.000Z', keyAlgorithm: 'ecdsa', keySize: 256, pathLen: null, extKeyUsage: ['serverAuth'],
};
const ca: AdviceInput = { ...server, purpose: 'ca', isCA: true, commonName: 'Root', sans: { dns: [], ip: [], uri: [], email: [] }, pathLen: 1, extKeyUsage: null };

describe('adviseOn', () => {
  it('has nothing to say about an ordinary server certificate or CA', () => {
    expect(adviseOn(server)).toEqual([]);
    expect(adviseOn(ca)).toEqual([]);
  });
  it('says a server certificate without SANs will not match any host name', () => {
    const advice = adviseOn({ ...server, sans: { dns: [], ip: [], uri: [], email: [] } });
    expect(advice).toHaveLength(1);
    expect(advice[0]).toMatch(/No subject alternative name.*RFC 6125/);
    // A client certificate is not matched against host names.
    expect(adviseOn({ ...server, purpose: 'client', extKeyUsage: ['clientAuth'], sans: { dns: [], ip: [], uri: [], email: [] } })).toEqual([]);
  });
  it('says when the common name is not among the SANs (case-insensitively)', () => {
    expect(adviseOn({ ...server, commonName: 'bar.example.com' })[0]).toMatch(/bar\.example\.com is not among/);
    expect(adviseOn({ ...server, commonName: 'Foo.Example.COM' })).toEqual([]);
  });
  it('explains what a wildcard covers, and suggests the bare name only when it is missing', () => {
    const w = adviseOn({ ...server, commonName: null, sans: { dns: ['*.example.com'], ip: [], uri: [], email: [] } });
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/covers exactly one label: a\.example\.com, but neither example\.com itself nor a\.b\.example\.com/);
    expect(w[0]).toMatch(/Add example\.com/);
    const both = adviseOn({ ...server, commonName: null, sans: { dns: ['*.example.com', 'example.com'], ip: [], uri: [], email: [] } });
    expect(both[0]).not.toMatch(/Add example\.com/);
  });
  it('flags server lifetimes browsers refuse, weak long-lived RSA, Ed25519 servers and unlimited CAs', () => {
    expect(adviseOn({ ...server, notAfter: '2031-02-05T00:00:00.000Z' }).join()).toMatch(/Valid for 400 days/);
    expect(adviseOn({ ...server, notAfter: '2031-02-03T00:00:00.000Z' })).toEqual([]); // 398 days: allowed
    expect(adviseOn({ ...ca, keyAlgorithm: 'rsa', keySize: 2048, notAfter: '2040-01-01T00:00:00.000Z' }).join()).toMatch(/RSA 2048-bit key valid beyond 2030/);
    expect(adviseOn({ ...ca, keyAlgorithm: 'rsa', keySize: 3072, notAfter: '2040-01-01T00:00:00.000Z' })).toEqual([]);
    expect(adviseOn({ ...server, keyAlgorithm: 'ed25519' }).join()).toMatch(/browsers/);
    expect(adviseOn({ ...ca, pathLen: null }).join()).toMatch(/No path length limit/);
  });
});
