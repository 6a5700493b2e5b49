/**
 * Gatehouse's migrator: applies prisma/migrations/<provider>/NNNN_name/migration.sql in name order, each in one
 * transaction, and records it in `_gatehouse_migrations(name, checksum, applied_at)`. `prisma migrate deploy`
 * cannot run here (environment-facts.md, "Prisma"), so this small one replaces it.
 *
 * The SQL runs through the driver, not through Prisma:
 * - both drivers run a whole multi-statement file (better-sqlite3 `exec`, pg's simple query protocol), so the
 *   files are never split on `;` (adapter-pg's own `executeScript` splits naively and would break on a `;` inside
 *   a string or function body);
 * - SQLite needs `BEGIN IMMEDIATE`, but Prisma's interactive transactions always issue a plain `BEGIN`;
 * - the PostgreSQL advisory lock is held by a session, so the whole run needs one pinned connection, which
 *   Prisma does not lend outside a transaction.
 */
import Sqlite from 'better-sqlite3';
import type pg from 'pg';
import { DomainError, type ErrorDetail } from '@gatehouse/domain/errors/domain-error';
import { MIGRATE_LOCK_KEY } from './advisory-locks';
import { readMigrationFiles, type MigrationFile } from './migration-files';
import type { Database, PostgresDatabase, SqliteDatabase } from './open-database';

export const MIGRATIONS_TABLE = '_gatehouse_migrations';

export interface MigrateOptions {
  /** Overrides `db.migrationsDir`. */
  migrationsDir?: string;
}

export interface MigrateResult {
  /** The migrations this call applied, in order (empty when the database was up to date). */
  applied: string[];
}

interface AppliedRow {
  name: string;
  checksum: string;
}

export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const dir = options.migrationsDir ?? db.migrationsDir;
  const files = await readMigrationFiles(dir);
  return db.provider === 'postgresql' ? migratePostgres(db, files, dir) : migrateSqlite(db, files, dir);
}

/**
 * Refuses to go on when a migration already applied has been edited since: the database no longer matches
 * what the files say, and applying later files on top could corrupt it. Applied names with no file (a database
 * migrated by a newer release) are tolerated, as Flyway does by default for "future" migrations, so a rolled-back
 * console still starts.
 */
function checkApplied(applied: AppliedRow[], files: MigrationFile[], dir: string): void {
  const byName = new Map(files.map((f) => [f.name, f]));
  const details: ErrorDetail[] = applied.flatMap((row) => {
    const file = byName.get(row.name);
    return file && file.checksum !== row.checksum
      ? [{ path: `${dir}/${row.name}/migration.sql`, message: `checksum ${file.checksum} differs from the applied ${row.checksum}` }]
      : [];
  });
  if (details.length > 0) {
    throw new DomainError(
      'unprocessable',
      'an applied migration was changed; restore it and add a new migration instead (npm run db:migration NAME)',
      details,
    );
  }
}

function failed(name: string, e: unknown): DomainError {
  return new DomainError('internal', `migration ${name} failed and was rolled back`, [
    { path: name, message: e instanceof Error ? e.message : String(e) },
  ]);
}

async function migrateSqlite(db: SqliteDatabase, files: MigrationFile[], dir: string): Promise<MigrateResult> {
  const conn = new Sqlite(db.file, { timeout: 5000 });
  try {
    conn.pragma('journal_mode = WAL');
    // SQLite ignores `PRAGMA foreign_keys` inside a transaction, and Prisma's table redefinitions (copy, drop,
    // rename) need it off; so it is off for this connection and each migration ends with foreign_key_check,
    // as SQLite's own procedure for schema changes says. @see https://www.sqlite.org/lang_altertable.html#otheralter
    conn.pragma('foreign_keys = OFF');
    conn.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
      "name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`);
    const readApplied = () => conn.prepare(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`).all() as AppliedRow[];
    checkApplied(readApplied(), files, dir);
    const applied: string[] = [];
    for (const file of files) {
      // IMMEDIATE takes the write lock before reading, so a second process migrating the same file waits
      // (busy_timeout) and then sees this migration as applied. @see https://www.sqlite.org/lang_transaction.html
      conn.exec('BEGIN IMMEDIATE');
      try {
        const rows = readApplied();
        checkApplied(rows, files, dir);
        if (rows.some((r) => r.name === file.name)) {
          conn.exec('COMMIT');
          continue;
        }
        conn.exec(file.sql);
        const violations = conn.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) throw new Error(`foreign_key_check: ${JSON.stringify(violations.slice(0, 5))}`);
        conn
          .prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "applied_at") VALUES (?, ?, ?)`)
          .run(file.name, file.checksum, new Date().toISOString());
        conn.exec('COMMIT');
        applied.push(file.name);
      } catch (e) {
        if (conn.inTransaction) conn.exec('ROLLBACK');
        throw e instanceof DomainError ? e : failed(file.name, e);
      }
    }
    return { applied };
  } finally {
    conn.close();
  }
}

async function migratePostgres(db: PostgresDatabase, files: MigrationFile[], dir: string): Promise<MigrateResult> {
  const conn = await db.pool.connect();
  let broken: Error | undefined;
  try {
    // Session-level lock around the whole run: a second console starting at the same time waits here, then finds
    // everything applied. Released explicitly below, or by the server if this connection dies.
    await conn.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATE_LOCK_KEY]);
    try {
      await conn.query(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
        "name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now())`);
      const { rows } = await conn.query<AppliedRow>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`);
      checkApplied(rows, files, dir);
      const done = new Set(rows.map((r) => r.name));
      const applied: string[] = [];
      for (const file of files.filter((f) => !done.has(f.name))) {
        await applyPostgres(conn, file);
        applied.push(file.name);
      }
      return { applied };
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATE_LOCK_KEY]).catch((e: Error) => {
        broken = e;
      });
    }
  } finally {
    // A connection whose unlock failed may still hold the lock: destroy it rather than return it to the pool.
    conn.release(broken);
  }
}

async function applyPostgres(conn: pg.PoolClient, file: MigrationFile): Promise<void> {
  await conn.query('BEGIN');
  try {
    // No parameters: pg sends the simple query protocol, which runs every statement of the file in order.
    // PostgreSQL DDL is transactional, so a failing file leaves nothing behind (CREATE INDEX CONCURRENTLY and
    // other non-transactional commands therefore cannot be used in migrations).
    await conn.query(file.sql);
    await conn.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [file.name, file.checksum]);
    await conn.query('COMMIT');
  } catch (e) {
    await conn.query('ROLLBACK').catch(() => undefined);
    throw failed(file.name, e);
  }
}
