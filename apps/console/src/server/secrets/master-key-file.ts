import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { decodeKeyMaterial, deriveMasterKey, type MasterKey } from './master-key';

export const MASTER_KEY_FILE = 'master.key';

/** Where the current key comes from, as loadMasterKey would pick it, without generating one. */
export function readCurrentMasterKey(envValue: string | undefined, dataDir: string): { key: MasterKey; source: 'env' | 'file' } {
  if (envValue && envValue.trim() !== '') return { key: deriveMasterKey(decodeKeyMaterial(envValue)), source: 'env' };
  const file = join(dataDir, MASTER_KEY_FILE);
  if (!existsSync(file)) {
    throw new DomainError('invalid', `no master key to rotate: GATEHOUSE_MASTER_KEY is not set and ${file} does not exist`, [{ path: 'GATEHOUSE_MASTER_KEY', message: 'missing' }]);
  }
  return { key: deriveMasterKey(decodeKeyMaterial(readFileSync(file, 'utf8'))), source: 'file' };
}

/**
 * The next key: GATEHOUSE_NEW_MASTER_KEY, or 32 fresh random bytes when the current key lives in the data
 * directory (a key given in the environment is the operator's to choose, so then the new one must be given too).
 */
export function nextMasterKeyMaterial(newValue: string | undefined, source: 'env' | 'file'): string {
  if (newValue && newValue.trim() !== '') {
    decodeKeyMaterial(newValue);
    return newValue.trim();
  }
  if (source === 'env') {
    throw new DomainError('invalid', 'the master key comes from GATEHOUSE_MASTER_KEY: set GATEHOUSE_NEW_MASTER_KEY too (e.g. `openssl rand -base64 32`)', [{ path: 'GATEHOUSE_NEW_MASTER_KEY', message: 'required' }]);
  }
  return randomBytes(32).toString('base64');
}

/**
 * Replaces `<dataDir>/master.key` in two steps around the re-encryption: the new key is written to
 * `master.key.new` (0600) before, and renamed over `master.key` after the transaction committed. A crash in
 * between leaves both files, and the data under whichever key the `.new` file holds if the commit happened.
 */
export function stageKeyFile(dataDir: string, material: string): { commit(): void; abort(): void } {
  const staged = join(dataDir, `${MASTER_KEY_FILE}.new`);
  writeFileSync(staged, material + '\n', { mode: 0o600, flag: 'w' });
  chmodSync(staged, 0o600);
  return {
    commit: () => renameSync(staged, join(dataDir, MASTER_KEY_FILE)),
    abort: () => rmSync(staged, { force: true }),
  };
}
