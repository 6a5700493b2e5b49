type Json = unknown;

function isCondition(v: Json): v is { type: string; status: string; lastTransitionTime: string } {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && typeof (v as { status?: unknown }).status === 'string' && 'lastTransitionTime' in v;
}

/**
 * Carries lastTransitionTime over from the previous status wherever a condition of the same type kept its
 * status: per metav1.Condition, the time marks when the status last changed, not when it was last computed.
 * Walks any status shape (conditions, listeners[].conditions, parents[].conditions, ancestors[].conditions).
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/types.go (Condition)
 */
export function mergeStatus<T>(prev: Json, next: T): T {
  if (Array.isArray(next)) {
    const prevArr = Array.isArray(prev) ? prev : [];
    if (next.every(isCondition)) {
      return next.map((c) => {
        const old = prevArr.find((p) => isCondition(p) && p.type === c.type);
        return old && isCondition(old) && old.status === c.status ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
      }) as T;
    }
    return next.map((item, i) => mergeStatus(prevArr[i], item)) as T;
  }
  if (typeof next === 'object' && next !== null) {
    const prevObj = typeof prev === 'object' && prev !== null ? (prev as Record<string, Json>) : {};
    return Object.fromEntries(Object.entries(next).map(([k, v]) => [k, mergeStatus(prevObj[k], v)])) as T;
  }
  return next;
}
