/**
 * `npx tsx apps/worker/test/bench/summarize-profile.ts <file.cpuprofile> [top]` — where a worker's CPU went, from a
 * V8 profile (`npm run bench:proxy -- --sections c50 --cpu-prof <dir>`): self time by area (Node's HTTP server,
 * undici, TLS and socket writes, streams, Gatehouse's own code, GC, idle) and the top functions by self time.
 * `--from <s> --to <s>` read only that stretch of wall time (the load, not the start-up's module loading; the
 * per-second busy timeline printed first shows where the load was), `--area <name>` lists one area's functions.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The area a function belongs to, by where its code lives. */
export function areaOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'native (program)';
  if (/apps\/worker\/src|packages\/compiler\/src|packages\/domain\/src/.test(url)) return 'Gatehouse';
  if (url.includes('undici')) return 'undici';
  if (/node:_http_|node:http$|internal\/http/.test(url)) return 'Node HTTP server';
  if (/node:(net|tls|_tls_|internal\/tls|internal\/stream_base_commons)|internal\/net/.test(url) || /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(fn)) return 'TLS / socket writes';
  if (/internal\/streams|node:stream|node:events|internal\/event/.test(url)) return 'streams & events';
  if (url.includes('pino') || url.includes('prom-client')) return 'logging & metrics libs';
  if (url.startsWith('node:') || url === '') return 'Node core (other) / native';
  return 'other JS';
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' }, area: { type: 'string' } } });
const file = positionals[0];
if (file === undefined) throw new Error('usage: summarize-profile.ts <file.cpuprofile> [top] [--from <s>] [--to <s>] [--area <name>]');
const top = Number(positionals[1] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
const from = Number(values.from ?? 0) * 1e6;
const to = values.to === undefined ? Infinity : Number(values.to) * 1e6;
const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
const busyPerSecond: number[] = [];
let t = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  const second = Math.floor(t / 1e6);
  busyPerSecond[second] = (busyPerSecond[second] ?? 0) + (idle.has(profile.samples[i] as number) ? 0 : (profile.timeDeltas[i] ?? 0));
  if (t < from || t > to) continue;
  const id = profile.samples[i] as number;
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const areas = new Map<string, number>();
const fns = new Map<string, { us: number; area: string }>();
let total = 0;
for (const [id, us] of self) {
  const n = byId.get(id);
  if (n === undefined) continue;
  const { functionName, url, lineNumber } = n.callFrame;
  const area = areaOf(url, functionName);
  if (area === 'idle') continue;
  total += us;
  areas.set(area, (areas.get(area) ?? 0) + us);
  const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|apps|packages)\//, '$1/')}:${lineNumber + 1}`;
  const f = fns.get(key) ?? { us: 0, area };
  f.us += us;
  fns.set(key, f);
}
console.log(`busy % per second of wall time: ${Array.from(busyPerSecond, (b, i) => `${i}:${Math.round((b ?? 0) / 1e4)}`).join(' ')}`);
const pct = (us: number): string => `${((100 * us) / total).toFixed(1)} %`;
console.log(`busy CPU in profile: ${(total / 1e6).toFixed(2)} s (idle excluded)\n\n| area | self time |\n|---|---:|`);
for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1])) console.log(`| ${area} | ${pct(us)} |`);
console.log('\n| function | area | self |\n|---|---|---:|');
for (const [key, f] of [...fns].filter(([, f]) => values.area === undefined || f.area === values.area).sort((a, b) => b[1].us - a[1].us).slice(0, top)) console.log(`| ${key} | ${f.area} | ${pct(f.us)} |`);
