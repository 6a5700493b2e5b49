import { SecretSchema } from '../config/secret.schema';
import { ConfigMapSchema } from '../config/config-map.schema';
import { GatewayClassSchema } from '../gateway/gateway-class.schema';
import { GatewaySchema } from '../gateway/gateway.schema';
import { ListenerSetSchema } from '../listener-set/listener-set.schema';
import { NamespaceSchema } from '../namespace/namespace.schema';
import { HttpRouteSchema } from '../route/http-route.schema';
import { ReferenceGrantSchema } from '../route/reference-grant.schema';
import { TlsRouteSchema } from '../route/tls-route.schema';
import { EndpointSliceSchema } from '../service/endpoint-slice.schema';
import { ServiceSchema } from '../service/service.schema';
import { BackendTlsPolicySchema } from '../tls-policy/backend-tls-policy.schema';
import { UpstreamTlsPolicySchema } from '../tls-policy/upstream-tls-policy.schema';
import { apiVersionOf, type KindInfo } from './kind-info';

const GATEWAY_API = 'gateway.networking.k8s.io';

/**
 * Every kind Gatehouse stores. Plurals and scopes are Kubernetes' own (CRD `spec.names.plural`, core resource
 * names); served versions follow the Gateway API v1.6.1 standard CRDs (BackendTLSPolicy, ListenerSet, TLSRoute: v1 only) and FSM v1.3.
 * Gatehouse stores every kind in `v1` (`v1alpha1` for UpstreamTLSPolicy, its only version).
 */
export const KINDS: readonly KindInfo[] = [
  { group: GATEWAY_API, kind: 'GatewayClass', plural: 'gatewayclasses', namespaced: false, servedVersions: ['v1', 'v1beta1'], storageVersion: 'v1', schema: GatewayClassSchema },
  { group: GATEWAY_API, kind: 'Gateway', plural: 'gateways', namespaced: true, servedVersions: ['v1', 'v1beta1'], storageVersion: 'v1', schema: GatewaySchema },
  { group: GATEWAY_API, kind: 'HTTPRoute', plural: 'httproutes', namespaced: true, servedVersions: ['v1', 'v1beta1'], storageVersion: 'v1', schema: HttpRouteSchema },
  { group: GATEWAY_API, kind: 'TLSRoute', plural: 'tlsroutes', namespaced: true, servedVersions: ['v1'], storageVersion: 'v1', schema: TlsRouteSchema },
  { group: GATEWAY_API, kind: 'ReferenceGrant', plural: 'referencegrants', namespaced: true, servedVersions: ['v1', 'v1beta1'], storageVersion: 'v1', schema: ReferenceGrantSchema },
  { group: GATEWAY_API, kind: 'ListenerSet', plural: 'listenersets', namespaced: true, servedVersions: ['v1'], storageVersion: 'v1', schema: ListenerSetSchema },
  { group: GATEWAY_API, kind: 'BackendTLSPolicy', plural: 'backendtlspolicies', namespaced: true, servedVersions: ['v1'], storageVersion: 'v1', schema: BackendTlsPolicySchema },
  { group: 'gateway.flomesh.io', kind: 'UpstreamTLSPolicy', plural: 'upstreamtlspolicies', namespaced: true, servedVersions: ['v1alpha1'], storageVersion: 'v1alpha1', schema: UpstreamTlsPolicySchema },
  { group: '', kind: 'Namespace', plural: 'namespaces', namespaced: false, servedVersions: ['v1'], storageVersion: 'v1', schema: NamespaceSchema },
  { group: '', kind: 'Service', plural: 'services', namespaced: true, servedVersions: ['v1'], storageVersion: 'v1', schema: ServiceSchema },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice', plural: 'endpointslices', namespaced: true, servedVersions: ['v1'], storageVersion: 'v1', schema: EndpointSliceSchema },
  { group: '', kind: 'Secret', plural: 'secrets', namespaced: true, servedVersions: ['v1'], storageVersion: 'v1', schema: SecretSchema },
  { group: '', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, servedVersions: ['v1'], storageVersion: 'v1', schema: ConfigMapSchema },
];

/** Splits `group/version` (`v1` alone is the core group). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The kind stored under a URL plural (`httproutes`); with a group when plurals could collide. */
export function findKindByPlural(plural: string, group?: string): KindInfo | undefined {
  return KINDS.find((k) => k.plural === plural && (group === undefined || k.group === group));
}

/** The kind for an apiVersion + kind pair, only if that version is served. */
export function findKind(apiVersion: string, kind: string): KindInfo | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  const info = findKindByGroupKind(group, kind);
  return info && info.servedVersions.includes(version) ? info : undefined;
}

/** The kind for a group + kind pair, whatever the version. */
export function findKindByGroupKind(group: string, kind: string): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.kind === kind);
}

/** `apiVersion` of the version a kind is stored and served in. */
export function storageApiVersionOf(info: KindInfo): string {
  return apiVersionOf(info.group, info.storageVersion);
}
