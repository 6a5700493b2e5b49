// Generates both Prisma clients (packages/db/src/generated/{sqlite,postgresql}, gitignored). Plain Node so it can
// run as the root `postinstall` on a fresh clone. Prisma 6.19 works offline only when the CLI believes its native
// engines exist (environment-facts.md, "Prisma"): point both variables at any existing file. The clients run on
// driver adapters (`engineType = "client"`), so these engines are never used.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemas = ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma'];

/** Environment for every Prisma CLI call made by the project's scripts. */
function prismaEnv() {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
    PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
    // `generate` and `migrate diff` need no database; the JS schema engine still opens prisma.config.ts's adapter.
    DATABASE_URL: ':memory:',
  };
}

function findPrismaCli() {
  try {
    const pkg = createRequire(join(root, 'package.json')).resolve('prisma/package.json');
    const cli = join(dirname(pkg), 'build', 'index.js');
    return existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

const cli = findPrismaCli();
if (!cli) {
  // `npm install --omit=dev` has no Prisma CLI: a production install must ship clients generated at build time.
  console.warn('prisma-generate: the prisma CLI is not installed (devDependency); clients not generated');
  process.exit(0);
}
for (const schema of schemas) {
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', schema], {
    cwd: root,
    env: prismaEnv(),
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`prisma-generate: \`prisma generate --schema ${schema}\` failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}
