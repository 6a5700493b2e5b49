// `npm run licenses`: the licence of every production dependency (what `npm install --omit=dev` installs, i.e.
// what ships in the image), from npm's own dependency graph (`npm query .prod`). Prints one line per package
// and a count per licence; exits 1 when a package declares no licence or one that the policy below does not
// allow, naming it. `--json` prints the list as JSON.
//
// Policy: permissive licences (and the weak-copyleft MPL-2.0, used file by file and unmodified) are accepted;
// strong copyleft (GPL, AGPL, SSPL) and unknown licences need a decision, so they fail the check.
import { spawnSync } from 'node:child_process';

export const ALLOWED = new Set([
  'MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'BlueOak-1.0.0', 'CC0-1.0', 'CC-BY-4.0',
  'Unlicense', 'Python-2.0', 'MPL-2.0', 'Zlib', 'MIT-0',
]);

/** Packages accepted with another licence, each with the reason (the issue asks for a written reason per exception). */
export const EXCEPTIONS = new Map([
  // Next.js's optional image optimiser (sharp) loads libvips as a separate shared library, unmodified: LGPL's terms
  // for dynamic linking are met by shipping it as npm installs it. Gatehouse serves no images through it.
  ['@img/sharp-libvips-linux-x64', 'LGPL-3.0-or-later: dynamically loaded by sharp, unmodified'],
  ['@img/sharp-libvips-linux-arm64', 'LGPL-3.0-or-later: dynamically loaded by sharp, unmodified'],
  ['@img/sharp-libvips-linuxmusl-x64', 'LGPL-3.0-or-later: dynamically loaded by sharp, unmodified'],
  ['@img/sharp-libvips-darwin-arm64', 'LGPL-3.0-or-later: dynamically loaded by sharp, unmodified'],
]);

/** An SPDX expression is allowed when every alternative of an OR has an allowed choice (AND needs all). */
export function allowed(expr) {
  const clean = expr.replace(/[()]/g, ' ').trim();
  return clean.split(/\s+OR\s+/).some((alt) => alt.split(/\s+AND\s+/).every((id) => ALLOWED.has(id.trim())));
}

function licenceOf(node) {
  const l = node.license ?? node.licenses;
  if (typeof l === 'string') return l;
  if (Array.isArray(l)) return l.map((x) => (typeof x === 'string' ? x : x?.type)).filter(Boolean).join(' OR ');
  if (l && typeof l === 'object' && typeof l.type === 'string') return l.type;
  return '';
}

export function productionLicences(cwd = process.cwd()) {
  const res = spawnSync('npm', ['query', '.prod'], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`npm query .prod failed: ${res.stderr}`);
  const seen = new Map();
  for (const node of JSON.parse(res.stdout)) {
    if (node.name?.startsWith('@gatehouse/') || node.private === true) continue;
    const key = `${node.name}@${node.version}`;
    if (!seen.has(key)) seen.set(key, { name: node.name, version: node.version, license: licenceOf(node) });
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const list = productionLicences();
  if (process.argv.includes('--json')) console.log(JSON.stringify(list, null, 2));
  else {
    for (const p of list) console.log(`${`${p.name}@${p.version}`.padEnd(60)} ${p.license || '(none declared)'}`);
    const counts = new Map();
    for (const p of list) counts.set(p.license || '(none)', (counts.get(p.license || '(none)') ?? 0) + 1);
    console.log(`\n${list.length} production packages: ${[...counts].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${n} ${l}`).join(', ')}`);
  }
  const bad = list.filter((p) => (!p.license || !allowed(p.license)) && !EXCEPTIONS.has(p.name));
  for (const p of list) if (EXCEPTIONS.has(p.name)) console.log(`exception: ${p.name}@${p.version} — ${EXCEPTIONS.get(p.name)}`);
  if (bad.length > 0) {
    console.error(`\nlicences that need a decision: ${bad.map((p) => `${p.name}@${p.version} (${p.license || 'none declared'})`).join(', ')}`);
    process.exit(1);
  }
}
