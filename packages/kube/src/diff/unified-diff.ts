import { createTwoFilesPatch } from 'diff';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { stringify } from 'yaml';
import { maskSecretPair, normalizeForDiff } from './normalize';

/** YAML with keys sorted, so that equal objects render equally whatever order their keys came in. */
export function stableYaml(obj: unknown): string {
  return stringify(obj, { sortMapEntries: true, lineWidth: 0 });
}

/**
 * A unified diff from `before` (undefined: the object does not exist) to `after` (undefined: it is deleted), both
 * normalised and with Secret values masked; empty when they render equally. Pure.
 */
export function objectDiff(before: KubeObject | undefined, after: KubeObject | undefined, label: string, sides: [string, string] = ['cluster', 'after push']): string {
  const [b, a] = maskSecretPair(before && normalizeForDiff(before), after && normalizeForDiff(after));
  const left = b ? stableYaml(b) : '';
  const right = a ? stableYaml(a) : '';
  if (left === right) return '';
  return createTwoFilesPatch(before ? `${label} (${sides[0]})` : '/dev/null', after ? `${label} (${sides[1]})` : '/dev/null', left, right, undefined, undefined, { context: 3 })
    .replace(/^=+\n/m, '');
}

/** True when the two objects are the same once normalised (what "unchanged" means in a plan). */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  return stableYaml(normalizeForDiff(a)) === stableYaml(normalizeForDiff(b));
}
