/**
 * `npm run db:migration NAME`: syncs the PostgreSQL schema, writes the next numbered migration for SQLite and
 * PostgreSQL (packages/db/src/schema/make-migration.ts) and regenerates both clients. Review the SQL, then commit
 * the new folders.
 */
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { REPO_ROOT } from '@gatehouse/db/paths';
import { makeMigration } from '@gatehouse/db/schema/make-migration';
import { runPrisma } from '@gatehouse/db/schema/prisma-cli';
import { POSTGRESQL_SCHEMA, SQLITE_SCHEMA } from '@gatehouse/db/schema/sync-postgresql-schema';

try {
  const made = await makeMigration(REPO_ROOT, process.argv[2]);
  if (made) {
    for (const provider of ['sqlite', 'postgresql']) console.log(`wrote prisma/migrations/${provider}/${made}/migration.sql`);
  } else {
    console.log('the schema has not changed since the last migration: nothing written');
  }
  runPrisma(REPO_ROOT, ['generate', '--schema', SQLITE_SCHEMA]);
  runPrisma(REPO_ROOT, ['generate', '--schema', POSTGRESQL_SCHEMA]);
} catch (e) {
  if (!isDomainError(e)) throw e;
  console.error(`db:migration: ${e.message}`);
  for (const d of e.details) console.error(`  ${d.path}: ${d.message}`);
  process.exitCode = 1;
}
