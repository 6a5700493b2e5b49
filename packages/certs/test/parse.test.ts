import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { keyMatchesCertificate } from '../src/keys/key-matches-cert';
import { MAX_INPUT_BYTES } from '../src/parse/input';
import { parseCertificates } from '../src/parse/parse-certificates';
import { parsePrivateKey } from '../src/parse/parse-private-key';
import { decodeCertificate } from '../src/x509/decode-certificate';
import { openssl, scratch, type Scratch } from './support/openssl';
import { makePki, type TestPki } from './support/pki';

let tmp: Scratch;
let pki: TestPki;
beforeAll(async () => {
  tmp = await scratch();
  pki = await makePki({ algorithm: 'ecdsa' });
  await tmp.write('leaf.pem', pki.leaf.pem);
  await tmp.write('bundle.pem', pki.intermediate.pem + pki.root.pem);
});
afterAll(() => tmp.remove());

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (e) {
    expect(isDomainError(e)).toBe(true);
    return e as { code: string; message: string };
  }
  throw new Error('expected a DomainError');
}

describe('parseCertificates', () => {
  it('reads PEM bundles with text around the blocks, DER, and PKCS#7 in PEM and DER', async () => {
    const noisy = `subject=CN = foo\nissuer=whatever\n${pki.leaf.pem}\nBag Attributes: <none>\n${pki.intermediate.pem}${pki.leafKey.privateKeyPem}`;
    expect(parseCertificates(noisy)).toEqual([pki.leaf.pem, pki.intermediate.pem]);
    expect(parseCertificates(pki.leaf.der)).toEqual([pki.leaf.pem]);
    expect(parseCertificates(pki.leaf.pem.replace(/\n/g, '\r\n'))).toEqual([pki.leaf.pem]);
    await openssl(['crl2pkcs7', '-nocrl', '-certfile', 'leaf.pem', '-certfile', 'bundle.pem', '-out', 'b.p7b'], tmp.dir);
    await openssl(['crl2pkcs7', '-nocrl', '-certfile', 'leaf.pem', '-certfile', 'bundle.pem', '-outform', 'DER', '-out', 'b.p7b.der'], tmp.dir);
    const expected = [pki.leaf.pem, pki.intermediate.pem, pki.root.pem];
    expect(parseCertificates(await tmp.readText('b.p7b'))).toEqual(expected);
    expect(parseCertificates(await tmp.read('b.p7b.der'))).toEqual(expected);
  });

  it('refuses garbage, truncated PEM, bad base64, trailing bytes and oversize input, naming the problem', () => {
    expect(errorOf(() => parseCertificates('hello world')).message).toMatch(/no certificate/);
    expect(errorOf(() => parseCertificates(Buffer.from([0x01, 0x02, 0x03]))).message).toMatch(/neither PEM nor DER/);
    expect(errorOf(() => parseCertificates(pki.leaf.pem.slice(0, 200))).message).toMatch(/'CERTIFICATE' has no END line/);
    const lines = pki.leaf.pem.split('\n');
    const cut = [...lines.slice(0, 3), ...lines.slice(-2)].join('\n');
    expect(errorOf(() => parseCertificates(cut)).message).toMatch(/truncated/);
    expect(errorOf(() => parseCertificates(pki.leaf.pem.replace('MII', 'M!I'))).message).toMatch(/not valid base64/);
    expect(errorOf(() => parseCertificates(Buffer.concat([pki.leaf.der, Buffer.from([0, 0])]))).message).toMatch(/2 bytes after/);
    expect(errorOf(() => parseCertificates(pki.leaf.der.subarray(0, 100))).message).toMatch(/truncated/);
    expect(errorOf(() => parseCertificates('-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n')).message).toMatch(/not an X.509 certificate/);
    expect(errorOf(() => parseCertificates('x'.repeat(MAX_INPUT_BYTES + 1))).code).toBe('payload_too_large');
    expect(errorOf(() => decodeCertificate(pki.leaf.pem + pki.root.pem)).message).toMatch(/expected one/);
  });
});

describe('parsePrivateKey', () => {
  it('calls every failed opening of an encrypted key with a passphrase a wrong passphrase', () => {
    // With a wrong key, CBC padding still checks out about 1 time in 256 and OpenSSL then fails in its decoder
    // ("unsupported"); 600 tries make that case all but certain to occur.
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right' });
    const messages = new Set<string>();
    for (let i = 0; i < 600; i++) messages.add(errorOf(() => parsePrivateKey(pem, `wrong-${i}`)).message);
    expect([...messages]).toEqual(['wrong passphrase for key']);
    expect(parsePrivateKey(pem, 'right').asymmetricKeyType).toBe('ec');
  });

  it('reads the key formats openssl writes', async () => {
    await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', 'p8.key'], tmp.dir);
    await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sec1.key'], tmp.dir);
    await openssl(['genrsa', '-traditional', '-out', 'pkcs1.key', '2048'], tmp.dir);
    await openssl(['genpkey', '-algorithm', 'ed25519', '-out', 'ed.key'], tmp.dir);
    await openssl(['pkcs8', '-topk8', '-in', 'p8.key', '-out', 'enc.key', '-passout', 'pass:pw'], tmp.dir);
    await openssl(['pkey', '-in', 'sec1.key', '-outform', 'DER', '-out', 'p8.der'], tmp.dir);
    const keys = await Promise.all(['p8.key', 'sec1.key', 'pkcs1.key', 'ed.key'].map((f) => tmp.readText(f)));
    expect(keys[2]).toMatch(/BEGIN RSA PRIVATE[ ]KEY/);
    expect(keys[1]).toMatch(/BEGIN EC PRIVATE[ ]KEY/);
    expect(keys.map((k) => parsePrivateKey(k).asymmetricKeyType)).toEqual(['ec', 'ec', 'rsa', 'ed25519']);
    expect(parsePrivateKey(await tmp.readText('enc.key'), 'pw').asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(parsePrivateKey(await tmp.read('p8.der')).asymmetricKeyType).toBe('ec');
    expect(errorOf(() => parsePrivateKey(keysText('enc.key'))).message).toMatch(/passphrase is required/);
    expect(errorOf(() => parsePrivateKey(keysText('enc.key'), 'wrong')).message).toMatch(/wrong passphrase/);
  });

  it('refuses non-keys and unsupported key types', async () => {
    await openssl(['genpkey', '-algorithm', 'x25519', '-out', 'x.key'], tmp.dir);
    expect(errorOf(() => parsePrivateKey(keysText('x.key'))).message).toMatch(/x25519 key; supported are/);
    expect(errorOf(() => parsePrivateKey(pki.leaf.pem)).message).toMatch(/no private key PEM block/);
    expect(errorOf(() => parsePrivateKey(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]))).message).toMatch(/not a readable private key/);
  });

  it('tells a matching key from a mismatched one', () => {
    expect(keyMatchesCertificate(pki.leafKey.privateKeyPem, pki.leaf.pem)).toBe(true);
    expect(keyMatchesCertificate(pki.intermediateKey.privateKeyPem, pki.leaf.pem)).toBe(false);
  });
});

function keysText(name: string): string {
  return readFileSync(join(tmp.dir, name), 'utf8');
}
