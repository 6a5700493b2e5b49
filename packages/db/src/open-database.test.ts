import { readdirSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { openDatabase } from './open-database';
import { forEachDatabase } from './testing/test-databases';

function resource(uid: string, at: Date) {
  return {
    uid,
    group: 'gateway.networking.k8s.io',
    kind: 'Gateway',
    namespace: 'default',
    name: `gw-${uid}`,
    apiVersion: 'gateway.networking.k8s.io/v1',
    body: JSON.stringify({ spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } }),
    resourceVersion: 1,
    generation: 1,
    createdAt: at,
    updatedAt: at,
  };
}

// The same code, typed against the SQLite client, runs on both providers.
forEachDatabase((t) => {
  it('opens a migrated database with every table', async () => {
    expect(await t.db.prisma.resource.count()).toBe(0);
    expect(await t.db.prisma.auditEvent.count()).toBe(0);
    expect(await t.db.prisma.workerStatus.count()).toBe(0);
  });

  it('round-trips a Resource row, dates and nulls included', async () => {
    const at = new Date('2026-11-26T09:00:00.123Z');
    await t.db.prisma.resource.create({ data: resource('r1', at) });
    const row = await t.db.prisma.resource.findUnique({
      where: { group_kind_namespace_name: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'default', name: 'gw-r1' } },
    });
    expect(row).toEqual({ ...resource('r1', at), secretData: null });
    expect(row?.createdAt.toISOString()).toBe('2026-11-26T09:00:00.123Z');
    const updated = await t.db.prisma.resource.update({
      where: { uid: 'r1' },
      data: { resourceVersion: { increment: 1 }, secretData: 'c2VjcmV0' },
    });
    expect(updated.resourceVersion).toBe(2);
    expect(updated.secretData).toBe('c2VjcmV0');
  });

  it('enforces the unique (group, kind, namespace, name) key', async () => {
    const at = new Date();
    await t.db.prisma.resource.create({ data: { ...resource('u1', at), name: 'same' } });
    await expect(t.db.prisma.resource.create({ data: { ...resource('u2', at), name: 'same' } })).rejects.toMatchObject({
      code: 'P2002',
    });
  });

  it('records the applied migration', async () => {
    const rows = await t.db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT "name" FROM "_gatehouse_migrations"');
    expect(rows.map((r) => r.name).sort()[0]).toBe('0001_init');
    expect(rows.map((r) => r.name).sort()).toEqual(readdirSync(t.db.migrationsDir).filter((n) => /^\d{4}_/.test(n)).sort());
  });
});

describe('openDatabase on SQLite', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-open-'));
    dirs.push(dir);
    return dir;
  };

  it('without a URL creates ${dataDir}/gatehouse.db, making the folder', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const db = await openDatabase({ dataDir });
    try {
      expect(db.provider).toBe('sqlite');
      expect(db.provider === 'sqlite' && db.file).toBe(join(dataDir, 'gatehouse.db'));
      expect((await stat(join(dataDir, 'gatehouse.db'))).isFile()).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('sets the pragmas on the connection Prisma uses', async () => {
    const db = await openDatabase({ url: `file:${join(await tempDir(), 'p.db')}`, dataDir: '/nonexistent' });
    try {
      const pragma = async (name: string) =>
        Object.values((await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0] ?? {})[0];
      await expect(pragma('journal_mode')).resolves.toBe('wal');
      expect(Number(await pragma('foreign_keys'))).toBe(1);
      expect(Number(await pragma('busy_timeout'))).toBe(5000);
      expect(Number(await pragma('synchronous'))).toBe(1); // NORMAL
    } finally {
      await db.close();
    }
  });

  it('resolves the migrations folder from the package, not the cwd', async () => {
    const db = await openDatabase({ dataDir: await tempDir() });
    await db.close();
    expect((await stat(join(db.migrationsDir, '0001_init', 'migration.sql'))).isFile()).toBe(true);
    expect(db.migrationsDir.endsWith(join('prisma', 'migrations', 'sqlite'))).toBe(true);
  });
});

describe('openDatabase with bad input', () => {
  it.each([
    ['mysql://localhost/x', 'unsupported database URL'],
    ['file::memory:', 'in-memory SQLite is not supported'],
    ['file:', 'in-memory SQLite is not supported'],
  ])('rejects %s as invalid', async (url, message) => {
    const error = await openDatabase({ url, dataDir: tmpdir() }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('invalid');
    expect(error).toMatchObject({ message, details: [{ path: 'url' }] });
  });

  it('reports an unreachable PostgreSQL as unavailable', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const error = await openDatabase({ url: 'postgresql://nobody@127.0.0.1:1/x', dataDir: tmpdir() }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('unavailable');
  });
});
