/**
 * Safe readers for objects the API returns (KubeObject: known metadata, the rest `unknown`). The API validated
 * them on the way in; these only keep a surprise (an older stored object, a new field) from crashing a page.
 */
export type Obj = Record<string, unknown>;

export function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function asArr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function asNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** obj.a.b.c without the optional-chaining noise; undefined as soon as a step is missing. */
export function at(v: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = v;
  for (const p of path) {
    if (typeof p === 'number') cur = Array.isArray(cur) ? cur[p] : undefined;
    else cur = asObj(cur)?.[p];
    if (cur === undefined) return undefined;
  }
  return cur;
}
