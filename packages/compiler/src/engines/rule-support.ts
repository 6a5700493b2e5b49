import type { FixedResponse, HeaderMatch, PathMatchType, QueryParamMatch, RouteFilters, RuleTarget, ServiceBackend } from '../routing-table/routing-table';
import type { EngineName } from './engine-name';
import { constructSupport, describeUnsupported, ENGINE_SUPPORT, type TableConstruct } from './engine-support';

/** What a match contributes (a compiled MatchSpec or a table MatchEntry: both have these fields). */
export interface MatchShape {
  readonly pathType: PathMatchType;
  readonly method: string | null;
  readonly headers: readonly HeaderMatch[];
  readonly queryParams: readonly QueryParamMatch[];
}

function addFilterConstructs(out: Set<TableConstruct>, f: RouteFilters | null): void {
  if (f === null) return;
  if (f.requestHeaders !== null) out.add('requestHeaderModifier');
  if (f.responseHeaders !== null) out.add('responseHeaderModifier');
  if (f.redirect !== null) out.add('requestRedirect');
  if (f.rewrite !== null) out.add('urlRewrite');
  if (f.mirrors.length > 0) out.add('requestMirror');
  if (f.cors !== null) out.add('cors');
  for (const m of f.mirrors) addBackendConstructs(out, m.backend);
}

function addBackendConstructs(out: Set<TableConstruct>, b: ServiceBackend): void {
  addFilterConstructs(out, b.filters);
  if (b.protocol === 'h2c') out.add('backendH2c');
  if (b.tls === null) return;
  out.add(b.tls.policy.kind === 'BackendTLSPolicy' ? 'backendTlsPolicy' : 'upstreamTlsPolicy');
  if (b.tls.subjectAltNames.length > 0) out.add('backendTlsSubjectAltNames');
}

/**
 * Every table construct one rule uses: its matches, then — unless the rule already answers a fixed response, which
 * every engine renders the same way — its filters and its backendRefs' (mirrors included), backend protocol and
 * TLS, timeouts and retry. Pure; the set is what an engine must implement to enforce the rule.
 */
export function ruleConstructs(rule: RuleTarget, matches: readonly MatchShape[]): Set<TableConstruct> {
  const out = new Set<TableConstruct>();
  for (const m of matches) {
    out.add(m.pathType === 'Exact' ? 'pathExact' : m.pathType === 'PathPrefix' ? 'pathPrefix' : 'pathRegularExpression');
    if (m.method !== null) out.add('methodMatch');
    for (const h of m.headers) out.add(h.type === 'Exact' ? 'headerMatchExact' : 'headerMatchRegularExpression');
    for (const q of m.queryParams) out.add(q.type === 'Exact' ? 'queryParamMatchExact' : 'queryParamMatchRegularExpression');
  }
  if (rule.fixedResponse !== null) return out;
  addFilterConstructs(out, rule.filters);
  if (rule.backends.length > 1) out.add('weightedBackends');
  for (const b of rule.backends) if (b.kind === 'service') addBackendConstructs(out, b);
  if (rule.timeouts.requestMs !== null) out.add('requestTimeout');
  if (rule.timeouts.backendRequestMs !== null) out.add('backendRequestTimeout');
  if (rule.retry !== null) {
    out.add('retry');
    if (rule.retry.backoffMs > 0) out.add('retryBackoff');
    // The Node engine retries an attempt that hit timeouts.backendRequest (HTTPRouteRetryBackendTimeout).
    if (rule.timeouts.backendRequestMs !== null) out.add('retryOnBackendTimeout');
  }
  return out;
}

/**
 * Why `engine` cannot enforce the rule as compiled: one message per unsupported construct (table order), then retry
 * codes outside the engine's set. Empty = the engine does exactly what the Node engine would.
 */
export function unsupportedInRule(engine: EngineName, rule: RuleTarget, matches: readonly MatchShape[]): string[] {
  const used = ruleConstructs(rule, matches);
  const out = [...used].filter((c) => constructSupport(engine, c) !== true).sort().map((c) => describeUnsupported(engine, c));
  const codes = ENGINE_SUPPORT[engine].retryStatusCodes;
  if (rule.fixedResponse === null && rule.retry !== null && codes !== 'any') {
    const outside = rule.retry.codes.filter((c) => !codes.includes(c));
    if (outside.length > 0) out.push(`retry.codes ${outside.join(', ')} (HTTPRouteRetry) are not supported by the ${engine} engine: it retries only on ${codes.join(', ')}`);
  }
  return out;
}

export const UNSUPPORTED_BY_ENGINE = 'unsupported_by_engine';

/**
 * The rule an engine enforces instead of one it cannot: every request it matches answers 500 naming what is
 * missing. Its backends, filters, timeouts and retry are emptied, so a table compiled for an engine holds nothing
 * that engine cannot render — the data plane never does a silently different thing. This follows the spec's rule
 * for filters that cannot be applied: "the filter MUST NOT be skipped. Instead, requests that would have been
 * processed by that filter MUST receive a HTTP error response" (gateway-api v1.6.1 httproute_types.go,
 * HTTPRouteFilter.Type).
 */
export function refuseRule(rule: RuleTarget, engine: EngineName, problems: readonly string[]): RuleTarget {
  const fixedResponse: FixedResponse = { status: 500, code: UNSUPPORTED_BY_ENGINE, reason: `the ${engine} engine cannot enforce this rule: ${problems.join('; ')}` };
  return { ...rule, fixedResponse, backends: [], totalWeight: 0, filters: null, timeouts: { requestMs: null, backendRequestMs: null }, retry: null };
}

export interface EngineRuleCheck {
  rules: RuleTarget[];
  /** Rules refused, with why (for the route's conditions). */
  refused: Array<{ ruleIndex: number; ruleName: string | null; problems: string[] }>;
}

/** Checks each compiled rule of one route against the engine; `matches` are the route's (each with its ruleIndex). */
export function checkRulesForEngine(engine: EngineName, rules: readonly RuleTarget[], matches: ReadonlyArray<MatchShape & { readonly ruleIndex: number }>): EngineRuleCheck {
  const refused: EngineRuleCheck['refused'] = [];
  const out = rules.map((rule, i) => {
    const problems = unsupportedInRule(engine, rule, matches.filter((m) => m.ruleIndex === i));
    if (problems.length === 0) return rule;
    refused.push({ ruleIndex: i, ruleName: rule.ruleName, problems });
    return refuseRule(rule, engine, problems);
  });
  return { rules: out, refused };
}
