import Sqlite from 'better-sqlite3';
import { WRITE_LOCK_KEY } from '../advisory-locks';
import type { Database } from '../open-database';

/**
 * Whether some session (of any process) holds the store's write lock, i.e. a write transaction is under way: lets
 * fault tests signal or kill a console in the middle of a write rather than at a guessed moment.
 */
export async function isWriteLockHeld(db: Database): Promise<boolean> {
  if (db.provider === 'sqlite') {
    // SQLite has one write lock per file: BEGIN IMMEDIATE without a busy timeout fails at once while a writer holds it.
    const probe = new Sqlite(db.file, { timeout: 0 });
    try {
      probe.exec('BEGIN IMMEDIATE');
      probe.exec('ROLLBACK');
      return false;
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw e;
    } finally {
      probe.close();
    }
  }
  // A bigint advisory key shows in pg_locks as classid (high 32 bits) and objid (low 32 bits), objsubid 1.
  const key = BigInt.asUintN(64, BigInt(WRITE_LOCK_KEY));
  const rows = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND classid::bigint = ${key >> 32n} AND objid::bigint = ${key & 0xffffffffn} AND objsubid = 1`,
  );
  return Number(rows[0]?.n) > 0;
}
