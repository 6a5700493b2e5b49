import { readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { migrate } from './migrate';
import { openDatabase, type DatabaseProvider } from './open-database';
import { MIGRATIONS_ROOT } from './paths';
import { createTestDatabase, isPostgresSkipped, TEST_DATABASE_PROVIDERS, type TestDatabase } from './testing/test-databases';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** The project's real migrations for a provider, in order. */
function realMigrations(provider: DatabaseProvider): string[] {
  return readdirSync(join(MIGRATIONS_ROOT, provider)).filter((n) => /^\d{4}_/.test(n)).sort();
}

/**
 * A private copy of the provider's first real migration (0001_init, a realistic base that later migrations do not
 * change), plus extra ones, so tests can edit them.
 */
async function migrationsCopy(provider: DatabaseProvider, extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-migrations-'));
  dirs.push(dir);
  await cp(join(MIGRATIONS_ROOT, provider, '0001_init'), join(dir, '0001_init'), { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

for (const provider of TEST_DATABASE_PROVIDERS) {
  const block = provider === 'postgresql' && isPostgresSkipped() ? describe.skip : describe;
  block(`migrate on ${provider}`, () => {
    const open: TestDatabase[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((t) => t.dispose()));
    });
    const fresh = async (migrationsDir?: string) => {
      const t = await createTestDatabase(provider, { migrate: false, migrationsDir });
      open.push(t);
      return t.db;
    };

    it('applies the pending migrations once; a second run is a no-op', async () => {
      const db = await fresh();
      const real = realMigrations(provider);
      expect(real[0]).toBe('0001_init');
      expect(await migrate(db)).toEqual({ applied: real });
      expect(await migrate(db)).toEqual({ applied: [] });
      expect(await db.prisma.storeRevision.count()).toBe(0);
      const rows = await db.prisma.$queryRawUnsafe<{ name: string; checksum: string }[]>(
        'SELECT "name", "checksum" FROM "_gatehouse_migrations" ORDER BY "name"',
      );
      expect(rows).toEqual(real.map((name) => ({ name, checksum: expect.stringMatching(/^[0-9a-f]{64}$/) })));
    });

    it('applies a later migration on top, in name order', async () => {
      const dir = await migrationsCopy(provider);
      const db = await fresh(dir);
      await migrate(db);
      await mkdir(join(dir, '0003_c'));
      await writeFile(join(dir, '0003_c', 'migration.sql'), 'INSERT INTO "StoreRevision" ("id", "revision") VALUES (3, 3);');
      await mkdir(join(dir, '0002_b'));
      await writeFile(join(dir, '0002_b', 'migration.sql'), 'INSERT INTO "StoreRevision" ("id", "revision") VALUES (2, 2);');
      expect(await migrate(db)).toEqual({ applied: ['0002_b', '0003_c'] });
    });

    it('runs a whole file, even with ";" inside strings (no naive splitting)', async () => {
      const sql = `CREATE TABLE "Note" ("id" INTEGER NOT NULL PRIMARY KEY, "text" TEXT NOT NULL DEFAULT 'a;b');
INSERT INTO "Note" ("id") VALUES (1);
INSERT INTO "Note" ("id", "text") VALUES (2, 'x; DROP TABLE "Note";');`;
      const db = await fresh(await migrationsCopy(provider, { '0002_note': sql }));
      expect((await migrate(db)).applied).toEqual(['0001_init', '0002_note']);
      const notes = await db.prisma.$queryRawUnsafe<{ text: string }[]>('SELECT "text" FROM "Note" ORDER BY "id"');
      expect(notes.map((n) => n.text)).toEqual(['a;b', 'x; DROP TABLE "Note";']);
    });

    it('rolls back a failing migration entirely and records nothing', async () => {
      const bad = 'CREATE TABLE "Half" ("id" INTEGER);\nINSERT INTO "NoSuchTable" VALUES (1);';
      const db = await fresh(await migrationsCopy(provider, { '0002_bad': bad }));
      const error = await migrate(db).catch((e: unknown) => e);
      expect(isDomainError(error) && error.code).toBe('internal');
      expect(error).toMatchObject({ message: 'migration 0002_bad failed and was rolled back' });
      // 0001_init committed in its own transaction; 0002_bad left nothing behind.
      expect(await db.prisma.resource.count()).toBe(0);
      const half = db.prisma.$queryRawUnsafe('SELECT * FROM "Half"');
      await expect(half).rejects.toThrow(/Half|does not exist|no such table/);
      const names = await db.prisma.$queryRawUnsafe<{ name: string }[]>('SELECT "name" FROM "_gatehouse_migrations"');
      expect(names.map((r) => r.name)).toEqual(['0001_init']);
    });

    it('refuses to run when an applied migration was edited', async () => {
      const dir = await migrationsCopy(provider);
      const db = await fresh(dir);
      await migrate(db);
      await appendFile(join(dir, '0001_init', 'migration.sql'), '\n-- edited after it was applied\n');
      await mkdir(join(dir, '0002_next'));
      await writeFile(join(dir, '0002_next', 'migration.sql'), 'INSERT INTO "StoreRevision" ("id", "revision") VALUES (1, 0);');
      const error = await migrate(db).catch((e: unknown) => e);
      expect(isDomainError(error) && error.code).toBe('unprocessable');
      expect(error).toMatchObject({ details: [{ path: expect.stringContaining('0001_init/migration.sql') }] });
      expect(await db.prisma.storeRevision.count()).toBe(0); // 0002_next was not applied
    });

    it('tolerates applied migrations it has no file for (a newer release migrated this database)', async () => {
      const dir = await migrationsCopy(provider, { '0002_future': 'SELECT 1;' });
      const db = await fresh(dir);
      await migrate(db);
      await rm(join(dir, '0002_future'), { recursive: true });
      expect(await migrate(db)).toEqual({ applied: [] });
    });
  });
}

const pgBlock = isPostgresSkipped() ? describe.skip : describe;
pgBlock('migrate on postgresql, two consoles at once', () => {
  it('serialises concurrent runs with the advisory lock: both succeed, each migration applied once', async () => {
    // 0002_slow keeps the first run inside the lock long enough for the second to be waiting on it.
    const dir = await migrationsCopy('postgresql', { '0002_slow': 'SELECT pg_sleep(0.3);' });
    const target = await createTestDatabase('postgresql', { migrate: false, migrationsDir: dir });
    // A second, independent client (own pool) on the same database, as a second console replica would be.
    const other = await openDatabase({ url: target.url, dataDir: tmpdir(), migrationsDir: dir, poolMax: 2 });
    try {
      const results = await Promise.all([migrate(target.db), migrate(other)]);
      const applied = results.flatMap((r) => r.applied).sort();
      expect(applied).toEqual(['0001_init', '0002_slow']);
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 2]);
      const rows = await target.db.prisma.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM "_gatehouse_migrations"');
      expect(Number(rows[0]?.n)).toBe(2);
    } finally {
      await other.close();
      await target.dispose();
    }
  });
});
