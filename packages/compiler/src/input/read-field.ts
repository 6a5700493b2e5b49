/**
 * Defensive readers for snapshot objects. Snapshots are validated upstream, but the compiler must never
 * throw on odd input (a bad object yields a status condition, not a crash), so every field is read
 * through these helpers instead of being trusted by a type assertion.
 */
export type Dict = Readonly<Record<string, unknown>>;

export function asDict(value: unknown): Dict | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Dict) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A list of dictionaries; entries that are not objects are dropped. */
export function asDictArray(value: unknown): Dict[] {
  const out: Dict[] = [];
  for (const item of asArray(value)) {
    const d = asDict(item);
    if (d !== undefined) out.push(d);
  }
  return out;
}

/** A string → string map (labels, ConfigMap data, Secret data); non-string values are dropped. */
export function asStringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const d = asDict(value);
  if (d === undefined) return out;
  for (const [k, v] of Object.entries(d)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function asStringArray(value: unknown): string[] {
  const out: string[] = [];
  for (const item of asArray(value)) if (typeof item === 'string') out.push(item);
  return out;
}
