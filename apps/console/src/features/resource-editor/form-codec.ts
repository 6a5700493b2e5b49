import type { FieldValues } from 'react-hook-form';
import type { z } from 'zod';

/** One step of a JSON path: a field name, a map key, or a list index. */
export type PathSegment = string | number;

/**
 * How the form of one kind maps to its Kubernetes object and back. Most kinds' forms hold the object as it is
 * (the YAML tab and the form then edit the very same data); maps (`selector`, ConfigMap `data`) become lists of
 * {key, value} rows so a person can add and remove them, and Secrets hold write-only values. Validation always
 * runs the kind's zod schema from @gatehouse/domain on the object, the same schema the API parses with.
 */
export interface FormCodec<V extends FieldValues> {
  kind: string;
  /** The API plural (`gateways`). */
  plural: string;
  namespaced: boolean;
  schema: z.ZodType;
  /** A new object with sensible defaults, in a namespace. */
  blank(namespace: string | undefined): Record<string, unknown>;
  /** Form values for an object read from the API or parsed from YAML. */
  toForm(obj: Record<string, unknown>): V;
  /** The object the form describes: what the YAML tab shows and what is sent. */
  toObject(values: V): Record<string, unknown>;
  /** The form field for a path of the object (zod issues, server error details); undefined when none holds it. */
  formPath(path: readonly PathSegment[], values: V): string | undefined;
}

export type Entry = { key: string; value: string };

/** A plain copy without undefined members and NaN numbers (what an emptied optional input leaves behind). */
export function cleanObject<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cleanObject(v) as unknown) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
      out[k] = cleanObject(v);
    }
    return out as T;
  }
  return value;
}

/** A deep copy through JSON: form values must not share objects with query data. */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function recordToEntries(record: unknown): Entry[] {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return [];
  return Object.entries(record as Record<string, unknown>).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : String(value) }));
}

/** Rows back to a map; rows with an empty key are left out (a row the person has not filled yet). */
export function entriesToRecord(entries: readonly Entry[] | undefined): Record<string, string> | undefined {
  const rows = (entries ?? []).filter((e) => e.key !== '');
  return rows.length === 0 ? undefined : Object.fromEntries(rows.map((e) => [e.key, e.value]));
}

/** `spec.listeners.0.port` — react-hook-form's field path for object path segments. */
export function joinPath(path: readonly PathSegment[]): string {
  return path.map(String).join('.');
}

/** The row of a map-as-rows field that holds `key` (its value, or its key for a problem with the key itself). */
export function entryPath(prefix: string, entries: readonly Entry[] | undefined, key: PathSegment | undefined, field: 'key' | 'value' = 'value'): string {
  const index = (entries ?? []).findIndex((e) => e.key === String(key));
  return index < 0 ? prefix : `${prefix}.${index}.${field}`;
}

/** A codec whose form holds the object as it is (the common case). */
export function identityCodec<V extends FieldValues>(spec: Omit<FormCodec<V>, 'toForm' | 'toObject' | 'formPath'>): FormCodec<V> {
  return {
    ...spec,
    toForm: (obj) => copyJson(obj) as V,
    toObject: (values) => cleanObject(copyJsonSafe(values)),
    formPath: (path) => (path.length === 0 ? undefined : joinPath(path)),
  };
}

/** Like copyJson, but keeps undefined members for cleanObject to drop and survives NaN. */
function copyJsonSafe<T>(value: T): Record<string, unknown> {
  return structuredClone(value) as Record<string, unknown>;
}
