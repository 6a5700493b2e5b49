import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import { renderForCluster } from '../../src/render/render-for-cluster';

/**
 * Golden tests of what a push sends: every `<case>.in.yaml` (objects as Gatehouse stores them, plus one
 * `kind: GoldenPush` document naming the namespaces and adopted objects) renders to `<case>.out.yaml` (the
 * manifests in apply order, with problems and ownership). Regenerate with UPDATE_GOLDEN=1 and review the diff.
 */
const DIR = import.meta.dirname;
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const cases = readdirSync(DIR).filter((f) => f.endsWith('.in.yaml')).map((f) => f.slice(0, -'.in.yaml'.length)).sort();

function runCase(input: string): string {
  const docs = parseAllDocuments(input).map((d) => d.toJSON() as Record<string, unknown> | null).filter((d) => d !== null);
  const push = (docs.find((d) => d.kind === 'GoldenPush') ?? {}) as { namespaces?: string[]; adopted?: string[] };
  const objects = docs.filter((d) => d.kind !== 'GoldenPush').map((o) => parseObject(o)) as KubeObject[];
  const out = renderForCluster({ objects, namespaces: push.namespaces ?? ['default'], ownership: { instance: 'golden-instance' }, adopted: new Set(push.adopted ?? []) });
  return out.map((r) => stringify({ key: r.key, owned: r.owned, problems: r.problems, manifest: r.manifest }, { sortMapEntries: true, lineWidth: 0 })).join('---\n');
}

describe('push render golden files', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(2));
  for (const c of cases) {
    it(c, () => {
      const got = runCase(readFileSync(join(DIR, `${c}.in.yaml`), 'utf8'));
      const file = join(DIR, `${c}.out.yaml`);
      if (UPDATE || !existsSync(file)) writeFileSync(file, got);
      expect(got).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('is pure: the same input renders the same output, whatever the order of the objects', () => {
    const input = readFileSync(join(DIR, `${cases[0]}.in.yaml`), 'utf8');
    const docs = input.split(/^---$/m);
    expect(runCase([...docs].reverse().join('---\n'))).toBe(runCase(input));
  });
});
