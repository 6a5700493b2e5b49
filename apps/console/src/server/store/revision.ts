import type { Db, Tx } from './db';

/**
 * Increments the store revision inside a write transaction and returns the new value: the resourceVersion
 * of the object being written and the revision of the next ConfigSnapshot (like etcd's revision in Kubernetes).
 */
export async function bumpRevision(tx: Tx): Promise<number> {
  const row = await tx.storeRevision.upsert({
    where: { id: 1 },
    create: { id: 1, revision: 1 },
    update: { revision: { increment: 1 } },
  });
  return row.revision;
}

export async function readRevision(db: Db | { prisma: Tx }): Promise<number> {
  const row = await db.prisma.storeRevision.findUnique({ where: { id: 1 } });
  return row?.revision ?? 0;
}
