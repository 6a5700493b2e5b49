/** Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (see render-postgresql-schema.ts). */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderPostgresqlSchema } from './render-postgresql-schema';

export const SQLITE_SCHEMA = 'prisma/schema.prisma';
export const POSTGRESQL_SCHEMA = 'prisma/postgresql/schema.prisma';

/** Rewrites the PostgreSQL schema under `root` if it differs; returns whether it changed. */
export async function syncPostgresqlSchema(root: string): Promise<boolean> {
  const next = renderPostgresqlSchema(await readFile(join(root, SQLITE_SCHEMA), 'utf8'));
  const target = join(root, POSTGRESQL_SCHEMA);
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current === next) return false;
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, next);
  return true;
}
