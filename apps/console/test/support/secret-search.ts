/**
 * The byte search of the secrets-at-rest tests (issue 11 §4): each secret value in clear, hex and base64 (every
 * alignment, both alphabets), looked for in files. Shared by the in-process scan of databases and logs
 * (secrets-at-rest.int.test.ts) and the scan of the Next.js build and cache folder after the browser tests
 * (e2e/specs/secrets-in-build.spec.ts). A build folder holds a few hundred MB, and a few hundred needles times that
 * with Buffer.includes would take minutes, so every file is read once with a rolling hash (Rabin–Karp) over the
 * needles' first bytes, and each position whose hash matches is compared byte for byte.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One secret value and what it is, for the failure message. */
export interface Secret {
  what: string;
  value: Buffer;
}

export interface Needle {
  what: string;
  bytes: Buffer;
}

/** What to look for, for one value: a window of it (long values), in clear, hex and base64 at each alignment. */
export function needlesOf(s: Secret): Needle[] {
  const v = s.value;
  const mid = Math.floor(v.length / 2);
  const window = v.length > 48 ? v.subarray(mid - 24, mid + 24) : v;
  const out = [{ what: `${s.what} (clear)`, bytes: window }];
  out.push({ what: `${s.what} (hex)`, bytes: Buffer.from(window.toString('hex')) }, { what: `${s.what} (HEX)`, bytes: Buffer.from(window.toString('hex').toUpperCase()) });
  // Inside a longer base64 text the window may start at any byte offset modulo 3: encoding it from offset 0, 1 and 2
  // gives the run of characters that appears whichever it is; the last 4 characters depend on what follows and are cut.
  for (let k = 0; k < 3; k++) {
    for (const alphabet of ['base64', 'base64url'] as const) {
      const b64 = window.subarray(k).toString(alphabet).replace(/=+$/, '').slice(0, -4);
      if (b64.length >= 12) out.push({ what: `${s.what} (${alphabet}, offset ${k})`, bytes: Buffer.from(b64) });
    }
  }
  return out;
}

/** The secret parts of a PEM private key: its longest body line (text) and the middle of its DER (bytes). */
export function pemSecrets(what: string, pem: string): Secret[] {
  const body = pem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'));
  const line = body.slice(1, -1).sort((a, b) => b.length - a.length)[0] ?? body[0]!;
  return [{ what: `${what} PEM line`, value: Buffer.from(line) }, { what: `${what} DER`, value: Buffer.from(body.join(''), 'base64') }];
}

export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

export const readFiles = (paths: string[]) => paths.filter((p) => statSync(p, { throwIfNoEntry: false })?.isFile()).map((p) => ({ name: p, bytes: readFileSync(p) }));

/** How many leading bytes the rolling hash covers: no needle is shorter (a shorter one is searched on its own). */
const PREFIX = 8;
const BASE = 257;

function hashOf(b: Uint8Array, from: number): number {
  let h = 0;
  for (let i = from; i < from + PREFIX; i++) h = (Math.imul(h, BASE) + b[i]!) | 0;
  return h;
}

/** BASE^(PREFIX-1) mod 2^32: the weight of the byte that leaves the window. */
const OUTGOING = (() => {
  let p = 1;
  for (let i = 0; i < PREFIX - 1; i++) p = Math.imul(p, BASE);
  return p;
})();

/** Which of `needles` occur in `haystack` (their indexes), reading it once. */
export function findNeedles(haystack: Buffer, needles: readonly Needle[]): Set<number> {
  const found = new Set<number>();
  const byHash = new Map<number, number[]>();
  needles.forEach((n, i) => {
    if (n.bytes.length < PREFIX) {
      if (haystack.includes(n.bytes)) found.add(i);
      return;
    }
    const h = hashOf(n.bytes, 0);
    const list = byHash.get(h);
    if (list) list.push(i);
    else byHash.set(h, [i]);
  });
  if (byHash.size === 0 || haystack.length < PREFIX) return found;
  let h = hashOf(haystack, 0);
  const last = haystack.length - PREFIX;
  for (let pos = 0; ; pos++) {
    const candidates = byHash.get(h);
    if (candidates) {
      for (const i of candidates) {
        const n = needles[i]!.bytes;
        if (!found.has(i) && pos + n.length <= haystack.length && haystack.compare(n, 0, n.length, pos, pos + n.length) === 0) found.add(i);
      }
    }
    if (pos === last) break;
    h = (Math.imul(h - Math.imul(haystack[pos]!, OUTGOING), BASE) + haystack[pos + PREFIX]!) | 0;
  }
  return found;
}

/** Every needle of every secret found in `files`, as "what in which file"; empty when nothing leaked. */
export function search(files: { name: string; bytes: Buffer }[], secrets: Secret[]): string[] {
  const needles = secrets.flatMap(needlesOf);
  const hits: string[] = [];
  for (const f of files) for (const i of findNeedles(f.bytes, needles)) hits.push(`${needles[i]!.what} in ${f.name}`);
  return hits;
}
