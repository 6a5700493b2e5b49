/**
 * Where the repository's files are, found without relying on the bundler: a Next.js server build moves this
 * file into .next/ (and Turbopack refuses `new URL(relative, import.meta.url)` for folders), so the answer is,
 * in order: GATEHOUSE_MIGRATIONS_DIR; the folder relative to this file when it is still in the source tree;
 * the first `prisma/migrations` found walking up from the process's cwd (the console runs in apps/console).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function hasMigrations(root: string): boolean {
  return existsSync(join(root, 'prisma', 'migrations'));
}

function findRepoRoot(): string {
  try {
    const fromFile = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    if (hasMigrations(fromFile)) return fromFile;
  } catch {
    // import.meta.url is not a file URL in some bundles
  }
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (hasMigrations(dir)) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** The repository root (this file is packages/db/src/paths.ts). */
export const REPO_ROOT = findRepoRoot();

/** prisma/migrations: one sub-folder per provider, one `NNNN_name/migration.sql` per migration. */
export const MIGRATIONS_ROOT = process.env.GATEHOUSE_MIGRATIONS_DIR?.trim() || join(REPO_ROOT, 'prisma', 'migrations');
