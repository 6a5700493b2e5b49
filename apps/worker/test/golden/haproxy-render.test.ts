import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileSnapshot } from '@gatehouse/compiler/compile/compile-snapshot';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import type { PemChecks } from '../../src/engines/haproxy/render/certificates';
import { renderHaproxyConfig, smoothWeightedOrder } from '../../src/engines/haproxy/render/render-config';
import { DEFAULT_SERVER_LIMITS } from '../../src/proxy/server-limits';

/**
 * Golden tests of the HAProxy renderer (engines/haproxy/render, pure): a routing table compiled from Kubernetes objects
 * → haproxy.cfg and the files it names. Inputs are this directory's `haproxy/<case>.in.yaml` and some of the compiler's
 * own golden inputs (packages/compiler/test/golden); outputs `haproxy/<case>.out.txt`. Regenerate with UPDATE_GOLDEN=1
 * and review the diff like code. A table the renderer refuses has its error as the output.
 *
 * The tables are compiled for the default engine, so that these files show what the renderer itself does (with
 * `engine: 'haproxy'` the compiler answers rules HAProxy cannot do with a 500 before they reach it). No private key is
 * committed: inputs name GOLDEN_TEST_KEY where a Secret's tls.key goes, a key generated at test time is put there,
 * and the output names the files holding it by a hash of their content with the key left out (`…~`), without content.
 */
const HERE = import.meta.dirname;
const OWN = join(HERE, 'haproxy');
const COMPILER = join(HERE, '../../../../packages/compiler/test/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const DIR = '/run/gatehouse-haproxy';
const COMPILER_CASES = ['seed-upstream-tls-with-policy', 'seed-upstream-tls-without-policy', 'hostname-path-precedence', 'https-listeners', 'listener-isolation', 'cross-namespace-reference-grant', 'tls-routes'];

const TEST_KEY_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** The goldens' certificates are placeholders and their keys random: every PEM is taken as loadable here. */
const ACCEPT_ALL: PemChecks = { keyPair: () => null, caBundle: () => null };

function objectsOf(input: string): KubeObject[] {
  const text = input.replaceAll('GOLDEN_TEST_KEY', Buffer.from(TEST_KEY_PEM).toString('base64'));
  return parseAllDocuments(text)
    .map((d) => d.toJSON() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null && d.kind !== 'GoldenProbes')
    .map((o) => parseObject(o));
}

function renderCase(input: string): string {
  const { table } = compileSnapshot({ revision: 7, objects: objectsOf(input) }, { controllerName: 'gatehouse.dev/gateway-controller', now: '2026-01-01T00:00:00Z' });
  let out: ReturnType<typeof renderHaproxyConfig>;
  try {
    out = renderHaproxyConfig(table, { dir: DIR, bindAddress: '0.0.0.0', revision: 7, threads: 2, limits: { ...DEFAULT_SERVER_LIMITS }, trustedProxies: [], pemChecks: ACCEPT_ALL });
  } catch (err) {
    return `refused: ${err instanceof Error ? err.message : String(err)}\n`;
  }
  // Files holding the test key are named by its hash, which changes every run, and so are the files naming them (the
  // crt-list): they are shown by a stable name, and the key material never.
  // Such a file is shown as `<kind>-<hash of its content with the key (and such names) replaced>.<ext>~`.
  const unstable = new Map<string, string>();
  const substitute = (t: string): string => [...unstable].reduce((acc, [from, to]) => acc.replaceAll(from, to), t.replaceAll(TEST_KEY_PEM, '<test key>'));
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of out.files) {
      if (unstable.has(f.name)) continue;
      if (f.content.includes(TEST_KEY_PEM) || [...unstable.keys()].some((n) => f.content.includes(n))) {
        const [kind] = f.name.split('-');
        const ext = f.name.slice(f.name.lastIndexOf('.'));
        unstable.set(f.name, `${kind}-${createHash('sha256').update(substitute(f.content)).digest('hex').slice(0, 20)}${ext}~`);
        changed = true;
      }
    }
  }
  const stable = (t: string): string => [...unstable].reduce((acc, [from, to]) => acc.replaceAll(from, to), t);
  const files = [...out.files].sort((a, b) => stable(a.name).localeCompare(stable(b.name)));
  const text = stable(out.config);
  const listing: string[] = [];
  for (const f of files) listing.push(`--- ${stable(f.name)}${f.secret ? ' (secret, 0600)' : ''}`, f.secret ? '<holds a private key: not shown>' : stable(f.content.trimEnd()));
  return `${text}\n=== files\n${listing.join('\n')}\n=== ports ${JSON.stringify(out.ports)}\n`;
}

const cases = [
  ...readdirSync(OWN).filter((f) => f.endsWith('.in.yaml')).map((f) => ({ name: f.slice(0, -'.in.yaml'.length), input: join(OWN, f) })),
  ...COMPILER_CASES.map((name) => ({ name: `compiler-${name}`, input: join(COMPILER, `${name}.in.yaml`) })),
].sort((a, b) => a.name.localeCompare(b.name));

describe('HAProxy renderer golden files', () => {
  for (const c of cases) {
    it(c.name, () => {
      const input = readFileSync(c.input, 'utf8');
      const actual = renderCase(input);
      // Pure: the same table renders to the same text.
      expect(renderCase(input)).toBe(actual);
      const outPath = join(OWN, `${c.name}.out.txt`);
      if (UPDATE || !existsSync(outPath)) writeFileSync(outPath, actual);
      expect(actual).toBe(readFileSync(outPath, 'utf8'));
    });
  }
});

describe('smoothWeightedOrder', () => {
  it('is the Node engine picker order (nginx smooth weighted round robin)', () => {
    expect(smoothWeightedOrder([3, 1])).toEqual([0, 0, 1, 0]);
    expect(smoothWeightedOrder([5, 1, 1])).toEqual([0, 0, 1, 0, 2, 0, 0]);
    expect(smoothWeightedOrder([1, 0, 1])).toEqual([0, 2]);
  });
});
