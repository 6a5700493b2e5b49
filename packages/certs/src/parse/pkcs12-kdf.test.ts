import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { bmpPassword, pkcs12Kdf } from './pkcs12-kdf';

describe('pkcs12Kdf', () => {
  // node-forge's independent pure-JS implementation of RFC 7292 Appendix B is the judge here.
  it.each([
    ['sha1', 'smeg', 1, 1, 24],
    ['sha1', 'queeg', 2, 1000, 8],
    ['sha256', 'pässwörd', 3, 2048, 32],
    ['sha512', '', 3, 3, 64],
  ])('%s / %s / id %i / %i iterations matches node-forge', (hash, password, id, iterations, length) => {
    const salt = Buffer.from('0a58cf64530d823f', 'hex');
    const md = hash === 'sha1' ? forge.md.sha1.create() : hash === 'sha256' ? forge.md.sha256.create() : forge.md.sha512.create();
    const expected = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt.toString('binary')), id, iterations, length, md);
    expect(pkcs12Kdf(hash, bmpPassword(password), salt, id, iterations, length).toString('hex')).toBe(forge.util.bytesToHex(expected.getBytes()));
  });

  it('matches the published vector for "smeg" (RFC 7292 test data used by OpenSSL and Bouncy Castle)', () => {
    const key = pkcs12Kdf('sha1', bmpPassword('smeg'), Buffer.from('0a58cf64530d823f', 'hex'), 1, 1, 24);
    expect(key.toString('hex').toUpperCase()).toBe('8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3');
  });
});
