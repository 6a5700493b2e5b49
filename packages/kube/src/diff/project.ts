/**
 * `live` seen through the shape of `desired`: only the map keys `desired` has, recursively; lists item by item
 * (a list of another length stays as it is, so the difference shows). Fields the server or other controllers add
 * (defaults, status, other managers' labels) disappear; a field Gatehouse set that someone changed or removed
 * does not. That makes "does the cluster still hold what was pushed?" an equality. Pure.
 */
export function projectOnto(live: unknown, desired: unknown): unknown {
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return live;
    return live.map((item, i) => projectOnto(item, desired[i]));
  }
  if (desired && typeof desired === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return live;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(desired as Record<string, unknown>)) {
      if (k in (live as Record<string, unknown>)) out[k] = projectOnto((live as Record<string, unknown>)[k], (desired as Record<string, unknown>)[k]);
    }
    return out;
  }
  return live;
}
