import { DomainError, type ErrorDetail } from '../errors/domain-error';
import { isQualifiedName } from './meta';

/**
 * One requirement of an equality-based label selector
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#equality-based-requirement):
 * `key=value` / `key==value` (equals), `key!=value` (differs or is absent, as the API server reads it), `key`
 * (present), `!key` (absent).
 */
export type LabelRequirement =
  | { key: string; op: 'equals' | 'notEquals'; value: string }
  | { key: string; op: 'exists' | 'notExists' };

// A label value: empty, or ≤ 63 of [A-Za-z0-9_.-], alphanumeric at both ends (k8s IsValidLabelValue).
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function parseOne(raw: string, index: number, path: string): LabelRequirement | ErrorDetail {
  const part = raw.trim();
  const at = `${path}[${index}]`;
  if (part === '') return { path: at, message: 'empty requirement (two commas, or a comma at an end)' };
  if (/\s(in|notin)\s*\(/.test(part) || part.includes('(')) {
    return { path: at, message: `"${part}": set-based requirements (in, notin) are not supported; use key=value, key!=value, key or !key` };
  }
  const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
  if (m) {
    const [, key = '', sym, value = ''] = m;
    if (!isQualifiedName(key)) return { path: at, message: `"${key}" is not a valid label key` };
    if (value.length > 63 || !LABEL_VALUE.test(value)) return { path: at, message: `"${value}" is not a valid label value` };
    return { key, op: sym === '!=' ? 'notEquals' : 'equals', value };
  }
  const not = part.startsWith('!');
  const key = (not ? part.slice(1) : part).trim();
  if (!isQualifiedName(key)) return { path: at, message: `"${part}" is not key=value, key!=value, key or !key` };
  return { key, op: not ? 'notExists' : 'exists' };
}

/**
 * Parses `a=b,c!=d,e,!f`. An empty or blank selector selects everything ([]). Bad input throws
 * DomainError('invalid') with one detail per bad requirement, named `<path>[i]`.
 */
export function parseLabelSelector(selector: string, path = 'labelSelector'): LabelRequirement[] {
  if (selector.trim() === '') return [];
  const parsed = selector.split(',').map((p, i) => parseOne(p, i, path));
  const errors = parsed.filter((p): p is ErrorDetail => 'message' in p);
  if (errors.length > 0) {
    throw new DomainError('invalid', `${path} is not a valid label selector: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
  return parsed as LabelRequirement[];
}

/** True when labels satisfy every requirement (all are ANDed, as in Kubernetes). */
export function matchesLabels(requirements: readonly LabelRequirement[], labels: Readonly<Record<string, string>> | undefined): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.hasOwn(l, r.key);
    switch (r.op) {
      case 'equals': return has && l[r.key] === r.value;
      case 'notEquals': return !has || l[r.key] !== r.value;
      case 'exists': return has;
      case 'notExists': return !has;
    }
  });
}
