import { asArr, asObj, asStr, at } from './read-object';

/**
 * Status conditions in words. The meaning of a condition is the Gateway API's, computed by the server (the same
 * compile step the worker runs); this file only names them for people. Gateway API conditions are
 * positive-polarity ("True" is good) except `Conflicted`, which is reported True when something is wrong.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.ListenerConditionType
 * @see https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#typical-status-properties
 */
export type Tone = 'ok' | 'bad' | 'pending' | 'neutral';

export interface ConditionView {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  /** "Accepted", "Not programmed", "References not resolved", … */
  label: string;
  tone: Tone;
}

const NEGATIVE_POLARITY = new Set(['Conflicted']);

/** [when True, when False] for the condition types Gatehouse reports. */
const WORDS: Record<string, [string, string]> = {
  Accepted: ['Accepted', 'Not accepted'],
  Programmed: ['Programmed', 'Not programmed'],
  ResolvedRefs: ['References resolved', 'References not resolved'],
  Conflicted: ['Conflicted', 'No conflicts'],
  PartiallyInvalid: ['Partially invalid', 'Fully valid'],
  Ready: ['Ready', 'Not ready'],
};

/** `BackendNotReady` → `Backend not ready`. */
function wordsOf(type: string): string {
  const spaced = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function describeCondition(raw: unknown): ConditionView | undefined {
  const c = asObj(raw);
  const type = asStr(c?.type);
  if (!c || !type) return undefined;
  const status = c.status === 'True' || c.status === 'False' ? c.status : 'Unknown';
  const words = WORDS[type] ?? [wordsOf(type), `${wordsOf(type)}: no`];
  const good = NEGATIVE_POLARITY.has(type) ? status === 'False' : status === 'True';
  return {
    type,
    status,
    reason: asStr(c.reason) ?? '',
    message: asStr(c.message) ?? '',
    label: status === 'Unknown' ? `${words[0]}: unknown` : status === 'True' ? words[0] : words[1],
    tone: status === 'Unknown' ? 'pending' : good ? 'ok' : 'bad',
  };
}

export function describeConditions(raw: unknown): ConditionView[] {
  return asArr(raw).map(describeCondition).filter((c): c is ConditionView => c !== undefined);
}

/** The one-line health of a set of conditions: the worst first, since that is what needs attention. */
export function summarizeConditions(conditions: ConditionView[]): { tone: Tone; text: string } {
  if (conditions.length === 0) return { tone: 'neutral', text: 'No status yet' };
  const bad = conditions.filter((c) => c.tone === 'bad');
  if (bad.length > 0) return { tone: 'bad', text: bad.map((c) => c.label).join(', ') };
  const pending = conditions.filter((c) => c.tone === 'pending');
  if (pending.length > 0) return { tone: 'pending', text: pending.map((c) => c.label).join(', ') };
  // "No conflicts" and similar negative-polarity all-clear notes add nothing to a healthy summary.
  return { tone: 'ok', text: conditions.filter((c) => !NEGATIVE_POLARITY.has(c.type)).map((c) => c.label).join(', ') || 'Healthy' };
}

/** Whether an object's own top-level condition of `type` is True (Gateway Programmed, policy Accepted, …). */
export function isConditionTrue(status: unknown, type: string): boolean {
  return describeConditions(at(status, 'conditions')).some((c) => c.type === type && c.status === 'True');
}
