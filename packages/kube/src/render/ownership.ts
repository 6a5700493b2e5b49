import { createHash } from 'node:crypto';

/**
 * How Gatehouse marks what it pushed, so that a prune deletes only its own objects: the recommended
 * `app.kubernetes.io/managed-by` label (selectable in a list) and an annotation naming this Gatehouse instance
 * (two Gatehouse installations pushing to one cluster never prune each other's objects), plus a hash of what was
 * applied (a later push skips the dry-run of an object whose live copy still holds exactly that).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'gatehouse';
export const INSTANCE_ANNOTATION = 'gatehouse.dev/instance';
export const APPLIED_HASH_ANNOTATION = 'gatehouse.dev/applied-hash';
/** The server-side apply field manager of pushes (managedFields name it). */
export const FIELD_MANAGER = 'gatehouse';

export interface Ownership {
  instance: string;
}

interface Meta {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** True when a live object carries this instance's ownership marks. */
export function isOwnedBy(meta: Meta | undefined, own: Ownership): boolean {
  return meta?.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE && meta.annotations?.[INSTANCE_ANNOTATION] === own.instance;
}

/** SHA-256 of an object's canonical JSON (keys sorted), hex, first 32 characters. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
