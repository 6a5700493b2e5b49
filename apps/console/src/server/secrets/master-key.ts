import { randomBytes, createHash, hkdfSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@gatehouse/domain/errors/domain-error';

/**
 * The key-encryption key. Secret values and (later) private keys are encrypted under keys derived from it.
 * Source, in order: GATEHOUSE_MASTER_KEY (32 bytes as base64 or hex), else `<dataDir>/master.key`, generated
 * once with mode 0600. The key id (first 8 hex characters of its SHA-256) goes into every ciphertext so a
 * rotation can tell old from new.
 */
export interface MasterKey {
  id: string;
  /** AES-256-GCM key for data at rest. */
  encryptionKey: Buffer;
  /** HMAC key for audit redaction (a keyed hash shows a change without showing the value). */
  auditKey: Buffer;
}

export function decodeKeyMaterial(text: string): Buffer {
  const t = text.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (buf.length !== 32) {
    throw new DomainError('invalid', 'GATEHOUSE_MASTER_KEY must be 32 random bytes, base64 or hex encoded (e.g. `openssl rand -base64 32`)');
  }
  return buf;
}

export function deriveMasterKey(material: Buffer): MasterKey {
  const id = createHash('sha256').update(material).digest('hex').slice(0, 8);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), info, 32));
  return { id, encryptionKey: derive('gatehouse/at-rest/v1'), auditKey: derive('gatehouse/audit-redaction/v1') };
}

export function loadMasterKey(opts: { envValue?: string | undefined; dataDir: string }): MasterKey {
  if (opts.envValue && opts.envValue.trim() !== '') return deriveMasterKey(decodeKeyMaterial(opts.envValue));
  const file = join(opts.dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true });
    // wx: never overwrite a key another process just wrote (two consoles starting at once on one data dir).
    try {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  chmodSync(file, 0o600);
  return deriveMasterKey(decodeKeyMaterial(readFileSync(file, 'utf8')));
}
