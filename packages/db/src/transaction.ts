/**
 * Interactive transactions that behave the same on SQLite and PostgreSQL.
 *
 * The console's services increment `StoreRevision` and append to the hash-chained audit log inside every write
 * transaction, so write transactions must run one after another: two concurrent writers reading revision N
 * would both write N+1, and two audit events would chain to the same prevHash.
 * - PostgreSQL: READ COMMITTED plus `pg_advisory_xact_lock(WRITE_LOCK_KEY)` as the first statement
 *   (lockForWrite). Writers queue on the lock; in READ COMMITTED each later statement takes a fresh snapshot, so
 *   a writer that got the lock sees every write committed before it. REPEATABLE READ / SERIALIZABLE would be
 *   wrong here: their snapshot is taken at the transaction's first statement, i.e. before the wait, so the
 *   writer would read a stale revision (or fail with a serialization error and need retries).
 *   @see https://www.postgresql.org/docs/15/transaction-iso.html#XACT-READ-COMMITTED
 * - SQLite: one process owns the file and Prisma's adapter has one connection; the adapter takes a mutex for
 *   each interactive transaction, so transactions are already serial (SQLite itself is SERIALIZABLE) and
 *   lockForWrite has nothing to do.
 */
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { WRITE_LOCK_KEY } from './advisory-locks';
import type { Database, DatabaseProvider } from './open-database';
import type { Prisma, TransactionClient } from './prisma-client';

export interface TransactionOptions {
  /** How long to wait to start (a pool connection on PostgreSQL, the adapter's mutex on SQLite). */
  maxWaitMs?: number;
  /** How long the transaction may run, waiting for the write lock included. */
  timeoutMs?: number;
}

/**
 * Prisma's defaults (2 s / 5 s) are too tight once writers queue behind one another; these leave room for a burst
 * of writes and still fail a stuck request well before an HTTP client gives up.
 */
export const TRANSACTION_DEFAULTS = { maxWaitMs: 10_000, timeoutMs: 15_000 } as const;

/** Prisma error codes that mean "the transaction could not start or ran out of time". */
const TRANSACTION_TIMEOUTS = new Set(['P2024', 'P2028']);

/** Runs `fn` in one interactive transaction: committed if it resolves, rolled back if it throws. */
export async function withTransaction<T>(
  db: Database,
  fn: (tx: TransactionClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const settings = {
    maxWait: options.maxWaitMs ?? TRANSACTION_DEFAULTS.maxWaitMs,
    timeout: options.timeoutMs ?? TRANSACTION_DEFAULTS.timeoutMs,
    // The client is typed as the SQLite one, whose enum only lists Serializable; the PostgreSQL client behind it
    // accepts ReadCommitted (see the header for why that level). SQLite's adapter accepts no other level.
    ...(db.provider === 'postgresql' ? { isolationLevel: 'ReadCommitted' as unknown as Prisma.TransactionIsolationLevel } : {}),
  };
  try {
    return await db.prisma.$transaction(fn, settings);
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && TRANSACTION_TIMEOUTS.has(code)) {
      throw new DomainError('unavailable', 'the database is busy; retry later', [
        { path: 'transaction', message: e instanceof Error ? e.message.trim().split('\n').at(-1) ?? code : code },
      ]);
    }
    throw e;
  }
}

/**
 * Serialises writers: call first in every write transaction (withWriteTransaction does). On PostgreSQL it waits
 * for the transaction-scoped advisory lock, released at commit or rollback; lock_timeout stops the wait (and
 * frees the connection) when the transaction's own timeout would have passed anyway.
 * @see https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS
 */
export async function lockForWrite(
  tx: TransactionClient,
  provider: DatabaseProvider,
  timeoutMs: number = TRANSACTION_DEFAULTS.timeoutMs,
): Promise<void> {
  if (provider !== 'postgresql') return;
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
  // $executeRaw, not $queryRaw: the function returns `void`, a column type Prisma cannot read back.
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
}

/** withTransaction + lockForWrite: what a service that writes (and bumps StoreRevision) should call. */
export function withWriteTransaction<T>(
  db: Database,
  fn: (tx: TransactionClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return withTransaction(
    db,
    async (tx) => {
      await lockForWrite(tx, db.provider, options.timeoutMs);
      return fn(tx);
    },
    options,
  );
}
