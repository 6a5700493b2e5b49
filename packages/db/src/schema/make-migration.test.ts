import { readdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { migrate } from '../migrate';
import { REPO_ROOT } from '../paths';
import { createTestDatabase, isPostgresSkipped } from '../testing/test-databases';
import { makeMigration } from './make-migration';

// `npm run db:migration NAME` end to end, in a copy of the repository's prisma/ folder: edit the schema, make the
// migration with the real Prisma CLI, apply it with the migrator on both providers.
describe('makeMigration', () => {
  let root: string;
  // The migrations the project has today; the test's migration comes next.
  const existing = readdirSync(join(REPO_ROOT, 'prisma/migrations/sqlite')).filter((n) => /^\d{4}_/.test(n)).sort();
  const next = `${String(existing.length + 1).padStart(4, '0')}_add_worker_version`;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gatehouse-make-migration-'));
    await cp(join(REPO_ROOT, 'prisma'), join(root, 'prisma'), { recursive: true });
    const schema = join(root, 'prisma/schema.prisma');
    const source = await readFile(schema, 'utf8');
    const edited = source.replace(/(model WorkerStatus \{\n)/, '$1  version    String? // added by the test\n');
    expect(edited).not.toBe(source);
    await writeFile(schema, edited);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes the next numbered migration for both providers, with the datamodel beside it', async () => {
    expect(await makeMigration(root, 'add_worker_version')).toBe(next);
    const sqlite = await readFile(join(root, `prisma/migrations/sqlite/${next}/migration.sql`), 'utf8');
    const postgres = await readFile(join(root, `prisma/migrations/postgresql/${next}/migration.sql`), 'utf8');
    expect(sqlite).toMatch(/ALTER TABLE "WorkerStatus" ADD COLUMN "version" TEXT;/);
    expect(postgres).toMatch(/ALTER TABLE "WorkerStatus" ADD COLUMN\s+"version" TEXT;/);
    const kept = await readFile(join(root, `prisma/migrations/postgresql/${next}/schema.prisma`), 'utf8');
    expect(kept).toContain('provider = "postgresql"');
    expect(kept).toContain('version    String?');
  });

  it('writes nothing when the schema has not changed since', async () => {
    expect(await makeMigration(root, 'nothing')).toBeUndefined();
  });

  it('rejects a bad name', async () => {
    const error = await makeMigration(root, 'Add Column').catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('invalid');
  });

  for (const provider of ['sqlite', 'postgresql'] as const) {
    it.skipIf(provider === 'postgresql' && isPostgresSkipped())(`the new migration applies on ${provider}`, async () => {
      const t = await createTestDatabase(provider, { migrate: false, migrationsDir: join(root, 'prisma/migrations', provider) });
      try {
        expect(await migrate(t.db)).toEqual({ applied: [...existing, next] });
        const rows = await t.db.prisma.$queryRawUnsafe<{ version: string | null }[]>(
          `INSERT INTO "WorkerStatus" ("id", "name", "revision", "lastSeenAt", "address", "version")
           VALUES ('w', 'w', 0, CURRENT_TIMESTAMP, 'x', '1.2.3') RETURNING "version"`,
        );
        expect(rows).toEqual([{ version: '1.2.3' }]);
      } finally {
        await t.dispose();
      }
    });
  }
});
