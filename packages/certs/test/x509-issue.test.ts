import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { generateKeyPair } from '../src/keys/generate-key';
import { decodeCertificate } from '../src/x509/decode-certificate';
import { describeCertificate } from '../src/x509/describe-certificate';
import { issueCertificate } from '../src/x509/issue-certificate';
import { defaultProfile } from '../src/x509/profiles';
import { fingerprintCertificate } from '../src/fingerprint';
import { keyMatchesCertificate } from '../src/keys/key-matches-cert';
import { openssl, scratch, type Scratch } from './support/openssl';
import { NOW, makePki, opensslDate, type TestPki } from './support/pki';

const AT = String(Math.floor(NOW.getTime() / 1000) + 3600);
let tmp: Scratch;
beforeAll(async () => {
  tmp = await scratch();
});
afterAll(() => tmp.remove());

function expectInvalid(run: () => unknown, fragment: RegExp): void {
  try {
    run();
  } catch (e) {
    expect(isDomainError(e)).toBe(true);
    expect((e as Error).message).toMatch(fragment);
    return;
  }
  throw new Error('expected a DomainError');
}

describe.each([
  ['ECDSA P-256', { algorithm: 'ecdsa', curve: 'P-256' } as const],
  ['ECDSA P-384', { algorithm: 'ecdsa', curve: 'P-384' } as const],
  ['RSA 2048', { algorithm: 'rsa', size: 2048 } as const],
  ['Ed25519', { algorithm: 'ed25519' } as const],
])('root → intermediate → leaf with %s', (name, spec) => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await makePki(spec);
  });

  it('is accepted by openssl verify -purpose sslserver', async () => {
    const root = await tmp.write(`${name}-root.pem`, pki.root.pem);
    const intermediate = await tmp.write(`${name}-int.pem`, pki.intermediate.pem);
    const leaf = await tmp.write(`${name}-leaf.pem`, pki.leaf.pem);
    const ok = await openssl(['verify', '-attime', AT, '-purpose', 'sslserver', '-x509_strict', '-CAfile', root, '-untrusted', intermediate, leaf], tmp.dir);
    expect(ok.stdout + ok.stderr).toContain(': OK');
    expect(ok.code).toBe(0);
    // The same chain without the intermediate must fail: proof the check above can fail.
    const broken = await openssl(['verify', '-attime', AT, '-CAfile', root, leaf], tmp.dir);
    expect(broken.code).not.toBe(0);
  });

  it('shows the requested SANs, usages and validity in openssl x509 -text', async () => {
    const leaf = await tmp.write(`${name}-leaf-text.pem`, pki.leaf.pem);
    const { stdout } = await openssl(['x509', '-in', leaf, '-noout', '-text'], tmp.dir);
    expect(stdout).toContain('DNS:foo.example.com, DNS:*.apps.example.com, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(stdout).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(stdout).toMatch(/X509v3 Extended Key Usage: \s+TLS Web Server Authentication/);
    const usage = spec.algorithm === 'rsa' ? 'Digital Signature, Key Encipherment' : 'Digital Signature';
    expect(stdout).toMatch(new RegExp(`X509v3 Key Usage: critical\\s+${usage}\\n`));
    expect(stdout).toContain(`Not Before: ${opensslDate(new Date(NOW.getTime() - 5 * 60_000))}`);
    expect(stdout).toContain(`Not After : ${opensslDate(new Date(NOW.getTime() + 397 * 86_400_000))}`);
    const int = await tmp.write(`${name}-int-text.pem`, pki.intermediate.pem);
    expect((await openssl(['x509', '-in', int, '-noout', '-text'], tmp.dir)).stdout).toMatch(/CA:TRUE, pathlen:0/);
  });

  it('decodes to the same facts openssl reports', async () => {
    const leaf = await tmp.write(`${name}-leaf-decode.pem`, pki.leaf.pem);
    const view = decodeCertificate(pki.leaf.pem);
    const fp = await openssl(['x509', '-in', leaf, '-noout', '-fingerprint', '-sha256', '-serial', '-ext', 'subjectKeyIdentifier'], tmp.dir);
    expect(fp.stdout).toContain(`sha256 Fingerprint=${view.fingerprints.sha256}`);
    expect(fp.stdout).toContain(`serial=${view.serialHex}`);
    expect(fp.stdout).toContain(view.subjectKeyId);
    expect(view.serialHex).toBe(pki.leaf.serialHex);
    expect(view.sans).toEqual({ dns: ['foo.example.com', '*.apps.example.com'], ip: ['127.0.0.1', '::1'], uri: [], email: [] });
    expect(view.isCA).toBe(false);
    expect(view.extKeyUsage).toEqual(['serverAuth']);
    expect(view.keyAlgorithm).toBe(spec.algorithm);
    expect(view.authorityKeyId).toBe(decodeCertificate(pki.intermediate.pem).subjectKeyId);
    expect(decodeCertificate(pki.root.pem)).toMatchObject({ isCA: true, pathLen: 1, isSelfSigned: true, keyUsage: ['keyCertSign', 'cRLSign'] });
    expect(fingerprintCertificate(pki.leaf.der)).toEqual(view.fingerprints);
    expect(keyMatchesCertificate(pki.leafKey.privateKeyPem, pki.leaf.pem)).toBe(true);
    expect(keyMatchesCertificate(pki.rootKey.privateKey, pki.leaf.pem)).toBe(false);
  });
});

describe('issueCertificate refusals', () => {
  let pki: TestPki;
  beforeAll(async () => {
    pki = await makePki({ algorithm: 'ecdsa' });
  });

  it('refuses a leaf that outlives its issuer', async () => {
    const key = await generateKeyPair();
    const profile = defaultProfile('server', { now: NOW });
    expectInvalid(
      () =>
        issueCertificate({
          subject: { commonName: 'late.example.com' },
          issuer: { cert: pki.intermediate.pem, key: pki.intermediateKey.privateKey },
          publicKey: key.publicKey,
          ...profile,
          validity: { notBefore: NOW, notAfter: new Date('2040-01-01T00:00:00Z') },
        }),
      /outlive its issuer/,
    );
  });

  it('refuses a non-CA issuer, a mismatched issuer key and a CA below pathLen 0', async () => {
    const key = await generateKeyPair();
    const server = defaultProfile('server', { now: NOW });
    expectInvalid(
      () => issueCertificate({ subject: { commonName: 'x' }, issuer: { cert: pki.leaf.pem, key: pki.leafKey.privateKey }, publicKey: key.publicKey, ...server }),
      /not a CA/,
    );
    expectInvalid(
      () => issueCertificate({ subject: { commonName: 'x' }, issuer: { cert: pki.intermediate.pem, key: pki.rootKey.privateKey }, publicKey: key.publicKey, ...server }),
      /does not match/,
    );
    expectInvalid(
      () =>
        issueCertificate({
          subject: { commonName: 'sub CA' },
          issuer: { cert: pki.intermediate.pem, key: pki.intermediateKey.privateKey },
          publicKey: key.publicKey,
          ...defaultProfile('ca', { now: NOW }),
          validity: server.validity,
        }),
      /pathLen 0/,
    );
  });

  it('refuses inconsistent requests with one detail per problem', async () => {
    const key = await generateKeyPair();
    try {
      issueCertificate({
        subject: {},
        issuer: 'self',
        privateKey: key.privateKey,
        validity: { notBefore: NOW, notAfter: new Date(NOW.getTime() - 1000) },
        isCA: false,
        pathLen: 2,
        keyUsage: ['keyCertSign', 'flyToMoon'],
        extKeyUsage: [],
      });
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(isDomainError(e)).toBe(true);
      expect((e as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(['keyUsage[1]']);
    }
    try {
      issueCertificate({
        subject: {},
        issuer: 'self',
        privateKey: key.privateKey,
        validity: { notBefore: NOW, notAfter: new Date(NOW.getTime() - 1000) },
        isCA: false,
        pathLen: 2,
        keyUsage: ['keyCertSign'],
        extKeyUsage: [],
      });
      throw new Error('expected a DomainError');
    } catch (e) {
      expect((e as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(['validity.notAfter', 'pathLen', 'keyUsage', 'subject']);
    }
  });

  it('puts a given serial in the certificate and refuses a bad one', async () => {
    const key = await generateKeyPair();
    const profile = defaultProfile('server', { now: NOW });
    const base = { subject: { commonName: 's.example.com' }, issuer: { cert: pki.intermediate.pem, key: pki.intermediateKey.privateKey }, publicKey: key.publicKey, ...profile };
    const cert = issueCertificate({ ...base, serial: '00:FF:01' });
    expect(cert.serialHex).toBe('FF01');
    const path = await tmp.write('serial.pem', cert.pem);
    expect((await openssl(['x509', '-in', path, '-noout', '-serial'], tmp.dir)).stdout.trim()).toBe('serial=FF01');
    expectInvalid(() => issueCertificate({ ...base, serial: '0' }), /positive/);
    expectInvalid(() => issueCertificate({ ...base, serial: 'ab'.repeat(21) }), /20 octets/);
  });
});

describe('describeCertificate', () => {
  it('reads like openssl x509 -text for the lines both print', async () => {
    const pki = await makePki({ algorithm: 'ecdsa' });
    const ours = describeCertificate(pki.leaf.pem);
    const path = await tmp.write('describe.pem', pki.leaf.pem);
    const theirs = (await openssl(['x509', '-in', path, '-noout', '-text'], tmp.dir)).stdout;
    for (const line of ours.split('\n')) {
      if (/Fingerprint=|^\s*$/.test(line)) continue;
      // openssl prints IPv6 SANs expanded; everything else must appear verbatim.
      if (line.includes('IP Address:')) continue;
      expect(theirs).toContain(line);
    }
    expect(ours).toContain('DNS:foo.example.com, DNS:*.apps.example.com, IP Address:127.0.0.1, IP Address:::1');
  });

  it('decodes a certificate made by openssl req -x509', async () => {
    await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'o.key', '-out', 'o.pem', '-subj', '/C=US/O=Outside/CN=outside.example', '-days', '30', '-addext', 'subjectAltName=DNS:outside.example,email:ops@outside.example,URI:https://outside.example/x'], tmp.dir);
    const view = decodeCertificate(await tmp.readText('o.pem'));
    expect(view.subject.text).toBe('C = US, O = Outside, CN = outside.example');
    expect(view.subject.commonName).toBe('outside.example');
    expect(view.sans).toEqual({ dns: ['outside.example'], ip: [], uri: ['https://outside.example/x'], email: ['ops@outside.example'] });
    expect(view).toMatchObject({ keyAlgorithm: 'rsa', keySize: 2048, isCA: true, isSelfSigned: true, signatureAlgorithm: 'sha256WithRSAEncryption' });
  });
});
