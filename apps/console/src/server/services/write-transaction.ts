import { REVISION_CHANNEL } from '@gatehouse/db/notify-channel';
import { lockForWrite, withTransaction } from '@gatehouse/db/transaction';
import type { Tx } from '../store/db';
import type { ServiceDeps } from './deps';

class DryRunRollback extends Error {
  constructor(readonly value: unknown) {
    super('dry run');
  }
}

/**
 * Every write runs here: one transaction holding the store's write lock (one writer at a time keeps the
 * revision counter and the audit hash chain linear), in which the caller writes rows and their audit events.
 * After commit the new revision is published to waiting workers. With dryRun the same work runs and is rolled
 * back, so a dry run answers exactly what the real run would.
 *
 * On PostgreSQL the transaction also sends NOTIFY with the revision it leaves behind. The server delivers it to
 * the other replicas' LISTEN sessions at commit and never for a rollback, so a replica hears of exactly the
 * writes that happened, even when this process dies right after its commit.
 */
export async function runWrite<T>(deps: ServiceDeps, opts: { dryRun?: boolean }, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    const result = await withTransaction(deps.db, async (tx: Tx) => {
      await lockForWrite(tx, deps.db.provider);
      const value = await fn(tx);
      if (opts.dryRun) throw new DryRunRollback(value);
      if (deps.db.provider === 'postgresql') {
        // $executeRaw: pg_notify returns void, which Prisma cannot read back. No row (an empty store) sends nothing.
        await tx.$executeRawUnsafe(`SELECT pg_notify('${REVISION_CHANNEL}', "revision"::text) FROM "StoreRevision" WHERE "id" = 1`);
      }
      return value;
    });
    const rev = await deps.db.prisma.storeRevision.findUnique({ where: { id: 1 } });
    if (rev) deps.bus.publish(rev.revision);
    return result;
  } catch (e) {
    if (e instanceof DryRunRollback) return e.value as T;
    throw e;
  }
}
