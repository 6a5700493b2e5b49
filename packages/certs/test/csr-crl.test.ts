import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { generateCrl } from '../src/crl/generate-crl';
import { createCsr } from '../src/csr/create-csr';
import { parseCsr } from '../src/csr/parse-csr';
import { signCsr } from '../src/csr/sign-csr';
import { toPem } from '../src/parse/pem';
import { decodeCertificate } from '../src/x509/decode-certificate';
import { defaultProfile } from '../src/x509/profiles';
import { openssl, scratch, type Scratch } from './support/openssl';
import { NOW, makePki, opensslDate, type TestPki } from './support/pki';

const ATTIME = String(Math.floor(NOW.getTime() / 1000) + 3600);
let tmp: Scratch;
let pki: TestPki;
beforeAll(async () => {
  tmp = await scratch();
  pki = await makePki({ algorithm: 'ecdsa' });
  await tmp.write('root.pem', pki.root.pem);
  await tmp.write('int.pem', pki.intermediate.pem);
  await tmp.write('chain.pem', pki.intermediate.pem + pki.root.pem);
});
afterAll(() => tmp.remove());

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    expect(isDomainError(e)).toBe(true);
    return e as Error;
  }
  throw new Error('expected a DomainError');
}

describe('CSR', () => {
  it.each([
    ['rsa:2048', []],
    ['ec', ['-pkeyopt', 'ec_paramgen_curve:P-384']],
    ['ed25519', []],
  ])('a %s request from openssl req -new signs into a certificate openssl verifies', async (alg, opts) => {
    const name = alg.replace(':', '');
    const made = await openssl(
      ['req', '-new', '-newkey', alg, ...opts, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/O=Flomesh/CN=foo.example.com', '-addext', 'subjectAltName=DNS:foo.example.com,IP:10.0.0.7'],
      tmp.dir,
    );
    expect(made.code, made.stderr).toBe(0);
    const csrPem = await tmp.readText(`${name}.csr`);
    const view = parseCsr(csrPem);
    expect(view).toMatchObject({ signatureValid: true, sans: { dns: ['foo.example.com'], ip: ['10.0.0.7'], uri: [], email: [] } });
    expect(view.subject.text).toBe('O = Flomesh, CN = foo.example.com');
    const cert = signCsr({ csr: csrPem, issuer: { cert: pki.intermediate.pem, key: pki.intermediateKey.privateKey }, ...defaultProfile('server', { now: NOW, keyAlgorithm: view.keyAlgorithm }) });
    const path = await tmp.write(`${name}.pem`, cert.pem);
    const verified = await openssl(['verify', '-attime', ATTIME, '-purpose', 'sslserver', '-CAfile', 'root.pem', '-untrusted', 'int.pem', path], tmp.dir);
    expect(verified.code, verified.stderr).toBe(0);
    const match = await openssl(['x509', '-in', path, '-noout', '-subject', '-ext', 'subjectAltName'], tmp.dir);
    expect(match.stdout).toContain('subject=O = Flomesh, CN = foo.example.com');
    expect(match.stdout).toContain('DNS:foo.example.com, IP Address:10.0.0.7');
    // The certificate carries the requester's key: the key openssl made matches it.
    const pub = await openssl(['pkey', '-in', `${name}.key`, '-pubout'], tmp.dir);
    expect(decodeCertificate(cert.pem).publicKeyPem).toBe(pub.stdout);
  });

  it('refuses a request whose signature was tampered with, and garbage', async () => {
    const csr = createCsr({ subject: { commonName: 'x.example.com' }, sans: ['x.example.com'], privateKey: pki.leafKey.privateKey });
    const der = Buffer.from(csr.der);
    der.writeUInt8((der.at(-3) ?? 0) ^ 0x01, der.length - 3);
    expect(parseCsr(toPem('CERTIFICATE REQUEST', der)).signatureValid).toBe(false);
    const issuer = { cert: pki.intermediate.pem, key: pki.intermediateKey.privateKey };
    expect(errorOf(() => signCsr({ csr: der, issuer, ...defaultProfile('server', { now: NOW }) })).message).toMatch(/signature does not verify/);
    expect(errorOf(() => parseCsr('-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQE=\n-----END CERTIFICATE REQUEST-----\n')).message).toMatch(/not a PKCS#10/);
  });

  it('createCsr makes a request openssl req -verify accepts, with the SANs in it', async () => {
    const csr = createCsr({ subject: { commonName: 'made.example.com', country: 'DE' }, sans: ['made.example.com', 'spiffe://cluster.local/ns/a/sa/b'], privateKey: pki.leafKey.privateKeyPem });
    const path = await tmp.write('made.csr', csr.pem);
    const checked = await openssl(['req', '-in', path, '-noout', '-verify', '-text'], tmp.dir);
    expect(checked.stderr + checked.stdout).toMatch(/verify OK|Certificate request self-signature verify OK/);
    expect(checked.stdout).toContain('DNS:made.example.com, URI:spiffe://cluster.local/ns/a/sa/b');
    expect(checked.stdout).toContain('Subject: C = DE, CN = made.example.com');
  });
});

describe('generateCrl', () => {
  it('makes a CRL that openssl crl reads, verifies and uses to reject the revoked leaf', async () => {
    const crl = generateCrl({
      issuer: { cert: pki.intermediate.pem, key: pki.intermediateKey.privateKey },
      revoked: [
        { serialHex: pki.leaf.serialHex, revokedAt: NOW, reason: 'keyCompromise' },
        { serialHex: '0A:0B', revokedAt: NOW, reason: 'superseded' },
        { serialHex: '99', revokedAt: NOW, reason: 'unspecified' },
      ],
      thisUpdate: NOW,
      nextUpdate: new Date(NOW.getTime() + 7 * 86_400_000),
      crlNumber: 2n ** 70n,
    });
    const path = await tmp.write('int.crl', crl.pem);
    await tmp.write('int.crl.der', crl.der);
    const text = await openssl(['crl', '-in', path, '-noout', '-text', '-CAfile', 'chain.pem'], tmp.dir);
    expect(text.stderr).toContain('verify OK');
    expect(text.stdout).toContain(`Serial Number: ${pki.leaf.serialHex}`);
    expect(text.stdout).toMatch(new RegExp(`Serial Number: ${pki.leaf.serialHex}\\s+Revocation Date: ${opensslDate(NOW)}\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Key Compromise`));
    expect(text.stdout).toMatch(/Serial Number: 0A0B\s+Revocation Date: [^\n]+\s+CRL entry extensions:\s+X509v3 CRL Reason Code:\s+Superseded/);
    // RFC 5280 §5.3.1: no reasonCode for 'unspecified'.
    expect(text.stdout).toMatch(new RegExp(`Serial Number: 99\\s+Revocation Date: ${opensslDate(NOW)}\\s+Signature Algorithm`));
    expect(text.stdout).toMatch(new RegExp(`X509v3 CRL Number: \\s+${(2n ** 70n).toString()}\\n`));
    expect(text.stdout).toContain(`Next Update: ${opensslDate(new Date(NOW.getTime() + 7 * 86_400_000))}`);
    expect((await openssl(['crl', '-in', 'int.crl.der', '-inform', 'DER', '-noout', '-CAfile', 'chain.pem'], tmp.dir)).stderr).toContain('verify OK');

    await tmp.write('leaf.pem', pki.leaf.pem);
    await tmp.write('crls.pem', crl.pem + generateCrl({ issuer: { cert: pki.root.pem, key: pki.rootKey.privateKey }, revoked: [], thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + 86_400_000), crlNumber: 1 }).pem);
    const revoked = await openssl(['verify', '-attime', ATTIME, '-crl_check_all', '-CRLfile', 'crls.pem', '-CAfile', 'root.pem', '-untrusted', 'int.pem', 'leaf.pem'], tmp.dir);
    expect(revoked.code).not.toBe(0);
    expect(revoked.stdout + revoked.stderr).toContain('certificate revoked');
  });

  it('refuses unknown reasons, bad serials, backwards dates and a key that is not the issuer', () => {
    const issuer = { cert: pki.intermediate.pem, key: pki.intermediateKey.privateKey };
    const base = { issuer, thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + 1000), crlNumber: 1 };
    const error = errorOf(() =>
      generateCrl({
        ...base,
        nextUpdate: new Date(NOW.getTime() - 1000),
        revoked: [
          { serialHex: 'zz', revokedAt: NOW, reason: 'keyCompromise' },
          { serialHex: '01', revokedAt: NOW, reason: 'lostIt' as 'keyCompromise' },
        ],
      }),
    );
    expect((error as unknown as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(['nextUpdate', 'revoked[0].serialHex', 'revoked[1].reason']);
    expect(errorOf(() => generateCrl({ ...base, revoked: [], issuer: { cert: pki.intermediate.pem, key: pki.rootKey.privateKey } })).message).toMatch(/does not match/);
  });
});
