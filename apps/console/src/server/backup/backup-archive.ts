/**
 * The backup archive: gzip (node:zlib, RFC 1952 — its CRC-32 catches corruption) around JSON Lines, written and read
 * as a stream so a large audit log never has to fit in memory.
 *
 *   line 1      the manifest (format, version, source engine, applied migrations, master key id + key check, the
 *               audit chain's state at backup time)
 *   lines 2..n  {"m": Model, "r": row} — every row of every table, as stored: encrypted columns stay gh1 envelopes
 *   last line   {"end": true, "counts": {Model: n}, "sha256": hex of every line before it}: a truncated or edited
 *               archive is refused before anything is written
 *
 * Dates are {"$date": ISO-8601}; any other value JSON cannot carry makes the backup fail rather than lose it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Prisma } from '@gatehouse/db/prisma-client';
import { DomainError } from '@gatehouse/domain/errors/domain-error';

export const BACKUP_FORMAT = 'gatehouse-backup';
export const BACKUP_VERSION = 1;

/**
 * Every table and the columns it is ordered by (its primary key): a stable order lets tables be read in pages. The
 * Record over Prisma's ModelName makes `npm run check` fail when a model is added and not listed here, so a new table
 * cannot be left out of backups by accident.
 */
export const BACKUP_TABLES: Record<Prisma.ModelName, readonly string[]> = {
  Resource: ['uid'],
  StoreRevision: ['id'],
  AuditEvent: ['id'],
  ApiToken: ['id'],
  User: ['id'],
  Session: ['id'],
  LoginFailure: ['id'],
  WorkerStatus: ['id'],
  Certificate: ['id'],
  SecretBinding: ['id'],
  InstanceSetting: ['key'],
  Cluster: ['id'],
  ClusterPush: ['id'],
  ClusterObject: ['clusterId', 'key'],
  Notification: ['id'],
  NotificationChannel: ['id'],
  NotificationDelivery: ['id'],
};
export type TableName = Prisma.ModelName;
export const TABLE_NAMES = Object.keys(BACKUP_TABLES) as TableName[];

/** Tables with an autoincrement id: PostgreSQL's sequence must move past the restored ids. */
export const SERIAL_TABLES: readonly TableName[] = ['AuditEvent', 'LoginFailure', 'ClusterPush', 'Notification'];

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The engine backed up (a restore may go to the other one). */
  source: 'sqlite' | 'postgresql';
  /** Migrations applied to the source: the target must know every one of them. */
  migrations: string[];
  /** Id of the master key the archive's envelopes are encrypted under (the key itself is never in the archive). */
  masterKeyId: string;
  /** A fixed text encrypted under that key: proves the restoring key is the right one before any row is read. */
  keyCheck: string;
  /** The audit chain as verified at backup time; a restore must end in the same state. */
  audit: { intact: boolean; checked: number; lastHash: string; lastId?: number | undefined };
}

export interface BackupTrailer {
  end: true;
  counts: Partial<Record<TableName, number>>;
  sha256: string;
}

export const KEY_CHECK_TEXT = 'gatehouse backup key check';
export const KEY_CHECK_AAD = 'Backup/keyCheck';

/** A row as JSON: Dates tagged; refuses values JSON would silently change. */
export function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Date) out[k] = { $date: v.toISOString() };
    else if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) out[k] = v;
    else throw new Error(`column ${k} holds a ${typeof v} that the backup format does not carry`);
  }
  return out;
}

export function decodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = v !== null && typeof v === 'object' && typeof (v as { $date?: unknown }).$date === 'string' ? new Date((v as { $date: string }).$date) : v;
  }
  return out;
}

export type ArchiveLine =
  | { type: 'manifest'; manifest: BackupManifest }
  | { type: 'row'; table: TableName; row: Record<string, unknown> }
  | { type: 'end'; trailer: BackupTrailer };

function corrupt(message: string): DomainError {
  return new DomainError('invalid', `not a usable Gatehouse backup: ${message}`, [{ path: 'archive', message }]);
}

/**
 * Reads an archive line by line and checks its framing: manifest first, known tables, a trailer whose counts and
 * SHA-256 match what came before, nothing after it. Throws (DomainError `invalid`) at the first problem; gzip errors
 * (bad CRC, truncation) surface here too.
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveLine> {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  const sha = createHash('sha256');
  const counts: Partial<Record<TableName, number>> = {};
  let n = 0;
  let ended = false;
  try {
    for await (const text of lines) {
      n++;
      if (ended) throw corrupt(`line ${n} follows the end marker`);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw corrupt(`line ${n} is not JSON`);
      }
      const v = value as Record<string, unknown>;
      if (n === 1) {
        if (v.format !== BACKUP_FORMAT) throw corrupt('it does not start with a Gatehouse backup manifest');
        if (v.version !== BACKUP_VERSION) throw corrupt(`format version ${String(v.version)} is not ${BACKUP_VERSION}`);
        sha.update(text + '\n');
        yield { type: 'manifest', manifest: v as unknown as BackupManifest };
      } else if (v.end === true) {
        const trailer = v as unknown as BackupTrailer;
        if (trailer.sha256 !== sha.digest('hex')) throw corrupt('its checksum does not match its content');
        for (const t of TABLE_NAMES) {
          if ((trailer.counts[t] ?? 0) !== (counts[t] ?? 0)) throw corrupt(`table ${t} has ${counts[t] ?? 0} row(s), the end marker says ${trailer.counts[t] ?? 0}`);
        }
        ended = true;
        yield { type: 'end', trailer };
      } else {
        const table = v.m as TableName;
        if (typeof v.m !== 'string' || !(v.m in BACKUP_TABLES)) throw corrupt(`line ${n} names an unknown table ${JSON.stringify(v.m)}`);
        if (v.r === null || typeof v.r !== 'object') throw corrupt(`line ${n} has no row`);
        sha.update(text + '\n');
        counts[table] = (counts[table] ?? 0) + 1;
        yield { type: 'row', table, row: decodeRow(v.r as Record<string, unknown>) };
      }
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw corrupt(e instanceof Error ? e.message : String(e));
  } finally {
    input.destroy();
  }
  if (n === 0) throw corrupt('it is empty');
  if (!ended) throw corrupt('it ends before its end marker (truncated)');
}
