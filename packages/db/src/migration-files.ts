/** Reads a provider's migration folders: `NNNN_name/migration.sql`, applied in name order. */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '@gatehouse/domain/errors/domain-error';

export interface MigrationFile {
  /** The folder name, e.g. `0001_init`; also the key in `_gatehouse_migrations`. */
  name: string;
  sql: string;
  /** SHA-256 (hex) of the SQL with line endings normalised, so a CRLF checkout does not look edited. */
  checksum: string;
}

export const MIGRATION_NAME = /^\d{4}_[a-z0-9_]+$/;

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** The migrations in `dir`, sorted; other entries (README, dot files) are ignored. */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new DomainError('internal', `cannot read the migrations folder ${dir}`, [{ path: dir, message: String(e) }]);
  }
  const names = entries.filter((e) => e.isDirectory() && MIGRATION_NAME.test(e.name)).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name, 'migration.sql');
      const sql = await readFile(file, 'utf8').catch(() => {
        throw new DomainError('internal', `migration ${name} has no migration.sql`, [{ path: file, message: 'missing' }]);
      });
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}
