import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { type ConfigMapView, readConfigMap, readReferenceGrant, readSecret, type ReferenceGrantView, type SecretView } from './config-input';
import { GATEWAY_GROUP, type GatewayClassView, type GatewayView, readGateway, readGatewayClass } from './gateway-input';
import { type HttpRouteView, readHttpRoute } from './http-route-input';
import { type ListenerSetView, readListenerSet } from './listener-set-input';
import { readTlsRoute, type TlsRouteView } from './tls-route-input';
import { compareAge, groupOfApiVersion, keyOf, readMeta } from './object-meta';
import { asString } from './read-field';
import { type EndpointSliceView, readEndpointSlice, readService, type ServiceView } from './service-input';
import { type BackendTlsPolicyView, FLOMESH_GROUP, readBackendTlsPolicy, readUpstreamTlsPolicy, type UpstreamTlsPolicyView } from './tls-policy-input';

/** Every object of a snapshot the compiler reads, typed and indexed by `ns/name`. Lists are sorted oldest first. */
export interface SnapshotIndex {
  gatewayClasses: Map<string, GatewayClassView>;
  gateways: GatewayView[];
  /** Oldest first, then `ns/name`: the order in which their listeners join a Gateway's (GEP-1713 precedence). */
  listenerSets: ListenerSetView[];
  httpRoutes: HttpRouteView[];
  tlsRoutes: TlsRouteView[];
  services: Map<string, ServiceView>;
  /** Keyed by `ns/serviceName` (the `kubernetes.io/service-name` label). */
  endpointSlices: Map<string, EndpointSliceView[]>;
  secrets: Map<string, SecretView>;
  configMaps: Map<string, ConfigMapView>;
  namespaceLabels: Map<string, Readonly<Record<string, string>>>;
  /** Keyed by the grant's namespace (grants live in the namespace of the referenced object). */
  referenceGrants: Map<string, ReferenceGrantView[]>;
  upstreamTlsPolicies: UpstreamTlsPolicyView[];
  backendTlsPolicies: BackendTlsPolicyView[];
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function indexSnapshot(snapshot: ConfigSnapshot): SnapshotIndex {
  const ix: SnapshotIndex = {
    gatewayClasses: new Map(),
    gateways: [],
    listenerSets: [],
    httpRoutes: [],
    tlsRoutes: [],
    services: new Map(),
    endpointSlices: new Map(),
    secrets: new Map(),
    configMaps: new Map(),
    namespaceLabels: new Map(),
    referenceGrants: new Map(),
    upstreamTlsPolicies: [],
    backendTlsPolicies: [],
  };
  const objects: readonly unknown[] = Array.isArray(snapshot.objects) ? snapshot.objects : [];
  for (const raw of objects) {
    if (typeof raw !== 'object' || raw === null) continue;
    const obj = raw as KubeObject;
    const meta = readMeta(obj);
    if (meta.name === '') continue;
    const group = groupOfApiVersion(obj.apiVersion);
    const kind = asString(obj.kind) ?? '';
    const key = keyOf(meta.namespace, meta.name);
    if (group === GATEWAY_GROUP) {
      if (kind === 'GatewayClass') ix.gatewayClasses.set(meta.name, readGatewayClass(obj));
      else if (kind === 'Gateway') ix.gateways.push(readGateway(obj));
      else if (kind === 'HTTPRoute') ix.httpRoutes.push(readHttpRoute(obj));
      else if (kind === 'ListenerSet') ix.listenerSets.push(readListenerSet(obj));
      else if (kind === 'TLSRoute') ix.tlsRoutes.push(readTlsRoute(obj));
      else if (kind === 'ReferenceGrant') push(ix.referenceGrants, meta.namespace, readReferenceGrant(obj));
      else if (kind === 'BackendTLSPolicy') ix.backendTlsPolicies.push(readBackendTlsPolicy(obj));
    } else if (group === '') {
      if (kind === 'Service') ix.services.set(key, readService(obj));
      else if (kind === 'Secret') ix.secrets.set(key, readSecret(obj));
      else if (kind === 'ConfigMap') ix.configMaps.set(key, readConfigMap(obj));
      // Kubernetes sets kubernetes.io/metadata.name on every Namespace; selectors commonly use it.
      else if (kind === 'Namespace') ix.namespaceLabels.set(meta.name, { ...meta.labels, 'kubernetes.io/metadata.name': meta.name });
    } else if (group === 'discovery.k8s.io' && kind === 'EndpointSlice') {
      const slice = readEndpointSlice(obj);
      if (slice.serviceName !== '') push(ix.endpointSlices, keyOf(meta.namespace, slice.serviceName), slice);
    } else if (group === FLOMESH_GROUP && kind === 'UpstreamTLSPolicy') {
      ix.upstreamTlsPolicies.push(readUpstreamTlsPolicy(obj));
    }
  }
  ix.gateways.sort((a, b) => compareAge(a.meta, b.meta));
  ix.httpRoutes.sort((a, b) => compareAge(a.meta, b.meta));
  ix.listenerSets.sort((a, b) => compareAge(a.meta, b.meta));
  ix.tlsRoutes.sort((a, b) => compareAge(a.meta, b.meta));
  ix.upstreamTlsPolicies.sort((a, b) => compareAge(a.meta, b.meta));
  ix.backendTlsPolicies.sort((a, b) => compareAge(a.meta, b.meta));
  for (const slices of ix.endpointSlices.values()) slices.sort((a, b) => compareAge(a.meta, b.meta));
  return ix;
}

/** Labels of a namespace; a namespace without an object still carries kubernetes.io/metadata.name. */
export function labelsOfNamespace(ix: SnapshotIndex, namespace: string): Readonly<Record<string, string>> {
  return ix.namespaceLabels.get(namespace) ?? { 'kubernetes.io/metadata.name': namespace };
}
