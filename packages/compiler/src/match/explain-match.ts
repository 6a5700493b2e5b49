import type { MatchEntry, RuleTarget, UpstreamTls } from '../routing-table/routing-table';
import { comparePrecedence, PRECEDENCE_CRITERIA } from './precedence';

export function describeEntry(e: MatchEntry): string {
  const parts = [`${e.pathType} ${e.pathValue}`];
  if (e.method !== null) parts.push(`method ${e.method}`);
  if (e.headers.length > 0) parts.push(`${e.headers.length} header match(es)`);
  if (e.queryParams.length > 0) parts.push(`${e.queryParams.length} query match(es)`);
  const host = e.routeHostname === null ? '' : ` [hostname ${e.routeHostname}]`;
  return `HTTPRoute ${e.route.namespace}/${e.route.name} rule ${e.ruleIndex} match ${e.matchIndex}${host}: ${parts.join(', ')}`;
}

/** Why `winner` beats `other`, which also matches the request. */
export function describeWin(winner: MatchEntry, other: MatchEntry): string {
  const against = `HTTPRoute ${other.route.namespace}/${other.route.name} rule ${other.ruleIndex} match ${other.matchIndex}`;
  const [, criterion] = comparePrecedence(winner, other);
  const name = criterion >= 0 ? PRECEDENCE_CRITERIA[criterion] : 'tie';
  return `  wins over ${against} (also matches) by: ${name}`;
}

function describeTls(tls: UpstreamTls | null): string {
  if (tls === null) return 'plain HTTP (no upstream TLS policy)';
  const verify = tls.verifyHostname
    ? tls.subjectAltNames.length > 0
      ? `verify chain and one of the SANs ${tls.subjectAltNames.map((s) => s.value).join(', ')}`
      : `verify chain and hostname ${tls.sni ?? ''}`
    : 'verify chain only, no hostname check';
  const sni = tls.sni === null ? 'no SNI' : `SNI ${tls.sni}`;
  const mtls = tls.clientCertPem === null ? '' : ', client certificate (mTLS)';
  return `HTTPS via ${tls.policy.kind} ${tls.policy.namespace}/${tls.policy.name}: CA ${tls.caSource}, ${sni}, ${verify}${mtls}`;
}

export function describeBackends(rule: RuleTarget): string[] {
  if (rule.fixedResponse !== null) return [`→ ${rule.fixedResponse.status}: ${rule.fixedResponse.reason}`];
  return rule.backends.map((b) => {
    const share = rule.totalWeight > 0 ? ` (${Math.round((100 * Math.max(b.weight, 0)) / rule.totalWeight)}% of requests)` : '';
    if (b.kind === 'invalid') return `→ backend ${b.ref} weight ${b.weight}${share}: invalid, answers 500 (${b.reason})`;
    const eps = b.endpoints.length === 0 ? `no ready endpoints, answers 503 (${b.noEndpointsReason ?? ''})` : `${b.endpoints.length} ready endpoint(s) ${b.endpoints.map((e) => `${e.address}:${e.port}`).join(', ')}`;
    return `→ backend Service ${b.service.namespace}/${b.service.name}:${b.port} weight ${b.weight}${share}: ${eps}; ${describeTls(b.tls)}`;
  });
}
