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
 */
export async function runWrite<T>(deps: ServiceDeps, opts: { dryRun?: boolean }, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    const result = await withTransaction(deps.db, async (tx: Tx) => {
      await lockForWrite(tx, deps.db.provider);
      const value = await fn(tx);
      if (opts.dryRun) throw new DryRunRollback(value);
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
