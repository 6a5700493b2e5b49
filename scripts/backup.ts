/**
 * `npm run backup -- <file>`: writes the whole store (every table, the audit log, encrypted values as stored) to one
 * gzip'd archive. Uses DATABASE_URL / GATEHOUSE_DATA_DIR like the console and may run while it serves (writes wait
 * for the backup's read). The master key is NOT in the archive: keep it apart (README, "Backup and restore").
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '@gatehouse/db/open-database';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { createBackup } from '../apps/console/src/server/backup/backup.service';
import { readConsoleEnv } from '../apps/console/src/server/env';
import { readCurrentMasterKey } from '../apps/console/src/server/secrets/master-key-file';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: npm run backup -- <file>   (e.g. gatehouse-$(date +%F).backup.gz)');
  const file = resolve(target);
  if (existsSync(file)) throw new Error(`${file} exists; give a new file name`);
  const env = readConsoleEnv();
  const { key } = readCurrentMasterKey(env.GATEHOUSE_MASTER_KEY, env.dataDir);
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.dataDir });
  try {
    const r = await createBackup(db, key, file, new Date());
    const rows = Object.entries(r.counts).map(([t, n]) => `${t} ${n}`).join(', ');
    console.log(`backup written to ${r.file}: ${rows || 'no rows'}`);
    console.log(`audit chain ${r.audit.intact ? 'intact' : 'BROKEN'} (${r.audit.checked} event(s), last hash ${r.audit.lastHash})`);
    console.log(`encrypted values are under master key ${r.masterKeyId}, which is not in the archive: keep the key apart, a restore needs it`);
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(`backup failed, no archive written: ${isDomainError(e) ? e.message : e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
