import type { BackendRefView, HttpRouteView } from '../input/http-route-input';
import { keyOf } from '../input/object-meta';
import type { FilterView } from '../input/route-filter-input';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { BackendTarget, FixedResponse, RouteRetry, RuleTarget, ServiceBackend } from '../routing-table/routing-table';
import { type BackendRefResolution, resolveBackendRef } from './backend-refs';
import { backendTlsTargetKey, type BackendTlsEvaluation, findBackendTls } from './backend-tls-policies';
import { compileFilters } from './route-filters';
import { resolveReadyEndpoints } from './service-endpoints';
import type { UpstreamTlsEvaluation } from './upstream-tls-policies';

export interface TlsPolicies {
  upstream: UpstreamTlsEvaluation;
  backend: BackendTlsEvaluation;
}

export interface CompiledRules {
  rules: RuleTarget[];
  /** The route's ResolvedRefs condition (same for every parent). */
  resolvedRefs: { ok: boolean; reason: string; message: string };
  /** Features of the route this worker does not implement (shown in the Accepted message). */
  unsupported: string[];
  /** `ns/name` of every Service a backendRef resolved to (UpstreamTLSPolicy ancestors are found through them). */
  servicesUsed: Set<string>;
  /** `ns/name#portName` and `ns/name#` of every Service port used (BackendTLSPolicy ancestors, `backendTlsTargetKey`). */
  servicePortsUsed: Set<string>;
}

function fixed(status: number, code: string, reason: string): FixedResponse {
  return { status, code, reason };
}

export type ServiceResolution = Extract<BackendRefResolution, { ok: true }>;

/**
 * A resolved Service port → forwarding target: ready endpoints and the TLS settings of the policy that covers that
 * port. A BackendTLSPolicy (standard) is preferred over an UpstreamTLSPolicy on the same port. Returns a reason
 * instead when a BackendTLSPolicy names the port but cannot be applied (requests must then fail, not go in clear).
 */
export function serviceBackend(ix: SnapshotIndex, tls: TlsPolicies, r: ServiceResolution, weight: number): ServiceBackend | { broken: string; ref: string } {
  const svcNs = r.service.meta.namespace;
  const svcName = r.service.meta.name;
  const btls = findBackendTls(tls.backend, svcNs, svcName, r.servicePort.name);
  if (btls !== undefined && btls.tls === null) {
    return {
      broken: `BackendTLSPolicy ${keyOf(btls.policy.meta.namespace, btls.policy.meta.name)} cannot be applied: ${btls.brokenReason ?? 'invalid'}`,
      ref: `${keyOf(svcNs, svcName)}:${r.servicePort.port}`,
    };
  }
  const eps = resolveReadyEndpoints(ix, r.service, r.servicePort);
  const portKey = `${keyOf(svcNs, svcName)}:${r.servicePort.port}`;
  return {
    kind: 'service',
    weight,
    service: { namespace: svcNs, name: svcName },
    port: r.servicePort.port,
    portName: r.servicePort.name,
    endpoints: eps.endpoints,
    noEndpointsReason: eps.reason,
    tls: btls?.tls ?? tls.upstream.byServicePort.get(portKey) ?? null,
    tlsProblem: btls?.tls ? null : (tls.upstream.problemsByServicePort.get(portKey) ?? null),
    filters: null,
    // GEP-1911: h2c is HTTP/2 without TLS; under a TLS policy the connection is TLS and speaks HTTP/1.1.
    protocol: r.servicePort.appProtocol === 'kubernetes.io/h2c' && (btls?.tls ?? tls.upstream.byServicePort.get(portKey)) === undefined ? 'h2c' : 'http1',
  };
}

/**
 * Compiles each rule's backendRefs and filters into forwarding targets.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule (backendRefs: 500 for invalid refs)
 */
export function compileRuleTargets(ix: SnapshotIndex, route: HttpRouteView, tls: TlsPolicies): CompiledRules {
  const routeKey = { namespace: route.meta.namespace, name: route.meta.name };
  const problems: Array<{ reason: string; message: string }> = [];
  const unsupported: string[] = [];
  const servicesUsed = new Set<string>();
  const servicePortsUsed = new Set<string>();
  /** Service ports used (BackendTLSPolicy ancestors by sectionName), whole Service and named port. */
  const notePortUsed = (r: ServiceResolution) => {
    const svcNs = r.service.meta.namespace;
    const svcName = r.service.meta.name;
    servicesUsed.add(keyOf(svcNs, svcName));
    servicePortsUsed.add(backendTlsTargetKey(svcNs, svcName, undefined));
    if (r.servicePort.name !== '') servicePortsUsed.add(backendTlsTargetKey(svcNs, svcName, r.servicePort.name));
  };
  const addProblem = (reason: string, message: string) => {
    if (!problems.some((p) => p.message === message)) problems.push({ reason, message });
  };
  /** RequestMirror backends resolve like backendRefs (same kinds, ReferenceGrants, TLS policies). */
  const resolveMirror = (v: Extract<FilterView, { type: 'RequestMirror' }>): ServiceBackend | null => {
    const asRef: BackendRefView = { ...v.ref, weight: 1, filters: [] };
    const r = resolveBackendRef(ix, route, asRef);
    if (!r.ok) {
      addProblem(r.reason, `RequestMirror ${r.message}`);
      return null;
    }
    const b = serviceBackend(ix, tls, r, 1);
    // A mirror whose BackendTLSPolicy cannot be applied is not sent (never in clear); the policy's status says why.
    if ('broken' in b) return null;
    notePortUsed(r);
    return b;
  };
  const rules = route.rules.map((rule, ruleIndex): RuleTarget => {
    const backends: BackendTarget[] = rule.backendRefs.map((ref): BackendTarget => {
      const r = resolveBackendRef(ix, route, ref);
      if (!r.ok) {
        if (r.reason === 'Unsupported') unsupported.push(`rules[${ruleIndex}]: ${r.message}`);
        else addProblem(r.reason, r.message);
        return { kind: 'invalid', weight: ref.weight, ref: `${keyOf(ref.namespace, ref.name)}:${ref.port ?? ''}`, reason: r.message };
      }
      notePortUsed(r);
      const b = serviceBackend(ix, tls, r, ref.weight);
      if ('broken' in b) return { kind: 'invalid', weight: ref.weight, ref: b.ref, reason: b.broken };
      const own = compileFilters(ref.filters, resolveMirror);
      if (own.unsupported !== null) {
        const label = `${keyOf(b.service.namespace, b.service.name)}:${b.port}`;
        unsupported.push(`rules[${ruleIndex}] backendRef ${label}: ${own.unsupported}`);
        return { kind: 'invalid', weight: ref.weight, ref: label, reason: own.unsupported };
      }
      return own.filters === null ? b : { ...b, filters: own.filters };
    });
    const totalWeight = backends.reduce((sum, b) => sum + (b.weight > 0 ? b.weight : 0), 0);
    const compiled = compileFilters(rule.filters, resolveMirror);
    let fixedResponse: FixedResponse | null = null;
    if (compiled.unsupported !== null) {
      unsupported.push(`rules[${ruleIndex}]: ${compiled.unsupported}; the rule answers 500`);
      fixedResponse = fixed(500, 'unsupported_filter', compiled.unsupported);
    } else if (compiled.filters?.redirect != null) {
      // A redirect answers at the gateway; the rule needs no backend (the CRD forbids both together).
    } else if (backends.length === 0) {
      fixedResponse = fixed(500, 'no_backends', 'the matched rule has no backendRefs');
    } else if (totalWeight === 0) {
      fixedResponse = fixed(500, 'no_backends', 'every backendRef of the matched rule has weight 0');
    } else if (!backends.some((b) => b.kind === 'service' && b.weight > 0)) {
      const reasons = backends.map((b) => (b.kind === 'invalid' ? b.reason : '')).filter((x) => x !== '');
      fixedResponse = fixed(500, 'invalid_backend', `no valid backend: ${reasons.join('; ')}`);
    }
    // "0s" means no timeout (GEP-1742).
    const ms = (v: number | undefined) => (v === undefined || v === 0 ? null : v);
    const retry: RouteRetry | null = rule.retry === undefined ? null : { attempts: rule.retry.attempts, codes: rule.retry.codes, backoffMs: rule.retry.backoffMs };
    return {
      route: routeKey,
      ruleIndex,
      ruleName: rule.name ?? null,
      fixedResponse,
      backends,
      totalWeight,
      filters: compiled.filters,
      timeouts: { requestMs: ms(rule.requestTimeoutMs), backendRequestMs: ms(rule.backendRequestTimeoutMs) },
      retry,
    };
  });
  const first = problems[0];
  const resolvedRefs = first === undefined
    ? { ok: true, reason: 'ResolvedRefs', message: 'all backend references resolved' }
    : { ok: false, reason: first.reason, message: problems.map((p) => p.message).join('; ') };
  return { rules, resolvedRefs, unsupported, servicesUsed, servicePortsUsed };
}
