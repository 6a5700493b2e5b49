import { applyHeaderEditsToRecord } from '@gatehouse/compiler/filters/header-edits';
import { type FilterPlan, planFilters } from '@gatehouse/compiler/filters/plan-filters';
import { normalizeRequestHost } from '@gatehouse/compiler/hostname/hostname-match';
import type { MatchResult } from '@gatehouse/compiler/match/match-request';
import type { HeaderEdits, RouteFilters, RuleTarget, ServiceBackend } from '@gatehouse/compiler/routing-table/routing-table';

/** What the rule's filters, timeouts and retries do to one simulated request, step by step. */
export interface FilterEffect {
  /** 'redirect' and 'preflight' end at the gateway; 'forward' goes upstream. */
  kind: FilterPlan['kind'] | 'none';
  steps: string[];
  /** Set for a redirect: the status and Location the client gets. */
  redirect: { status: number; location: string } | null;
  /** Set for a forwarded request: what the upstream receives. */
  upstream: { path: string; host: string; headers: Record<string, string> } | null;
}

function edits(what: string, e: HeaderEdits): string {
  const parts = [
    ...e.set.map((h) => `set ${h.name}: ${h.value}`),
    ...e.add.map((h) => `add ${h.name}: ${h.value}`),
    ...(e.remove.length > 0 ? [`remove ${e.remove.join(', ')}`] : []),
  ];
  return `${what}: ${parts.length > 0 ? parts.join('; ') : 'no changes'}`;
}

function describeSet(scope: string, f: RouteFilters | null, steps: string[]): void {
  if (f === null) return;
  if (f.cors !== null) steps.push(`${scope} CORS: origins ${f.cors.allowOrigins.join(', ') || '(none)'}; a preflight (OPTIONS with Origin and Access-Control-Request-Method) is answered by the gateway`);
  if (f.redirect !== null) steps.push(`${scope} RequestRedirect: answers ${f.redirect.statusCode} with a Location instead of forwarding`);
  if (f.rewrite !== null) {
    const parts = [f.rewrite.hostname !== null ? `Host → ${f.rewrite.hostname}` : '', f.rewrite.path !== null ? `${f.rewrite.path.type} ${f.rewrite.path.value}` : ''].filter((x) => x !== '');
    steps.push(`${scope} URLRewrite: ${parts.join(', ')}`);
  }
  if (f.requestHeaders !== null) steps.push(`${scope} ${edits('RequestHeaderModifier', f.requestHeaders)}`);
  if (f.responseHeaders !== null) steps.push(`${scope} ${edits('ResponseHeaderModifier (on the way back)', f.responseHeaders)}`);
  for (const m of f.mirrors) {
    const share = m.numerator >= m.denominator ? 'every request' : `${((100 * m.numerator) / m.denominator).toFixed(m.denominator > 100 ? 2 : 0)}% of requests`;
    steps.push(`${scope} RequestMirror: a copy to Service ${m.backend.service.namespace}/${m.backend.service.name}:${m.backend.port} (${share}); its answer is discarded`);
  }
}

function describeLimits(rule: RuleTarget, steps: string[]): void {
  const t = rule.timeouts;
  if (t.requestMs !== null) steps.push(`timeout: the whole exchange within ${t.requestMs} ms, else 504`);
  if (t.backendRequestMs !== null) steps.push(`timeout: each backend attempt within ${t.backendRequestMs} ms, else 504 (or a retry)`);
  if (rule.retry !== null) {
    const codes = rule.retry.codes.length > 0 ? `status ${rule.retry.codes.join(', ')}, ` : '';
    steps.push(`retry: up to ${rule.retry.attempts} more attempt(s) on ${codes}connection errors and backend timeouts${rule.retry.backoffMs > 0 ? `, ${rule.retry.backoffMs} ms apart at least` : ''}; requests with a body are not retried`);
  }
}

/**
 * Runs the worker's own `planFilters` on the simulated request (with the first usable backend's filters), so the
 * simulator shows the redirect Location, the upstream path, Host and headers exactly as the worker computes them.
 */
export function describeFilterEffect(match: MatchResult, req: { method: string; host: string; path: string; port: number; headers: Record<string, string> }): FilterEffect {
  const rule = match.rule;
  if (rule === null || match.entry === null || rule.fixedResponse !== null) return { kind: 'none', steps: [], redirect: null, upstream: null };
  const backend = rule.backends.find((b): b is ServiceBackend => b.kind === 'service' && b.weight > 0 && b.endpoints.length > 0) ?? rule.backends.find((b): b is ServiceBackend => b.kind === 'service');
  const steps: string[] = [];
  describeSet('rule', rule.filters, steps);
  if (backend?.filters) describeSet(`backend ${backend.service.name}:`, backend.filters, steps);
  describeLimits(rule, steps);
  if (rule.filters === null && (backend?.filters ?? null) === null) {
    return { kind: steps.length > 0 ? 'forward' : 'none', steps, redirect: null, upstream: null };
  }
  const e = match.entry;
  const plan = planFilters([rule.filters, backend?.filters ?? null], {
    method: req.method,
    scheme: 'http',
    host: normalizeRequestHost(req.host),
    target: req.path,
    listenerPort: req.port,
    matchedPrefix: e.pathType === 'PathPrefix' ? e.pathPrefix : e.pathValue,
    origin: req.headers.origin,
    requestMethod: req.headers['access-control-request-method'],
    requestHeaders: req.headers['access-control-request-headers'],
  });
  if (plan.kind === 'redirect') {
    steps.push(`→ ${plan.status} Location: ${plan.location}`);
    return { kind: 'redirect', steps, redirect: { status: plan.status, location: plan.location }, upstream: null };
  }
  if (plan.kind === 'preflight') {
    steps.push(plan.headers === null ? '→ preflight answered 204 without CORS headers: the origin is not allowed' : `→ preflight answered 204 with ${plan.headers.filter((_, i) => i % 2 === 0).join(', ')}`);
    return { kind: 'preflight', steps, redirect: null, upstream: null };
  }
  let headers = { ...req.headers };
  for (const ed of plan.requestEdits) headers = applyHeaderEditsToRecord(headers, ed);
  const host = plan.authority ?? req.host;
  headers.host = host;
  steps.push(`→ upstream request: ${req.method} ${plan.target} Host: ${host}`);
  return { kind: 'forward', steps, redirect: null, upstream: { path: plan.target, host, headers } };
}
