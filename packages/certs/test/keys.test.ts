import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { DEFAULT_KEY_SPEC, generateKeyPair, type KeySpec } from '../src/keys/generate-key';
import { describeKey } from '../src/keys/key-info';
import { toPublicKey } from '../src/keys/key-input';
import { openssl, scratch, type Scratch } from './support/openssl';

let tmp: Scratch;
beforeAll(async () => {
  tmp = await scratch();
});
afterAll(() => tmp.remove());

describe('generateKeyPair', () => {
  it.each([
    [{ algorithm: 'rsa', size: 2048 }, 'rsa', 2048, /Private-Key: \(2048 bit, 2 primes\)/],
    [{ algorithm: 'rsa', size: 3072 }, 'rsa', 3072, /Private-Key: \(3072 bit, 2 primes\)/],
    [{ algorithm: 'ecdsa', curve: 'P-256' }, 'ecdsa', 256, /NIST CURVE: P-256/],
    [{ algorithm: 'ecdsa', curve: 'P-384' }, 'ecdsa', 384, /NIST CURVE: P-384/],
    [{ algorithm: 'ed25519' }, 'ed25519', 256, /ED25519 Private-Key/],
  ] as [KeySpec, string, number, RegExp][])('%o gives PKCS#8 + SPKI PEM that openssl reads as such', async (spec, algorithm, size, text) => {
    const pair = await generateKeyPair(spec);
    expect(pair.info).toMatchObject({ algorithm, size });
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE[ ]KEY-----\n/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const keyPath = await tmp.write(`${algorithm}-${size}.key`, pair.privateKeyPem);
    const shown = await openssl(['pkey', '-in', keyPath, '-noout', '-text'], tmp.dir);
    expect(shown.stdout).toMatch(text);
    const pub = await openssl(['pkey', '-in', keyPath, '-pubout'], tmp.dir);
    expect(pub.stdout).toBe(pair.publicKeyPem);
    expect(describeKey(toPublicKey(pair.privateKeyPem))).toEqual(pair.info);
  });

  it('defaults to ECDSA P-256', async () => {
    expect(DEFAULT_KEY_SPEC).toEqual({ algorithm: 'ecdsa', curve: 'P-256' });
    expect((await generateKeyPair()).info).toEqual({ algorithm: 'ecdsa', size: 256, curve: 'P-256' });
  });

  it.each([
    [{ algorithm: 'rsa', size: 1024 }, /RSA key size/],
    [{ algorithm: 'ecdsa', curve: 'P-521' }, /P-256 or P-384/],
    [{ algorithm: 'dsa' }, /unknown key algorithm/],
  ])('refuses %o with DomainError invalid', async (spec, message) => {
    try {
      await generateKeyPair(spec as unknown as KeySpec);
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(isDomainError(e)).toBe(true);
      expect((e as Error).message).toMatch(message);
    }
  });
});
