import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { buildPkcs12 } from '../src/parse/build-pkcs12';
import { MAX_INPUT_BYTES } from '../src/parse/input';
import { parsePkcs12 } from '../src/parse/parse-pkcs12';
import { openssl, scratch, type Scratch } from './support/openssl';
import { makePki, type TestPki } from './support/pki';

let tmp: Scratch;
let pki: TestPki;
let rsa: TestPki;
beforeAll(async () => {
  tmp = await scratch();
  pki = await makePki({ algorithm: 'ecdsa' });
  rsa = await makePki({ algorithm: 'rsa', size: 2048 });
  for (const [name, p] of [['ec', pki], ['rsa', rsa]] as const) {
    await tmp.write(`${name}-leaf.pem`, p.leaf.pem);
    await tmp.write(`${name}-leaf.key`, p.leafKey.privateKeyPem);
    await tmp.write(`${name}-chain.pem`, p.intermediate.pem + p.root.pem);
  }
});
afterAll(() => tmp.remove());

async function domainErrorOf(run: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (e) {
    expect(isDomainError(e)).toBe(true);
    return e as { code: string; message: string };
  }
  throw new Error('expected a DomainError');
}

describe('parsePkcs12 on files made by openssl pkcs12 -export', () => {
  it.each([
    ['modern (AES-256/PBKDF2, SHA-256 MAC)', 'ec', []],
    ['legacy (3DES key, RC2-40 certs, SHA-1 MAC)', 'ec', ['-legacy']],
    ['modern RSA', 'rsa', []],
    ['legacy RSA', 'rsa', ['-legacy']],
  ])('%s: key, certificate and chain come back with the password', async (_label, name, extra) => {
    const file = `${name}${extra.join('')}.p12`;
    const made = await openssl(['pkcs12', '-export', ...extra, '-in', `${name}-leaf.pem`, '-inkey', `${name}-leaf.key`, '-certfile', `${name}-chain.pem`, '-out', file, '-passout', 'pass:s3cret-pässword'], tmp.dir);
    expect(made.code, made.stderr).toBe(0);
    const info = await openssl(['pkcs12', ...extra, '-in', file, '-info', '-noout', '-passin', 'pass:s3cret-pässword'], tmp.dir);
    expect(info.stderr).toMatch(extra.length > 0 ? /pbeWithSHA1And40BitRC2-CBC/ : /AES-256-CBC/);
    const p = name === 'ec' ? pki : rsa;
    const parsed = parsePkcs12(await tmp.read(file), 's3cret-pässword');
    expect(parsed.cert).toBe(p.leaf.pem);
    expect(parsed.chain).toEqual([p.intermediate.pem, p.root.pem]);
    expect(parsed.key?.pem).toBe(p.leafKey.privateKeyPem);
    expect(parsed.key?.info.algorithm).toBe(name === 'ec' ? 'ecdsa' : 'rsa');
    for (const password of ['wrong', undefined, '']) {
      const error = await domainErrorOf(() => parsePkcs12(readSync(file), password));
      expect(error).toMatchObject({ code: 'invalid', message: 'wrong password for PKCS#12' });
    }
  });

  it('opens a passwordless file without a password, and one without a MAC', async () => {
    await openssl(['pkcs12', '-export', '-in', 'ec-leaf.pem', '-inkey', 'ec-leaf.key', '-out', 'nopass.p12', '-passout', 'pass:'], tmp.dir);
    expect(parsePkcs12(await tmp.read('nopass.p12')).cert).toBe(pki.leaf.pem);
    await openssl(['pkcs12', '-export', '-nomac', '-in', 'ec-leaf.pem', '-inkey', 'ec-leaf.key', '-out', 'nomac.p12', '-passout', 'pass:pw'], tmp.dir);
    expect(parsePkcs12(await tmp.read('nomac.p12'), 'pw').key?.pem).toBe(pki.leafKey.privateKeyPem);
    expect(await domainErrorOf(() => parsePkcs12(readSync('nomac.p12'), 'nope'))).toMatchObject({ message: 'wrong password for PKCS#12' });
  });

  it('refuses garbage, truncation, PEM and oversize input by name', async () => {
    const good = await tmp.read('ec.p12');
    expect((await domainErrorOf(() => parsePkcs12(good.subarray(0, good.length - 40), 'x'))).message).toMatch(/truncated/);
    expect((await domainErrorOf(() => parsePkcs12(Buffer.from('not a pfx at all'), 'x'))).message).toMatch(/not DER/);
    expect((await domainErrorOf(() => parsePkcs12(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05]), 'x'))).message).toMatch(/not a PKCS#12 file/);
    expect((await domainErrorOf(() => parsePkcs12(Buffer.from(pki.leaf.pem), 'x'))).message).toMatch(/not DER/);
    expect(await domainErrorOf(() => parsePkcs12(Buffer.alloc(MAX_INPUT_BYTES + 1, 0x30), 'x'))).toMatchObject({ code: 'payload_too_large' });
  });
});

describe('buildPkcs12', () => {
  it('writes the modern profile that openssl reads with the password and refuses without', async () => {
    for (const [name, p] of [['ec', pki], ['rsa', rsa]] as const) {
      const der = buildPkcs12({ key: p.leafKey.privateKeyPem, cert: p.leaf.pem, chain: [p.intermediate.pem, p.root.pem], password: 'pä55', friendlyName: 'foo' });
      const file = await tmp.write(`ours-${name}.p12`, der);
      const info = await openssl(['pkcs12', '-in', file, '-info', '-nodes', '-passin', 'pass:pä55'], tmp.dir);
      expect(info.code, info.stderr).toBe(0);
      expect(info.stderr).toContain('MAC: sha256, Iteration 2048');
      expect(info.stderr).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256');
      expect(info.stdout).toContain('friendlyName: foo');
      expect(info.stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
      expect(info.stdout).toMatch(/BEGIN PRIVATE[ ]KEY/);
      const wrong = await openssl(['pkcs12', '-in', file, '-noout', '-passin', 'pass:wrong'], tmp.dir);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/mac verify (failure|error)/i);
      const back = parsePkcs12(der, 'pä55');
      expect(back).toMatchObject({ cert: p.leaf.pem, chain: [p.intermediate.pem, p.root.pem] });
    }
  });

  it('refuses a key that does not match the certificate', async () => {
    const error = await domainErrorOf(() => buildPkcs12({ key: rsa.leafKey.privateKey, cert: pki.leaf.pem, password: 'x' }));
    expect(error.message).toMatch(/does not match/);
  });
});

/** parsePkcs12 is synchronous; the error cases read their file up front. */
function readSync(name: string): Buffer {
  return readFileSync(join(tmp.dir, name));
}
