import { GATEWAY_GROUP } from '../input/gateway-input';
import type { BackendRefView } from '../input/http-route-input';
import type { MetaView } from '../input/object-meta';
import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { ServicePortView, ServiceView } from '../input/service-input';
import { isReferenceAllowed } from './reference-grants';

export type BackendRefResolution =
  | { ok: true; ref: BackendRefView; service: ServiceView; servicePort: ServicePortView }
  | { ok: false; ref: BackendRefView; reason: 'InvalidKind' | 'RefNotPermitted' | 'BackendNotFound' | 'Unsupported'; message: string };

/**
 * Resolves one backendRef of an HTTPRoute or a TLSRoute to a Service port (the ReferenceGrant must name the route's kind). Failures map to the route's
 * ResolvedRefs=False reasons; requests that would use the ref get a 500.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref
 */
export function resolveBackendRef(ix: SnapshotIndex, route: { meta: MetaView }, ref: BackendRefView, routeKind: 'HTTPRoute' | 'TLSRoute' = 'HTTPRoute'): BackendRefResolution {
  const label = `${ref.kind} ${keyOf(ref.namespace, ref.name)}${ref.port === undefined ? '' : `:${ref.port}`}`;
  if (ref.group !== '' || ref.kind !== 'Service') {
    return { ok: false, ref, reason: 'InvalidKind', message: `backendRef ${ref.group === '' ? 'core' : ref.group}/${ref.kind} ${ref.name} is not a supported kind (only core Service)` };
  }
  const allowed = isReferenceAllowed(
    ix,
    { group: GATEWAY_GROUP, kind: routeKind, namespace: route.meta.namespace },
    { group: '', kind: 'Service', namespace: ref.namespace, name: ref.name },
  );
  if (!allowed) {
    return { ok: false, ref, reason: 'RefNotPermitted', message: `backendRef ${label} is in another namespace and no ReferenceGrant in "${ref.namespace}" allows it` };
  }
  const service = ix.services.get(keyOf(ref.namespace, ref.name));
  if (service === undefined) return { ok: false, ref, reason: 'BackendNotFound', message: `Service ${keyOf(ref.namespace, ref.name)} not found` };
  if (ref.port === undefined) return { ok: false, ref, reason: 'BackendNotFound', message: `backendRef ${label} needs a port` };
  const servicePort = service.ports.find((p) => p.port === ref.port);
  if (servicePort === undefined) {
    return { ok: false, ref, reason: 'BackendNotFound', message: `Service ${keyOf(ref.namespace, ref.name)} has no port ${ref.port}` };
  }
  return { ok: true, ref, service, servicePort };
}
