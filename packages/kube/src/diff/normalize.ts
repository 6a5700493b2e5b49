import { APPLIED_HASH_ANNOTATION } from '../render/ownership';
import type { KubeObject } from '@gatehouse/domain/object/meta';

/**
 * An object as a diff should compare it: what the server maintains by itself (uid, resourceVersion, generation,
 * timestamps, managedFields, status) removed, like `kubectl diff` does. Pure.
 */
export function normalizeForDiff(obj: KubeObject): KubeObject {
  const { status: _status, ...rest } = obj as KubeObject & { status?: unknown };
  const { uid: _u, resourceVersion: _rv, generation: _g, creationTimestamp: _c, managedFields: _m, selfLink: _s, ...meta } =
    obj.metadata as KubeObject['metadata'] & { managedFields?: unknown; selfLink?: unknown };
  // The applied-hash annotation changes with every change: noise in a diff that already shows the change.
  const annotations = meta.annotations as Record<string, string> | undefined;
  if (annotations && APPLIED_HASH_ANNOTATION in annotations) {
    const { [APPLIED_HASH_ANNOTATION]: _h, ...restAnn } = annotations;
    if (Object.keys(restAnn).length > 0) meta.annotations = restAnn;
    else delete meta.annotations;
  }
  return { ...rest, metadata: meta as KubeObject['metadata'] };
}

const MASK = '*** (hidden)';
const MASK_CHANGED = '*** (hidden, changed)';

/**
 * Secret values never appear in a plan or drift diff: each value becomes a marker that says only whether it
 * differs between the two sides (the way `kubectl diff` masks Secrets). Other kinds pass through.
 */
export function maskSecretPair(before: KubeObject | undefined, after: KubeObject | undefined): [KubeObject | undefined, KubeObject | undefined] {
  const kind = before?.kind ?? after?.kind;
  if (kind !== 'Secret') return [before, after];
  const valuesOf = (o: KubeObject | undefined) => ({ ...((o?.data as Record<string, string> | undefined) ?? {}) });
  const b = valuesOf(before);
  const a = valuesOf(after);
  const mask = (o: KubeObject | undefined, own: Record<string, string>, other: Record<string, string> | undefined): KubeObject | undefined => {
    if (!o) return o;
    const data = Object.fromEntries(Object.keys(own).map((k) => [k, other && k in other && other[k] !== own[k] ? MASK_CHANGED : MASK]));
    const { stringData: _sd, ...rest } = o as KubeObject & { stringData?: unknown };
    return { ...rest, ...(o.data !== undefined ? { data } : {}) };
  };
  return [mask(before, b, undefined), mask(after, a, b)];
}
