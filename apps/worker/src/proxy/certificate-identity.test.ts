import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import { createTestPki, type TestCa, type TestPki } from '@gatehouse/echo/test-pki';
import { expectedIdentity, identityCheckFor, parseSubjectAltNames } from './certificate-identity';

let pki: TestPki;
let ca: TestCa;

/** The certificate as a TLS socket hands it to checkServerIdentity. */
function peer(certPem: string): PeerCertificate {
  return new X509Certificate(certPem).toLegacyObject();
}

function btls(sni: string, subjectAltNames: UpstreamTls['subjectAltNames'] = []): UpstreamTls {
  return {
    policy: { group: 'gateway.networking.k8s.io', kind: 'BackendTLSPolicy', namespace: 'ns', name: 'p' },
    caPem: null, caSource: 'System', sni, verifyHostname: true, subjectAltNames, clientCertPem: null, clientKeyPem: null,
  };
}

beforeAll(() => {
  pki = createTestPki();
  ca = pki.createCa('identity-ca');
});
afterAll(() => pki?.cleanup());

describe('parseSubjectAltNames', () => {
  it('splits entries and reads JSON-quoted values as one entry', () => {
    expect(parseSubjectAltNames('DNS:a.example.com, URI:spiffe://x/y')).toEqual([{ type: 'DNS', value: 'a.example.com' }, { type: 'URI', value: 'spiffe://x/y' }]);
    expect(parseSubjectAltNames('URI:"spiffe://a, DNS:evil", DNS:c.example.com')).toEqual([{ type: 'URI', value: 'spiffe://a, DNS:evil' }, { type: 'DNS', value: 'c.example.com' }]);
    expect(parseSubjectAltNames(undefined)).toEqual([]);
  });
});

describe('identityCheckFor (BackendTLSPolicy)', () => {
  it('without subjectAltNames checks validation.hostname', () => {
    const cert = peer(pki.issue(ca, { cn: 'abc', sans: ['DNS:abc.example.com'] }).certPem);
    expect(identityCheckFor(btls('abc.example.com'))('10.0.0.1', cert)).toBeUndefined();
    expect(identityCheckFor(btls('other.example.com'))('10.0.0.1', cert)).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('with subjectAltNames ignores the hostname and needs one SAN to match (DNS wildcard as a whole label, URI exactly)', () => {
    const cert = peer(pki.issue(ca, { cn: 'abc.example.com', sans: ['DNS:*.example.com', 'URI:spiffe://abc.example.com/test-identity'] }).certPem);
    expect(identityCheckFor(btls('abc.example.com', [{ type: 'Hostname', value: 'dce.example.com' }]))('x', cert)).toBeUndefined();
    expect(identityCheckFor(btls('abc.example.com', [{ type: 'Hostname', value: 'a.b.example.com' }]))('x', cert)).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(identityCheckFor(btls('abc.example.com', [{ type: 'URI', value: 'spiffe://abc.example.com/test-identity' }]))('x', cert)).toBeUndefined();
    const wrongUri = identityCheckFor(btls('abc.example.com', [{ type: 'URI', value: 'spiffe://def.example.com/test-identity' }, { type: 'Hostname', value: 'example.org' }]))('x', cert);
    expect(wrongUri?.message).toContain('matches none of URI:spiffe://def.example.com/test-identity, Hostname:example.org');
  });

  it('a wildcard Hostname SAN in the policy matches the same wildcard or a name one label below', () => {
    const check = (certSans: string[], policySan: string) => identityCheckFor(btls('abc.example.com', [{ type: 'Hostname', value: policySan }]))('x', peer(pki.issue(ca, { cn: 'x', sans: certSans }).certPem));
    expect(check(['DNS:*.example.com'], '*.example.com')).toBeUndefined();
    expect(check(['DNS:abc.example.com'], '*.example.com')).toBeUndefined();
    expect(check(['DNS:a.b.example.com'], '*.example.com')).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(check(['DNS:example.com'], '*.example.com')).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('with subjectAltNames never falls back to the subject CN', () => {
    const cnOnly = peer(pki.issue(ca, { cn: 'abc.example.com' }).certPem);
    expect(identityCheckFor(btls('abc.example.com', [{ type: 'Hostname', value: 'abc.example.com' }]))('x', cnOnly)).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('describes what was expected', () => {
    expect(expectedIdentity(btls('abc.example.com'))).toBe('abc.example.com');
    expect(expectedIdentity(btls('abc.example.com', [{ type: 'URI', value: 'spiffe://a/b' }]))).toBe('one of the subjectAltNames URI:spiffe://a/b');
  });
});
