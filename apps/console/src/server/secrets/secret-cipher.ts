import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { MasterKey } from './master-key';

// Envelope: gh1.<keyId>.<iv b64url>.<ciphertext||tag b64url>. AES-256-GCM with a random 96-bit IV per value.
const PREFIX = 'gh1';

export function encryptValue(key: MasterKey, plaintext: string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.encryptionKey, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [PREFIX, key.id, iv.toString('base64url'), ct.toString('base64url')].join('.');
}

/** Decrypts an envelope. `aad` binds the ciphertext to its row (kind/namespace/name) so rows cannot be swapped. */
export function decryptValue(key: MasterKey, envelope: string, aad: string): string {
  const [prefix, keyId, ivText, ctText] = envelope.split('.');
  if (prefix !== PREFIX || !ivText || !ctText) throw new Error('not a Gatehouse ciphertext');
  if (keyId !== key.id) {
    // After `npm run keys:rotate`, a console still running with the old key lands here: say so, do not 500.
    throw new DomainError('unavailable', `a stored value is encrypted under master key ${keyId}, but this console runs with key ${key.id}; restart it with the current GATEHOUSE_MASTER_KEY / master.key`);
  }
  const raw = Buffer.from(ctText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key.encryptionKey, Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
}

/** The keyed hash the audit log shows instead of a Secret value: equal values give equal hashes, nothing more. */
export function redactValue(key: MasterKey, value: string): string {
  return 'hmac-sha256:' + createHmac('sha256', key.auditKey).update(value).digest('hex').slice(0, 32);
}
