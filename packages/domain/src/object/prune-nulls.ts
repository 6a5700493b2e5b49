/**
 * Returns a copy of a JSON-like value without the object fields whose value is null.
 *
 * The API server does the same before defaulting: for fields that are not `nullable`, a null is pruned and then
 * the default applies (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#defaulting-and-nullable),
 * and built-in kinds decode null as "unset". YAML makes such nulls common (`allowedRoutes:` with nothing under it,
 * `creationTimestamp: null` from `kubectl create --dry-run -o yaml`). Nulls inside arrays are kept, so that
 * the schema reports them.
 */
export function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneNulls);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === null) continue;
      out[k] = pruneNulls(v);
    }
    return out;
  }
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
