/**
 * Makes the next numbered migration for both providers, prisma/migrations/{sqlite,postgresql}/NNNN_name/, from
 * the difference between the datamodel as of the last migration (the `schema.prisma` copy kept in each
 * migration folder) and the current schema. `prisma migrate dev` cannot run offline here, but
 * `prisma migrate diff` needs no database (environment-facts.md, "Prisma").
 * @see https://www.prisma.io/docs/orm/reference/prisma-cli-reference#migrate-diff
 */
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { MIGRATION_NAME } from '../migration-files';
import { runPrisma } from './prisma-cli';
import { POSTGRESQL_SCHEMA, SQLITE_SCHEMA, syncPostgresqlSchema } from './sync-postgresql-schema';

const PROVIDERS = [
  { provider: 'sqlite', schema: SQLITE_SCHEMA },
  { provider: 'postgresql', schema: POSTGRESQL_SCHEMA },
] as const;
/** What `prisma migrate diff --script` prints when the two datamodels are equal. */
const EMPTY_MIGRATION = /^\s*-- This is an empty migration\.\s*$/;

/** The migration folder names for `provider` under `migrationsRoot`, in the order the migrator applies them. */
export async function listMigrationDirs(migrationsRoot: string, provider: string): Promise<string[]> {
  const entries = await readdir(join(migrationsRoot, provider), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && MIGRATION_NAME.test(e.name))
    .map((e) => e.name)
    .sort();
}

/** Writes `NNNN_<name>` for both providers under `root`; returns its name, or undefined if the schema is unchanged. */
export async function makeMigration(root: string, name: string | undefined): Promise<string | undefined> {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new DomainError('invalid', 'usage: npm run db:migration NAME', [
      { path: 'NAME', message: 'lower-case letters, digits and _ only, e.g. add_worker_version' },
    ]);
  }
  await syncPostgresqlSchema(root);
  const migrationsRoot = join(root, 'prisma/migrations');
  const [sqliteDirs = [], pgDirs = []] = await Promise.all(PROVIDERS.map((p) => listMigrationDirs(migrationsRoot, p.provider)));
  if (sqliteDirs.join() !== pgDirs.join()) {
    throw new DomainError('invalid', 'the sqlite and postgresql migration folders differ', [
      { path: 'prisma/migrations', message: `sqlite: [${sqliteDirs.join(', ')}]; postgresql: [${pgDirs.join(', ')}]` },
    ]);
  }
  const last = sqliteDirs.at(-1);
  const next = `${String(Number(last?.slice(0, 4) ?? '0') + 1).padStart(4, '0')}_${name}`;

  const scripts = PROVIDERS.map(({ provider, schema }) => {
    const from = last ? ['--from-schema-datamodel', join('prisma/migrations', provider, last, 'schema.prisma')] : ['--from-empty'];
    const sql = runPrisma(root, ['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script']);
    return { provider, schema, sql };
  });
  if (scripts.every((s) => EMPTY_MIGRATION.test(s.sql))) return undefined;
  for (const { provider, schema, sql } of scripts) {
    const dir = join(migrationsRoot, provider, next);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'migration.sql'), sql);
    await copyFile(join(root, schema), join(dir, 'schema.prisma'));
  }
  return next;
}
