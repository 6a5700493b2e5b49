import type { BackendTlsEvaluation } from '../compile/backend-tls-policies';
import { backendTlsTargetKey } from '../compile/backend-tls-policies';
import type { ServedGateway } from '../compile/gateway-listeners';
import type { ObjectStatus } from '../compile/object-status';
import { GATEWAY_GROUP } from '../input/gateway-input';

/** PolicyStatus.ancestors holds at most 16 entries (MaxItems=16): a longer list would make the status write fail. */
export const MAX_POLICY_ANCESTORS = 16;

/**
 * BackendTLSPolicy status is a PolicyStatus (GEP-713): one `ancestors` entry per Gateway whose accepted routes
 * send traffic to a targeted Service port (the port named by `sectionName`, or any port of a whole-Service
 * target), each carrying the policy's Accepted and ResolvedRefs conditions. The conformance suite reads the
 * conditions on the Gateway ancestor (`BackendTLSPolicyMustHaveCondition`, gateway-api v1.6.1).
 * @param portGateways `backendTlsTargetKey` of a used Service port (and `ns/svc#` for any port) → Gateway keys.
 */
export function buildBackendTlsPolicyStatuses(
  ev: BackendTlsEvaluation,
  portGateways: ReadonlyMap<string, ReadonlySet<string>>,
  servedByKey: ReadonlyMap<string, ServedGateway>,
  controllerName: string,
): ObjectStatus[] {
  return ev.verdicts.map((v) => {
    const ns = v.policy.meta.namespace;
    const gateways = new Set<string>();
    for (const t of v.policy.targetRefs) {
      for (const g of portGateways.get(backendTlsTargetKey(ns, t.name, t.sectionName)) ?? []) gateways.add(g);
    }
    // "A maximum of 16 ancestors will be represented": the first 16 Gateways by `ns/name` (the spec's "then treat the
    // policy as unimplementable for further Gateways" is not done yet: those Gateways still use the policy).
    const ancestors = [...gateways].sort().slice(0, MAX_POLICY_ANCESTORS).map((g) => {
      const gw = servedByKey.get(g);
      return {
        ancestorRef: { group: GATEWAY_GROUP, kind: 'Gateway', namespace: gw?.gateway.meta.namespace ?? '', name: gw?.gateway.meta.name ?? g },
        controllerName,
        conditions: v.conditions,
      };
    });
    return { group: GATEWAY_GROUP, kind: 'BackendTLSPolicy', namespace: ns, name: v.policy.meta.name, status: { ancestors } };
  });
}
