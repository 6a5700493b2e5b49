/**
 * Prisma CLI configuration. Prisma 6.19 runs offline here only with the JS schema engine and driver adapters
 * (no native schema/query engine can be downloaded on offline machines); the project's scripts also set
 * PRISMA_SCHEMA_ENGINE_BINARY / PRISMA_QUERY_ENGINE_LIBRARY so the CLI never tries to download binaries.
 * Migrations are NOT applied with `prisma migrate`: packages/db/src/migrate.ts applies the SQL files in
 * prisma/migrations/<provider>/. The adapter below only serves ad-hoc CLI commands against DATABASE_URL.
 * `--schema prisma/postgresql/schema.prisma` selects the PostgreSQL schema (scripts/prisma-generate.mjs).
 */
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

// Without DATABASE_URL the adapter is an in-memory SQLite database: `prisma generate` and `prisma migrate diff`
// need no real database, but the JS schema engine still opens the adapter (a missing data/ dir fails it).
const databaseUrl = process.env.DATABASE_URL ?? ':memory:';

export default defineConfig({
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  engine: 'js',
  async adapter() {
    return /^postgres(ql)?:\/\//.test(databaseUrl)
      ? new PrismaPg({ connectionString: databaseUrl })
      : new PrismaBetterSQLite3({ url: databaseUrl });
  },
});
