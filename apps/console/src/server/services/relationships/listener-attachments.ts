import type { ListenerTable, MatchEntry, RoutingTable } from '@gatehouse/compiler/routing-table/routing-table';

function entriesOf(l: ListenerTable): MatchEntry[] {
  return [...Object.values(l.exactHosts).flat(), ...l.wildcardHosts.flatMap((w) => w.entries), ...l.anyHost];
}

/**
 * Which routes the compiler attached to which listener, read from the routing table the worker runs on:
 * `gatewayNs/gateway/listener` (a ListenerSet's listener: `ListenerSet ns/name/listener`) → `routeNs/route`. Only programmed listeners are in the table, and a listener that
 * is not programmed serves no route, so nothing is lost.
 */
export function listenerAttachments(table: RoutingTable): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const port of Object.values(table.ports)) {
    const listeners = [...Object.values(port.exactHosts), ...port.wildcardHosts, ...(port.anyHost ? [port.anyHost] : [])];
    for (const l of listeners) {
      const owner = l.listenerSet === undefined ? `${l.gateway.namespace}/${l.gateway.name}` : `ListenerSet ${l.listenerSet.namespace}/${l.listenerSet.name}`;
      const key = `${owner}/${l.listener}`;
      const routes = out.get(key) ?? new Set<string>();
      for (const e of entriesOf(l)) routes.add(`${e.route.namespace}/${e.route.name}`);
      // TLS listeners: their TLSRoutes by server name.
      const tls = l.tlsRoutes;
      if (tls !== null) for (const t of [...Object.values(tls.exactHosts), ...tls.wildcardHosts.map((w) => w.target)]) routes.add(`${t.route.namespace}/${t.route.name}`);
      out.set(key, routes);
    }
  }
  return out;
}
