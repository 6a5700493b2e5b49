import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { TlsRouteView } from '../input/tls-route-input';
import type { BackendTarget } from '../routing-table/routing-table';
import { resolveBackendRef } from './backend-refs';
import { backendTlsTargetKey } from './backend-tls-policies';
import { serviceBackend, type TlsPolicies } from './rule-targets';

export interface CompiledTlsRouteBackends {
  backends: BackendTarget[];
  totalWeight: number;
  /** The route's ResolvedRefs condition (the same for every parent). */
  resolvedRefs: { ok: boolean; reason: string; message: string };
  /** `ns/name` of every Service used (UpstreamTLSPolicy ancestors). */
  servicesUsed: Set<string>;
  /** `backendTlsTargetKey`s of every Service port used (BackendTLSPolicy ancestors). */
  servicePortsUsed: Set<string>;
}

/**
 * The backends of a TLSRoute's one rule, resolved like HTTPRoute backendRefs (core Services with a port, a
 * ReferenceGrant from TLSRoute for another namespace, ready endpoints from EndpointSlices). An unresolved ref
 * stays in the list with its weight: "Request rejections must respect weight" — for TLS the rejection is a
 * closed connection. ResolvedRefs reasons: InvalidKind, RefNotPermitted, BackendNotFound (the first one named).
 * The backend's TLS settings (BackendTLSPolicy) matter only on Terminate listeners; passthrough forwards the
 * client's own TLS.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsrouterule
 */
export function compileTlsRouteBackends(ix: SnapshotIndex, route: TlsRouteView, tls: TlsPolicies): CompiledTlsRouteBackends {
  const problems: Array<{ reason: string; message: string }> = [];
  const servicesUsed = new Set<string>();
  const servicePortsUsed = new Set<string>();
  const backends = route.backendRefs.map((ref): BackendTarget => {
    const label = `${keyOf(ref.namespace, ref.name)}:${ref.port ?? ''}`;
    const r = resolveBackendRef(ix, route, ref, 'TLSRoute');
    if (!r.ok) {
      if (!problems.some((p) => p.message === r.message)) problems.push({ reason: r.reason === 'Unsupported' ? 'InvalidKind' : r.reason, message: r.message });
      return { kind: 'invalid', weight: ref.weight, ref: label, reason: r.message };
    }
    const svcNs = r.service.meta.namespace;
    const svcName = r.service.meta.name;
    servicesUsed.add(keyOf(svcNs, svcName));
    servicePortsUsed.add(backendTlsTargetKey(svcNs, svcName, undefined));
    if (r.servicePort.name !== '') servicePortsUsed.add(backendTlsTargetKey(svcNs, svcName, r.servicePort.name));
    const b = serviceBackend(ix, tls, r, ref.weight);
    return 'broken' in b ? { kind: 'invalid', weight: ref.weight, ref: b.ref, reason: b.broken } : { ...b, protocol: 'http1' };
  });
  const first = problems[0];
  return {
    backends,
    totalWeight: backends.reduce((sum, b) => sum + (b.weight > 0 ? b.weight : 0), 0),
    resolvedRefs: first === undefined
      ? { ok: true, reason: 'ResolvedRefs', message: 'all backend references resolved' }
      : { ok: false, reason: first.reason, message: problems.map((p) => p.message).join('; ') },
    servicesUsed,
    servicePortsUsed,
  };
}
