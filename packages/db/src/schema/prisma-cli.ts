/** Runs the Prisma CLI the way the project's scripts must (offline: environment-facts.md, "Prisma"). */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { REPO_ROOT } from '../paths';

/**
 * Runs `prisma ...args` in `cwd` with the repository's prisma.config.ts and returns stdout. Without that config
 * the CLI falls back to the native schema engine, here /bin/false, and `migrate diff` then prints nothing and
 * exits 0: so the config is always passed, and an empty answer is an error. The two engine variables make the
 * CLI believe its native engines exist, so it does not try to download them; the clients use driver adapters
 * and never load them. DATABASE_URL=:memory: gives prisma.config.ts's JS schema engine an adapter that opens
 * without a real database (`generate` and `migrate diff` read only schema files).
 */
export function runPrisma(cwd: string, args: string[]): string {
  const cli = join(dirname(createRequire(import.meta.url).resolve('prisma/package.json')), 'build', 'index.js');
  const result = spawnSync(process.execPath, [cli, ...args, '--config', join(REPO_ROOT, 'prisma.config.ts')], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
      PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
      DATABASE_URL: ':memory:',
    },
  });
  if (result.status !== 0) {
    throw new DomainError('internal', `prisma ${args.join(' ')} failed (exit ${result.status})`, [
      { path: 'stderr', message: (result.stderr || String(result.error ?? '')).trim() },
    ]);
  }
  if (result.stdout.trim() === '') {
    throw new DomainError('internal', `prisma ${args.join(' ')} printed nothing`, [{ path: 'stderr', message: result.stderr.trim() }]);
  }
  return result.stdout;
}
