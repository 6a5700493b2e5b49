/**
 * The order objects are applied in, so that each finds what it names (the order Helm and kubectl's apply use:
 * namespaces, classes, config and Secrets, Services, then what routes traffic, then policies). Deletes run in
 * the reverse order. Kinds not listed go last.
 */
const ORDER = ['Namespace', 'GatewayClass', 'Secret', 'ConfigMap', 'Service', 'EndpointSlice', 'Gateway', 'ReferenceGrant', 'HTTPRoute', 'BackendTLSPolicy', 'UpstreamTLSPolicy'];

export function applyRank(kind: string): number {
  const i = ORDER.indexOf(kind);
  return i < 0 ? ORDER.length : i;
}

/** The kinds Gatehouse renders into a cluster, in apply order. */
export const PUSHED_KINDS: readonly string[] = ORDER;

export function byApplyOrder<T extends { kind: string; namespace?: string | undefined; name: string }>(a: T, b: T): number {
  return applyRank(a.kind) - applyRank(b.kind) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);
}

/** The apiVersion Gatehouse pushes and reads each kind in. */
export const KIND_API_VERSIONS: Readonly<Record<string, string>> = {
  Namespace: 'v1',
  GatewayClass: 'gateway.networking.k8s.io/v1',
  Secret: 'v1',
  ConfigMap: 'v1',
  Service: 'v1',
  EndpointSlice: 'discovery.k8s.io/v1',
  Gateway: 'gateway.networking.k8s.io/v1',
  ReferenceGrant: 'gateway.networking.k8s.io/v1',
  HTTPRoute: 'gateway.networking.k8s.io/v1',
  BackendTLSPolicy: 'gateway.networking.k8s.io/v1',
  UpstreamTLSPolicy: 'gateway.flomesh.io/v1alpha1',
};
