import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import type { TransactionClient } from './prisma-client';
import { forEachDatabase, isPostgresSkipped, useTestDatabase } from './testing/test-databases';
import { withTransaction, withWriteTransaction } from './transaction';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function audit(prevHash: string, name: string) {
  const hash = createHash('sha256').update(prevHash).update(name).digest('hex');
  return {
    time: new Date(),
    actorType: 'system',
    actorId: 'test',
    actorName: 'test',
    role: 'admin',
    sourceIp: '127.0.0.1',
    userAgent: 'vitest',
    requestId: name,
    action: 'create',
    group: '',
    kind: 'Test',
    namespace: '',
    name,
    prevHash,
    hash,
  };
}

/** What a console service does in each write: bump the revision, chain one audit event. Slow on purpose. */
async function bumpAndAudit(tx: TransactionClient, name: string): Promise<void> {
  const current = await tx.storeRevision.findUnique({ where: { id: 1 } });
  const last = await tx.auditEvent.findFirst({ orderBy: { id: 'desc' } });
  await sleep(50); // widen the read-modify-write window, as real validation work would
  await tx.storeRevision.upsert({
    where: { id: 1 },
    create: { id: 1, revision: 1 },
    update: { revision: (current?.revision ?? 0) + 1 },
  });
  await tx.auditEvent.create({ data: audit(last?.hash ?? 'genesis', name) });
}

async function resetCounters(t: { db: { prisma: { storeRevision: { deleteMany(): Promise<unknown> }; auditEvent: { deleteMany(): Promise<unknown> } } } }) {
  await t.db.prisma.storeRevision.deleteMany();
  await t.db.prisma.auditEvent.deleteMany();
}

forEachDatabase((t) => {
  it('commits what the callback wrote and returns its value', async () => {
    const value = await withTransaction(t.db, async (tx) => {
      await tx.workerStatus.create({ data: { id: 'w1', name: 'w1', revision: 1, lastSeenAt: new Date(), address: '127.0.0.1' } });
      return 'done';
    });
    expect(value).toBe('done');
    expect(await t.db.prisma.workerStatus.count({ where: { id: 'w1' } })).toBe(1);
  });

  it('rolls back everything when the callback throws, and rethrows its error', async () => {
    const boom = new Error('validation failed');
    const result = withWriteTransaction(t.db, async (tx) => {
      await tx.storeRevision.create({ data: { id: 7, revision: 7 } });
      await tx.auditEvent.create({ data: audit('genesis', 'rolled-back') });
      await tx.resource.create({
        data: {
          uid: 'gone', group: '', kind: 'Secret', namespace: 'default', name: 'gone', apiVersion: 'v1', body: '{}',
          resourceVersion: 7, generation: 1, createdAt: new Date(), updatedAt: new Date(),
        },
      });
      throw boom;
    });
    await expect(result).rejects.toBe(boom);
    expect(await t.db.prisma.storeRevision.count({ where: { id: 7 } })).toBe(0);
    expect(await t.db.prisma.auditEvent.count({ where: { name: 'rolled-back' } })).toBe(0);
    expect(await t.db.prisma.resource.count({ where: { uid: 'gone' } })).toBe(0);
  });

  it('serialises concurrent write transactions: no lost revision, one linear audit chain', async () => {
    await resetCounters(t);
    const writers = 12;
    await Promise.all(Array.from({ length: writers }, (_, i) => withWriteTransaction(t.db, (tx) => bumpAndAudit(tx, `w${i}`))));
    expect((await t.db.prisma.storeRevision.findUnique({ where: { id: 1 } }))?.revision).toBe(writers);
    const events = await t.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events).toHaveLength(writers);
    // Each event chains to the one before it: no two writers saw the same "last" event.
    events.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? 'genesis' : events[i - 1]?.hash));
  });

  it('turns a transaction that outlives its timeout into DomainError(unavailable) and rolls it back', async () => {
    const result = withTransaction(
      t.db,
      async (tx) => {
        await tx.workerStatus.create({ data: { id: 'slow', name: 'slow', revision: 1, lastSeenAt: new Date(), address: 'x' } });
        await sleep(400);
        await tx.workerStatus.count();
      },
      { timeoutMs: 100 },
    );
    const error = await result.catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('unavailable');
    expect(await t.db.prisma.workerStatus.count({ where: { id: 'slow' } })).toBe(0);
  });

  it('times inserting 1,000 Resource rows (report)', async () => {
    const at = new Date();
    const row = (i: number, prefix: string) => ({
      uid: `${prefix}-${i}`, group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: prefix, name: `route-${i}`,
      apiVersion: 'gateway.networking.k8s.io/v1', body: JSON.stringify({ spec: { rules: [{ backendRefs: [{ name: `svc-${i}`, port: 443 }] }] } }),
      resourceVersion: i, generation: 1, createdAt: at, updatedAt: at,
    });
    let started = performance.now();
    await withWriteTransaction(t.db, async (tx) => {
      for (let i = 0; i < 1000; i++) await tx.resource.create({ data: row(i, 'one-tx') });
    });
    const oneTx = performance.now() - started;
    started = performance.now();
    await withWriteTransaction(t.db, (tx) => tx.resource.createMany({ data: Array.from({ length: 1000 }, (_, i) => row(i, 'many')) }));
    const createMany = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < 200; i++) await withWriteTransaction(t.db, (tx) => tx.resource.create({ data: row(i, 'own-tx') }));
    const ownTx = (performance.now() - started) / 200;
    console.log(
      `[timing ${t.provider}] 1,000 creates in one tx: ${oneTx.toFixed(0)} ms; createMany(1,000): ${createMany.toFixed(0)} ms; ` +
        `one write tx per row: ${ownTx.toFixed(2)} ms/row`,
    );
    expect(await t.db.prisma.resource.count({ where: { namespace: { in: ['one-tx', 'many', 'own-tx'] } } })).toBe(2200);
  });
});

(isPostgresSkipped() ? describe.skip : describe)('PostgreSQL transaction details', () => {
  const t = useTestDatabase('postgresql');

  it('runs at READ COMMITTED, so a writer sees everything committed before it got the lock', async () => {
    const level = await withTransaction(t.db, (tx) => tx.$queryRawUnsafe<{ transaction_isolation: string }[]>('SHOW transaction_isolation'));
    expect(level[0]?.transaction_isolation).toBe('read committed');
  });

  it('without lockForWrite the same workload loses updates (why the lock exists)', async () => {
    await resetCounters(t);
    const writers = 8;
    await Promise.all(Array.from({ length: writers }, (_, i) => withTransaction(t.db, (tx) => bumpAndAudit(tx, `u${i}`))));
    const revision = (await t.db.prisma.storeRevision.findUnique({ where: { id: 1 } }))?.revision ?? 0;
    expect(revision).toBeLessThan(writers);
  });
});
