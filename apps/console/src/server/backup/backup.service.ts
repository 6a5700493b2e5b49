import { createHash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { MIGRATIONS_TABLE } from '@gatehouse/db/migrate';
import { lockForWrite, withTransaction } from '@gatehouse/db/transaction';
import { verifyChain } from '../audit/audit-chain';
import type { MasterKey } from '../secrets/master-key';
import { encryptValue } from '../secrets/secret-cipher';
import type { Db, Tx } from '../store/db';
import {
  BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION, encodeRow, KEY_CHECK_AAD, KEY_CHECK_TEXT, TABLE_NAMES,
  type BackupManifest, type BackupTrailer, type TableName,
} from './backup-archive';

/** The few calls backup and restore make on any table's Prisma delegate. */
export interface TableDelegate {
  findMany(args: { orderBy: Record<string, 'asc'>[]; skip: number; take: number }): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
  deleteMany(args?: object): Promise<{ count: number }>;
  count(args?: object): Promise<number>;
}

export function tableOf(tx: Tx, table: TableName): TableDelegate {
  const name = table[0]!.toLowerCase() + table.slice(1);
  return (tx as unknown as Record<string, TableDelegate>)[name]!;
}

export async function appliedMigrations(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`);
  return rows.map((r) => r.name);
}

/** Rows per read: a page of the largest table (audit events, ~1 kB each) stays well under a megabyte or two. */
const PAGE = 1000;
/** A backup of a large store may take minutes; writers wait on the lock meanwhile (they time out after 15 s and retry). */
const BACKUP_TIMEOUT_MS = 30 * 60_000;

export interface BackupSummary {
  file: string;
  counts: Partial<Record<TableName, number>>;
  audit: BackupManifest['audit'];
  masterKeyId: string;
}

/**
 * Writes every table to `file` (backup-archive.ts has the format) from one consistent view: the transaction holds the
 * store's write lock, so no change commits halfway through the read. Encrypted columns are copied as stored (envelopes
 * under the master key); the key is not written, only its id and a key check. The archive is written to a temporary
 * file (0600) and renamed into place, so `file` is either complete or absent.
 */
export async function createBackup(db: Db, key: MasterKey, file: string, now: Date): Promise<BackupSummary> {
  const partial = `${file}.partial-${process.pid}`;
  try {
    const summary = await withTransaction(db, async (tx) => {
      await lockForWrite(tx, db.provider);
      const audit = await verifyChain(tx);
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: now.toISOString(),
        source: db.provider,
        migrations: await appliedMigrations(tx),
        masterKeyId: key.id,
        keyCheck: encryptValue(key, KEY_CHECK_TEXT, KEY_CHECK_AAD),
        audit: { intact: audit.intact, checked: audit.checked, lastHash: audit.lastHash, lastId: audit.lastId },
      };
      const counts: Partial<Record<TableName, number>> = {};
      const sha = createHash('sha256');
      async function* lines(): AsyncGenerator<string> {
        const first = JSON.stringify(manifest) + '\n';
        sha.update(first);
        yield first;
        for (const table of TABLE_NAMES) {
          const orderBy = BACKUP_TABLES[table].map((c) => ({ [c]: 'asc' as const }));
          for (let skip = 0; ; skip += PAGE) {
            const rows = await tableOf(tx, table).findMany({ orderBy, skip, take: PAGE });
            if (rows.length === 0) break;
            const chunk = rows.map((r) => JSON.stringify({ m: table, r: encodeRow(r) }) + '\n').join('');
            sha.update(chunk);
            counts[table] = (counts[table] ?? 0) + rows.length;
            yield chunk;
            if (rows.length < PAGE) break;
          }
        }
        const trailer: BackupTrailer = { end: true, counts, sha256: sha.digest('hex') };
        yield JSON.stringify(trailer) + '\n';
      }
      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(partial, { mode: 0o600 }));
      return { file, counts, audit: manifest.audit, masterKeyId: key.id };
    }, { timeoutMs: BACKUP_TIMEOUT_MS });
    renameSync(partial, file);
    return summary;
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}
