import { lockForWrite, withTransaction } from '@gatehouse/db/transaction';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { verifyChain } from '../audit/audit-chain';
import { decryptPrivateKey } from '../services/certificates/private-key-store';
import { decryptChannelSecrets } from '../services/notifications/channel-codec';
import { decryptKubeconfig } from '../secrets/kubeconfig-cipher';
import type { MasterKey } from '../secrets/master-key';
import { decryptValue } from '../secrets/secret-cipher';
import type { Db, Tx } from '../store/db';
import { decryptSecretData } from '../store/resource-codec';
import {
  KEY_CHECK_AAD, KEY_CHECK_TEXT, readArchive, SERIAL_TABLES, TABLE_NAMES,
  type BackupManifest, type BackupTrailer, type TableName,
} from './backup-archive';
import { appliedMigrations, tableOf } from './backup.service';

export interface RestoreOptions {
  /** Replace what the target holds instead of refusing a non-empty instance. */
  force?: boolean;
}

export interface RestoreSummary {
  counts: Partial<Record<TableName, number>>;
  source: BackupManifest['source'];
  createdAt: string;
  audit: { intact: boolean; checked: number; lastHash: string };
  /** Tables that held rows and were replaced (with force). */
  replaced: string[];
}

function refuse(message: string, path = 'archive'): DomainError {
  return new DomainError('invalid', message, [{ path, message }]);
}

/** The manifest says which key the archive needs; this key must be it, and must open the key check. */
function checkKey(m: BackupManifest, key: MasterKey): void {
  const hint = 'the master key is not in the archive: give the backed-up instance\'s key (GATEHOUSE_MASTER_KEY, or its master.key in GATEHOUSE_DATA_DIR)';
  if (m.masterKeyId !== key.id) {
    throw refuse(`wrong master key: the archive's Secret values, private keys and kubeconfigs are encrypted under master key ${m.masterKeyId}, this instance has key ${key.id}; ${hint}`, 'GATEHOUSE_MASTER_KEY');
  }
  let text: string | undefined;
  try {
    text = decryptValue(key, m.keyCheck, KEY_CHECK_AAD);
  } catch {
    text = undefined;
  }
  if (text !== KEY_CHECK_TEXT) throw refuse(`wrong master key: the archive's key check does not decrypt with key ${key.id}; ${hint}`, 'GATEHOUSE_MASTER_KEY');
}

/** Every encrypted column must open under the key (and its row's associated data) before anything is written. */
function checkEncrypted(table: TableName, row: Record<string, unknown>, key: MasterKey): void {
  const id = String(row.id ?? row.uid ?? '');
  const attempt = (what: string, fn: () => unknown) => {
    try {
      fn();
    } catch {
      throw refuse(`${table} ${id}: ${what} does not decrypt under master key ${key.id}; the archive is damaged or was made with another key`);
    }
  };
  if (table === 'Resource' && typeof row.secretData === 'string') {
    attempt('the Secret values', () => decryptSecretData(key, row as { kind: string; namespace: string; name: string; secretData: string }));
  } else if (table === 'Certificate' && typeof row.privateKey === 'string') {
    attempt('the private key', () => decryptPrivateKey(key, id, row.privateKey as string));
  } else if (table === 'Cluster' && typeof row.kubeconfig === 'string') {
    attempt('the kubeconfig', () => decryptKubeconfig(key, id, row.kubeconfig as string));
  } else if (table === 'NotificationChannel' && typeof row.secret === 'string') {
    attempt('the channel credentials', () => decryptChannelSecrets(key, id, row.secret as string));
  }
}

/**
 * What makes an instance not empty: anything a person made. A console that started once has made its worker (and
 * bootstrap) token and their audit events as the system; those are replaced without asking.
 */
async function occupiedTables(tx: Tx): Promise<string[]> {
  const counts: [string, number][] = [
    ['Resource', await tx.resource.count()],
    ['User', await tx.user.count()],
    ['Certificate', await tx.certificate.count()],
    ['SecretBinding', await tx.secretBinding.count()],
    ['Cluster', await tx.cluster.count()],
    ['NotificationChannel', await tx.notificationChannel.count()],
    ['AuditEvent (not by the system)', await tx.auditEvent.count({ where: { actorType: { not: 'system' } } })],
  ];
  return counts.filter(([, n]) => n > 0).map(([t, n]) => `${t}: ${n}`);
}

/** Rows per INSERT: large enough to be quick, small enough for PostgreSQL's 65,535 bind parameters (35 columns max). */
const BATCH = 500;
const RESTORE_TIMEOUT_MS = 30 * 60_000;

/**
 * Restores an archive into `db`, all or nothing:
 * 1. reads the whole archive once without writing: framing, checksum and counts (backup-archive.ts), the migrations
 *    (every one the source had must be known here), the master key (key id and key check) and every encrypted value;
 * 2. refuses a target that holds anything a person made, unless `force`;
 * 3. in one transaction under the write lock: deletes every row, inserts the archive's rows with their ids, moves
 *    PostgreSQL's id sequences past them, and checks the row counts and that the audit chain verifies exactly as it
 *    did at backup time. Any failure rolls everything back: the target is as it was.
 * The same path moves an instance between engines (SQLite → PostgreSQL): rows are engine-neutral JSON.
 */
export async function restoreBackup(db: Db, key: MasterKey, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  let manifest: BackupManifest | undefined;
  let trailer: BackupTrailer | undefined;
  const known = new Set(await appliedMigrations(db.prisma as unknown as Tx));
  for await (const line of readArchive(file)) {
    if (line.type === 'manifest') {
      manifest = line.manifest;
      const unknown = manifest.migrations.filter((m) => !known.has(m));
      if (unknown.length > 0) {
        throw refuse(`the archive comes from a newer Gatehouse (migration ${unknown.join(', ')} unknown here): upgrade this installation first`);
      }
      checkKey(manifest, key);
    } else if (line.type === 'row') {
      checkEncrypted(line.table, line.row, key);
    } else {
      trailer = line.trailer;
    }
  }
  if (!manifest || !trailer) throw refuse('the archive has no manifest or end marker');
  const m = manifest;

  return withTransaction(db, async (tx) => {
    await lockForWrite(tx, db.provider);
    const occupied = await occupiedTables(tx);
    if (occupied.length > 0 && !options.force) {
      throw new DomainError('conflict', `the target instance is not empty (${occupied.join(', ')}); a restore replaces everything in it, so it only goes onto an empty instance: restore into a fresh database, or pass --force to replace this one`, [{ path: 'force', message: 'the target is not empty' }]);
    }
    for (const table of TABLE_NAMES) await tableOf(tx, table).deleteMany({});
    let pending: { table: TableName; rows: Record<string, unknown>[] } | undefined;
    const flush = async () => {
      if (pending && pending.rows.length > 0) await tableOf(tx, pending.table).createMany({ data: pending.rows });
      pending = undefined;
    };
    for await (const line of readArchive(file)) {
      if (line.type !== 'row') continue;
      if (pending && (pending.table !== line.table || pending.rows.length >= BATCH)) await flush();
      pending ??= { table: line.table, rows: [] };
      pending.rows.push(line.row);
    }
    await flush();
    if (db.provider === 'postgresql') {
      // Explicit ids do not advance a serial column's sequence; without this the next insert would collide.
      for (const t of SERIAL_TABLES) {
        await tx.$queryRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${t}"', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "${t}"`);
      }
    }
    const counts: Partial<Record<TableName, number>> = {};
    for (const table of TABLE_NAMES) {
      counts[table] = await tableOf(tx, table).count();
      if (counts[table] !== (trailer.counts[table] ?? 0)) throw new DomainError('internal', `restore wrote ${counts[table]} ${table} row(s), the archive holds ${trailer.counts[table] ?? 0}; rolled back`);
    }
    const audit = await verifyChain(tx);
    if (audit.intact !== m.audit.intact || audit.lastHash !== m.audit.lastHash) {
      throw new DomainError('internal', `the restored audit chain does not verify as it did at backup time (${audit.reason ?? `last hash ${audit.lastHash}`}); rolled back`);
    }
    return { counts, source: m.source, createdAt: m.createdAt, audit: { intact: audit.intact, checked: audit.checked, lastHash: audit.lastHash }, replaced: occupied };
  }, { timeoutMs: RESTORE_TIMEOUT_MS });
}
