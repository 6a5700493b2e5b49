/**
 * `tsx scripts/prisma-sync.ts`: writes prisma/postgresql/schema.prisma from prisma/schema.prisma (only the
 * provider and the generator output differ). Part of `npm run db:generate`; a test in packages/db fails when the
 * committed PostgreSQL schema is stale.
 */
import { REPO_ROOT } from '@gatehouse/db/paths';
import { POSTGRESQL_SCHEMA, syncPostgresqlSchema } from '@gatehouse/db/schema/sync-postgresql-schema';

const changed = await syncPostgresqlSchema(REPO_ROOT);
console.log(`${POSTGRESQL_SCHEMA} ${changed ? 'updated' : 'up to date'}`);
