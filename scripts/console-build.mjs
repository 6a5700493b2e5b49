// When the console's Next.js build is stale: shared by `npm start` (start.mjs) and tests that run `next start`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Newest modification time under the folders the console build is made from (the console and every package),
 * tests and test tooling (`*.test.ts`, `testing/`) left out: the build never contains them.
 */
export function newestSourceMtime(root) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.next' || e.name === 'generated' || e.name === 'testing' || e.name.startsWith('.')) continue;
      if (e.name.endsWith('.test.ts')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  const consoleDir = join(root, 'apps/console');
  for (const d of [join(consoleDir, 'src'), ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'src'))]) {
    if (existsSync(d)) walk(d);
  }
  return newest;
}
