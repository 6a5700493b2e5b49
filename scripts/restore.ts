/**
 * `npm run restore -- <file> [--force]`: restores a `npm run backup` archive into the database DATABASE_URL /
 * GATEHOUSE_DATA_DIR name (migrated first), all or nothing. Stop the console first. The instance must be empty (a
 * fresh database, or one whose console only started) unless --force replaces what it holds. The master key must be
 * the backed-up instance's (GATEHOUSE_MASTER_KEY, or its master.key copied into the data dir): a wrong one is refused
 * before anything is written. SQLite → PostgreSQL: back up with the SQLite settings, restore with DATABASE_URL=postgresql://…
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { migrate } from '@gatehouse/db/migrate';
import { openDatabase } from '@gatehouse/db/open-database';
import { DomainError, isDomainError } from '@gatehouse/domain/errors/domain-error';
import { restoreBackup } from '../apps/console/src/server/backup/restore.service';
import { readConsoleEnv } from '../apps/console/src/server/env';
import { readCurrentMasterKey } from '../apps/console/src/server/secrets/master-key-file';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const target = args.find((a) => !a.startsWith('--'));
  if (!target) throw new Error('usage: npm run restore -- <file> [--force]');
  const file = resolve(target);
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  const env = readConsoleEnv();
  // Never generate a key here (the console would): a new key could not open the archive anyway.
  if (!env.GATEHOUSE_MASTER_KEY && !existsSync(join(env.dataDir, 'master.key'))) {
    throw new DomainError('invalid', `no master key: set GATEHOUSE_MASTER_KEY or copy the backed-up instance's master.key to ${join(env.dataDir, 'master.key')} (mode 0600)`);
  }
  const { key } = readCurrentMasterKey(env.GATEHOUSE_MASTER_KEY, env.dataDir);
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.dataDir });
  try {
    await migrate(db);
    const r = await restoreBackup(db, key, file, { force });
    const rows = Object.entries(r.counts).filter(([, n]) => n).map(([t, n]) => `${t} ${n}`).join(', ');
    console.log(`restored ${file} (${r.source} backup of ${r.createdAt}) into ${db.provider}: ${rows || 'no rows'}`);
    if (r.replaced.length) console.log(`replaced what the instance held (--force): ${r.replaced.join(', ')}`);
    console.log(`audit chain ${r.audit.intact ? 'intact' : 'BROKEN (as it was at backup time)'}: ${r.audit.checked} event(s), last hash ${r.audit.lastHash}`);
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(`restore refused, nothing was changed: ${isDomainError(e) ? e.message : e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});
