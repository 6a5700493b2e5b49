import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from './password';

/** OpenSSL's own scrypt (`openssl kdf ... SCRYPT`) as the outside judge of what we store. */
function opensslScrypt(password: string, salt: Buffer, ln: number, r: number, p: number, keyLen: number): string {
  const out = execFileSync('openssl', [
    'kdf', '-keylen', String(keyLen), '-kdfopt', `pass:${password}`, '-kdfopt', `hexsalt:${salt.toString('hex')}`,
    '-kdfopt', `n:${2 ** ln}`, '-kdfopt', `r:${r}`, '-kdfopt', `p:${p}`, 'SCRYPT',
  ], { encoding: 'utf8' });
  return out.trim().replaceAll(':', '').toLowerCase();
}

describe('password hashing (scrypt, PHC string)', () => {
  it('stores its parameters, a fresh salt and the key OpenSSL computes for the same input', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const m = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(stored);
    expect(m, stored).not.toBeNull();
    const [ln, r, p] = [Number(m![1]), Number(m![2]), Number(m![3])];
    expect({ ln, r, p }).toEqual(SCRYPT_PARAMS);
    expect(2 ** ln).toBeGreaterThanOrEqual(2 ** 15);
    const salt = Buffer.from(m![4]!, 'base64');
    const key = Buffer.from(m![5]!, 'base64');
    expect(salt.length).toBe(16);
    expect(key.toString('hex')).toBe(opensslScrypt('correct horse battery staple', salt, ln, r, p, key.length));
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored);
  });

  it('verifies the right password only, and refuses hashes it cannot read or that ask for absurd work', async () => {
    const stored = await hashPassword('s3cret-enough-password');
    expect(await verifyPassword('s3cret-enough-password', stored)).toBe(true);
    expect(await verifyPassword('s3cret-enough-passworD', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    expect(await verifyPassword('s3cret-enough-password', 'plain-text')).toBe(false);
    expect(await verifyPassword('s3cret-enough-password', stored.replace('ln=15', 'ln=30'))).toBe(false);
    // One flipped character inside the key (not the last one, whose low bits are base64 padding).
    const i = stored.length - 5;
    const flipped = stored.slice(0, i) + (stored[i] === 'A' ? 'B' : 'A') + stored.slice(i + 1);
    expect(await verifyPassword('s3cret-enough-password', flipped)).toBe(false);
  });

  it('verifies hashes made with other parameters and flags weaker ones for rehashing', async () => {
    const salt = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
    const key = opensslScrypt('older-account-password', salt, 14, 8, 1, 32);
    const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
    const older = `$scrypt$ln=14,r=8,p=1$${b64(salt)}$${b64(Buffer.from(key, 'hex'))}`;
    expect(await verifyPassword('older-account-password', older)).toBe(true);
    expect(needsRehash(older)).toBe(true);
    expect(needsRehash(await hashPassword('x'.repeat(12)))).toBe(false);
  });

  it('normalises Unicode so the same password typed on another keyboard still matches', async () => {
    const composed = 'caf\u00e9-passwort-123';
    const decomposed = 'cafe\u0301-passwort-123';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });
});
