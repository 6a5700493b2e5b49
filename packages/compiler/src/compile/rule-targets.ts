import type { HttpRouteView } from '../input/http-route-input';
import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { BackendTarget, FixedResponse, RuleTarget } from '../routing-table/routing-table';
import { resolveBackendRef } from './backend-refs';
import { backendTlsTargetKey, type BackendTlsEvaluation, findBackendTls } from './backend-tls-policies';
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

/**
 * Compiles each rule's backendRefs into forwarding targets: Service port → ready endpoints, and the TLS
 * settings of the policy that covers that Service port. A BackendTLSPolicy (standard) is preferred over
 * an UpstreamTLSPolicy on the same port.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule (backendRefs: 500 for invalid refs)
 */
export function compileRuleTargets(ix: SnapshotIndex, route: HttpRouteView, tls: TlsPolicies): CompiledRules {
  const routeKey = { namespace: route.meta.namespace, name: route.meta.name };
  const problems: Array<{ reason: string; message: string }> = [];
  const unsupported: string[] = [];
  const servicesUsed = new Set<string>();
  const servicePortsUsed = new Set<string>();
  const rules = route.rules.map((rule, ruleIndex): RuleTarget => {
    const backends: BackendTarget[] = rule.backendRefs.map((ref): BackendTarget => {
      const r = resolveBackendRef(ix, route, ref);
      if (!r.ok) {
        if (r.reason === 'Unsupported') unsupported.push(`rules[${ruleIndex}]: ${r.message}`);
        else if (!problems.some((p) => p.message === r.message)) problems.push({ reason: r.reason, message: r.message });
        return { kind: 'invalid', weight: ref.weight, ref: `${keyOf(ref.namespace, ref.name)}:${ref.port ?? ''}`, reason: r.message };
      }
      const svcNs = r.service.meta.namespace;
      const svcName = r.service.meta.name;
      servicesUsed.add(keyOf(svcNs, svcName));
      servicePortsUsed.add(backendTlsTargetKey(svcNs, svcName, undefined));
      if (r.servicePort.name !== '') servicePortsUsed.add(backendTlsTargetKey(svcNs, svcName, r.servicePort.name));
      const btls = findBackendTls(tls.backend, svcNs, svcName, r.servicePort.name);
      if (btls !== undefined && btls.tls === null) {
        const why = `BackendTLSPolicy ${keyOf(btls.policy.meta.namespace, btls.policy.meta.name)} cannot be applied: ${btls.brokenReason ?? 'invalid'}`;
        return { kind: 'invalid', weight: ref.weight, ref: `${keyOf(svcNs, svcName)}:${r.servicePort.port}`, reason: why };
      }
      const eps = resolveReadyEndpoints(ix, r.service, r.servicePort);
      return {
        kind: 'service',
        weight: ref.weight,
        service: { namespace: svcNs, name: svcName },
        port: r.servicePort.port,
        portName: r.servicePort.name,
        endpoints: eps.endpoints,
        noEndpointsReason: eps.reason,
        tls: btls?.tls ?? tls.upstream.byServicePort.get(`${keyOf(svcNs, svcName)}:${r.servicePort.port}`) ?? null,
        tlsProblem: btls?.tls ? null : (tls.upstream.problemsByServicePort.get(`${keyOf(svcNs, svcName)}:${r.servicePort.port}`) ?? null),
      };
    });
    const totalWeight = backends.reduce((sum, b) => sum + (b.weight > 0 ? b.weight : 0), 0);
    let fixedResponse: FixedResponse | null = null;
    if (rule.filterTypes.length > 0) {
      const types = [...new Set(rule.filterTypes)].join(', ');
      unsupported.push(`rules[${ruleIndex}]: filters (${types}) are not supported yet; the rule answers 500`);
      fixedResponse = fixed(500, 'unsupported_filter', `route filter ${types} is not supported by this worker`);
    } else if (backends.length === 0) {
      fixedResponse = fixed(500, 'no_backends', 'the matched rule has no backendRefs');
    } else if (totalWeight === 0) {
      fixedResponse = fixed(500, 'no_backends', 'every backendRef of the matched rule has weight 0');
    } else if (!backends.some((b) => b.kind === 'service' && b.weight > 0)) {
      const reasons = backends.map((b) => (b.kind === 'invalid' ? b.reason : '')).filter((x) => x !== '');
      fixedResponse = fixed(500, 'invalid_backend', `no valid backend: ${reasons.join('; ')}`);
    }
    return { route: routeKey, ruleIndex, ruleName: rule.name ?? null, fixedResponse, backends, totalWeight };
  });
  const first = problems[0];
  const resolvedRefs = first === undefined
    ? { ok: true, reason: 'ResolvedRefs', message: 'all backend references resolved' }
    : { ok: false, reason: first.reason, message: problems.map((p) => p.message).join('; ') };
  return { rules, resolvedRefs, unsupported, servicesUsed, servicePortsUsed };
}
