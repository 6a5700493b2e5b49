import type { EngineName } from './engine-name';
import type { EngineRuleCheck } from './rule-support';

/** What an HTTPRoute's parent conditions say about rules the engine refused. */
export interface RouteEngineVerdict {
  /** Every rule refused: the route is not accepted (Accepted=False, reason UnsupportedValue) with this message. */
  rejected: string | null;
  /** Some rules refused: PartiallyInvalid=True (reason UnsupportedValue) with this message, Accepted stays True. */
  partiallyInvalid: string | null;
}

function describeRule(r: EngineRuleCheck['refused'][number]): string {
  return `rules[${r.ruleIndex}]${r.ruleName === null ? '' : ` (${r.ruleName})`}: ${r.problems.join('; ')}`;
}

/**
 * Follows gateway-api v1.6.1 for rules an implementation cannot honour (apis/v1/httproute_types.go, HTTPRouteRule
 * filters: "implementations SHOULD consider the Route Rules with this configuration invalid. If all Route Rules in a
 * Route are invalid, the entire Route would be considered invalid. If only a portion of Route Rules are invalid,
 * implementations MUST set the "PartiallyInvalid" condition for the Route"):
 * - all rules refused: `Accepted` False, reason `UnsupportedValue` (shared_types.go RouteReasonUnsupportedValue; the
 *   reason the spec gives for values an implementation does not recognise). The route is not attached, as any
 *   route that is not accepted.
 * - some refused: `PartiallyInvalid` True, reason `UnsupportedValue` (its listed reason), message starting
 *   "Dropped Rule" (shared_types.go RouteConditionPartiallyInvalid: "The message for this condition MUST start with
 *   the prefix "Dropped Rule"", Accepted stays True). A dropped rule's matches still answer 500 rather than fall
 *   through to a less specific rule: HTTPRouteFilter.Type's "MUST NOT be skipped ... MUST receive a HTTP error
 *   response" for a filter that cannot be applied, so the message says so.
 */
export function judgeRouteForEngine(engine: EngineName, check: EngineRuleCheck): RouteEngineVerdict {
  const { refused, rules } = check;
  if (refused.length === 0) return { rejected: null, partiallyInvalid: null };
  const detail = refused.map(describeRule).join('; ');
  if (refused.length === rules.length) return { rejected: `the ${engine} engine cannot enforce any rule of this route: ${detail}`, partiallyInvalid: null };
  const which = refused.map((r) => `rules[${r.ruleIndex}]`).join(', ');
  return { rejected: null, partiallyInvalid: `Dropped Rule ${which}: their requests answer 500 because the ${engine} engine cannot enforce them: ${detail}` };
}
