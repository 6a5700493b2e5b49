import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import { SERVICE_NAME_LABEL, type ServicePortView, type ServiceView } from '../input/service-input';
import type { Endpoint } from '../routing-table/routing-table';

/**
 * The ready endpoints of one Service port. EndpointSlices labelled `kubernetes.io/service-name` are the
 * source; a slice port is matched to the Service port BY NAME (both '' when unnamed), and the slice's
 * port number is the endpoint's own port, so `targetPort` is not consulted. An endpoint whose
 * `conditions.ready` is unset counts as ready ("nil should be interpreted as true").
 * An ExternalName Service without slices resolves to its externalName at the Service port.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/endpoint-slice-v1/
 */
export function resolveReadyEndpoints(ix: SnapshotIndex, service: ServiceView, servicePort: ServicePortView): { endpoints: Endpoint[]; reason: string | null } {
  const slices = ix.endpointSlices.get(keyOf(service.meta.namespace, service.meta.name)) ?? [];
  if (slices.length === 0) {
    if (service.type === 'ExternalName' && service.externalName !== undefined && service.externalName !== '') {
      return { endpoints: [{ address: service.externalName, port: servicePort.port }], reason: null };
    }
    return { endpoints: [], reason: `no EndpointSlice labelled ${SERVICE_NAME_LABEL}=${service.meta.name}` };
  }
  const seen = new Set<string>();
  const endpoints: Endpoint[] = [];
  let notReady = 0;
  let portFound = false;
  for (const slice of slices) {
    const port = slice.ports.find((p) => p.name === servicePort.name && p.protocol === servicePort.protocol);
    if (port?.port === undefined) continue;
    portFound = true;
    for (const e of slice.endpoints) {
      if (!e.ready) {
        notReady++;
        continue;
      }
      const id = `${e.address}|${port.port}`;
      if (seen.has(id)) continue;
      seen.add(id);
      endpoints.push({ address: e.address, port: port.port });
    }
  }
  if (endpoints.length > 0) return { endpoints, reason: null };
  if (!portFound) {
    const portLabel = servicePort.name === '' ? 'an unnamed port' : `a port named "${servicePort.name}"`;
    return { endpoints, reason: `no EndpointSlice of Service ${keyOf(service.meta.namespace, service.meta.name)} has ${portLabel}` };
  }
  return { endpoints, reason: `no ready endpoints (${notReady} not ready)` };
}
