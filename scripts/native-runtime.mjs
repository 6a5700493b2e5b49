// Makes the native module (better-sqlite3) match the runtime that runs the project. Plain Node: the root
// `postinstall` runs it, before the Prisma clients are generated.
//
// Why: the project runs on Node 26 LTS, carried as the devDependency `node` (the npm registry's runtime package), so
// every npm script — `npm start`, `npm test` — finds it first on PATH even on a machine whose own Node is older
// (Node 20 reached end of life on 2026-04-30). But npm builds a dependency's native module with the Node that runs
// npm itself, so better-sqlite3 may come out built for the machine's Node. This script loads it under the project's
// runtime and, when the ABI differs, rebuilds it for that runtime: first with prebuild-install (a prebuilt binary,
// where GitHub is reachable), then with node-gyp and the runtime's own headers (shipped inside the runtime package;
// fetched from the npm registry into ~/.cache/gatehouse when npm pruned them), then with node-gyp's own download.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const log = (msg) => console.log(`native-runtime: ${msg}`);

function loads() {
  const probe = spawnSync(process.execPath, ['-e', "const D = require('better-sqlite3'); new D(':memory:').prepare('select 1').get()"], { cwd: root, encoding: 'utf8' });
  return { ok: probe.status === 0, why: (probe.stderr || '').split('\n').find((l) => /Error|was compiled/.test(l)) ?? '' };
}

let moduleDir;
try {
  moduleDir = dirname(require.resolve('better-sqlite3/package.json'));
} catch {
  log('better-sqlite3 is not installed; nothing to do');
  process.exit(0);
}

const first = loads();
if (first.ok) {
  log(`better-sqlite3 loads on Node ${process.version}`);
  process.exit(0);
}
log(`better-sqlite3 does not load on Node ${process.version} (${first.why.trim()}); rebuilding it for this runtime`);

const version = process.version.slice(1);
// npm's own settings (npm_config_*, npm_node_execpath) describe the Node that runs npm, not this runtime: leave them out.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_(config|node|package)_/i.test(k)));
const run = (cmd, args) => spawnSync(cmd, args, { cwd: moduleDir, stdio: 'inherit', env: cleanEnv }).status === 0;

/** The runtime's headers: inside the runtime package, or that package fetched from the registry into a cache. */
function headersDir() {
  const pkg = `node-${process.platform}-${process.arch}`;
  const candidates = [join(dirname(process.execPath), '..'), join(root, 'node_modules', 'node', 'node_modules', pkg)];
  for (const c of candidates) if (existsSync(join(c, 'include', 'node', 'node_api.h'))) return c;
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir() || tmpdir(), '.cache'), 'gatehouse', `${pkg}-${version}`);
  if (existsSync(join(cache, 'package', 'include', 'node', 'node_api.h'))) return join(cache, 'package');
  mkdirSync(cache, { recursive: true });
  log(`fetching the headers of Node ${version} (${pkg}@${version} from the npm registry) into ${cache}`);
  if (spawnSync('npm', ['pack', `${pkg}@${version}`, '--silent'], { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) return undefined;
  const tgz = readdirSync(cache).find((f) => f.endsWith('.tgz'));
  if (!tgz || spawnSync('tar', ['-xzf', tgz, 'package/include'], { cwd: cache, stdio: 'inherit' }).status !== 0) return undefined;
  return join(cache, 'package');
}

function nodeGyp() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // npm bundles node-gyp; `npm_config_node_gyp` names it while npm runs this script.
    return process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp) ? process.env.npm_config_node_gyp : undefined;
  }
}

let prebuild;
try {
  prebuild = require.resolve('prebuild-install/bin.js', { paths: [moduleDir] });
} catch {
  prebuild = undefined;
}
const gyp = nodeGyp();
const attempts = [
  ['prebuilt binary (prebuild-install)', () => prebuild !== undefined && run(process.execPath, [prebuild, '--runtime', 'node', '--target', version])],
  ['node-gyp with the runtime package headers', () => {
    const dir = gyp && headersDir();
    return dir !== undefined && run(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`, `--nodedir=${dir}`]);
  }],
  ['node-gyp with downloaded headers', () => gyp !== undefined && run(process.execPath, [gyp, 'rebuild', '--release', `--target=${version}`])],
];
for (const [name, attempt] of attempts) {
  log(`trying: ${name}`);
  if (attempt() && loads().ok) {
    log(`better-sqlite3 rebuilt for Node ${process.version} (${name})`);
    process.exit(0);
  }
}
console.error(
  `native-runtime: could not build better-sqlite3 for Node ${process.version}. It needs python3, make and a C++ compiler ` +
    '(Debian: apt-get install python3 make g++), or network access to a prebuilt binary. See README, "Requirements".',
);
process.exit(1);
