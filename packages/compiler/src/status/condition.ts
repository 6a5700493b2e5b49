import type { Condition } from '@gatehouse/domain/object/meta';

/** What every condition of one object shares: its generation and the compile time. */
export interface ConditionContext {
  generation: number | undefined;
  now: string;
}

/**
 * Builds a metav1.Condition. observedGeneration is the object's metadata.generation so clients can tell
 * stale status from current; lastTransitionTime is the compile time (the status writer keeps the old
 * time when nothing changed).
 */
export function makeCondition(
  ctx: ConditionContext,
  type: string,
  ok: boolean,
  reason: string,
  message: string,
): Condition {
  const status = ok ? 'True' : 'False';
  if (ctx.generation === undefined) return { type, status, lastTransitionTime: ctx.now, reason, message };
  return { type, status, observedGeneration: ctx.generation, lastTransitionTime: ctx.now, reason, message };
}
