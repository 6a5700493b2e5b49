import { GATEWAY_GROUP } from '../input/gateway-input';
import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { TlsRouteView } from '../input/tls-route-input';
import type { EffectiveHostname } from '../hostname/hostname-match';
import { makeCondition } from '../status/condition';
import type { ListenerState, ServedGateway } from './gateway-listeners';
import type { ObjectStatus } from './object-status';
import { attachParentRef } from './route-attachment';
import type { TlsPolicies } from './rule-targets';
import { compileTlsRouteBackends, type CompiledTlsRouteBackends } from './tls-route-targets';

/** A TLSRoute attached to one TLS listener, with the hostnames it serves there. */
export interface AttachedTlsRoute {
  route: TlsRouteView;
  hostnames: EffectiveHostname[];
  compiled: CompiledTlsRouteBackends;
}

export interface TlsRouteCompilation {
  statuses: ObjectStatus[];
  attachedByListener: Map<ListenerState, AttachedTlsRoute[]>;
}

/**
 * Attaches every TLSRoute to the TLS listeners of its parents and builds its `status.parents`. Attachment is
 * HTTPRoute's: sectionName/port select listeners (NoMatchingParent), the listener must allow TLSRoute — HTTP and
 * HTTPS listeners do not — and the route's namespace (NotAllowedByListeners), and the hostnames must intersect
 * (NoMatchingListenerHostname). ResolvedRefs comes from the backendRefs.
 * @param gatewaysUsing records, per Service and Service port, the Gateways that send traffic to it (policy ancestors).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routeconditionreason
 */
export function compileTlsRoutes(
  ix: SnapshotIndex,
  served: ReadonlyMap<string, ServedGateway>,
  tls: TlsPolicies,
  opts: { controllerName: string; now: string },
  gatewaysUsing: { services: Map<string, Set<string>>; servicePorts: Map<string, Set<string>> },
): TlsRouteCompilation {
  const statuses: ObjectStatus[] = [];
  const attachedByListener = new Map<ListenerState, AttachedTlsRoute[]>();
  const note = (map: Map<string, Set<string>>, key: string, gateway: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(gateway);
    map.set(key, set);
  };
  for (const route of ix.tlsRoutes) {
    const routeKey = keyOf(route.meta.namespace, route.meta.name);
    const ctx = { generation: route.meta.generation, now: opts.now };
    const compiled = compileTlsRouteBackends(ix, route, tls);
    const parents: Array<Record<string, unknown>> = [];
    const seen = new Set<ListenerState>();
    for (const parentRef of route.parentRefs) {
      const parent = attachParentRef(ix, served, route, parentRef, 'TLSRoute');
      if (parent === null) continue;
      const accepted = parent.accepted;
      if (accepted.ok) {
        for (const a of parent.attachments) {
          a.state.attachedRoutes.add(routeKey);
          if (seen.has(a.state)) continue;
          seen.add(a.state);
          const list = attachedByListener.get(a.state) ?? [];
          list.push({ route, hostnames: a.hostnames, compiled });
          attachedByListener.set(a.state, list);
        }
        for (const svc of compiled.servicesUsed) note(gatewaysUsing.services, svc, parent.gatewayKey);
        for (const port of compiled.servicePortsUsed) note(gatewaysUsing.servicePorts, port, parent.gatewayKey);
      }
      parents.push({
        parentRef: parent.parentRef.echo,
        controllerName: opts.controllerName,
        conditions: [
          makeCondition(ctx, 'Accepted', accepted.ok, accepted.reason, accepted.message),
          makeCondition(ctx, 'ResolvedRefs', compiled.resolvedRefs.ok, compiled.resolvedRefs.reason, compiled.resolvedRefs.message),
        ],
      });
    }
    if (parents.length > 0) {
      statuses.push({ group: GATEWAY_GROUP, kind: 'TLSRoute', namespace: route.meta.namespace, name: route.meta.name, status: { parents } });
    }
  }
  return { statuses, attachedByListener };
}
