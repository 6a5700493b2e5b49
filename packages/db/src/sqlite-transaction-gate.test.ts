import { expect, it } from 'vitest';
import { forEachDatabase } from './testing/test-databases';
import { withTransaction } from './transaction';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// On SQLite, Prisma's adapter shares one connection between a transaction and every other query; without the
// gate (sqlite-transaction-gate.ts) the outside write below ran inside the transaction and vanished with it.
forEachDatabase((t) => {
  it('keeps queries outside a transaction out of it: no dirty read, no write lost to its rollback', async () => {
    let insideWrote!: () => void;
    const wrote = new Promise<void>((resolve) => (insideWrote = resolve));
    const tx = withTransaction(t.db, async (tx) => {
      await tx.storeRevision.create({ data: { id: 99, revision: 99 } });
      insideWrote();
      await sleep(150);
      throw new Error('roll back');
    }).catch((e: Error) => e.message);

    await wrote;
    const [seen, outsideWrite] = await Promise.all([
      t.db.prisma.storeRevision.count({ where: { id: 99 } }),
      t.db.prisma.workerStatus.create({ data: { id: 'outside', name: 'o', revision: 0, lastSeenAt: new Date(), address: 'x' } }),
    ]);
    expect(await tx).toBe('roll back');
    expect(seen).toBe(0); // never saw the uncommitted row
    expect(outsideWrite.id).toBe('outside');
    expect(await t.db.prisma.workerStatus.count({ where: { id: 'outside' } })).toBe(1); // survived the rollback
    expect(await t.db.prisma.storeRevision.count({ where: { id: 99 } })).toBe(0);
  });
});
