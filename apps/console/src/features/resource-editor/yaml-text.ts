import { parse, stringify } from 'yaml';

/** YAML as kubectl prints it: block style, keys in the object's order, long strings not folded. */
export function toYaml(obj: unknown): string {
  return stringify(obj, { lineWidth: 0, aliasDuplicateObjects: false });
}

export type YamlRead = { ok: true; object: Record<string, unknown> } | { ok: false; problem: string };

/** One YAML document that is a mapping of `kind`; anything else is a problem in words (line and column from the parser). */
export function readYamlObject(text: string, kind: string): YamlRead {
  let value: unknown;
  try {
    value = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message.split('\n')[0] ?? 'not valid YAML' : 'not valid YAML' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, problem: `The YAML must be one ${kind} object (a mapping with apiVersion, kind, metadata).` };
  const obj = value as Record<string, unknown>;
  if (obj.kind !== kind) return { ok: false, problem: `kind must stay ${kind}${typeof obj.kind === 'string' ? ` (found ${obj.kind})` : ''}: this page edits a ${kind}.` };
  return { ok: true, object: obj };
}

/** What a person compares in a conflict: the object without server-owned fields and status. */
export function comparable(obj: Record<string, unknown>): Record<string, unknown> {
  const { status: _s, dataInfo: _d, ...rest } = obj;
  const meta = { ...((rest.metadata as Record<string, unknown> | undefined) ?? {}) };
  for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp']) delete meta[k];
  const annotations = { ...((meta.annotations as Record<string, string> | undefined) ?? {}) };
  delete annotations['gatehouse.dev/data-redacted'];
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  else delete meta.annotations;
  return { ...rest, metadata: meta };
}
